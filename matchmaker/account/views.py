"""A person's own account: profile, "Download my data", "Delete my account"; and the privacy notice."""
from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from matchmaker import permissions
from matchmaker.account.erasure import ErasureRefused, delete_account, update_profile
from matchmaker.account.exports import user_export
from matchmaker.account.forms import DeleteAccountForm, ProfileForm
from matchmaker.audit.services import record
from matchmaker.extensions import db
from matchmaker.security import LOGIN_LIMIT, failed_login, limiter

bp = Blueprint("account", __name__)


def json_download(data: dict, filename: str) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"})


@bp.route("/account/", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        update_profile(current_user, form.data)
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for(".profile"))
    return render_template("account/profile.html", form=form)


@bp.get("/account/export.json")
@login_required
def export_data():
    data = user_export(current_user)
    record("account.export", target_type="user", target_id=current_user.id)
    db.session.commit()
    return json_download(data, "matchmaker-my-data.json")


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(LOGIN_LIMIT, methods=["POST"], deduct_when=failed_login)  # the password is asked again here
def delete():
    if not permissions.can_delete_account(current_user):
        return render_template("account/delete.html", form=None, refused=True, last_member=False), 403
    last_member = permissions.is_last_member(current_user)
    form = DeleteAccountForm(user=current_user, last_member=last_member)
    if form.validate_on_submit():
        try:
            delete_account(current_user, erase_organisation=form.erase_organisation.data)
        except ErasureRefused as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            logout_user()
            flash(_("Your account and your organisation are deleted.") if last_member else _("Your account is deleted."),
                  "info")
            return redirect(url_for("main.index"))
    return render_template("account/delete.html", form=form, refused=False, last_member=last_member)


@bp.get("/privacy")
def privacy():
    return render_template("account/privacy.html")
