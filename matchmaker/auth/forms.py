"""Registration and login forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField, URLField
from wtforms.validators import URL, DataRequired, Email, EqualTo, Length, Optional, ValidationError

from matchmaker.auth.passwords import MAX_LENGTH as PASSWORD_MAX, MIN_LENGTH as PASSWORD_MIN, password_problem
from matchmaker.enums import Role
from matchmaker.fields import options, COUNTRIES, plain_text, strip

LOCALES = [("en", "English"), ("es", "Español"), ("fr", "Français"), ("de", "Deutsch")]


def lower(value):
    return value.strip().lower() if isinstance(value, str) else value


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[lower], validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=PASSWORD_MAX)])
    remember = BooleanField(_l("Keep me logged in on this device"))


class RegisterForm(FlaskForm):
    role = RadioField(
        _l("I register as"),
        choices=options([(Role.PACKAGING.value, _l("A food-packaging firm with challenges")),
                         (Role.PHOTONICS.value, _l("A photonics member with capabilities"))]),
        validators=[DataRequired(message=_l("Choose what kind of firm you register."))],
    )
    name = StringField(_l("Your name"), filters=[strip], validators=[DataRequired(), Length(max=120), plain_text])
    email = EmailField(
        _l("Email"), filters=[lower], validators=[
            DataRequired(), Length(max=254),
            Email(check_deliverability=False, message=_l("Enter a valid email address, such as name@firm.example."))]
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        description=_l("At least %(count)d characters; not a common password.", count=PASSWORD_MIN),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    locale = SelectField(_l("Language"), choices=options(LOCALES), default="en")
    organisation_name = StringField(
        _l("Organisation"), filters=[strip], validators=[DataRequired(), Length(max=200), plain_text],
        description=_l("Your company. If a colleague already registered it, give its invite code below."),
    )
    invite_code = StringField(
        _l("Invite code"), filters=[strip], validators=[Optional(), Length(max=64)],
        description=_l("Only to join an organisation already on Matchmaker: a colleague finds it on their dashboard."),
    )
    country = SelectField(_l("Country"), choices=options(COUNTRIES), default="ES")
    cluster = StringField(_l("Cluster"), filters=[strip], validators=[Length(max=100), plain_text])
    website = URLField(
        _l("Website"), filters=[strip],
        validators=[Optional(), Length(max=300), URL(message=_l("Give a full address, like https://example.com."))],
    )

    def validate_password(self, field) -> None:
        problem = password_problem(field.data or "", email=self.email.data or "", name=self.name.data or "")
        if problem:
            raise ValidationError(problem)
