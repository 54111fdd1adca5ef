"""Organisers' planning pages: the shortlist with pins, bans and limits; the schedule and hand edits to it.

Making the schedule runs as a background job (``planning_jobs``): the page starts it and shows its progress.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker import permissions
from matchmaker.audit.services import record
from matchmaker.enums import PairDecision
from matchmaker.extensions import db
from matchmaker.i18n import reader_language
from matchmaker.jobs.models import Job
from matchmaker.jobs.runner import launch
from matchmaker.jobs.services import JobAlreadyRunning, active_job, start_job
from matchmaker.jobs.views import job_message
from matchmaker.matches.index import index_cache
from matchmaker.workshops.agenda import workshop_meetings
from matchmaker.workshops.forms import ConfirmForm, FirmLimitForm, LimitsForm, MoveForm, PairDecisionForm
from matchmaker.workshops.models import Meeting, Registration
from matchmaker.workshops.planning import (
    EDITABLE_MEETINGS,
    PITCH_BONUS,
    REQUEST_BONUS,
    SCHEDULABLE,
    MoveRefused,
    cancel_meeting,
    move_meeting,
    pair_rows,
    participant_limits,
    set_firm_limit,
    set_pair_decision,
    set_limits,
)
from matchmaker.workshops.planning_jobs import SCHEDULE_JOB, schedule_workshop
from matchmaker.workshops.registration import registrations
from matchmaker.workshops.services import WorkshopError, programme

bp = Blueprint("workshop_planning", __name__, url_prefix="/workshops")
SHORTLIST_EXPLAINED = 60  # explanations are computed for this many best pairs; the rest show their score only


def _load(workshop_id: int):
    return permissions.get_workshop_or_404(workshop_id, current_user, manage=True)


def _back(workshop, endpoint=".shortlist"):
    return redirect(url_for(endpoint, workshop_id=workshop.id))


@bp.get("/<int:workshop_id>/shortlist")
@login_required
def shortlist(workshop_id: int):
    workshop = _load(workshop_id)
    rows = pair_rows(workshop)
    index, lang = index_cache().current(), reader_language()
    why = {}
    for row in rows[:SHORTLIST_EXPLAINED]:
        if row.challenge is not None and row.score > 0:
            try:
                why[row.key] = index.explain(str(row.challenge.id), str(row.capability.id), lang)
            except KeyError:
                why[row.key] = ()
    people = registrations(workshop)
    return render_template(
        "workshops/shortlist.html", workshop=workshop, rows=rows, why=why, people=people,
        limits={r.id: participant_limits(workshop, r) for r in people}, decision_form=PairDecisionForm(),
        limits_form=LimitsForm(obj=workshop), firm_form=FirmLimitForm(), open_for_changes=workshop.status in SCHEDULABLE,
        request_bonus=REQUEST_BONUS, pitch_bonus=PITCH_BONUS)


@bp.post("/<int:workshop_id>/shortlist/decision")
@login_required
def decide_pair(workshop_id: int):
    workshop = _load(workshop_id)
    form = PairDecisionForm()
    if not form.validate_on_submit():
        flash(_("That pin or ban could not be read; reload the page and try again."), "error")
        return _back(workshop)
    try:
        choice = set_pair_decision(workshop, form.data)
    except WorkshopError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back(workshop)
    db.session.commit()
    if choice is None:
        flash(_("The pair's pin or ban is cleared."), "success")
    elif choice.decision == PairDecision.PIN:
        flash(_("The pair is pinned: they must meet."), "success")
    else:
        flash(_("The pair is banned: they must not meet."), "success")
    return _back(workshop)


@bp.post("/<int:workshop_id>/limits")
@login_required
def update_limits(workshop_id: int):
    workshop = _load(workshop_id)
    form = LimitsForm()
    if not form.validate_on_submit():
        flash(_("Limits are whole numbers from 0 to 48: %(problems)s", problems="; ".join(
            f"{form[name].label.text}: {' '.join(errors)}" for name, errors in form.errors.items())), "error")
        return _back(workshop)
    try:
        set_limits(workshop, form.data)
    except WorkshopError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back(workshop)
    db.session.commit()
    flash(_("The limits are saved; they apply at the next scheduling."), "success")
    return _back(workshop)


@bp.post("/<int:workshop_id>/participants/<int:registration_id>/limit")
@login_required
def update_firm_limit(workshop_id: int, registration_id: int):
    workshop = _load(workshop_id)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.workshop_id != workshop.id:
        abort(404)
    form = FirmLimitForm()
    if not form.validate_on_submit():
        flash(_("A firm's maximum is a whole number from 0 to 48, or empty."), "error")
        return _back(workshop)
    try:
        set_firm_limit(registration, form.data)
    except WorkshopError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back(workshop)
    db.session.commit()
    flash(_("The maximum for %(firm)s is saved.", firm=registration.organisation.name), "success")
    return _back(workshop)


def _schedule_job_shown(workshop) -> Job | None:
    """The schedule job named by ``?job=``, when it is this workshop's and the user may see it."""
    job = db.session.get(Job, request.args.get("job", type=int) or 0)
    if job is None or job.kind != SCHEDULE_JOB or job.target_id != workshop.id:
        return None
    return job if permissions.can_view_job(current_user, job) else None


