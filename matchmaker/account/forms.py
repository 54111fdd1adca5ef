"""The profile form and the confirmations before deleting an account or erasing an organisation."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from matchmaker.auth.forms import LOCALES
from matchmaker.auth.passwords import MAX_LENGTH as PASSWORD_MAX
from matchmaker.fields import options, plain_text, strip


class ProfileForm(FlaskForm):
    """Only what a person may change about themselves: email, role and organisation are not fields here."""

    name = StringField(_l("Your name"), filters=[strip], validators=[DataRequired(), Length(max=120), plain_text])
    locale = SelectField(_l("Language"), choices=options(LOCALES))


class DeleteAccountForm(FlaskForm):
    """The password proves it is the account's owner at the keyboard, not someone at an unlocked screen."""

    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=PASSWORD_MAX)])
    erase_organisation = BooleanField(_l("Also delete my organisation and everything it owns"))

    def __init__(self, *args, user, last_member: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._user = user
        self._last_member = last_member

    def validate_password(self, field) -> None:
        if not self._user.check_password(field.data or ""):
            raise ValidationError(_("That is not your password. Nothing was deleted."))

    def validate_erase_organisation(self, field) -> None:
        if self._last_member and not field.data:
            raise ValidationError(_("You are your organisation's last member: tick this box to delete it too."))


class EraseOrganisationForm(FlaskForm):
    confirm = BooleanField(_l("Yes, erase this organisation and everything it owns"),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])
