"""Firms at a workshop: registering, their "My workshop" page, pitches, meeting requests and outcomes."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker import permissions
from matchmaker.enums import OrganisationKind, RequestStatus
from matchmaker.extensions import db
from matchmaker.i18n import reader_language
from matchmaker.workshops.agenda import agenda_for
from matchmaker.workshops.forms import AnswerForm, ConfirmForm, OutcomeForm, PitchForm, RegistrationForm, RequestForm
from matchmaker.workshops.interest import (
    answer_request,
    firm_labels,
    interest_of,
    pitchable_challenges,
    request_targets,
    send_pitch,
    send_request,
)
from matchmaker.workshops.models import Meeting, MeetingRequest
from matchmaker.workshops.outcomes import outcome_of, record_outcome
from matchmaker.workshops.registration import offerable_items, register, registration_for, update_registration, withdraw
from matchmaker.workshops.services import WorkshopError, programme

bp = Blueprint("workshop_participation", __name__, url_prefix="/workshops")


def _own_registration(workshop):
    """The user's firm's registration here (404 when it has none)."""
    permissions.require_participant(current_user)
    registration = registration_for(workshop, current_user.organisation_id)
    if registration is None:
        abort(404)
    return registration


def _mine(workshop):
    return redirect(url_for(".my_workshop", workshop_id=workshop.id))


@bp.route("/<int:workshop_id>/register", methods=["GET", "POST"])
@login_required
def register_firm(workshop_id: int):
    workshop = permissions.get_workshop_or_404(workshop_id, current_user)
    permissions.require_participant(current_user)
    registration = registration_for(workshop, current_user.organisation_id)
    allowed = (permissions.can_change_registration(current_user, registration) if registration
               else permissions.can_register(current_user, workshop))
    if not allowed:
        abort(403)
    packaging = current_user.organisation.kind == OrganisationKind.PACKAGING
    slots = programme(workshop)
    form = RegistrationForm(slots=slots, items=offerable_items(current_user),
                            item_label=_("Challenges you bring") if packaging else _("Capabilities you bring"))
    if not form.is_submitted():
        form.available.data = ([str(n) for n in registration.available] if registration
                               else [str(slot.number) for slot in slots])
        chosen = (registration.challenges if packaging else registration.capabilities) if registration else []
        form.items.data = [str(item.id) for item in chosen]
    if form.validate_on_submit():
        if registration is None:
            register(workshop, current_user, form.data)
            flash(_("Your firm is registered."), "success")
        else:
            update_registration(registration, current_user, form.data)
            flash(_("Your registration is updated."), "success")
        db.session.commit()
        return _mine(workshop)
    return render_template("workshops/register.html", workshop=workshop, form=form, registration=registration,
                           packaging=packaging)


@bp.route("/<int:workshop_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw_firm(workshop_id: int):
    workshop = permissions.get_workshop_or_404(workshop_id, current_user)
    registration = _own_registration(workshop)
    if not permissions.can_change_registration(current_user, registration):
        abort(403)
    form = ConfirmForm()
    if form.validate_on_submit():
        withdraw(registration)
        db.session.commit()
        flash(_("Your firm no longer takes part; its requests and pitches here are withdrawn."), "info")
        return redirect(url_for("workshops.show_workshop", workshop_id=workshop.id))
    return render_template("workshops/confirm.html", workshop=workshop, form=form, title=_("Withdraw your firm?"),
                           explanation=_("Your registration, and the meeting requests and pitches your firm sent "
                                         "or received at this workshop, will be deleted."),
                           button=_("Withdraw"), cancel_url=url_for(".my_workshop", workshop_id=workshop.id))


def _forms(workshop, registration):
    """The pitch and request forms, their choices scoped to what this firm may pick."""
    return _pitch_form(workshop, registration), _request_form(workshop)


# Each form's choices load the workshop's registrations: a POST builds only the form it validates, and the
# other one only when the page is shown again with errors.
def _pitch_form(workshop, registration):
    return PitchForm(prefix="pitch", challenges=[
        (str(challenge.id), f"{challenge.title} · {label}") for challenge, label in pitchable_challenges(
            workshop, current_user)], capabilities=[(str(c.id), c.title) for c in registration.capabilities])


def _request_form(workshop):
    return RequestForm(prefix="request", recipients=[
        (str(target.id), label) for target, label in request_targets(workshop, current_user)])


def _render_mine(workshop, registration, pitch_form=None, request_form=None):
    if pitch_form is None or request_form is None:
        pitch_form, request_form = _forms(workshop, registration)
    published = permissions.agendas_published(workshop)
    agenda = agenda_for(workshop, current_user, registration.organisation_id, lang=reader_language()) \
        if published else []
    return render_template(
        "workshops/mine.html", workshop=workshop, registration=registration,
        interest=interest_of(workshop, registration.organisation_id), labels=firm_labels(workshop, current_user),
        can_change=permissions.can_change_registration(current_user, registration),
        pitch_form=pitch_form, request_form=request_form, answer_form=AnswerForm(prefix="answer"),
        agenda=agenda, published=published,
        outcomes={entry.meeting.id: outcome_of(entry.meeting, registration.organisation_id) for entry in agenda},
        can_record={entry.meeting.id: permissions.can_record_outcome(current_user, entry.meeting)
                    for entry in agenda})


@bp.get("/<int:workshop_id>/mine")
@login_required
def my_workshop(workshop_id: int):
    workshop = permissions.get_workshop_or_404(workshop_id, current_user)
    return _render_mine(workshop, _own_registration(workshop))


@bp.post("/<int:workshop_id>/pitches")
@login_required
def send_pitch_view(workshop_id: int):
    workshop = permissions.get_workshop_or_404(workshop_id, current_user)
    registration = _own_registration(workshop)
    if (not permissions.can_change_registration(current_user, registration)
            or current_user.organisation.kind != OrganisationKind.PHOTONICS):
        abort(403)
    pitch_form = _pitch_form(workshop, registration)
    if not pitch_form.validate_on_submit():
        return _render_mine(workshop, registration, pitch_form=pitch_form, request_form=_request_form(workshop))
    refusal = _refusal(lambda: send_pitch(workshop, current_user, pitch_form.data))
    if refusal:
        pitch_form.challenge.errors.append(refusal)
        return _render_mine(workshop, registration, pitch_form=pitch_form, request_form=_request_form(workshop)), 409
    flash(_("Your pitch is sent: only that challenge's firm and the organisers can read it."), "success")
    return _mine(workshop)


@bp.post("/<int:workshop_id>/requests")
@login_required
def send_request_view(workshop_id: int):
    workshop = permissions.get_workshop_or_404(workshop_id, current_user)
    registration = _own_registration(workshop)
    if not permissions.can_change_registration(current_user, registration):
        abort(403)
    request_form = _request_form(workshop)
    if not request_form.validate_on_submit():
        return _render_mine(workshop, registration, pitch_form=_pitch_form(workshop, registration),
                            request_form=request_form)
    refusal = _refusal(lambda: send_request(workshop, current_user, request_form.data))
    if refusal:
        request_form.recipient.errors.append(refusal)
        return _render_mine(workshop, registration, pitch_form=_pitch_form(workshop, registration),
                            request_form=request_form), 409
    flash(_("Your meeting request is sent."), "success")
    return _mine(workshop)


@bp.post("/<int:workshop_id>/requests/<int:request_id>/answer")
@login_required
def answer_request_view(workshop_id: int, request_id: int):
    workshop = permissions.get_workshop_or_404(workshop_id, current_user)
    registration = _own_registration(workshop)
    request = db.session.get(MeetingRequest, request_id)
    if request is None or request.workshop_id != workshop.id or request.recipient_id != registration.organisation_id:
        abort(404)
    if not permissions.can_change_registration(current_user, registration):
        abort(403)
    form = AnswerForm(prefix="answer")
    if not form.validate_on_submit():
        flash(_("Accept or decline the request; a reason has at most 500 characters."), "error")
        return _mine(workshop)
    try:
        answer_request(request, form.data)
    except WorkshopError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _mine(workshop)
    db.session.commit()
    accepted = request.status == RequestStatus.ACCEPTED
    flash(_("You accepted the request.") if accepted else _("You declined the request."), "success")
    return _mine(workshop)


@bp.route("/<int:workshop_id>/meetings/<int:meeting_id>/outcome", methods=["GET", "POST"])
@login_required
def record_outcome_view(workshop_id: int, meeting_id: int):
    workshop = permissions.get_workshop_or_404(workshop_id, current_user)
    permissions.require_participant(current_user)
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.workshop_id != workshop.id or not permissions.meeting_visible_to(
            current_user, meeting):
        abort(404)
    if not permissions.can_record_outcome(current_user, meeting):
        abort(403)
    form = OutcomeForm(obj=outcome_of(meeting, current_user.organisation_id))
    if form.validate_on_submit():
        record_outcome(meeting, current_user, form.data)
        db.session.commit()
        flash(_("Thank you: the outcome is recorded."), "success")
        return _mine(workshop)
    entry = next(e for e in agenda_for(workshop, current_user, current_user.organisation_id,
                                       lang=reader_language()) if e.meeting.id == meeting.id)
    return render_template("workshops/outcome.html", workshop=workshop, entry=entry, form=form)


def _refusal(action) -> str | None:
    """Run one service call and commit it; if it breaks a workshop rule, roll it back and say which.

    The page is then shown again with the rule beside the field (409: the request conflicts with what is
    already there), never a redirect that a client could take for a success.
    """
    try:
        action()
    except WorkshopError as error:
        db.session.rollback()
        return error.message
    db.session.commit()
    return None
