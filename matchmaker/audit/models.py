"""An audit entry: one action by one actor on one target, kept as it was written.

Entries hold ids and non-secret fields only: never a challenge's text or title (a confidential challenge's title
is itself secret), never an email or password. The actor is linked by id (set NULL when the account is deleted)
and described by ``actor_label`` (role and organisation at the time, never a person's name or email).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from matchmaker.auth.models import utcnow
from matchmaker.extensions import db

ACTION_MAX = 40
LABEL_MAX = 240
SUMMARY_MAX = 300
TARGET_TYPE_MAX = 40
COMMAND_LINE = "command line"
DELETED_USER = "deleted user"
VISITOR = "visitor"


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_label: Mapped[str] = mapped_column(String(LABEL_MAX))
    # The firm the entry concerns (the item's owner, or the actor's own firm), for the organisers' filter.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(ACTION_MAX), index=True)
    target_type: Mapped[str | None] = mapped_column(String(TARGET_TYPE_MAX))
    target_id: Mapped[int | None] = mapped_column()
    summary: Mapped[str] = mapped_column(String(SUMMARY_MAX), default="")

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.target_type}:{self.target_id}>"


class AuditLogIsAppendOnly(RuntimeError):
    """Something tried to change or delete an audit entry through the ORM."""


@event.listens_for(Session, "before_flush")
def _refuse_changes(session: Session, _context, _instances) -> None:
    """The ORM gives no way to edit or delete an entry; erasure of a deleted actor's label is one explicit UPDATE."""
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogIsAppendOnly(f"Audit entry {obj.id} cannot be changed or deleted.")
