"""The autouse guard in conftest.py keeps every test off the internet."""

from __future__ import annotations

import socket

import pytest


def test_the_internet_is_out_of_reach() -> None:
    """The guard itself: a real host name and a public address are both refused."""
    with pytest.raises(OSError, match="reach the internet"):
        socket.getaddrinfo("pubmed.ncbi.nlm.nih.gov", 443)
    with socket.socket() as sock, pytest.raises(OSError, match="reach the internet"):
        sock.connect(("93.184.216.34", 80))
