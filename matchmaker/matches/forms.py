"""Filters on a ranking: which partners to show."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from matchmaker.enums import Category, Technology
from matchmaker.fields import COUNTRIES, options, plain_text, strip
from matchmaker.matches.services import DEFAULT_TOP, MAX_TOP

ANY = [("", _l("Any"))]


class RankingFilterForm(FlaskForm):
    """Query-string filters of a ranking; a bad value is reported and otherwise ignored."""

    class Meta:
        csrf = False

    trl_min = IntegerField(_l("TRL at least"), validators=[Optional(), NumberRange(min=1, max=9)])
    country = SelectField(_l("Country"), choices=options(ANY + COUNTRIES), filters=[strip], validators=[Optional()])
    cluster = StringField(_l("Cluster"), filters=[strip], validators=[Optional(), Length(max=100), plain_text])
    technology = SelectField(_l("Technology"), choices=options(ANY + Technology.choices()), filters=[strip], validators=[Optional()])
    category = SelectField(_l("Category"), choices=options(ANY + Category.choices()), filters=[strip], validators=[Optional()])
    top = IntegerField(_l("How many"), default=DEFAULT_TOP, validators=[Optional(), NumberRange(min=1, max=MAX_TOP)])

    def clean_data(self) -> dict:
        self.validate()
        return {name: field.data for name, field in self._fields.items()
                if not field.errors and field.data not in (None, "")}
