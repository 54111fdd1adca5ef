"""The read-only JSON API answers in JSON, with the same policy as the pages."""
from __future__ import annotations

from matchmaker.enums import Visibility


def test_challenge_json_has_the_public_fields(client, make_user, make_challenge):
    owner = make_user("packaging")
    challenge = make_challenge(owner, keywords="seal, leak")
    body = client.get(f"/api/v1/challenges/{challenge.id}").get_json()
    assert sorted(body) == ["anonymous", "category", "created_at", "description", "id", "keywords", "language",
                            "material", "organisation", "packaging_format", "status", "title", "trl_target",
                            "updated_at", "visibility"]
    assert body["keywords"] == ["seal", "leak"]
    assert body["organisation"]["name"] == owner.organisation.name
    assert "email" not in str(body)


def test_anonymous_challenge_json_has_no_organisation(client, login_as, make_user, make_challenge):
    challenge = make_challenge(make_user("packaging"), anonymous=True)
    login_as(make_user("photonics"))
    assert client.get(f"/api/v1/challenges/{challenge.id}").get_json()["organisation"] is None


def test_confidential_challenge_is_missing_from_lists_of_other_firms(client, login_as, make_user, make_challenge):
    owner = make_user("packaging")
    make_challenge(owner, title="Open problem")
    make_challenge(owner, title="Secret problem", visibility=Visibility.ORGANISERS)
    make_challenge(owner, title="Members problem", visibility=Visibility.MEMBERS)
    expectations = [(None, ["Open problem"]),
                    (make_user("photonics"), ["Members problem", "Open problem"]),
                    (make_user("packaging"), ["Members problem", "Open problem"]),
                    (make_user("organiser"), ["Members problem", "Open problem", "Secret problem"]),
                    (owner, ["Members problem", "Open problem", "Secret problem"])]
    for viewer, titles in expectations:
        login_as(viewer)
        items = client.get("/api/v1/challenges").get_json()["items"]
        assert sorted(item["title"] for item in items) == titles


def test_hidden_and_missing_challenges_answer_identically(client, make_user, make_challenge):
    secret = make_challenge(make_user("packaging"), visibility=Visibility.ORGANISERS)
    hidden = client.get(f"/api/v1/challenges/{secret.id}")
    missing = client.get("/api/v1/challenges/999999")
    assert (hidden.status_code, hidden.get_json()) == (missing.status_code, missing.get_json())
    assert hidden.get_json() == {"error": {"status": 404, "message":
                                           "There is nothing here, or you are not allowed to see it."}}


def test_api_errors_are_json(client):
    assert client.get("/api/v1/nothing").get_json()["error"]["status"] == 404
    assert client.post("/api/v1/challenges").get_json()["error"]["status"] == 405
    assert client.get("/api/v1/challenges?trl_min=abc").status_code == 400


def test_per_page_is_bounded(client, make_user, make_capability):
    make_capability(make_user("photonics"))
    body = client.get("/api/v1/capabilities?per_page=100000").get_json()
    assert (body["per_page"], body["total"]) == (100, 1)


def test_healthz_checks_the_database(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
