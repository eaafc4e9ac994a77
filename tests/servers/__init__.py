"""Local HTTP servers the source tests run against (see replay.py)."""
