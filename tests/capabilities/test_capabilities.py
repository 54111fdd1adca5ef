"""Photonics members post, edit and delete their capabilities."""
from __future__ import annotations

from sqlalchemy import select

from matchmaker.capabilities.models import Capability
from matchmaker.enums import Technology
from matchmaker.extensions import db


def capability_form(**overrides) -> dict:
    data = {"title": "Aktive Thermografie zur Siegelnahtprüfung",
            "description": "Wir prüfen Siegelnähte mit aktiver Thermografie direkt nach der Siegelstation.",
            "keywords": "Thermografie, Siegelnaht", "technologies": ["thermography", "machine_vision"],
            "applications": "Siegelnahtprüfung", "trl": "8", "status": "open"}
    data.update(overrides)
    return data


def test_photonics_member_posts_a_capability(client, login_as, make_user):
    member = make_user("photonics")
    login_as(member)
    response = client.post("/capabilities/new", data=capability_form())
    capability = db.session.scalar(select(Capability))
    assert response.headers["Location"] == f"/capabilities/{capability.id}"
    assert capability.technologies == [Technology.MACHINE_VISION, Technology.THERMOGRAPHY]
    assert (capability.trl, capability.organisation_id) == (8, member.organisation_id)


def test_capability_needs_a_technology_from_the_taxonomy(client, login_as, make_user):
    login_as(make_user("photonics"))
    none = client.post("/capabilities/new", data=capability_form(technologies=[]))
    bogus = client.post("/capabilities/new", data=capability_form(technologies=["telepathy"]))
    assert "Choose at least one technology." in none.get_data(as_text=True)
    assert "is not a valid choice" in bogus.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(Capability)) == 0


def test_edit_replaces_the_technologies(client, login_as, make_user, make_capability):
    member = make_user("photonics")
    capability = make_capability(member, technologies=("raman", "thermography"))
    login_as(member)
    client.post(f"/capabilities/{capability.id}/edit", data=capability_form(technologies=["oct", "raman"]))
    db.session.refresh(capability)
    assert capability.technologies == [Technology.OCT, Technology.RAMAN]


def test_packaging_firm_cannot_post_or_edit_capabilities(client, login_as, make_user, make_capability):
    capability = make_capability(make_user("photonics"))
    login_as(make_user("packaging"))
    assert client.post("/capabilities/new", data=capability_form()).status_code == 403
    assert client.post(f"/capabilities/{capability.id}/edit", data=capability_form()).status_code == 403


def test_filter_by_technology_and_trl(client, make_user, make_capability):
    member = make_user("photonics")
    make_capability(member, title="Raman probe", technologies=("raman",), trl=6)
    make_capability(member, title="X-ray inspection", technologies=("xray", "machine_vision"), trl=9)
    titles = lambda query: [item["title"] for item in client.get("/api/v1/capabilities" + query).get_json()["items"]]
    assert titles("?technology=xray") == ["X-ray inspection"]
    assert titles("?trl_min=7") == ["X-ray inspection"]
    assert client.get("/api/v1/capabilities?technology=telepathy").status_code == 400


def test_delete_capability_removes_its_technologies(client, login_as, make_user, make_capability):
    member = make_user("photonics")
    capability = make_capability(member, technologies=("raman", "oct"))
    login_as(member)
    assert client.post(f"/capabilities/{capability.id}/delete").status_code == 302
    remaining = db.session.execute(db.text("SELECT COUNT(*) FROM capability_technologies")).scalar()
    assert remaining == 0
