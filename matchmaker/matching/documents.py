"""The plain records the matching engine reads and returns: no Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("es", "en", "fr", "de")


@dataclass(frozen=True)
class Document:
    """A challenge or a capability as the engine sees it: an id and its texts."""

    id: str
    title: str
    description: str
    keywords: tuple[str, ...] = ()
    language: str | None = None

    def __post_init__(self) -> None:
        if self.language is not None and self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES} or None, not {self.language!r}")


@dataclass(frozen=True)
class Match:
    """One ranked partner: the other side's id, a cosine score in [0, 1] and why they meet."""

    challenge_id: str
    capability_id: str
    score: float
    why: tuple[str, ...] = ()
