"""A job's progress: an HTML page that refreshes itself (and is updated by static/js/progress.js) and its JSON."""
from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_babel import format_decimal, gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required

from matchmaker import permissions
from matchmaker.auth.models import utcnow
from matchmaker.i18n import translated
from matchmaker.jobs.models import Job
from matchmaker.jobs.services import as_utc

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
REFRESH_SECONDS = 2
# Page titles by kind, filled in by the features that start jobs (``register_title``).
TITLES: dict[str, object] = {}


def register_title(kind: str, title) -> None:
    TITLES[kind] = title


def job_message(job: Job) -> str:
    """The job's message in the reader's language."""
    return _(job.message, **(job.message_params or {})) if job.message else ""


def elapsed_seconds(job: Job) -> float:
    if job.started_at is None:
        return 0.0
    return round(((as_utc(job.finished_at) or utcnow()) - as_utc(job.started_at)).total_seconds(), 1)


def status_text(job: Job) -> str:
    """One line for the live region: state, message, percentage and time so far."""
    return _("%(state)s: %(message)s (%(percent)s %%, %(seconds)s s)", state=job.status.label,
             message=job_message(job), percent=job.progress, seconds=format_decimal(elapsed_seconds(job), "0.#"))


def as_json(job: Job) -> dict:
    return {"id": job.id, "kind": job.kind, "status": job.status.value, "status_label": job.status.label,
            "progress": job.progress, "message": job_message(job), "status_text": status_text(job),
            "details": [translated(reason) for reason in job.reasons],
            "elapsed_seconds": elapsed_seconds(job), "finished": not job.active,
            "result_url": job.result_url}


@bp.get("/<int:job_id>")
@login_required
def show_job(job_id: int):
    job = permissions.get_job_or_404(job_id, current_user)
    return render_template("jobs/show.html", job=job, title=TITLES.get(job.kind, _l("Work in progress")),
                           message=job_message(job), status_text=status_text(job), refresh=REFRESH_SECONDS)


@bp.get("/<int:job_id>.json")
@login_required
def job_status(job_id: int):
    job = permissions.get_job_or_404(job_id, current_user)
    response = jsonify(as_json(job))
    response.headers["Cache-Control"] = "no-store"
    return response
