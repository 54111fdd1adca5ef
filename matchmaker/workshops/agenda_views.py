"""Published agendas: the personal agenda page, iCal files, organisers' CSV/XLSX exports and printable sheets."""
from __future__ import annotations

import re

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required

from matchmaker import permissions
from matchmaker.audit.services import record_now
from matchmaker.extensions import db
from matchmaker.i18n import reader_language
from matchmaker.workshops.agenda import (
    agenda_for,
    confidential_in,
    export_csv,
    export_xlsx,
    firm_ical,
    firm_sheets,
    table_sheets,
    viewer_for,
    workshop_ical,
)
from matchmaker.workshops.models import Registration
from matchmaker.workshops.registration import registration_for

bp = Blueprint("workshop_agendas", __name__, url_prefix="/workshops")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(workshop, suffix: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", workshop.title.lower()).strip("-")[:60] or "workshop"
    return f"{slug}-{suffix}"


def _download(body, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"})


def _own_published(workshop_id: int):
    """The workshop and the user's firm's registration, once agendas are published (else 404)."""
    workshop = permissions.get_workshop_or_404(workshop_id, current_user)
    permissions.require_participant(current_user)
    registration = registration_for(workshop, current_user.organisation_id)
    if registration is None or not permissions.agendas_published(workshop):
        abort(404)
    return workshop, registration


@bp.get("/<int:workshop_id>/agenda")
@login_required
def agenda(workshop_id: int):
    workshop, registration = _own_published(workshop_id)
    entries = agenda_for(workshop, current_user, registration.organisation_id, lang=reader_language())
    return render_template("workshops/agenda.html", workshop=workshop, registration=registration, entries=entries)


@bp.get("/<int:workshop_id>/agenda.ics")
@login_required
def agenda_ics(workshop_id: int):
    workshop, registration = _own_published(workshop_id)
    entries = agenda_for(workshop, current_user, registration.organisation_id, lang=reader_language())
    record_now("export.ics", target_type="workshop", target_id=workshop.id, summary="The firm's own agenda.")
    return _download(firm_ical(workshop, entries, registration.organisation.name), "text/calendar",
                     _filename(workshop, "agenda.ics"))


@bp.get("/<int:workshop_id>/participants/<int:registration_id>/agenda.ics")
@login_required
def firm_agenda_ics(workshop_id: int, registration_id: int):
    """A firm's calendar for organisers to send on: built as that firm's members may see it."""
    workshop = permissions.get_workshop_or_404(workshop_id, current_user, manage=True)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.workshop_id != workshop.id:
        abort(404)
    entries = agenda_for(workshop, viewer_for(registration), registration.organisation_id, lang=reader_language())
    record_now("export.ics", target_type="workshop", target_id=workshop.id,
               organisation_id=registration.organisation_id)
    return _download(firm_ical(workshop, entries, registration.organisation.name), "text/calendar",
                     _filename(workshop, f"firm-{registration.organisation_id}.ics"))


@bp.get("/<int:workshop_id>/meetings.ics")
@login_required
def meetings_ics(workshop_id: int):
    workshop = permissions.get_workshop_or_404(workshop_id, current_user, manage=True)
    record_now("export.ics", target_type="workshop", target_id=workshop.id, summary="All meetings.")
    return _download(workshop_ical(workshop, current_user, lang=reader_language()), "text/calendar",
                     _filename(workshop, "meetings.ics"))


@bp.get("/<int:workshop_id>/meetings.csv")
@login_required
def meetings_csv(workshop_id: int):
    workshop = permissions.get_workshop_or_404(workshop_id, current_user, manage=True)
    record_now("export.csv", target_type="workshop", target_id=workshop.id, summary="All meetings.")
    return _download(export_csv(workshop).encode("utf-8"), "text/csv", _filename(workshop, "meetings.csv"))


@bp.get("/<int:workshop_id>/meetings.xlsx")
@login_required
def meetings_xlsx(workshop_id: int):
    workshop = permissions.get_workshop_or_404(workshop_id, current_user, manage=True)
    record_now("export.xlsx", target_type="workshop", target_id=workshop.id, summary="All meetings.")
    return _download(export_xlsx(workshop), XLSX, _filename(workshop, "meetings.xlsx"))


@bp.get("/<int:workshop_id>/print")
@login_required
def print_agenda(workshop_id: int):
    """Printable sheets, one page each: per table or per firm for organisers, the firm's own for a participant."""
    workshop = permissions.get_workshop_or_404(workshop_id, current_user)
    lang = reader_language()
    by = request.args.get("by", "table")
    if permissions.can_manage_workshop(current_user):
        sheets = table_sheets(workshop, lang=lang) if by == "table" else firm_sheets(workshop, lang=lang)
        warning = confidential_in(workshop) if by == "table" else 0
    else:
        workshop, registration = _own_published(workshop_id)
        by, warning = "firm", 0
        sheets = [(registration.organisation.name,
                   agenda_for(workshop, current_user, registration.organisation_id, lang=lang))]
    return render_template("workshops/print.html", workshop=workshop, sheets=sheets, by=by, warning=warning)
