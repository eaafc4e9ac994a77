"""The digest and deliver stages: a week of analysed posts → a Digest → page, e-mail, feed.

The public API (everything else in the package is an implementation detail)::

    # what goes in (pure: no I/O, no clock)
    from bot.digest.types import AnalysedPost, ReviewedFlag       # one post with its analysis
    from bot.digest.week import week_window, window_starting      # which week, in local time
    from bot.digest.build import build_digest
    digest = build_digest(posts, cards_by_id, settings, now)      # -> bot.digest.types.Digest
    #   one PaperEntry per card discussed (claims beneath), no_card claims, uncovered papers,
    #   counts and a two-line summary; warnings only from the posts' flag rows.

    # rendering (autoescaped HTML; plain text wrapped at 72 columns; feeds via feedgen)
    from bot.digest.render import render_html, render_email_html, render_text
    from bot.digest.feed import render_atom, render_rss
    from bot.digest.archive import write_archive     # index, weeks/, feeds, digest.html (0644)

    # emails, links and tokens
    from bot.digest.email import build_message, build_confirmation, confirm_url, unsubscribe_url
    from bot.digest.tokens import make_token, read_token   # signed; confirm links expire in 7 days

    # delivery (SMTP; each subscriber at most once per digest, even across crashes)
    from bot.digest.deliver import deliver
    report = deliver(engine, digest_id, settings, secret=key)   # -> DeliveryReport(sent,
    #   already_sent, failed, retrying, uncertain); DeliveryError for configuration problems.

Subscriptions (double opt-in, confirm, unsubscribe) are in ``bot/pipeline/subscriptions.py``;
publishing a week (lock, archive, delivery) in ``bot/pipeline/publish.py``.
"""
