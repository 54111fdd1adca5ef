"""The reader's language: profile first, then the header's switch, then the browser's Accept-Language."""
from __future__ import annotations

import pytest

from matchmaker.auth.models import User
from matchmaker.extensions import db


def html_lang(response) -> str:
    page = response.get_data(as_text=True)
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("header, expected", [("es-ES,es;q=0.9", "es"), ("fr", "fr"), ("de-AT", "de"),
                                              ("it, pt", "en"), ("", "en")])
def test_visitor_language_follows_accept_language(client, header, expected):
    assert html_lang(client.get("/", headers={"Accept-Language": header})) == expected


def test_visitor_switch_in_the_header_beats_the_browser(client):
    response = client.post("/language", data={"language": "de", "next": "/challenges/?q=seal"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/challenges/?q=seal"
    assert html_lang(client.get("/", headers={"Accept-Language": "fr"})) == "de"


def test_profile_language_beats_the_browser_and_the_switch_updates_it(client, login_as, make_user):
    user = make_user("packaging", locale="fr")
    login_as(user)
    assert html_lang(client.get("/", headers={"Accept-Language": "es"})) == "fr"
    client.post("/language", data={"language": "es", "next": "/"})
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "es"
    assert html_lang(client.get("/", headers={"Accept-Language": "de"})) == "es"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"])
def test_switch_never_redirects_to_another_site(client, target):
    response = client.post("/language", data={"language": "es", "next": target})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    client.post("/language", data={"language": "xx", "next": "/"})
    assert html_lang(client.get("/", headers={"Accept-Language": "en"})) == "en"
