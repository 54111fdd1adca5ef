"""A person's account page, "Download my data" and the privacy notice."""
from __future__ import annotations

import json

import pytest

from matchmaker.auth.models import User
from matchmaker.enums import Outcome, Role, Visibility, WorkshopStatus
from matchmaker.extensions import db
from matchmaker.workshops.models import MeetingOutcome
from tests.workshops.conftest import (  # noqa: F401  (fixtures)
    make_meeting, make_pitch, make_registration, make_request, make_workshop)

EXPORT_KEYS = ["audit_entries", "capabilities", "challenges", "exported_at", "meeting_outcomes", "meeting_requests",
               "organisation", "pitches", "profile", "workshop_registrations"]


def test_a_user_changes_name_and_language_but_nothing_else(client, login_as, make_user):
    user = make_user("packaging", name="Old Name")
    login_as(user)
    assert client.get("/account/").status_code == 200
    response = client.post("/account/", data={"name": "New Name", "locale": "es", "role": "organiser",
                                              "email": "evil@x.example", "organisation_id": "999"})
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.name, user.locale, user.role, user.email.endswith("@test.example")) == (
        "New Name", "es", Role.PACKAGING, True)


def test_an_invalid_profile_shows_errors_and_saves_nothing(client, login_as, make_user):
    user = make_user("packaging", name="Kept")
    login_as(user)
    response = client.post("/account/", data={"name": "x" * 121, "locale": "xx"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Field cannot be longer than 120 characters." in page and "Not a valid choice." in page
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Kept"


def test_visitors_are_sent_to_log_in_for_account_pages(client):
    for url in ("/account/", "/account/export.json", "/account/delete"):
        response = client.get(url)
        assert (response.status_code, response.headers["Location"].split("?")[0]) == (302, "/auth/login")


def _export(client) -> dict:
    response = client.get("/account/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="matchmaker-my-data.json"'
    assert response.headers["Cache-Control"] == "private, no-store"
    return json.loads(response.get_data(as_text=True))


def test_download_my_data_holds_my_rows_and_nobody_elses(client, login_as, make_user, make_organisation,
                                                         make_challenge, make_capability, make_workshop,
                                                         make_registration, make_request, make_pitch, make_meeting):
    me = make_user("photonics", name="Me Myself", email="me@zz-mine.example")
    colleague = make_user("photonics", organisation=me.organisation, name="ZZCOLLEAGUE", email="zz@colleague.example")
    firm = make_user("packaging", name="ZZOTHERPERSON", email="other@zz-other.example")
    secret = make_challenge(firm, title="ZZCONFIDENTIAL seal", description="ZZCONFIDENTIALBODY",
                            visibility=Visibility.ORGANISERS)
    public = make_challenge(firm, title="ZZPUBLICOTHER seal")
    mine = make_capability(me, title="My thermography")
    theirs = make_capability(colleague, title="ZZCOLLEAGUECAP")
    workshop = make_workshop(status=WorkshopStatus.CLOSED)
    registration = make_registration(workshop, me, [mine, theirs])
    make_registration(workshop, firm, [secret, public])
    pitch = make_pitch(workshop, me, public, message="My pitch")
    make_pitch(workshop, colleague, secret, message="ZZCOLLEAGUEPITCH")
    request = make_request(workshop, me, firm, message="My request", author_id=me.id)
    make_request(workshop, firm, me, message="ZZINCOMING", author_id=firm.id)
    meeting = make_meeting(workshop, firm, me, challenge=secret, capability=mine)
    outcome = MeetingOutcome(meeting_id=meeting.id, organisation_id=me.organisation_id, outcome=Outcome.NDA,
                             rating=4, note="Went well", recorded_by_id=me.id)
    db.session.add_all([outcome, MeetingOutcome(meeting_id=meeting.id, organisation_id=firm.organisation_id,
                                                outcome=Outcome.NO_FIT, rating=1, note="ZZTHEIRNOTE",
                                                recorded_by_id=firm.id)])
    db.session.commit()
    login_as(me)
    data = _export(client)
    assert sorted(data) == EXPORT_KEYS
    assert data["profile"] == {"id": me.id, "name": "Me Myself", "email": "me@zz-mine.example", "role": "photonics",
                               "locale": "en", "active": True, "organisation_id": me.organisation_id,
                               "created_at": data["profile"]["created_at"]}
    assert data["organisation"]["name"] == me.organisation.name and "invite_code" not in data["organisation"]
    assert [c["id"] for c in data["capabilities"]] == [mine.id]
    assert data["challenges"] == []
    assert [(r["id"], r["capability_ids"]) for r in data["workshop_registrations"]] == [
        (registration.id, [mine.id, theirs.id])]
    assert [(p["id"], p["challenge_id"], p["message"]) for p in data["pitches"]] == [(pitch.id, public.id, "My pitch")]
    assert [(r["id"], r["message"]) for r in data["meeting_requests"]] == [(request.id, "My request")]
    assert [(o["id"], o["outcome"], o["note"]) for o in data["meeting_outcomes"]] == [(outcome.id, "nda", "Went well")]
    text = json.dumps(data)
    for foreign in ("password", "pbkdf2", "scrypt", "ZZCONFIDENTIAL", "ZZPUBLICOTHER", "ZZCOLLEAGUE", "ZZOTHERPERSON",
                    "zz-other.example", "colleague.example", "ZZINCOMING", "ZZTHEIRNOTE"):
        assert foreign not in text, foreign


def test_download_my_data_lists_my_audit_entries_and_is_itself_recorded(client, login_as, make_user, make_challenge,
                                                                        audit_entries):
    me, colleague = make_user("packaging"), None
    colleague = make_user("packaging", organisation=me.organisation)
    login_as(colleague)
    client.post(f"/challenges/{make_challenge(colleague).id}/close")
    login_as(me)
    challenge = make_challenge(me)
    client.post(f"/challenges/{challenge.id}/close")
    first = _export(client)
    assert [(e["action"], e["target_id"]) for e in first["audit_entries"]] == [("challenge.update", challenge.id)]
    assert [(e.action, e.actor_id, e.target_id) for e in audit_entries("account.export")] == [
        ("account.export", me.id, me.id)]
    assert [e["action"] for e in _export(client)["audit_entries"]] == ["challenge.update", "account.export"]


@pytest.mark.parametrize("role", [None, "packaging", "photonics", "organiser"])
def test_the_privacy_page_is_open_to_all_and_linked_from_every_page(client, login_as, make_user, role):
    login_as(make_user(role) if role else None)
    page = client.get("/privacy").get_data(as_text=True)
    assert "How Matchmaker handles your data" in page
    assert "no tracking" in page and "cluster organisers" in page
    assert '<a href="/privacy">Privacy</a>' in client.get("/").get_data(as_text=True)
