"""Every route × every role: the status each one gets, from a single table.

A route the table does not list fails the coverage test, so a new route cannot skip the policy.
"""
from __future__ import annotations

import pytest

from matchmaker.enums import Role, Status, Visibility

ROLES = ("visitor", "owner", "other_packaging", "photonics", "organiser")
LOGIN = 302  # anonymous visitors are sent to the login page


def expect(visitor, owner, other_packaging, photonics, organiser) -> dict[str, int]:
    return dict(zip(ROLES, (visitor, owner, other_packaging, photonics, organiser)))


ALL_200 = expect(200, 200, 200, 200, 200)
# (method, url template, endpoint, expected status per role). "owner" owns the challenges; for
# capabilities, the photonics user owns them.
MATRIX = [
    ("GET", "/", "main.index", ALL_200),
    ("GET", "/healthz", "main.healthz", ALL_200),
    ("GET", "/dashboard", "main.dashboard", expect(LOGIN, 302, 302, 302, 302)),
    ("GET", "/auth/register", "auth.register", expect(200, 302, 302, 302, 302)),
    ("GET", "/auth/login", "auth.login", ALL_200),
    ("GET", "/auth/logout", "auth.logout", expect(LOGIN, 200, 200, 200, 200)),
    ("GET", "/static/style.css", "static", ALL_200),
    ("GET", "/challenges/", "challenges.list_challenges", ALL_200),
    ("GET", "/challenges/mine", "challenges.my_challenges", expect(LOGIN, 200, 200, 403, 403)),
    ("GET", "/challenges/new", "challenges.new_challenge", expect(LOGIN, 200, 200, 403, 403)),
    ("GET", "/challenges/{public}", "challenges.show_challenge", ALL_200),
    ("GET", "/challenges/{members}", "challenges.show_challenge", expect(404, 200, 200, 200, 200)),
    ("GET", "/challenges/{secret}", "challenges.show_challenge", expect(404, 200, 404, 404, 200)),
    ("GET", "/challenges/{draft}", "challenges.show_challenge", expect(404, 200, 404, 404, 200)),
    ("GET", "/challenges/{public}/edit", "challenges.edit_challenge", expect(LOGIN, 200, 403, 403, 200)),
    ("GET", "/challenges/{secret}/edit", "challenges.edit_challenge", expect(LOGIN, 200, 404, 404, 200)),
    ("GET", "/challenges/{public}/delete", "challenges.delete", expect(LOGIN, 200, 403, 403, 200)),
    ("POST", "/challenges/{public}/close", "challenges.close", expect(LOGIN, 302, 403, 403, 302)),
    ("POST", "/challenges/{secret}/close", "challenges.close", expect(LOGIN, 302, 404, 404, 302)),
    ("POST", "/challenges/{public}/delete", "challenges.delete", expect(LOGIN, 302, 403, 403, 302)),
    ("POST", "/challenges/{secret}/delete", "challenges.delete", expect(LOGIN, 302, 404, 404, 302)),
    ("GET", "/capabilities/", "capabilities.list_capabilities", ALL_200),
    ("GET", "/capabilities/mine", "capabilities.my_capabilities", expect(LOGIN, 403, 403, 200, 403)),
    ("GET", "/capabilities/new", "capabilities.new_capability", expect(LOGIN, 403, 403, 200, 403)),
    ("GET", "/capabilities/{offer}", "capabilities.show_capability", ALL_200),
    ("GET", "/capabilities/{draft_offer}", "capabilities.show_capability", expect(404, 404, 404, 200, 200)),
    ("GET", "/capabilities/{offer}/edit", "capabilities.edit_capability", expect(LOGIN, 403, 403, 200, 200)),
    ("GET", "/capabilities/{draft_offer}/edit", "capabilities.edit_capability", expect(LOGIN, 404, 404, 200, 200)),
    ("GET", "/capabilities/{offer}/delete", "capabilities.delete", expect(LOGIN, 403, 403, 200, 200)),
    ("POST", "/capabilities/{offer}/close", "capabilities.close", expect(LOGIN, 403, 403, 302, 302)),
    ("POST", "/capabilities/{offer}/delete", "capabilities.delete", expect(LOGIN, 403, 403, 302, 302)),
    ("GET", "/api/v1/challenges", "api.list_challenges", ALL_200),
    ("GET", "/api/v1/challenges/{public}", "api.get_challenge", ALL_200),
    ("GET", "/api/v1/challenges/{members}", "api.get_challenge", expect(404, 200, 200, 200, 200)),
    ("GET", "/api/v1/challenges/{secret}", "api.get_challenge", expect(404, 200, 404, 404, 200)),
    ("GET", "/api/v1/challenges/{draft}", "api.get_challenge", expect(404, 200, 404, 404, 200)),
    ("GET", "/api/v1/capabilities", "api.list_capabilities", ALL_200),
    ("GET", "/api/v1/capabilities/{offer}", "api.get_capability", ALL_200),
    ("GET", "/api/v1/capabilities/{draft_offer}", "api.get_capability", expect(404, 404, 404, 200, 200)),
    ("POST", "/auth/logout", "auth.logout", expect(LOGIN, 302, 302, 302, 302)),
]


@pytest.fixture()
def world(make_user, make_organisation, make_challenge, make_capability):
    owner = make_user("packaging")
    people = {
        "visitor": None,
        "owner": owner,
        "other_packaging": make_user("packaging"),
        "photonics": make_user("photonics"),
        "organiser": make_user("organiser"),
    }
    items = {
        "public": make_challenge(owner, visibility=Visibility.PUBLIC).id,
        "members": make_challenge(owner, visibility=Visibility.MEMBERS).id,
        "secret": make_challenge(owner, visibility=Visibility.ORGANISERS).id,
        "draft": make_challenge(owner, status=Status.DRAFT).id,
        "offer": make_capability(people["photonics"]).id,
        "draft_offer": make_capability(people["photonics"], status=Status.DRAFT).id,
    }
    return people, items


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template", "endpoint", "expected"), MATRIX,
                         ids=[f"{m} {t}" for m, t, _, _ in MATRIX])
def test_route_answers_each_role_as_the_policy_says(client, login_as, world, role, method, template, endpoint,
                                                     expected):
    people, items = world
    login_as(people[role])
    response = client.open(template.format(**items), method=method)
    response.close()
    assert response.status_code == expected[role]


def test_every_route_is_in_the_matrix(app):
    covered = {endpoint for _, _, endpoint, _ in MATRIX}
    routes = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert routes - covered == set()


def test_organisers_cannot_be_registered_through_the_web(client):
    response = client.post("/auth/register", data={"role": Role.ORGANISER.value})
    assert response.status_code == 200
    assert b"Not a valid choice" in response.data
