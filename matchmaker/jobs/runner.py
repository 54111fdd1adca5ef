"""Where jobs run: on RQ when MATCHMAKER_REDIS_URL is set (and Redis answers), else in a thread of this process.

Tests run jobs inline (``JOBS_INLINE``, on by default when ``TESTING``) so they stay deterministic. Wherever it
runs, a job runs in its own app context and session, inside a request context whose user is the one who started it,
so the audit log names them and messages follow their language.
"""
from __future__ import annotations

import threading

from flask import Flask, current_app, g, has_app_context
from werkzeug.utils import import_string

from matchmaker.extensions import db, login_manager
from matchmaker.jobs.models import Job
from matchmaker.jobs.services import JobFailed, N_, fail_job, finish_job, mark_running

QUEUE_NAME = "matchmaker"
RQ_JOB_TIMEOUT = 3600


def _path(function) -> str:
    return f"{function.__module__}:{function.__qualname__}"


def launch(job: Job, function) -> None:
    """Run ``function(job)`` for a job the caller has committed; it returns a ``JobResult`` or raises ``JobFailed``."""
    app = current_app._get_current_object()
    if app.config.get("JOBS_INLINE", app.testing):
        execute(job.id, _path(function))
    elif app.config.get("REDIS_URL") and _enqueued(app, job, function):
        return
    else:
        threading.Thread(target=_in_thread, args=(app, job.id, _path(function)), name=f"job-{job.id}",
                         daemon=True).start()


def _enqueued(app: Flask, job: Job, function) -> bool:
    """Hand the job to RQ; False (run it here instead) when Redis does not answer."""
    from redis.exceptions import RedisError

    try:
        job_queue(app).enqueue(execute, job.id, _path(function), job_timeout=RQ_JOB_TIMEOUT,
                               description=f"{job.kind} #{job.id}")
    except RedisError:
        app.logger.warning("Redis does not answer: job %s runs in this process instead", job.id, exc_info=True)
        return False
    return True


def job_queue(app: Flask):
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(app.config["REDIS_URL"]))


def _in_thread(app: Flask, job_id: int, path: str) -> None:
    with app.app_context():
        execute(job_id, path)


def execute(job_id: int, path: str) -> None:
    """Run one job to its end (done or failed); the entry point for threads and RQ workers alike."""
    if has_app_context():
        app = current_app._get_current_object()
    else:  # an RQ worker started without Matchmaker's CLI
        from matchmaker import create_app

        app = create_app()
    with app.app_context():  # a session of its own, even when run inline inside a request
        job = db.session.get(Job, job_id)
        if job is None or not job.active:
            return
        with app.test_request_context(f"/jobs/{job_id}"):
            g._login_user = job.started_by or login_manager.anonymous_user()
            mark_running(job)
            db.session.commit()
            _run(app, job_id, path)


def _run(app: Flask, job_id: int, path: str) -> None:
    try:
        result = import_string(path)(db.session.get(Job, job_id))
        finish_job(db.session.get(Job, job_id), result)
        db.session.commit()
    except JobFailed as failure:
        db.session.rollback()
        fail_job(db.session.get(Job, job_id), failure.message, failure.params, failure.details)
        db.session.commit()
    except Exception:
        db.session.rollback()
        app.logger.exception("Job %s failed", job_id)
        fail_job(db.session.get(Job, job_id), N_("Something went wrong and nothing was changed. Please try again; "
                                                 "if it happens again, tell the platform's administrators."))
        db.session.commit()
