"""Workshop pages: the list, a workshop's page, and organisers setting it up and moving it through its states."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from matchmaker import permissions
from matchmaker.audit.services import record
from matchmaker.enums import WorkshopStatus
from matchmaker.extensions import db
from matchmaker.workshops.formatting import venue_time, venue_time_range
from matchmaker.workshops.forms import TransitionForm, WorkshopForm
from matchmaker.workshops.interest import participant_cards
from matchmaker.workshops.models import Workshop
from matchmaker.workshops.outcomes import outcome_stats
from matchmaker.workshops.registration import registration_for
from matchmaker.workshops.services import (
    EDITABLE,
    TRANSITION_TEXT,
    TRANSITIONS,
    WorkshopError,
    change_status,
    create_workshop,
    meeting_count,
    programme_items,
    update_workshop,
)

bp = Blueprint("workshops", __name__, url_prefix="/workshops")
bp.add_app_template_filter(venue_time)
bp.add_app_template_filter(venue_time_range)


@bp.get("/")
def list_workshops():
    workshops = db.session.scalars(select(Workshop).where(permissions.visible_workshop_clause(current_user))
                                   .order_by(Workshop.date.desc(), Workshop.id.desc())).all()
    return render_template("workshops/list.html", workshops=workshops)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_workshop():
    permissions.require_organiser(current_user)
    form = WorkshopForm()
    if form.validate_on_submit():
        workshop = create_workshop(form.data)
        db.session.commit()
        flash(_("The workshop is saved as a draft: only organisers see it until you open registration."), "success")
        return redirect(url_for(".show_workshop", workshop_id=workshop.id))
    return render_template("workshops/form.html", form=form, workshop=None)


@bp.get("/<int:workshop_id>")
def show_workshop(workshop_id: int):
    workshop = permissions.get_workshop_or_404(workshop_id, current_user)
    organiser = permissions.can_manage_workshop(current_user)
    return render_template(
        "workshops/detail.html", workshop=workshop, programme=programme_items(workshop),
        cards=participant_cards(workshop, current_user),
        registration=registration_for(workshop, getattr(current_user, "organisation_id", None)),
        can_register=permissions.can_register(current_user, workshop),
        published=permissions.agendas_published(workshop),
        transitions=[target for target, sources in TRANSITIONS.items() if workshop.status in sources],
        transition_text=TRANSITION_TEXT, editable=workshop.status in EDITABLE,
        meetings=meeting_count(workshop) if organiser else None,
        stats=outcome_stats(workshop) if organiser and permissions.agendas_published(workshop) else None)


@bp.route("/<int:workshop_id>/edit", methods=["GET", "POST"])
@login_required
def edit_workshop(workshop_id: int):
    workshop = permissions.get_workshop_or_404(workshop_id, current_user, manage=True)
    if workshop.status not in EDITABLE:
        flash(_("A scheduled workshop's programme cannot change any more."), "error")
        return redirect(url_for(".show_workshop", workshop_id=workshop.id))
    form = WorkshopForm(obj=workshop)
    if form.validate_on_submit():
        update_workshop(workshop, form.data)
        db.session.commit()
        flash(_("Your changes are saved."), "success")
        return redirect(url_for(".show_workshop", workshop_id=workshop.id))
    return render_template("workshops/form.html", form=form, workshop=workshop)


@bp.route("/<int:workshop_id>/status/<target>", methods=["GET", "POST"])
@login_required
def change_workshop_status(workshop_id: int, target: str):
    workshop = permissions.get_workshop_or_404(workshop_id, current_user, manage=True)
    try:
        wanted = WorkshopStatus(target)
    except ValueError:
        abort(404)
    if wanted not in TRANSITIONS:
        abort(404)
    form = TransitionForm()
    if form.validate_on_submit():
        try:
            change_status(workshop, wanted)
        except WorkshopError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            record("workshop.status", target_type="workshop", target_id=workshop.id, summary=f"→ {wanted.value}")
            db.session.commit()
            flash(_("The workshop is now “%(status)s”.", status=wanted.label), "success")
        return redirect(url_for(".show_workshop", workshop_id=workshop.id))
    button, question, explanation = TRANSITION_TEXT[wanted]
    return render_template("workshops/confirm.html", workshop=workshop, form=form, title=question,
                           explanation=explanation, button=button,
                           cancel_url=url_for(".show_workshop", workshop_id=workshop.id))
