"""The form a packaging firm fills in to post or edit a challenge."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from matchmaker.enums import TRL_CHOICES, Category, Status, Visibility
from matchmaker.fields import LevelField, options, keyword_list, plain_text, strip
from matchmaker.submissions import DESCRIPTION_MAX, KEYWORDS_MAX, SHORT_TEXT_MAX, TITLE_MAX


class ChallengeForm(FlaskForm):
    title = StringField(
        _l("Title"), filters=[strip], validators=[DataRequired(), Length(min=5, max=TITLE_MAX), plain_text]
    )
    description = TextAreaField(
        _l("Description"),
        filters=[strip],
        validators=[DataRequired(), Length(min=20, max=DESCRIPTION_MAX), plain_text],
        description=_l("The product, the line, what goes wrong, what you tried. Any of Spanish, French, German or English."),
    )
    keywords = StringField(
        _l("Keywords"),
        filters=[strip],
        validators=[Length(max=KEYWORDS_MAX), plain_text, keyword_list],
        description=_l("Separated by commas."),
    )
    category = SelectField(_l("Category"), choices=options(Category.choices()), default=Category.INSPECTION.value)
    packaging_format = StringField(
        _l("Packaging format"), filters=[strip], validators=[Length(max=SHORT_TEXT_MAX), plain_text]
    )
    material = StringField(_l("Material"), filters=[strip], validators=[Length(max=SHORT_TEXT_MAX), plain_text])
    trl_target = LevelField(
        _l("Readiness you need (TRL)"), choices=options(TRL_CHOICES), default=7,
        description=_l("8 = ready to install on a production line; 5-6 = willing to run a pilot."),
    )
    visibility = SelectField(_l("Who can see it"), choices=options(Visibility.choices()), default=Visibility.PUBLIC.value)
    anonymous = BooleanField(_l("Hide my organisation's name from photonics members"))
    status = SelectField(_l("Status"), choices=options(Status.choices()), default=Status.OPEN.value)
