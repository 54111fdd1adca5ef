"""Packaging firms post, list, edit, close and delete their challenges."""
from __future__ import annotations

from sqlalchemy import select

from matchmaker.challenges.models import Challenge
from matchmaker.enums import Category, Status, Visibility
from matchmaker.extensions import db


def challenge_form(**overrides) -> dict:
    data = {"title": "Restos de salsa en la soldadura de las bolsas",
            "description": "Envasamos salsas en bolsas doypack y la soldadura superior queda contaminada.",
            "keywords": "sellado, doypack, , sellado", "category": "inspection", "packaging_format": "doypack",
            "material": "PET/PE", "trl_target": "7", "visibility": "public", "status": "open"}
    data.update(overrides)
    return data


def test_packaging_firm_posts_a_challenge_and_sees_it_listed(client, login_as, make_user):
    firm = make_user("packaging")
    login_as(firm)
    response = client.post("/challenges/new", data=challenge_form(anonymous="y"))
    challenge = db.session.scalar(select(Challenge))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/challenges/{challenge.id}"
    assert (challenge.organisation_id, challenge.author_id, challenge.keywords, challenge.category,
            challenge.trl_target, challenge.anonymous) == (
        firm.organisation_id, firm.id, "sellado, doypack", Category.INSPECTION, 7, True)
    listing = client.get("/challenges/")
    assert "Restos de salsa en la soldadura de las bolsas" in listing.get_data(as_text=True)
    mine = client.get("/challenges/mine")
    assert "Restos de salsa en la soldadura de las bolsas" in mine.get_data(as_text=True)


def test_invalid_challenge_shows_errors_and_saves_nothing(client, login_as, make_user):
    login_as(make_user("packaging"))
    response = client.post("/challenges/new", data=challenge_form(title="", trl_target="12", category="nope",
                                                                  description="x" * 5001))
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This field is required." in text
    assert "Not a valid choice." in text
    assert "Field must be between 20 and 5000 characters long." in text
    assert db.session.scalar(select(db.func.count()).select_from(Challenge)) == 0


def test_owner_edits_challenge(client, login_as, make_user, make_challenge):
    firm = make_user("packaging")
    challenge = make_challenge(firm)
    login_as(firm)
    response = client.post(f"/challenges/{challenge.id}/edit",
                           data=challenge_form(title="Fugas en bandejas termoselladas", visibility="organisers"))
    assert response.status_code == 302
    db.session.refresh(challenge)
    assert (challenge.title, challenge.visibility) == ("Fugas en bandejas termoselladas", Visibility.ORGANISERS)


def test_colleague_of_the_same_firm_may_edit(client, login_as, make_user, make_challenge):
    firm = make_user("packaging")
    colleague = make_user("packaging", organisation=firm.organisation)
    challenge = make_challenge(firm)
    login_as(colleague)
    assert client.post(f"/challenges/{challenge.id}/edit", data=challenge_form()).status_code == 302


def test_other_firm_cannot_edit_or_delete(client, login_as, make_user, make_challenge):
    challenge = make_challenge(make_user("packaging"))
    login_as(make_user("packaging"))
    assert client.post(f"/challenges/{challenge.id}/edit", data=challenge_form(title="Hijacked")).status_code == 403
    assert client.post(f"/challenges/{challenge.id}/delete").status_code == 403
    db.session.refresh(challenge)
    assert challenge.title == "Leaking seals on trays"


def test_delete_asks_for_confirmation_then_deletes(client, login_as, make_user, make_challenge):
    firm = make_user("packaging")
    challenge = make_challenge(firm)
    login_as(firm)
    confirmation = client.get(f"/challenges/{challenge.id}/delete")
    assert "Delete this challenge?" in confirmation.get_data(as_text=True)
    assert db.session.get(Challenge, challenge.id) is not None
    challenge_id = challenge.id
    response = client.post(f"/challenges/{challenge_id}/delete")
    assert response.headers["Location"] == "/challenges/mine"
    db.session.expire_all()
    assert db.session.get(Challenge, challenge_id) is None


def test_close_keeps_the_challenge_but_marks_it_closed(client, login_as, make_user, make_challenge):
    firm = make_user("packaging")
    challenge = make_challenge(firm)
    login_as(firm)
    client.post(f"/challenges/{challenge.id}/close")
    db.session.refresh(challenge)
    assert challenge.status == Status.CLOSED


def test_list_search_and_filters(client, make_user, make_organisation, make_challenge):
    french = make_user("packaging", organisation=make_organisation("packaging", country="FR"))
    spanish = make_user("packaging", organisation=make_organisation("packaging", country="ES"))
    make_challenge(french, title="Étanchéité des barquettes", category=Category.INSPECTION, trl_target=8)
    make_challenge(spanish, title="Códigos de fecha ilegibles", category=Category.TRACEABILITY, trl_target=6)
    make_challenge(spanish, title="Secret anonymous FR-like", anonymous=True, trl_target=9)

    def titles(query: str) -> list[str]:
        response = client.get("/api/v1/challenges" + query)
        return sorted(item["title"] for item in response.get_json()["items"])

    assert titles("?q=fecha") == ["Códigos de fecha ilegibles"]
    assert titles("?category=traceability") == ["Códigos de fecha ilegibles"]
    assert titles("?country=FR") == ["Étanchéité des barquettes"]
    assert titles("?country=ES") == ["Códigos de fecha ilegibles"]  # anonymous challenges are not unmasked
    assert titles("?trl_min=8") == ["Secret anonymous FR-like", "Étanchéité des barquettes"]
    assert titles("?q=100%25") == []
    html = client.get("/challenges/?q=zzzz").get_data(as_text=True)
    assert "No challenge matches these filters." in html


def test_list_paginates(client, app, make_user, make_challenge):
    firm = make_user("packaging")
    for number in range(app.config["PER_PAGE"] + 3):
        make_challenge(firm, title=f"Challenge number {number:02d}")
    first = client.get("/api/v1/challenges").get_json()
    second = client.get("/api/v1/challenges?page=2").get_json()
    assert (first["total"], first["pages"], len(first["items"]), len(second["items"])) == (23, 2, 20, 3)
    assert "Page 1 of 2" in client.get("/challenges/").get_data(as_text=True)


def test_empty_list_guides_a_packaging_firm(client, login_as, make_user):
    login_as(make_user("packaging"))
    assert "Post your first one" in client.get("/challenges/").get_data(as_text=True)


def test_anonymous_challenge_hides_the_organisation_from_photonics_members(
        client, login_as, make_user, make_organisation, make_challenge):
    owner = make_user("packaging", organisation=make_organisation("packaging", name="Zzxq Canary Foods"))
    challenge = make_challenge(owner, anonymous=True)
    for viewer, shown in [(make_user("photonics"), False), (make_user("packaging"), False),
                          (make_user("organiser"), True), (owner, True)]:
        login_as(viewer)
        for url in (f"/challenges/{challenge.id}", "/challenges/", f"/api/v1/challenges/{challenge.id}",
                    "/api/v1/challenges"):
            body = client.get(url).get_data(as_text=True)
            assert ("Zzxq Canary Foods" in body) is shown, (viewer.role, url)
