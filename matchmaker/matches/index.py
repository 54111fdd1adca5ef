"""Each worker process keeps one fitted matching index and refits it only when the corpus version moves."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.extensions import db
from matchmaker.matches.models import CorpusVersion
from matchmaker.matching.documents import Document
from matchmaker.matching.engine import MatchIndex
from matchmaker.submissions import split_keywords


@dataclass(frozen=True)
class FittedIndex:
    version: int
    index: MatchIndex


def corpus_version() -> int:
    """The one cheap query each ranking request makes."""
    return db.session.scalar(select(CorpusVersion.version).where(CorpusVersion.id == 1)) or 0


def as_document(item: Challenge | Capability) -> Document:
    return Document(id=str(item.id), title=item.title, description=item.description,
                    keywords=tuple(split_keywords(item.keywords)), language=item.language)


def fit_index() -> MatchIndex:
    """Fit on every challenge and capability; who may see which result is decided when ranking."""
    challenges = db.session.scalars(select(Challenge).order_by(Challenge.id)).all()
    capabilities = db.session.scalars(select(Capability).order_by(Capability.id)).all()
    return MatchIndex.fit([as_document(item) for item in challenges], [as_document(item) for item in capabilities])


class IndexCache:
    """The process's fitted index, refitted at most once per corpus version, never per request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fitted: FittedIndex | None = None
        self.fits = 0

    def current(self) -> MatchIndex:
        # Read the version before the corpus: a change landing in between only causes one more refit later.
        version = corpus_version()
        fitted = self._fitted
        if fitted is None or fitted.version != version:
            with self._lock:
                fitted = self._fitted
                if fitted is None or fitted.version != version:
                    fitted = FittedIndex(version, fit_index())
                    self._fitted = fitted
                    self.fits += 1
        return fitted.index


def index_cache() -> IndexCache:
    return current_app.extensions.setdefault("matchmaker_index", IndexCache())
