"""Creating accounts and organisations, and checking logins."""
from __future__ import annotations

import functools
import hmac
import secrets

from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from matchmaker.auth.models import Organisation, User
from matchmaker.enums import OrganisationKind, Role
from matchmaker.extensions import db

@functools.cache
def _dummy_user() -> User:
    """A user with a real hash to check when the email is unknown, so both failures take the same time."""
    return User(password_hash=generate_password_hash(secrets.token_urlsafe(16)))


class RegistrationError(ValueError):
    """A registration that cannot go through, with the field to blame and a message for the user."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def find_organisation(name: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None; same work whether or not the email exists."""
    user = find_user(email)
    candidate = user or _dummy_user()
    password_ok = candidate.check_password(password)
    if user is None or not password_ok or not user.active:
        return None
    return user


def register_member(
    *, role: str, name: str, email: str, password: str, locale: str, organisation_name: str,
    invite_code: str | None, country: str, cluster: str, website: str, **_ignored,
) -> User:
    """Create a packaging-firm or photonics-member account, with a new organisation or joining one by invite."""
    role = Role(role)
    if role == Role.ORGANISER:
        raise RegistrationError("role", _("Organiser accounts are created by the platform's administrators."))
    if find_user(email) is not None:
        raise RegistrationError("email", _("An account with this email already exists. Log in instead."))
    organisation = find_organisation(organisation_name)
    kind = OrganisationKind(role.value)
    if organisation is None:
        organisation = Organisation(name=organisation_name, kind=kind, country=country, cluster=cluster or "",
                                    website=website or "")
        db.session.add(organisation)
    elif not invite_code or not hmac.compare_digest(invite_code, organisation.invite_code):
        raise RegistrationError(
            "invite_code",
            _("This organisation is already on Matchmaker. Ask a colleague for its invite code (on their dashboard)."),
        )
    elif organisation.kind != kind:
        message = (_("%(name)s is registered as a packaging firm.", name=organisation.name)
                   if organisation.kind == OrganisationKind.PACKAGING
                   else _("%(name)s is registered as a photonics member.", name=organisation.name))
        raise RegistrationError("role", message)
    user = User(email=email.lower(), name=name, role=role, organisation=organisation, locale=locale)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def create_user(
    *, email: str, name: str, role: str, password: str, organisation_name: str | None = None,
    country: str | None = None, locale: str = "en",
) -> User:
    """Create any kind of account from the command line (organisers can only be made here)."""
    role = Role(role)
    if find_user(email) is not None:
        raise RegistrationError("email", f"A user with email {email} already exists.")
    organisation = None
    if role != Role.ORGANISER:
        if not organisation_name:
            raise RegistrationError("organisation", f"A {role.value} user needs --organisation.")
        organisation = find_organisation(organisation_name)
        if organisation is None:
            organisation = Organisation(name=organisation_name, kind=OrganisationKind(role.value),
                                        country=(country or "ES").upper())
            db.session.add(organisation)
        elif organisation.kind.value != role.value:
            raise RegistrationError("organisation", f"{organisation.name} is a {organisation.kind.value} organisation.")
    elif organisation_name:
        organisation = find_organisation(organisation_name)
    user = User(email=email.strip().lower(), name=name, role=role, organisation=organisation, locale=locale)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user
