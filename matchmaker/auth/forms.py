"""Registration and login forms."""
from __future__ import annotations

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
    email = EmailField("Email", filters=[lower], validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=PASSWORD_MAX)])
    remember = BooleanField("Keep me logged in on this device")


class RegisterForm(FlaskForm):
    role = RadioField(
        "I register as",
        choices=options([(Role.PACKAGING.value, "A food-packaging firm with challenges"),
                         (Role.PHOTONICS.value, "A photonics member with capabilities")]),
        validators=[DataRequired(message="Choose what kind of firm you register.")],
    )
    name = StringField("Your name", filters=[strip], validators=[DataRequired(), Length(max=120), plain_text])
    email = EmailField(
        "Email", filters=[lower], validators=[DataRequired(), Length(max=254), Email(check_deliverability=False)]
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        description=f"At least {PASSWORD_MIN} characters; not a common password.",
    )
    confirm = PasswordField(
        "Repeat the password", validators=[DataRequired(), EqualTo("password", message="The passwords differ.")]
    )
    locale = SelectField("Language", choices=options(LOCALES), default="en")
    organisation_name = StringField(
        "Organisation", filters=[strip], validators=[DataRequired(), Length(max=200), plain_text],
        description="Your company. If a colleague already registered it, give its invite code below.",
    )
    invite_code = StringField(
        "Invite code", filters=[strip], validators=[Optional(), Length(max=64)],
        description="Only to join an organisation already on Matchmaker: a colleague finds it on their dashboard.",
    )
    country = SelectField("Country", choices=options(COUNTRIES), default="ES")
    cluster = StringField("Cluster", filters=[strip], validators=[Length(max=100), plain_text])
    website = URLField(
        "Website", filters=[strip], validators=[Optional(), Length(max=300), URL(message="Give a full address, like https://example.com.")]
    )

    def validate_password(self, field) -> None:
        problem = password_problem(field.data or "", email=self.email.data or "", name=self.name.data or "")
        if problem:
            raise ValidationError(problem)
