"""digestbot: an evidence-linked weekly digest of ME/CFS research talk."""

__version__ = "0.1.0"
