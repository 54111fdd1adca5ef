"""Starting jobs, and what a running job says about itself: progress, then done or failed.

Messages are English msgids marked with ``N_`` (so they are extracted for translation) and translated when shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta, timezone

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from matchmaker.auth.models import utcnow
from matchmaker.extensions import db
from matchmaker.i18n import stored
from matchmaker.jobs.models import MESSAGE_MAX, Job, JobStatus

DEFAULT_STALE_SECONDS = 3600  # an active job silent this long died with its process: it no longer blocks a new one


def N_(message: str) -> str:
    """Mark a message for extraction; it is stored as is and translated when shown."""
    return message


class JobAlreadyRunning(Exception):
    """A job of this kind for this target is queued or running; ``job`` is that one."""

    def __init__(self, job: Job):
        super().__init__(f"job {job.id} is still {job.status.value}")
        self.job = job


class JobFailed(Exception):
    """Raised by a job's function: the job fails with this message (a msgid), its parameters and details."""

    def __init__(self, message: str, *, details: tuple[str, ...] | list[str] = (), **params):
        super().__init__(message % params if params else message)
        self.message, self.params, self.details = message, params, list(details)


@dataclass(frozen=True)
class JobResult:
    """What a finished job's function hands back: its closing message and where to see the result."""

    message: str
    params: dict = field(default_factory=dict)
    url: str | None = None


def _active_key(kind: str, target_type: str | None, target_id: int | None) -> str | None:
    return None if target_id is None else f"{kind}:{target_type}:{target_id}"


def as_utc(moment):
    return moment.replace(tzinfo=timezone.utc) if moment is not None and moment.tzinfo is None else moment


def active_job(kind: str, *, target_type: str | None = None, target_id: int | None = None) -> Job | None:
    """The queued or running job of this kind for this target, if any (abandoned ones are released first)."""
    key = _active_key(kind, target_type, target_id)
    if key is None:
        return None
    job = db.session.scalar(select(Job).where(Job.active_key == key))
    stale = timedelta(seconds=int(current_app.config.get("JOB_STALE_SECONDS", DEFAULT_STALE_SECONDS)))
    if job is not None and as_utc(job.updated_at) < utcnow() - stale:
        _end(job, JobStatus.FAILED, N_("The job stopped answering and was abandoned; nothing was changed."), {})
        db.session.flush()
        return None
    return job


def start_job(kind: str, *, user=None, target_type: str | None = None, target_id: int | None = None) -> Job:
    """Queue a job; the caller commits, then hands it to ``runner.launch``.

    :raises JobAlreadyRunning: a job of this kind for this target is queued or running.
    """
    running = active_job(kind, target_type=target_type, target_id=target_id)
    if running is not None:
        raise JobAlreadyRunning(running)
    job = Job(kind=kind, status=JobStatus.QUEUED, progress=0, message=N_("Waiting to start"), message_params={},
              target_type=target_type, target_id=target_id,
              active_key=_active_key(kind, target_type, target_id),
              started_by_id=user.id if user is not None and user.is_authenticated else None)
    try:
        with db.session.begin_nested():  # another process may have started the same job since the check above
            db.session.add(job)
    except IntegrityError:
        raise JobAlreadyRunning(db.session.scalar(select(Job).where(Job.active_key == job.active_key))) from None
    return job


def report_progress(job: Job | int, percent: int, message: str, **params) -> None:
    """Say how far a running job is, at once and outside the job's own transaction, so pages can show it.

    Call it before the job starts writing: on SQLite this second connection would wait for the job's own writes.
    """
    job_id = job if isinstance(job, int) else job.id
    with db.engine.begin() as connection:
        connection.execute(update(Job).where(Job.id == job_id).values(
            progress=max(0, min(int(percent), 99)), message=message[:MESSAGE_MAX], message_params=params,
            updated_at=utcnow()))


def mark_running(job: Job) -> None:
    job.status, job.started_at, job.updated_at = JobStatus.RUNNING, utcnow(), utcnow()
    job.message, job.message_params = N_("Starting"), {}


def _end(job: Job, status: JobStatus, message: str, params: dict, details=()) -> None:
    job.status, job.active_key = status, None
    job.message, job.message_params = message[:MESSAGE_MAX], params
    job.details = "\n".join(stored(line) for line in details)
    job.finished_at = job.updated_at = utcnow()
    if status == JobStatus.DONE:
        job.progress = 100


def finish_job(job: Job, result: JobResult) -> None:
    """Mark the job done in the current transaction: its result is committed together with the job's own work."""
    _end(job, JobStatus.DONE, result.message, result.params)
    job.result_url = result.url


def fail_job(job: Job, message: str, params: dict | None = None, details=()) -> None:
    _end(job, JobStatus.FAILED, message, params or {}, details)
