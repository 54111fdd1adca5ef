"""What the audit log records, with which actor, and that it lives and dies with the change it describes."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from matchmaker.audit.models import AuditEntry
from matchmaker.challenges.models import Challenge
from matchmaker.challenges.services import create_challenge
from matchmaker.enums import Status, Visibility, WorkshopStatus
from matchmaker.extensions import db
from tests.capabilities.test_capabilities import capability_form
from tests.challenges.test_challenges import challenge_form
from tests.conftest import PASSWORD
from tests.workshops.conftest import make_meeting, make_registration, make_workshop  # noqa: F401  (fixtures)

SECRET_TITLE = "ZZSECRET confidential seal trouble"


def _rows(entries):
    return [(e.action, e.actor_id, e.actor_label, e.target_type, e.target_id, e.organisation_id) for e in entries]


def test_challenge_create_update_delete_are_recorded_with_the_firm_user_as_actor(client, login_as, make_user,
                                                                                 audit_entries):
    owner = make_user("packaging")
    label = f"Packaging firm · {owner.organisation.name}"
    login_as(owner)
    client.post("/challenges/new", data=challenge_form(title=SECRET_TITLE, visibility="organisers"))
    challenge_id = db.session.scalar(select(Challenge.id))
    client.post(f"/challenges/{challenge_id}/edit",
                data=challenge_form(title=SECRET_TITLE + " again", visibility="organisers", status="closed"))
    client.post(f"/challenges/{challenge_id}/delete")
    entries = audit_entries()
    org = owner.organisation_id
    assert _rows(entries) == [("challenge.create", owner.id, label, "challenge", challenge_id, org),
                              ("challenge.update", owner.id, label, "challenge", challenge_id, org),
                              ("challenge.delete", owner.id, label, "challenge", challenge_id, org)]
    assert [e.summary for e in entries] == [
        f"Challenge #{challenge_id} created (status open, visibility organisers).",
        f"Challenge #{challenge_id} changed: title, status → closed.",
        f"Challenge #{challenge_id} deleted."]
    assert not any("ZZSECRET" in e.summary or "ZZSECRET" in e.actor_label for e in entries)


def test_an_organiser_editing_a_firms_challenge_is_the_actor_and_the_firm_the_organisation(
        client, login_as, make_user, make_challenge, audit_entries):
    owner, organiser = make_user("packaging"), make_user("organiser")
    challenge = make_challenge(owner)
    login_as(organiser)
    client.post(f"/challenges/{challenge.id}/close")
    assert _rows(audit_entries("challenge.update")) == [
        ("challenge.update", organiser.id, "Organiser", "challenge", challenge.id, owner.organisation_id)]


def test_capability_create_update_delete_are_recorded(client, login_as, make_user, audit_entries):
    member = make_user("photonics")
    label = f"Photonics member · {member.organisation.name}"
    login_as(member)
    client.post("/capabilities/new", data=capability_form())
    capability_id = audit_entries()[0].target_id
    client.post(f"/capabilities/{capability_id}/edit", data=capability_form(technologies=["oct"]))
    client.post(f"/capabilities/{capability_id}/delete")
    entries = audit_entries()
    assert _rows(entries) == [
        (f"capability.{verb}", member.id, label, "capability", capability_id, member.organisation_id)
        for verb in ("create", "update", "delete")]
    assert entries[1].summary == f"Capability #{capability_id} changed: technologies."


def test_changes_outside_a_request_are_recorded_as_the_command_line(make_user, make_challenge, audit_entries):
    owner = make_user("packaging")
    challenge = make_challenge(owner)
    assert _rows(audit_entries()) == [
        ("challenge.create", None, "command line", "challenge", challenge.id, owner.organisation_id)]


def test_a_rolled_back_write_leaves_no_entry_and_a_committed_one_keeps_its_entry(app, make_user, audit_entries):
    owner = make_user("packaging")
    data = challenge_form()
    create_challenge(owner, data)
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1  # written in the same transaction
    db.session.rollback()
    assert audit_entries() == []
    kept = create_challenge(owner, data)
    db.session.commit()
    assert [(e.action, e.target_id) for e in audit_entries()] == [("challenge.create", kept.id)]


def test_a_write_the_database_refuses_leaves_no_entry(app, make_user, audit_entries):
    owner = make_user("packaging")
    db.session.add(Challenge(title="Out of range", description="x" * 30, organisation_id=owner.organisation_id,
                             trl_target=42))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    else:  # pragma: no cover - the check constraint must refuse it
        raise AssertionError("TRL 42 was stored")
    assert audit_entries() == []


def test_logins_failed_logins_and_logouts_are_recorded_without_email_or_password(client, make_user, audit_entries):
    user = make_user("packaging", email="someone@firm.example")
    client.post("/auth/login", data={"email": "someone@firm.example", "password": "wrong-password-123"})
    client.post("/auth/login", data={"email": "typo@firm.example", "password": "wrong-password-123"})
    client.post("/auth/login", data={"email": "someone@firm.example", "password": PASSWORD})
    client.post("/auth/logout")
    label = f"Packaging firm · {user.organisation.name}"
    entries = audit_entries()
    assert [(e.action, e.actor_id, e.actor_label, e.target_type, e.target_id, e.summary) for e in entries] == [
        ("auth.login_failed", None, "visitor", "user", user.id, "Wrong password for an existing account."),
        ("auth.login_failed", None, "visitor", None, None, "Unknown email."),
        ("auth.login", user.id, label, "user", user.id, ""),
        ("auth.logout", user.id, label, "user", user.id, ""),
    ]
    stored = " ".join(f"{e.actor_label} {e.summary}" for e in entries)
    assert "firm.example" not in stored and "wrong-password" not in stored


def _published_workshop(make_user, make_challenge, make_capability, make_workshop, make_registration, make_meeting):
    owner, member, organiser = make_user("packaging"), make_user("photonics"), make_user("organiser")
    workshop = make_workshop(status=WorkshopStatus.PUBLISHED)
    registration = make_registration(workshop, owner, [make_challenge(owner)])
    make_registration(workshop, member, [make_capability(member)])
    meeting = make_meeting(workshop, owner, member, slot=1, table=1)
    return owner, organiser, workshop, registration, meeting


def test_every_export_is_recorded_with_its_format(client, login_as, make_user, make_challenge, make_capability,
                                                 make_workshop, make_registration, make_meeting, audit_entries):
    owner, organiser, workshop, registration, _ = _published_workshop(
        make_user, make_challenge, make_capability, make_workshop, make_registration, make_meeting)
    login_as(organiser)
    for suffix in ("meetings.csv", "meetings.xlsx", "meetings.ics", f"participants/{registration.id}/agenda.ics"):
        assert client.get(f"/workshops/{workshop.id}/{suffix}").status_code == 200
    login_as(owner)
    assert client.get(f"/workshops/{workshop.id}/agenda.ics").status_code == 200
    assert [(e.action, e.actor_id, e.target_type, e.target_id, e.organisation_id) for e in audit_entries()
            if e.action.startswith("export.")] == [
        ("export.csv", organiser.id, "workshop", workshop.id, None),
        ("export.xlsx", organiser.id, "workshop", workshop.id, None),
        ("export.ics", organiser.id, "workshop", workshop.id, None),
        ("export.ics", organiser.id, "workshop", workshop.id, owner.organisation_id),
        ("export.ics", owner.id, "workshop", workshop.id, owner.organisation_id),
    ]


def test_status_changes_moves_and_cancellations_are_recorded(client, login_as, make_user, make_challenge,
                                                             make_capability, make_workshop, make_registration,
                                                             make_meeting, audit_entries):
    owner, organiser, workshop, _, meeting = _published_workshop(
        make_user, make_challenge, make_capability, make_workshop, make_registration, make_meeting)
    login_as(organiser)
    assert client.post(f"/workshops/{workshop.id}/meetings/{meeting.id}/move",
                       data={"slot": "2", "table": "2"}).status_code == 302
    assert client.post(f"/workshops/{workshop.id}/meetings/{meeting.id}/cancel",
                       data={"confirm": "y"}).status_code == 302
    assert client.post(f"/workshops/{workshop.id}/status/closed").status_code == 302
    assert [(e.action, e.actor_id, e.actor_label, e.target_type, e.target_id, e.summary) for e in audit_entries()
            if e.actor_id == organiser.id] == [
        ("meeting.move", organiser.id, "Organiser", "meeting", meeting.id, "slot 2, table 2"),
        ("meeting.cancel", organiser.id, "Organiser", "meeting", meeting.id, f"Workshop #{workshop.id}."),
        ("workshop.status", organiser.id, "Organiser", "workshop", workshop.id, "→ closed"),
    ]


def test_making_a_schedule_is_recorded_and_a_refused_one_is_not(client, login_as, make_user, make_challenge,
                                                                make_capability, make_workshop, make_registration,
                                                                audit_entries):
    owner, member, organiser = make_user("packaging"), make_user("photonics"), make_user("organiser")
    workshop = make_workshop(status=WorkshopStatus.OPEN)
    empty = make_workshop(status=WorkshopStatus.OPEN)
    make_registration(workshop, owner, [make_challenge(owner)])
    make_registration(workshop, member, [make_capability(member)])
    login_as(organiser)
    assert client.post(f"/workshops/{empty.id}/schedule").status_code == 302  # nobody registered: refused
    assert client.post(f"/workshops/{workshop.id}/schedule").status_code == 302
    assert [(e.action, e.target_id, e.summary) for e in audit_entries() if e.actor_id == organiser.id] == [
        ("workshop.schedule", workshop.id, "1 meetings")]


def test_a_confidential_challenges_title_never_reaches_the_log(client, login_as, make_user, make_challenge,
                                                               audit_entries):
    owner = make_user("packaging")
    secret = make_challenge(owner, title=SECRET_TITLE, visibility=Visibility.ORGANISERS, status=Status.DRAFT)
    login_as(owner)
    client.post(f"/challenges/{secret.id}/edit", data=challenge_form(title=SECRET_TITLE + "!", visibility="organisers"))
    client.post(f"/challenges/{secret.id}/close")
    text = " ".join(f"{e.actor_label} {e.summary}" for e in audit_entries())
    assert "ZZSECRET" not in text
    assert len(audit_entries()) == 3
