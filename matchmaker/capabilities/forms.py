"""The form a photonics member fills in to post or edit a capability."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, Length

from matchmaker.enums import TRL_CHOICES, Status, Technology
from matchmaker.fields import LevelField, options, keyword_list, plain_text, strip
from matchmaker.submissions import DESCRIPTION_MAX, KEYWORDS_MAX, SHORT_TEXT_MAX, TITLE_MAX


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class CapabilityForm(FlaskForm):
    title = StringField(
        _l("Title"), filters=[strip], validators=[DataRequired(), Length(min=5, max=TITLE_MAX), plain_text]
    )
    description = TextAreaField(
        _l("Description"),
        filters=[strip],
        validators=[DataRequired(), Length(min=20, max=DESCRIPTION_MAX), plain_text],
        description=_l("What your technology does, its performance and limits, where it has been used."),
    )
    keywords = StringField(
        _l("Keywords"),
        filters=[strip],
        validators=[Length(max=KEYWORDS_MAX), plain_text, keyword_list],
        description=_l("Separated by commas."),
    )
    technologies = CheckboxListField(
        _l("Technologies"),
        choices=options(Technology.choices()),
        validators=[DataRequired(message=_l("Choose at least one technology."))],
    )
    applications = StringField(
        _l("Applications"), filters=[strip], validators=[Length(max=SHORT_TEXT_MAX * 2), plain_text]
    )
    trl = LevelField(_l("Readiness (TRL)"), choices=options(TRL_CHOICES), default=7)
    status = SelectField(_l("Status"), choices=options(Status.choices()), default=Status.OPEN.value)
