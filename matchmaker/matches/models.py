"""The corpus version: one number that changes whenever any challenge or capability changes.

Every worker process keeps its own fitted matching index and compares this number (one tiny query)
before it ranks; a different number means refit. The number is bumped inside the same transaction
as the change, so no worker can see the change without the new number, or the reverse.

The number is the sum of a few counter rows ("slots"), and each writing transaction adds one to a single
slot picked at random. One shared row would be locked by every writer from its flush to the end of its
commit (WAL flush included) and so let only one write commit at a time; with slots, concurrent writers
rarely wait for each other. The sum still moves with every committed change (each adds exactly one), so
readers stay coherent. Slots beyond the migration's row 1 are created by the first bump that picks them.
"""
from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy import DateTime, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from matchmaker.auth.models import utcnow
from matchmaker.capabilities.models import Capability, CapabilityTechnology
from matchmaker.challenges.models import Challenge
from matchmaker.extensions import db

CORPUS_MODELS = (Challenge, Capability, CapabilityTechnology)
SLOTS = 16
_BUMPED = "corpus_version_bumped"  # session.info: the (innermost) transaction that has bumped already
_SLOT = "corpus_version_slot"  # session.info: (outermost transaction, the slot it bumps)
_pick_slot = random.Random().randint  # its own generator: leaves the global one's sequence to others


class CorpusVersion(db.Model):
    __tablename__ = "corpus_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


VERSION_QUERY = select(func.coalesce(func.sum(CorpusVersion.version), 0))


def current_version(session: Session) -> int:
    """The corpus version as this session's next statement sees it (the sum of the slots)."""
    return session.scalar(VERSION_QUERY) or 0


def _bump_statement(dialect_name: str):
    """INSERT the slot at 1 or add one to it: one statement, no race between writers creating the same slot."""
    insert = postgresql.insert if dialect_name == "postgresql" else sqlite.insert
    statement = insert(CorpusVersion.__table__)
    return statement.on_conflict_do_update(
        index_elements=[CorpusVersion.__table__.c.id],
        set_={"version": CorpusVersion.__table__.c.version + 1, "changed_at": statement.excluded.changed_at})


_BUMPS = {name: _bump_statement(name) for name in ("postgresql", "sqlite")}


@event.listens_for(Session, "before_flush")
def _bump_corpus_version(session: Session, _context, _instances) -> None:
    # Once per transaction (a savepoint counts as one: its rollback undoes its bump), always the same slot
    # within one outermost transaction, so two writers never lock two slots in opposite orders.
    innermost = session.get_nested_transaction() or session.get_transaction()
    if innermost is not None and session.info.get(_BUMPED) is innermost:
        return
    changed = [obj for obj in (*session.new, *session.dirty, *session.deleted) if isinstance(obj, CORPUS_MODELS)]
    if not any(obj in session.new or obj in session.deleted or session.is_modified(obj) for obj in changed):
        return
    connection = session.connection()  # begins the transaction if this flush is its first statement
    outermost = session.get_transaction()
    slot = session.info.get(_SLOT)
    if slot is None or slot[0] is not outermost:
        slot = session.info[_SLOT] = (outermost, _pick_slot(1, SLOTS))
    connection.execute(_BUMPS[connection.dialect.name], {"id": slot[1], "version": 1, "changed_at": utcnow()})
    session.info[_BUMPED] = session.get_nested_transaction() or outermost
