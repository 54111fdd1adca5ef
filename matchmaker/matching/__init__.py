"""Pure matching engine: pairs packaging challenges with photonics capabilities across es/en/fr/de.

No Flask or SQLAlchemy here; plain dataclasses in and out.
"""

from matchmaker.matching.documents import Document, Match
from matchmaker.matching.engine import MatchIndex, Settings

__all__ = ["Document", "Match", "MatchIndex", "Settings"]
