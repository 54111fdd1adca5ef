"""With CSRF protection on (as in production), every state-changing form refuses a post without a token."""
from __future__ import annotations

import re

import pytest


@pytest.fixture()
def app_config(app_config):
    return dict(app_config, WTF_CSRF_ENABLED=True)


@pytest.fixture()
def owned(make_user, make_challenge, make_capability):
    return make_user("packaging"), make_challenge, make_capability


STATE_CHANGES = ["/auth/register", "/auth/login", "/auth/logout", "/challenges/new", "/challenges/{challenge}/edit",
                 "/challenges/{challenge}/close", "/challenges/{challenge}/delete", "/capabilities/new",
                 "/capabilities/{capability}/edit", "/capabilities/{capability}/close",
                 "/capabilities/{capability}/delete"]


@pytest.mark.parametrize("url", STATE_CHANGES)
@pytest.mark.parametrize("role", ["packaging", "photonics", "organiser"])
def test_post_without_token_is_refused(client, login_as, make_user, make_challenge, make_capability, url, role):
    organiser = make_user("organiser")
    challenge = make_challenge(make_user("packaging"))
    capability = make_capability(make_user("photonics"))
    login_as(organiser if role == "organiser" else make_user(role))
    response = client.post(url.format(challenge=challenge.id, capability=capability.id), data={"title": "x"})
    assert response.status_code == 400
    assert "The form has expired or was not sent from Matchmaker." in response.get_data(as_text=True)


def test_login_with_the_page_token_works(client, make_user):
    from tests.conftest import PASSWORD

    user = make_user("packaging")
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
