"""The organisers' audit log page: browse and filter, never edit or delete."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user, login_required
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField

from matchmaker import permissions
from matchmaker.audit.services import ACTION_PREFIXES, entries_query
from matchmaker.auth.models import Organisation
from matchmaker.extensions import db
from matchmaker.fields import options
from matchmaker.search import paginate

bp = Blueprint("audit", __name__, url_prefix="/audit")


# The filter's names for the action families; the log's own lines stay English (see ``services.actor_label``).
ACTION_LABELS = {"auth": _l("Logins and sign-ups"), "account": _l("Accounts"), "organisation": _l("Organisations"),
                 "challenge": _l("Challenges"), "capability": _l("Capabilities"), "workshop": _l("Workshops"),
                 "meeting": _l("Meetings"), "export": _l("Downloads")}


class AuditFilterForm(FlaskForm):
    """Query-string filters; an unknown value is ignored (fixed choices, so nothing reaches SQL as a pattern)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), choices=options(
        [("", _l("Any"))] + [(prefix, ACTION_LABELS[prefix]) for prefix in ACTION_PREFIXES]))
    organisation = SelectField(_l("Organisation"))

    def __init__(self, *args, organisations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation.choices = options([("", _l("Any"))] + [(str(o.id), o.name) for o in organisations])

    def clean_data(self) -> dict:
        self.validate()
        return {"action_prefix": None if self.action.errors else self.action.data or None,
                "organisation_id": None if self.organisation.errors or not self.organisation.data
                else int(self.organisation.data)}


@bp.get("/")
@login_required
def list_entries():
    permissions.require_audit_reader(current_user)
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    filters = AuditFilterForm(request.args, organisations=organisations)
    page = paginate(entries_query(**filters.clean_data()), request.args, current_app.config["PER_PAGE"])
    return render_template("audit/list.html", page=page, filters=filters,
                           names={organisation.id: organisation.name for organisation in organisations})
