"""Each worker process keeps one fitted matching index and refits it when the corpus version moves.

A small corpus (under ``INLINE_REFIT_LIMIT`` documents) is refitted inside the request that notices the change: it
takes well under a second and keeps tests deterministic. A large one is refitted by one background thread per
process while requests go on being served from the previous index. That index is stale but never leaks: rankings
only ever choose among the ids the permission policy allows in the current database (see ``services``).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from types import MappingProxyType

from flask import current_app
from sqlalchemy import func, select

from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.extensions import db
from matchmaker.matches.models import current_version
from matchmaker.matching.documents import Document
from matchmaker.matching.engine import MatchIndex
from matchmaker.submissions import split_keywords

DEFAULT_INLINE_REFIT_LIMIT = 300
# How long a fit takes per document until this process has timed one (6.3 s for 1,000 x 1,000 on a CI core).
FIRST_GUESS_SECONDS_PER_DOCUMENT = 0.0035


@dataclass(frozen=True)
class FittedIndex:
    version: int
    index: MatchIndex


@dataclass(frozen=True)
class Refit:
    """A fit under way: how far it is, estimated from how long the last fit of this process took per document."""

    version: int
    started: float
    expected_seconds: float

    def percent(self) -> int:
        return min(99, int(100 * (time.monotonic() - self.started) / max(self.expected_seconds, 0.1)))


class UnfittedIndex:
    """Stands in before a large corpus's first fit: it knows no document, so it scores and ranks nothing."""

    challenges = capabilities = MappingProxyType({})

    def _unknown(self, *ids, **_options):
        raise KeyError(ids[0] if ids else None)

    score = explain = score_block = top_capabilities = top_challenges = _unknown

    def top_pairs(self, k: int = 10, **_options) -> list:
        return []


UNFITTED = UnfittedIndex()


def corpus_version() -> int:
    """The one cheap query each ranking request makes."""
    return current_version(db.session)


def corpus_size() -> int:
    return sum(db.session.scalar(select(func.count()).select_from(model)) or 0 for model in (Challenge, Capability))


def inline_refit_limit() -> int:
    return int(current_app.config.get("INLINE_REFIT_LIMIT", DEFAULT_INLINE_REFIT_LIMIT))


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
        self._state = threading.Lock()  # guards the attributes below
        self._fitting = threading.Lock()  # one fit at a time in this process
        self._fitted: FittedIndex | None = None
        self._refit: Refit | None = None
        self._thread: threading.Thread | None = None
        self._seconds_per_document = FIRST_GUESS_SECONDS_PER_DOCUMENT
        self.fits = 0

    def current(self, *, wait: bool = False) -> MatchIndex | UnfittedIndex:
        """The index for the current corpus; for a large changed corpus, the previous one while a refit runs.

        ``wait`` (background jobs) always returns an index of the current version, fitting it if need be.
        """
        # Read the version before the corpus: a change landing in between only causes one more refit later.
        version = corpus_version()
        fitted = self._fitted
        if fitted is not None and fitted.version >= version:
            return fitted.index
        if wait or corpus_size() < inline_refit_limit():
            return self._fit_now(version).index
        self.refit_in_background()
        return fitted.index if fitted is not None else UNFITTED

    def refresh_progress(self) -> int | None:
        """How far (in %) this process's refit is, or None when none runs: rankings are then up to date."""
        with self._state:
            return None if self._refit is None else self._refit.percent()

    def refit_in_background(self) -> threading.Thread:
        """Start this process's refit thread unless it already runs; returns the thread."""
        with self._state:
            if self._thread is None or not self._thread.is_alive():
                self._refit = self._refit or self._estimate(corpus_version())
                self._thread = threading.Thread(target=self._refit_until_current, daemon=True,
                                                args=(current_app._get_current_object(),), name="matchmaker-refit")
                self._thread.start()
            return self._thread

    def _estimate(self, version: int) -> Refit:
        return Refit(version, time.monotonic(), corpus_size() * self._seconds_per_document)

    def _fit_now(self, version: int) -> FittedIndex:
        with self._fitting:
            fitted = self._fitted
            if fitted is None or fitted.version < version:
                fitted = self._fit(version)
        return fitted

    def _fit(self, version: int) -> FittedIndex:
        """Fit the corpus of ``version`` (or later); the caller holds the fitting lock."""
        documents = corpus_size()
        with self._state:
            self._refit = Refit(version, time.monotonic(), documents * self._seconds_per_document)
        try:
            started = time.monotonic()
            fitted = FittedIndex(version, fit_index())
            with self._state:
                self._seconds_per_document = (time.monotonic() - started) / max(documents, 1)
                self._fitted = fitted
                self.fits += 1
        finally:
            with self._state:
                self._refit = None
        return fitted

    def _refit_until_current(self, app) -> None:
        """The background refit: fit, then again if the corpus changed meanwhile, until the index is current."""
        try:
            while True:
                with app.app_context():
                    version = corpus_version()
                    fitted = self._fitted
                    if fitted is not None and fitted.version >= version:
                        return
                    self._fit_now(version)
        except Exception:  # a failed refit keeps serving the previous index; the next change tries again
            app.logger.exception("Refitting the matching index failed")
        finally:
            with self._state:
                self._refit = None


def index_cache() -> IndexCache:
    return current_app.extensions.setdefault("matchmaker_index", IndexCache())
