"""The one place the bot reads the clock, so weekly windows are testable.

The clock itself lives in ``storage.clock`` (storage stamps rows and imports no application
code); these are the same functions, so ``set_clock`` here moves storage's clock too.
"""

from __future__ import annotations

from storage.clock import now as now
from storage.clock import set_clock as set_clock
