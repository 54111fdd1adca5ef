"""The corpus version: one number that changes whenever any challenge or capability changes.

Every worker process keeps its own fitted matching index and compares this number (one tiny query)
before it ranks; a different number means refit. The number is bumped inside the same transaction
as the change, so no worker can see the change without the new number, or the reverse.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, event, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from matchmaker.auth.models import utcnow
from matchmaker.capabilities.models import Capability, CapabilityTechnology
from matchmaker.challenges.models import Challenge
from matchmaker.extensions import db

CORPUS_MODELS = (Challenge, Capability, CapabilityTechnology)


class CorpusVersion(db.Model):
    __tablename__ = "corpus_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


@event.listens_for(Session, "before_flush")
def _bump_corpus_version(session: Session, _context, _instances) -> None:
    changed = [obj for obj in (*session.new, *session.dirty, *session.deleted) if isinstance(obj, CORPUS_MODELS)]
    if not any(obj in session.new or obj in session.deleted or session.is_modified(obj) for obj in changed):
        return
    bumped = session.execute(
        update(CorpusVersion).where(CorpusVersion.id == 1)
        .values(version=CorpusVersion.version + 1, changed_at=utcnow()),
        execution_options={"synchronize_session": False},
    ).rowcount
    if not bumped:
        session.add(CorpusVersion(id=1, version=2))
