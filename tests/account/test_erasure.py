"""Deleting one's account, a firm's last member deleting the firm, organisers exporting and erasing a firm."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from matchmaker.audit.models import AuditEntry
from matchmaker.auth.models import Organisation, User
from matchmaker.capabilities.models import Capability, CapabilityTechnology
from matchmaker.challenges.models import Challenge
from matchmaker.enums import Outcome, PairDecision, WorkshopStatus
from matchmaker.extensions import db
from matchmaker.workshops.models import (
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    PairChoice,
    Pitch,
    Registration,
    registration_capabilities,
    registration_challenges,
)
from tests.conftest import PASSWORD
from tests.workshops.conftest import (  # noqa: F401  (fixtures)
    make_meeting, make_pitch, make_registration, make_request, make_workshop)

TABLES = {"organisations": Organisation, "users": User, "challenges": Challenge, "capabilities": Capability,
          "capability_technologies": CapabilityTechnology, "registrations": Registration, "pitches": Pitch,
          "requests": MeetingRequest, "pair_choices": PairChoice, "meetings": Meeting, "outcomes": MeetingOutcome,
          "registration_challenges": registration_challenges, "registration_capabilities": registration_capabilities}


def counts() -> dict[str, int]:
    db.session.expire_all()
    return {name: db.session.scalar(select(func.count()).select_from(table)) for name, table in TABLES.items()}


def _logged_out(client) -> bool:
    return client.get("/account/").status_code == 302


def test_deleting_an_account_keeps_the_organisations_challenges_without_an_author(
        client, login_as, make_user, make_challenge, make_capability, audit_entries):
    me = make_user("packaging")
    colleague = make_user("packaging", organisation=me.organisation)
    challenge = make_challenge(me)
    me_id, org_id, challenge_id = me.id, me.organisation_id, challenge.id
    login_as(me)
    client.post(f"/challenges/{challenge.id}/close")
    page = client.get("/account/delete").get_data(as_text=True)
    assert "stays with your organisation" in page and "last member" not in page
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert _logged_out(client)
    db.session.expire_all()
    assert db.session.get(User, me_id) is None
    assert db.session.get(User, colleague.id) is not None
    kept = db.session.get(Challenge, challenge_id)
    assert (kept.organisation_id, kept.author_id) == (org_id, None)
    assert [(e.action, e.actor_id, e.actor_label) for e in audit_entries() if e.action != "challenge.create"] == [
        ("challenge.update", None, "deleted user"),
        ("account.delete", None, "deleted user"),
    ]
    assert audit_entries("account.delete")[0].organisation_id == org_id


def test_a_wrong_password_deletes_nothing(client, login_as, make_user, audit_entries):
    me = make_user("packaging")
    make_user("packaging", organisation=me.organisation)
    login_as(me)
    response = client.post("/account/delete", data={"password": "not-my-password"})
    assert response.status_code == 200
    assert "That is not your password. Nothing was deleted." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, me.id) is not None
    assert audit_entries("account.delete") == []


def test_the_last_member_deletes_the_organisation_only_with_the_extra_checkbox(
        client, login_as, make_user, make_challenge, make_capability, make_workshop, make_registration,
        make_request, audit_entries):
    me, other = make_user("packaging"), make_user("photonics")
    challenge = make_challenge(me)
    workshop = make_workshop()
    make_registration(workshop, me, [challenge])
    make_registration(workshop, other, [make_capability(other)])
    make_request(workshop, other, me)
    org_id, challenge_id = me.organisation_id, challenge.id
    login_as(me)
    page = client.get("/account/delete").get_data(as_text=True)
    assert f"You are the last member of {me.organisation.name}." in page
    before = counts()
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 200
    assert "tick this box to delete it too" in response.get_data(as_text=True)
    assert counts() == before
    response = client.post("/account/delete", data={"password": PASSWORD, "erase_organisation": "y"})
    assert response.status_code == 302
    assert _logged_out(client)
    after = counts()
    assert {name: before[name] - after[name] for name in TABLES} == {
        "organisations": 1, "users": 1, "challenges": 1, "capabilities": 0, "capability_technologies": 0,
        "registrations": 1, "pitches": 0, "requests": 1, "pair_choices": 0, "meetings": 0, "outcomes": 0,
        "registration_challenges": 1, "registration_capabilities": 0}
    assert [(e.action, e.actor_id, e.actor_label, e.target_id) for e in audit_entries()[-3:]] == [
        ("challenge.delete", None, "deleted user", challenge_id),
        ("organisation.erase", None, "deleted user", org_id),
        ("account.delete", None, "deleted user", None),
    ]


def test_the_last_organiser_may_not_delete_the_account_but_another_may(client, login_as, make_user):
    first = make_user("organiser")
    first_id = first.id
    login_as(first)
    response = client.get("/account/delete")
    assert response.status_code == 403
    assert "You are the last organiser" in response.get_data(as_text=True)
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 403
    second = make_user("organiser")
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, first_id) is None
    login_as(second)
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 403


def _two_firms_at_a_workshop(make_user, make_challenge, make_capability, make_workshop, make_registration,
                             make_request, make_pitch, make_meeting):
    """Firm A (to erase) and firms B, C, all meeting each other, with requests, pitches, pins and outcomes."""
    a, b = make_user("packaging"), make_user("packaging")
    a2 = make_user("packaging", organisation=a.organisation)
    c = make_user("photonics")
    a_challenges = [make_challenge(a), make_challenge(a2)]
    b_challenge = make_challenge(b)
    c_capability = make_capability(c, technologies=("oct", "raman"))
    workshop = make_workshop(status=WorkshopStatus.CLOSED)
    make_registration(workshop, a, a_challenges)
    make_registration(workshop, b, [b_challenge])
    make_registration(workshop, c, [c_capability])
    make_request(workshop, c, a)
    make_request(workshop, b, c)
    make_pitch(workshop, c, a_challenges[0])
    make_pitch(workshop, c, b_challenge)
    with_a = make_meeting(workshop, a, c, slot=1, challenge=a_challenges[0], capability=c_capability)
    with_b = make_meeting(workshop, b, c, slot=2, challenge=b_challenge, capability=c_capability)
    db.session.add_all([
        MeetingOutcome(meeting_id=with_a.id, organisation_id=a.organisation_id, outcome=Outcome.NDA, rating=4),
        MeetingOutcome(meeting_id=with_a.id, organisation_id=c.organisation_id, outcome=Outcome.NDA, rating=5),
        MeetingOutcome(meeting_id=with_b.id, organisation_id=c.organisation_id, outcome=Outcome.NO_FIT, rating=2),
        PairChoice(workshop_id=workshop.id, packaging_id=a.organisation_id, photonics_id=c.organisation_id,
                   decision=PairDecision.PIN),
        PairChoice(workshop_id=workshop.id, packaging_id=b.organisation_id, photonics_id=c.organisation_id,
                   decision=PairDecision.BAN)])
    db.session.commit()
    return a, b, c


def test_an_organiser_erases_everything_of_an_organisation_and_nothing_else(
        client, login_as, make_user, make_challenge, make_capability, make_workshop, make_registration,
        make_request, make_pitch, make_meeting, audit_entries):
    a, b, c = _two_firms_at_a_workshop(make_user, make_challenge, make_capability, make_workshop, make_registration,
                                       make_request, make_pitch, make_meeting)
    organiser = make_user("organiser")
    a_org, a_name, b_org, c_org = a.organisation_id, a.organisation.name, b.organisation_id, c.organisation_id
    login_as(organiser)
    page = client.get(f"/organisations/{a_org}/erase").get_data(as_text=True)
    assert f"Erase {a_name}?" in page
    before = counts()
    assert client.post(f"/organisations/{a_org}/erase").status_code == 200  # not confirmed
    assert counts() == before
    response = client.post(f"/organisations/{a_org}/erase", data={"confirm": "y"})
    assert (response.status_code, response.headers["Location"]) == (302, "/organisations/")
    after = counts()
    assert {name: before[name] - after[name] for name in TABLES} == {
        "organisations": 1, "users": 2, "challenges": 2, "capabilities": 0, "capability_technologies": 0,
        "registrations": 1, "pitches": 1, "requests": 1, "pair_choices": 1, "meetings": 1, "outcomes": 2,
        "registration_challenges": 2, "registration_capabilities": 0}
    assert db.session.get(Organisation, b_org) is not None
    assert db.session.get(Organisation, c_org) is not None
    erase = audit_entries("organisation.erase")
    assert [(e.actor_id, e.target_type, e.target_id) for e in erase] == [(organiser.id, "organisation", a_org)]
    assert erase[0].summary == (f"Organisation #{a_org} (packaging) erased with 2 outcomes, 1 meetings, "
                                "1 requests, 1 pitches, 1 pair choices, 1 registrations, 2 challenges, "
                                "0 capabilities, 2 members.")
    assert a_name not in erase[0].summary
    assert [e.actor_id for e in audit_entries("challenge.delete")] == [organiser.id, organiser.id]


def test_firms_may_not_list_export_or_erase_organisations(client, login_as, make_user):
    target = make_user("packaging")
    for role in ("packaging", "photonics"):
        login_as(make_user(role))
        assert client.get("/organisations/").status_code == 403
        assert client.get(f"/organisations/{target.organisation_id}/export.json").status_code == 403
        assert client.post(f"/organisations/{target.organisation_id}/erase", data={"confirm": "y"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Organisation, target.organisation_id) is not None


def test_the_organisation_holding_every_organiser_cannot_be_erased(client, login_as, make_user, make_organisation):
    home = make_organisation("packaging")
    organiser = make_user("organiser", organisation=home)
    login_as(organiser)
    response = client.post(f"/organisations/{home.id}/erase", data={"confirm": "y"})
    assert response.status_code == 403
    assert "holds every organiser account" in response.get_data(as_text=True)


def test_organisers_list_organisations_with_counts(client, login_as, make_user, make_challenge, make_capability):
    firm = make_user("packaging")
    make_user("packaging", organisation=firm.organisation)
    make_challenge(firm), make_challenge(firm)
    login_as(make_user("organiser"))
    page = client.get("/organisations/").get_data(as_text=True)
    row = page[page.index(firm.organisation.name):].split("</tr>")[0]
    assert [cell.strip() for cell in row.split("<td>")[1:5]] == ["Packaging firm</td>", "ES</td>", "2</td>", "2</td>"]


def test_organisers_see_an_empty_list_explained(client, login_as, make_user, app):
    login_as(make_user("organiser"))
    assert "No organisations yet" in client.get("/organisations/").get_data(as_text=True)


def test_an_organiser_exports_an_organisation(client, login_as, make_user, make_challenge, make_capability,
                                              make_workshop, make_registration, make_request, make_pitch,
                                              make_meeting, audit_entries):
    a, b, c = _two_firms_at_a_workshop(make_user, make_challenge, make_capability, make_workshop, make_registration,
                                       make_request, make_pitch, make_meeting)
    organiser = make_user("organiser")
    login_as(organiser)
    response = client.get(f"/organisations/{a.organisation_id}/export.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="matchmaker-organisation-{a.organisation_id}.json"')
    data = json.loads(response.get_data(as_text=True))
    assert sorted(data) == ["audit_entries", "capabilities", "challenges", "exported_at", "meeting_outcomes",
                            "meeting_requests", "meetings", "members", "organisation", "pitches_received",
                            "pitches_sent", "workshop_registrations"]
    assert sorted(member["id"] for member in data["members"]) == sorted(
        user.id for user in db.session.scalars(select(User).where(User.organisation_id == a.organisation_id)))
    assert (len(data["challenges"]), len(data["pitches_received"]), len(data["meetings"]),
            len(data["meeting_outcomes"]), len(data["meeting_requests"])) == (2, 1, 1, 1, 1)
    assert "password" not in json.dumps(data) and "invite_code" not in json.dumps(data)
    assert [(e.action, e.actor_id, e.target_id) for e in audit_entries("organisation.export")] == [
        ("organisation.export", organiser.id, a.organisation_id)]
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) >= 1