def _render_planning(workshop, *, move_errors=None, status=200):
    slots = programme(workshop)
    meetings = workshop_meetings(workshop)
    grid = {(m.slot, m.table_number): m for m in meetings if m.status.value == "scheduled"}
    finished = _schedule_job_shown(workshop)
    return render_template(
        "workshops/planning.html", workshop=workshop, slots=slots, meetings=meetings, grid=grid,
        move_form=MoveForm(slots=slots, tables=workshop.tables), move_errors=move_errors or {},
        finished_job=finished, finished_message=job_message(finished) if finished else "",
        running_job=active_job(SCHEDULE_JOB, target_type="workshop", target_id=workshop.id),
        can_schedule=workshop.status in SCHEDULABLE, can_edit=workshop.status in EDITABLE_MEETINGS,
        confirm_form=ConfirmForm()), status


@bp.get("/<int:workshop_id>/schedule")
@login_required
def planning(workshop_id: int):
    return _render_planning(_load(workshop_id))


@bp.post("/<int:workshop_id>/schedule")
@login_required
def schedule(workshop_id: int):
    """Start the scheduling job and show its progress; a second request while it runs is pointed to the first."""
    workshop = _load(workshop_id)
    if workshop.status not in SCHEDULABLE:
        flash(_("Only an open workshop, or one whose schedule is not yet published, can be scheduled."), "error")
        return redirect(url_for(".planning", workshop_id=workshop.id))
    try:
        job = start_job(SCHEDULE_JOB, user=current_user, target_type="workshop", target_id=workshop.id)
    except JobAlreadyRunning as running:
        db.session.rollback()
        flash(_("This workshop is already being scheduled: no second schedule was started. Its progress is "
                "shown here."), "info")
        return redirect(url_for("jobs.show_job", job_id=running.job.id))
    db.session.commit()
    launch(job, schedule_workshop)
    return redirect(url_for("jobs.show_job", job_id=job.id))


def _meeting(workshop, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.workshop_id != workshop.id:
        abort(404)
    return meeting


@bp.post("/<int:workshop_id>/meetings/<int:meeting_id>/move")
@login_required
def move(workshop_id: int, meeting_id: int):
    workshop = _load(workshop_id)
    meeting = _meeting(workshop, meeting_id)
    form = MoveForm(slots=programme(workshop), tables=workshop.tables)
    if not form.validate_on_submit():
        return _render_planning(workshop, move_errors={meeting.id: [
            error for errors in form.errors.values() for error in errors]}, status=422)
    try:
        move_meeting(meeting, form.data)
    except MoveRefused as error:
        db.session.rollback()
        flash(_("That move was refused: it breaks the schedule (see the reasons beside the meeting)."), "error")
        return _render_planning(workshop, move_errors={meeting_id: error.reasons}, status=422)
    except WorkshopError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".planning", workshop_id=workshop.id))
    record("meeting.move", target_type="meeting", target_id=meeting.id,
           summary=f"slot {meeting.slot}, table {meeting.table_number}")
    db.session.commit()
    flash(_("The meeting now takes place in slot %(slot)s at table %(table)s.", slot=meeting.slot,
            table=meeting.table_number), "success")
    return redirect(url_for(".planning", workshop_id=workshop.id))


@bp.route("/<int:workshop_id>/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(workshop_id: int, meeting_id: int):
    workshop = _load(workshop_id)
    meeting = _meeting(workshop, meeting_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            broken = cancel_meeting(meeting)
        except WorkshopError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for(".planning", workshop_id=workshop.id))
        record("meeting.cancel", target_type="meeting", target_id=meeting.id, summary=f"Workshop #{workshop.id}.")
        db.session.commit()
        flash(_("The meeting is cancelled."), "info")
        if broken:
            flash(_("Note: the schedule no longer meets %(constraints)s.", constraints="; ".join(broken)), "error")
        return redirect(url_for(".planning", workshop_id=workshop.id))
    return render_template(
        "workshops/confirm.html", workshop=workshop, form=form, title=_("Cancel this meeting?"),
        explanation=_("%(packaging)s and %(photonics)s (slot %(slot)s, table %(table)s) will not meet. It stays in "
                      "the agendas as cancelled; you can move it back into the schedule later.",
                      packaging=meeting.packaging.name, photonics=meeting.photonics.name, slot=meeting.slot,
                      table=meeting.table_number),
        button=_("Cancel the meeting"), cancel_url=url_for(".planning", workshop_id=workshop.id))
