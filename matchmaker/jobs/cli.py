"""`matchmaker worker`: run the jobs queued on RQ (when MATCHMAKER_REDIS_URL is set)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from matchmaker.extensions import db


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run an RQ worker for Matchmaker's background jobs (scheduling large workshops)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.UsageError("Set MATCHMAKER_REDIS_URL (e.g. redis://127.0.0.1:6379/0) to use a worker; "
                               "without it, jobs run in a thread of the web process.")
    from rq import Worker

    from matchmaker.jobs.runner import job_queue

    queue = job_queue(current_app)
    db.engine.dispose()  # each forked work horse opens its own database connections
    Worker([queue], connection=queue.connection).work(burst=burst)
