"""Scheduling a workshop as a background job: the same ``make_schedule`` as before, with progress on the way.

HiGHS reports nothing while it solves, so progress is by stage (scores, solving, saving) and the page shows the
time spent so far. The schedule, its audit entry and the job's "done" are committed together; an infeasible plan
fails the job with the conflicts in words and writes nothing.
"""
from __future__ import annotations

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from matchmaker.audit.services import record
from matchmaker.extensions import db
from matchmaker.jobs.models import Job
from matchmaker.jobs.services import JobFailed, JobResult, N_, report_progress
from matchmaker.jobs.views import register_title
from matchmaker.matches.index import index_cache
from matchmaker.workshops import scheduling
from matchmaker.workshops.models import Workshop
from matchmaker.workshops.planning import DEFAULT_TIME_LIMIT, make_schedule
from matchmaker.workshops.services import WorkshopError

SCHEDULE_JOB = "workshop.schedule"
register_title(SCHEDULE_JOB, _l("Making the schedule"))


def schedule_workshop(job: Job) -> JobResult:
    """The job's work: bring the scores up to date, solve, write the schedule (the runner commits)."""
    workshop = db.session.get(Workshop, job.target_id)
    if workshop is None:
        raise JobFailed(N_("The workshop no longer exists; nothing was scheduled."))
    report_progress(job, 5, N_("Bringing the match scores up to date"))
    index_cache().current(wait=True)  # a large corpus refits here, in the background, not in a request
    seconds = int(float(current_app.config.get("WORKSHOP_SCHEDULE_SECONDS", DEFAULT_TIME_LIMIT)))
    report_progress(job, 20, N_("Looking for the best schedule (at most %(seconds)s s), then saving it"),
                    seconds=seconds)
    try:
        result = make_schedule(workshop)
    except scheduling.ScheduleInfeasible as error:
        raise JobFailed(N_("No schedule meets every pin and minimum. Nothing was changed."),
                        details=error.reasons) from None
    except scheduling.ScheduleNotFound:
        raise JobFailed(N_("The solver found no schedule within its time limit; nothing was changed.")) from None
    except (scheduling.InvalidProblem, WorkshopError) as error:
        raise JobFailed(N_("No schedule was made, nothing was changed: %(reason)s"),
                        reason=str(getattr(error, "message", error))) from None
    record("workshop.schedule", target_type="workshop", target_id=workshop.id,
           summary=f"{len(result.meetings)} meetings")
    return JobResult(N_("Meetings scheduled: %(count)s."), {"count": len(result.meetings)},
                     url_for("workshop_planning.planning", workshop_id=workshop.id, job=job.id))
