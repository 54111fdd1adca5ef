"""Text search and filters for the challenge and capability lists, HTML and JSON alike, inside the policy."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import Select, or_, select
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from matchmaker import permissions
from matchmaker.auth.models import Organisation
from matchmaker.capabilities.models import Capability, CapabilityTechnology
from matchmaker.challenges.models import Challenge
from matchmaker.enums import Category, Status, Technology
from matchmaker.extensions import db
from matchmaker.fields import options, COUNTRIES, plain_text, strip

ANY = [("", _l("Any"))]
MAX_TERMS = 10
MAX_PAGE = 10_000
MAX_PER_PAGE = 100


class ListFilterForm(FlaskForm):
    """Query-string filters; a bad value is reported beside its field and otherwise ignored."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), filters=[strip], validators=[Optional(), Length(max=200), plain_text])
    category = SelectField(_l("Category"), choices=options(ANY + Category.choices()), filters=[strip], validators=[Optional()])
    technology = SelectField(_l("Technology"), choices=options(ANY + Technology.choices()), filters=[strip], validators=[Optional()])
    country = SelectField(_l("Country"), choices=options(ANY + COUNTRIES), filters=[strip], validators=[Optional()])
    status = SelectField(_l("Status"), choices=options(ANY + Status.choices()), filters=[strip], validators=[Optional()])
    trl_min = IntegerField(_l("TRL at least"), validators=[Optional(), NumberRange(min=1, max=9)])

    def clean_data(self) -> dict:
        """Only the filters that passed validation, without empty ones."""
        self.validate()
        return {name: field.data for name, field in self._fields.items()
                if not field.errors and field.data not in (None, "")}


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_query(model: type[Challenge] | type[Capability], user, filters: dict) -> Select:
    """The items of ``model`` this user may see that pass the filters, newest first."""
    query = select(model).join(Organisation, model.organisation_id == Organisation.id)
    query = query.where(permissions.visible_clause(user, model))
    for term in (filters.get("q") or "").split()[:MAX_TERMS]:
        pattern = _like_pattern(term)
        query = query.where(or_(*(column.ilike(pattern, escape="\\")
                                  for column in (model.title, model.description, model.keywords))))
    if filters.get("country"):
        query = query.where(Organisation.country == filters["country"],
                            permissions.organisation_shown_clause(user, model))
    if filters.get("status"):
        query = query.where(model.status == Status(filters["status"]))
    if model is Challenge:
        if filters.get("category"):
            query = query.where(Challenge.category == Category(filters["category"]))
        if filters.get("trl_min"):
            query = query.where(Challenge.trl_target >= filters["trl_min"])
    else:
        if filters.get("technology"):
            query = query.where(Capability.technology_links.any(
                CapabilityTechnology.technology == Technology(filters["technology"])))
        if filters.get("trl_min"):
            query = query.where(Capability.trl >= filters["trl_min"])
    return query.order_by(model.created_at.desc(), model.id.desc())


def paginate(query: Select, args, default_per_page: int):
    """One page of results; page numbers and sizes from the query string are clamped, never trusted."""
    page = args.get("page", 1, type=int) or 1
    per_page = args.get("per_page", default_per_page, type=int) or default_per_page
    return db.paginate(query, page=min(max(page, 1), MAX_PAGE), per_page=min(max(per_page, 1), MAX_PER_PAGE),
                       error_out=False, count=True)
