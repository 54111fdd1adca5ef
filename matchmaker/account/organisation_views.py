"""Organisers' care of organisations: the list, an organisation's data as JSON, erasing one."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker import permissions
from matchmaker.account.directory import organisation_rows
from matchmaker.account.erasure import ErasureRefused, erase
from matchmaker.account.exports import organisation_export
from matchmaker.account.forms import EraseOrganisationForm
from matchmaker.account.views import json_download
from matchmaker.audit.services import record
from matchmaker.extensions import db

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


@bp.get("/")
@login_required
def list_organisations():
    permissions.require_organisation_manager(current_user)
    return render_template("account/organisations.html", rows=organisation_rows())


@bp.get("/<int:organisation_id>/export.json")
@login_required
def export_organisation(organisation_id: int):
    organisation = permissions.get_organisation_or_404(organisation_id, current_user)
    data = organisation_export(organisation)
    record("organisation.export", target_type="organisation", target_id=organisation.id,
           organisation_id=organisation.id)
    db.session.commit()
    return json_download(data, f"matchmaker-organisation-{organisation.id}.json")


@bp.route("/<int:organisation_id>/erase", methods=["GET", "POST"])
@login_required
def erase_organisation(organisation_id: int):
    organisation = permissions.get_organisation_or_404(organisation_id, current_user)
    if not permissions.can_erase_organisation(current_user, organisation):
        return render_template("account/erase.html", organisation=organisation, form=None), 403
    form = EraseOrganisationForm()
    if form.validate_on_submit():
        name = organisation.name
        try:
            erase(organisation)
        except ErasureRefused as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("%(name)s and everything it owned are erased.", name=name), "info")
            return redirect(url_for(".list_organisations"))
    return render_template("account/erase.html", organisation=organisation, form=form)
