"""The web app: the public archive and subscriptions, and the staff queues (``digestbot serve``)."""
