"""The form a photonics member fills in to post or edit a capability."""
from __future__ import annotations

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
        "Title", filters=[strip], validators=[DataRequired(), Length(min=5, max=TITLE_MAX), plain_text]
    )
    description = TextAreaField(
        "Description",
        filters=[strip],
        validators=[DataRequired(), Length(min=20, max=DESCRIPTION_MAX), plain_text],
        description="What your technology does, its performance and limits, where it has been used.",
    )
    keywords = StringField(
        "Keywords",
        filters=[strip],
        validators=[Length(max=KEYWORDS_MAX), plain_text, keyword_list],
        description="Separated by commas.",
    )
    technologies = CheckboxListField(
        "Technologies",
        choices=options(Technology.choices()),
        validators=[DataRequired(message="Choose at least one technology.")],
    )
    applications = StringField(
        "Applications", filters=[strip], validators=[Length(max=SHORT_TEXT_MAX * 2), plain_text]
    )
    trl = LevelField("Readiness (TRL)", choices=options(TRL_CHOICES), default=7)
    status = SelectField("Status", choices=options(Status.choices()), default=Status.OPEN.value)
