"""What crosses the analyse → match → flag boundaries.

Defined in ``storage.types`` (storage writes them and imports no application code); these are
the same classes under the names the evidence code uses.
"""

from __future__ import annotations

from storage.types import ABOUTS as ABOUTS
from storage.types import POST_TYPES as POST_TYPES
from storage.types import STRENGTHS as STRENGTHS
from storage.types import About as About
from storage.types import Citation as Citation
from storage.types import CitationKind as CitationKind
from storage.types import CitationRole as CitationRole
from storage.types import Claim as Claim
from storage.types import Flag as Flag
from storage.types import FlagKind as FlagKind
from storage.types import Match as Match
from storage.types import MatchMethod as MatchMethod
from storage.types import MatchStatus as MatchStatus
from storage.types import PaperRef as PaperRef
from storage.types import PostAnalysis as PostAnalysis
from storage.types import PostType as PostType
from storage.types import SentenceAttributes as SentenceAttributes
from storage.types import Strength as Strength
