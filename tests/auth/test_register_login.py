"""Registering a firm, joining it by invite code, logging in and out."""
from __future__ import annotations

import re

from sqlalchemy import select

from matchmaker.auth.models import Organisation, User
from matchmaker.extensions import db
from tests.conftest import PASSWORD


def registration(**overrides) -> dict:
    data = {"role": "packaging", "name": "Lucía Pérez", "email": "lucia@valdeluz.example",
            "password": "una-clave-muy-larga", "confirm": "una-clave-muy-larga", "locale": "es",
            "organisation_name": "Conservas Valdeluz", "invite_code": "", "country": "ES",
            "cluster": "", "website": "https://valdeluz.example"}
    data.update(overrides)
    return data


def test_register_packaging_firm_creates_user_and_organisation(client):
    response = client.post("/auth/register", data=registration())
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    user = db.session.scalar(select(User).where(User.email == "lucia@valdeluz.example"))
    assert (user.role.value, user.locale, user.organisation.name, user.organisation.kind.value) == (
        "packaging", "es", "Conservas Valdeluz", "packaging")
    assert user.password_hash != "una-clave-muy-larga"
    assert user.check_password("una-clave-muy-larga")


def test_registration_email_is_case_insensitive_unique(client):
    client.post("/auth/register", data=registration())
    client.post("/auth/logout")
    response = client.post("/auth/register", data=registration(email="LUCIA@valdeluz.example",
                                                                organisation_name="Other"))
    assert response.status_code == 200
    assert b"An account with this email already exists" in response.data
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 1


def test_joining_existing_organisation_needs_its_invite_code(client, make_organisation):
    firm = make_organisation("packaging", name="Conservas Valdeluz")
    refused = client.post("/auth/register", data=registration(invite_code="guess"))
    assert refused.status_code == 200
    assert b"Ask a colleague for its invite code" in refused.data
    accepted = client.post("/auth/register", data=registration(invite_code=firm.invite_code))
    assert accepted.status_code == 302
    assert [member.email for member in firm.members] == ["lucia@valdeluz.example"]
    assert db.session.scalar(select(db.func.count()).select_from(Organisation)) == 1


def test_photonics_user_cannot_join_a_packaging_firm(client, make_organisation):
    firm = make_organisation("packaging", name="Conservas Valdeluz")
    response = client.post("/auth/register", data=registration(role="photonics", invite_code=firm.invite_code))
    assert b"is registered as a packaging firm" in response.data


def test_short_password_and_mismatch_are_reported_next_to_the_fields(client):
    response = client.post("/auth/register", data=registration(password="short", confirm="other"))
    assert response.status_code == 200
    assert b"Use at least 12 characters." in response.data
    assert b"The passwords differ." in response.data
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 0


def test_login_with_right_password_then_logout_ends_the_session(client, make_user):
    user = make_user("photonics")
    response = client.post("/auth/login", data={"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/capabilities/mine").status_code == 200
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/capabilities/mine").status_code == 302


def test_old_session_cookie_is_dead_after_logout(client, make_user):
    user = make_user("photonics")
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        copied = dict(session)
    client.post("/auth/logout")
    with client.session_transaction() as session:
        session.update(copied)
    assert client.get("/capabilities/mine").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make_user):
    user = make_user("packaging")
    wrong = client.post("/auth/login", data={"email": user.email, "password": "not-the-password"})
    unknown = client.post("/auth/login", data={"email": "nobody@test.example", "password": "not-the-password"})
    assert wrong.status_code == unknown.status_code == 200
    assert b"Wrong email or password." in wrong.data
    # The header's language switch carries a CSRF token, signed with the time: it differs between any two pages.
    token = re.compile(rb'name="csrf_token" value="[^"]*"')
    assert (token.sub(b"", wrong.data.replace(user.email.encode(), b""))
            == token.sub(b"", unknown.data.replace(b"nobody@test.example", b"")))


def test_inactive_user_cannot_log_in(client, make_user):
    user = make_user("packaging", active=False)
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert b"Wrong email or password." in response.data


def test_login_follows_only_same_site_next(client, make_user):
    user = make_user("packaging")
    for target, expected in [("/challenges/new", "/challenges/new"), ("https://evil.example/", "/dashboard"),
                             ("//evil.example", "/dashboard"), ("/\\evil.example", "/dashboard"),
                             ("javascript:alert(1)", "/dashboard")]:
        client.post("/auth/logout")
        response = client.post(f"/auth/login?next={target}", data={"email": user.email, "password": PASSWORD})
        assert response.headers["Location"] == expected, target
