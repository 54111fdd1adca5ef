"""A job: long work (scheduling a large workshop) that runs in the background and reports its progress.

The message is stored as the English msgid with its parameters and translated when shown, because the job runs
outside the reader's request. ``active_key`` is set while a job is queued or running and cleared when it ends; its
unique constraint is what lets only one job per kind and target run at a time, across every worker process.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.auth.models import User, enum_column, utcnow
from matchmaker.enums import Choice
from matchmaker.extensions import db

KIND_MAX = 40
MESSAGE_MAX = 300
URL_MAX = 500


class JobStatus(Choice):
    QUEUED = ("queued", _l("Waiting to start"))
    RUNNING = ("running", _l("Running"))
    DONE = ("done", _l("Done"))
    FAILED = ("failed", _l("Failed"))


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(KIND_MAX), index=True)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus), default=JobStatus.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(String(MESSAGE_MAX), default="")
    message_params: Mapped[dict] = mapped_column(JSON, default=dict)
    # Explanations that are not ours to translate (the scheduler's conflicts), one per line.
    details: Mapped[str] = mapped_column(Text, default="")
    target_type: Mapped[str | None] = mapped_column(String(KIND_MAX))
    target_id: Mapped[int | None] = mapped_column()
    result_url: Mapped[str | None] = mapped_column(String(URL_MAX))
    active_key: Mapped[str | None] = mapped_column(String(2 * KIND_MAX + 24), unique=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    started_by: Mapped[User | None] = relationship()

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def reasons(self) -> list[str]:
        return [line for line in self.details.splitlines() if line]

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.status.value} {self.progress}%>"
