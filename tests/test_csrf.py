"""With CSRF protection on (as in production), every state-changing form refuses a post without a token."""
from __future__ import annotations

import re

import pytest


@pytest.fixture()
def app_config(app_config):
    return dict(app_config, WTF_CSRF_ENABLED=True)


def post_routes():
    """Every route that accepts POST, with 1 for each id: CSRF is checked before any view runs."""
    from matchmaker import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted(re.sub(r"<(?:int:)?[a-z_]+>", "1", rule.rule)
                  for rule in app.url_map.iter_rules() if "POST" in rule.methods)


@pytest.mark.parametrize("url", post_routes())
@pytest.mark.parametrize("role", ["visitor", "packaging", "photonics", "organiser"])
def test_post_without_token_is_refused(client, login_as, make_user, url, role):
    login_as(None if role == "visitor" else make_user(role))
    response = client.post(url, data={"title": "x"})
    assert response.status_code == 400
    assert "The form has expired or was not sent from Matchmaker." in response.get_data(as_text=True)


def test_the_csrf_sweep_covers_the_forms_of_every_feature():
    routes = post_routes()
    assert len(routes) >= 26
    assert {"/auth/login", "/challenges/new", "/capabilities/new", "/workshops/new"} <= set(routes)


def test_login_with_the_page_token_works(client, make_user):
    from tests.conftest import PASSWORD

    user = make_user("packaging")
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
