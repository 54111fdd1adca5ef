"""The form a packaging firm fills in to post or edit a challenge."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from matchmaker.enums import TRL_CHOICES, Category, Status, Visibility
from matchmaker.fields import LevelField, options, keyword_list, plain_text, strip
from matchmaker.submissions import DESCRIPTION_MAX, KEYWORDS_MAX, SHORT_TEXT_MAX, TITLE_MAX


class ChallengeForm(FlaskForm):
    title = StringField(
        "Title", filters=[strip], validators=[DataRequired(), Length(min=5, max=TITLE_MAX), plain_text]
    )
    description = TextAreaField(
        "Description",
        filters=[strip],
        validators=[DataRequired(), Length(min=20, max=DESCRIPTION_MAX), plain_text],
        description="The product, the line, what goes wrong, what you tried. Any of Spanish, French, German or English.",
    )
    keywords = StringField(
        "Keywords",
        filters=[strip],
        validators=[Length(max=KEYWORDS_MAX), plain_text, keyword_list],
        description="Separated by commas.",
    )
    category = SelectField("Category", choices=options(Category.choices()), default=Category.INSPECTION.value)
    packaging_format = StringField(
        "Packaging format", filters=[strip], validators=[Length(max=SHORT_TEXT_MAX), plain_text]
    )
    material = StringField("Material", filters=[strip], validators=[Length(max=SHORT_TEXT_MAX), plain_text])
    trl_target = LevelField(
        "Readiness you need (TRL)", choices=options(TRL_CHOICES), default=7,
        description="8 = ready to install on a production line; 5-6 = willing to run a pilot.",
    )
    visibility = SelectField("Who can see it", choices=options(Visibility.choices()), default=Visibility.PUBLIC.value)
    anonymous = BooleanField("Hide my organisation's name from photonics members")
    status = SelectField("Status", choices=options(Status.choices()), default=Status.OPEN.value)
