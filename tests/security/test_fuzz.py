"""Random and adversarial values in every form and JSON query: never a 500, and a refused write stores nothing.

The default run tries a few hundred inputs per form; `make fuzz` (HYPOTHESIS_PROFILE=fuzz) tries thousands.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.extensions import db

EXAMPLES = 2000 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 60
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

PAYLOADS = ["' OR 1=1 --", "'; DROP TABLE challenges; --", "{{ 7*7 }}", "{% raw %}", "${7*7}", "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "%00", "\u202e\u202d", "Ω≈ç√∫", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            "١٢٣", "９", "-1", "0", "10", "1e309", "NaN", "", " ", "\t", "\r\n", "x" * 5001, "é" * 201]
# Any text a browser could send (no lone surrogates or NUL: those are refused before the form, tested elsewhere).
TEXT = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300),
    st.builds(lambda char, size: char * size,
              st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), st.integers(4990, 5010)),
)
CHALLENGE_FIELDS = ["title", "description", "keywords", "category", "packaging_format", "material", "trl_target",
                    "visibility", "anonymous", "status"]
CAPABILITY_FIELDS = ["title", "description", "keywords", "technologies", "applications", "trl", "status"]
REGISTER_FIELDS = ["role", "name", "email", "password", "confirm", "locale", "organisation_name", "invite_code",
                   "country", "cluster", "website"]


def form_data(fields):
    return st.fixed_dictionaries({}, optional={name: TEXT for name in fields})


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture()
def packaging(make_user):
    return make_user("packaging")


@FUZZ
@given(data=form_data(CHALLENGE_FIELDS))
def test_challenge_form_never_fails(client, login_as, packaging, data):
    login_as(packaging)
    before = count(Challenge)
    response = client.post("/challenges/new", data=data)
    assert response.status_code in (200, 302, 400)
    assert count(Challenge) == before + (1 if response.status_code == 302 else 0)


@FUZZ
@given(data=form_data(CAPABILITY_FIELDS))
def test_capability_form_never_fails(client, login_as, make_user, data):
    login_as(make_user("photonics"))
    before = count(Capability)
    response = client.post("/capabilities/new", data=data)
    assert response.status_code in (200, 302, 400)
    assert count(Capability) == before + (1 if response.status_code == 302 else 0)


@FUZZ
@given(data=form_data(CHALLENGE_FIELDS))
def test_challenge_edit_never_fails_and_keeps_the_old_text_on_error(client, login_as, packaging, make_challenge, data):
    challenge = make_challenge(packaging, title="Original title")
    login_as(packaging)
    response = client.post(f"/challenges/{challenge.id}/edit", data=data)
    assert response.status_code in (200, 302, 400)
    db.session.refresh(challenge)
    if response.status_code != 302:
        assert challenge.title == "Original title"


@FUZZ
@given(data=form_data(REGISTER_FIELDS))
def test_registration_never_fails(client, data):
    response = client.post("/auth/register", data=data)
    assert response.status_code in (200, 302, 400)


@FUZZ
@given(email=TEXT, password=TEXT)
def test_login_never_fails(client, email, password):
    assert client.post("/auth/login", data={"email": email, "password": password}).status_code in (200, 400)


@settings(FUZZ, max_examples=max(EXAMPLES // 5, 60))  # six pages per example, rankings included
@given(query=st.dictionaries(st.sampled_from(["q", "category", "technology", "country", "status", "trl_min", "page",
                                              "per_page", "top", "cluster"]), TEXT, max_size=5))
def test_list_and_ranking_queries_never_fail(client, packaging, make_challenge, query):
    challenge = make_challenge(packaging)
    for url in ("/challenges/", "/capabilities/", "/api/v1/challenges", "/api/v1/capabilities",
                f"/challenges/{challenge.id}", f"/api/v1/challenges/{challenge.id}/matches"):
        response = client.get(url, query_string=query)
        assert response.status_code in (200, 400), (url, query)
