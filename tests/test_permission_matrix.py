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
    ("POST", "/language", "language.switch_language", expect(302, 302, 302, 302, 302)),
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
    ("GET", "/matches/", "matches.strongest", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/matches/matrix", "matches.matrix", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/api/v1/challenges/{public}/matches", "api.challenge_matches", ALL_200),
    ("GET", "/api/v1/challenges/{secret}/matches", "api.challenge_matches", expect(404, 200, 404, 404, 200)),
    ("GET", "/api/v1/capabilities/{offer}/matches", "api.capability_matches", ALL_200),
    ("GET", "/api/v1/capabilities/{draft_offer}/matches", "api.capability_matches", expect(404, 404, 404, 200, 200)),
    # Workshops: {workshop} is open (owner and photonics registered, a pending request from photonics to owner,
    # a meeting between them), {published} has published agendas, {draft_workshop} is a draft.
    ("GET", "/workshops/", "workshops.list_workshops", ALL_200),
    ("GET", "/workshops/new", "workshops.new_workshop", expect(LOGIN, 403, 403, 403, 200)),
    ("POST", "/workshops/new", "workshops.new_workshop", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/workshops/{workshop}", "workshops.show_workshop", ALL_200),
    ("GET", "/workshops/{published}", "workshops.show_workshop", ALL_200),
    ("GET", "/workshops/{draft_workshop}", "workshops.show_workshop", expect(404, 404, 404, 404, 200)),
    ("GET", "/workshops/{workshop}/edit", "workshops.edit_workshop", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/workshops/{draft_workshop}/edit", "workshops.edit_workshop", expect(LOGIN, 404, 404, 404, 200)),
    ("POST", "/workshops/{published}/edit", "workshops.edit_workshop", expect(LOGIN, 403, 403, 403, 302)),
    ("GET", "/workshops/{published}/status/closed", "workshops.change_workshop_status", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/workshops/{workshop}/status/nonsense", "workshops.change_workshop_status", expect(LOGIN, 403, 403, 403, 404)),
    ("POST", "/workshops/{draft_workshop}/status/open", "workshops.change_workshop_status", expect(LOGIN, 404, 404, 404, 302)),
    ("POST", "/workshops/{workshop}/status/published", "workshops.change_workshop_status", expect(LOGIN, 403, 403, 403, 302)),
    ("GET", "/workshops/{workshop}/register", "workshop_participation.register_firm", expect(LOGIN, 200, 200, 200, 403)),
    ("POST", "/workshops/{workshop}/register", "workshop_participation.register_firm", expect(LOGIN, 200, 200, 200, 403)),
    ("GET", "/workshops/{published}/register", "workshop_participation.register_firm", expect(LOGIN, 403, 403, 403, 403)),
    ("GET", "/workshops/{draft_workshop}/register", "workshop_participation.register_firm", expect(LOGIN, 404, 404, 404, 403)),
    ("GET", "/workshops/{workshop}/withdraw", "workshop_participation.withdraw_firm", expect(LOGIN, 200, 404, 200, 403)),
    ("POST", "/workshops/{workshop}/withdraw", "workshop_participation.withdraw_firm", expect(LOGIN, 200, 404, 200, 403)),
    ("POST", "/workshops/{published}/withdraw", "workshop_participation.withdraw_firm", expect(LOGIN, 403, 404, 403, 403)),
    ("GET", "/workshops/{workshop}/mine", "workshop_participation.my_workshop", expect(LOGIN, 200, 404, 200, 403)),
    ("POST", "/workshops/{workshop}/pitches", "workshop_participation.send_pitch_view", expect(LOGIN, 403, 404, 200, 403)),
    ("POST", "/workshops/{workshop}/requests", "workshop_participation.send_request_view", expect(LOGIN, 200, 404, 200, 403)),
    ("POST", "/workshops/{workshop}/requests/{request}/answer", "workshop_participation.answer_request_view",
     expect(LOGIN, 302, 404, 404, 403)),
    ("GET", "/workshops/{workshop}/meetings/{meeting}/outcome", "workshop_participation.record_outcome_view",
     expect(LOGIN, 404, 404, 404, 403)),
    ("GET", "/workshops/{published}/meetings/{published_meeting}/outcome", "workshop_participation.record_outcome_view",
     expect(LOGIN, 403, 404, 403, 403)),
    ("GET", "/workshops/{workshop}/shortlist", "workshop_planning.shortlist", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/workshops/{draft_workshop}/shortlist", "workshop_planning.shortlist", expect(LOGIN, 404, 404, 404, 200)),
    ("POST", "/workshops/{workshop}/shortlist/decision", "workshop_planning.decide_pair", expect(LOGIN, 403, 403, 403, 302)),
    ("POST", "/workshops/{workshop}/limits", "workshop_planning.update_limits", expect(LOGIN, 403, 403, 403, 302)),
    ("POST", "/workshops/{workshop}/participants/{registration}/limit", "workshop_planning.update_firm_limit", expect(LOGIN, 403, 403, 403, 302)),
    ("GET", "/workshops/{workshop}/schedule", "workshop_planning.planning", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/workshops/{workshop}/dashboard", "workshop_dashboard.dashboard", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/workshops/{published}/dashboard", "workshop_dashboard.dashboard", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/workshops/{draft_workshop}/dashboard", "workshop_dashboard.dashboard", expect(LOGIN, 404, 404, 404, 200)),
    ("POST", "/workshops/{workshop}/schedule", "workshop_planning.schedule", expect(LOGIN, 403, 403, 403, 302)),
    ("POST", "/workshops/{workshop}/meetings/{meeting}/move", "workshop_planning.move", expect(LOGIN, 403, 403, 403, 422)),
    ("GET", "/workshops/{workshop}/meetings/{meeting}/cancel", "workshop_planning.cancel", expect(LOGIN, 403, 403, 403, 200)),
    ("POST", "/workshops/{workshop}/meetings/{meeting}/cancel", "workshop_planning.cancel", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/workshops/{workshop}/agenda", "workshop_agendas.agenda", expect(LOGIN, 404, 404, 404, 403)),
    ("GET", "/workshops/{published}/agenda", "workshop_agendas.agenda", expect(LOGIN, 200, 404, 200, 403)),
    ("GET", "/workshops/{workshop}/agenda.ics", "workshop_agendas.agenda_ics", expect(LOGIN, 404, 404, 404, 403)),
    ("GET", "/workshops/{published}/agenda.ics", "workshop_agendas.agenda_ics", expect(LOGIN, 200, 404, 200, 403)),
    ("GET", "/workshops/{published}/participants/{published_registration}/agenda.ics", "workshop_agendas.firm_agenda_ics",
     expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/workshops/{published}/meetings.ics", "workshop_agendas.meetings_ics", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/workshops/{published}/meetings.csv", "workshop_agendas.meetings_csv", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/workshops/{published}/meetings.xlsx", "workshop_agendas.meetings_xlsx", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/workshops/{workshop}/print", "workshop_agendas.print_agenda", expect(LOGIN, 404, 404, 404, 200)),
    ("GET", "/workshops/{published}/print", "workshop_agendas.print_agenda", expect(LOGIN, 200, 404, 200, 200)),
    # Audit log, accounts, organisations, privacy. The world's organiser is the only one (may not delete the account);
    # each firm user is the last member of its firm (the delete page asks for the extra confirmation).
    ("GET", "/audit/", "audit.list_entries", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/audit/?action=challenge&organisation={owner_org}", "audit.list_entries",
     expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/privacy", "account.privacy", ALL_200),
    ("GET", "/account/", "account.profile", expect(LOGIN, 200, 200, 200, 200)),
    ("POST", "/account/", "account.profile", expect(LOGIN, 302, 302, 302, 302)),  # nothing sent: saved unchanged
    ("GET", "/account/export.json", "account.export_data", expect(LOGIN, 200, 200, 200, 200)),
    ("GET", "/account/delete", "account.delete", expect(LOGIN, 200, 200, 200, 403)),
    ("POST", "/account/delete", "account.delete", expect(LOGIN, 200, 200, 200, 403)),
    ("GET", "/organisations/", "organisations.list_organisations", expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/organisations/{owner_org}/export.json", "organisations.export_organisation",
     expect(LOGIN, 403, 403, 403, 200)),
    ("GET", "/organisations/999999/export.json", "organisations.export_organisation", expect(LOGIN, 403, 403, 403, 404)),
    ("GET", "/organisations/{owner_org}/erase", "organisations.erase_organisation", expect(LOGIN, 403, 403, 403, 200)),
    ("POST", "/organisations/{owner_org}/erase", "organisations.erase_organisation",
     expect(LOGIN, 403, 403, 403, 200)),
    ("POST", "/organisations/999999/erase", "organisations.erase_organisation", expect(LOGIN, 403, 403, 403, 404)),
    # Background jobs: {job} was started by the organiser, {owner_job} by the owner; others get 404.
    ("GET", "/jobs/{job}", "jobs.show_job", expect(LOGIN, 404, 404, 404, 200)),
    ("GET", "/jobs/{job}.json", "jobs.job_status", expect(LOGIN, 404, 404, 404, 200)),
    ("GET", "/jobs/{owner_job}", "jobs.show_job", expect(LOGIN, 200, 404, 404, 200)),
    ("GET", "/jobs/{owner_job}.json", "jobs.job_status", expect(LOGIN, 200, 404, 404, 200)),
    ("GET", "/jobs/999999.json", "jobs.job_status", expect(LOGIN, 404, 404, 404, 404)),
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
        "owner_org": owner.organisation_id,
    }
    items.update(_workshops(people, items))
    items.update(_jobs(people))
    return people, items


def _jobs(people) -> dict[str, int]:
    from matchmaker.extensions import db
    from matchmaker.jobs.services import start_job

    ids = {"job": start_job("test.matrix", user=people["organiser"]).id,
           "owner_job": start_job("test.matrix", user=people["owner"]).id}
    db.session.commit()
    return ids


def _workshops(people, items) -> dict[str, int]:
    """An open, a published and a draft workshop where the owner and the photonics member take part."""
    import datetime as dt

    from matchmaker.capabilities.models import Capability
    from matchmaker.challenges.models import Challenge
    from matchmaker.enums import WorkshopStatus
    from matchmaker.extensions import db
    from matchmaker.workshops.models import Meeting, MeetingRequest, Registration, Workshop

    owner, photonics = people["owner"], people["photonics"]
    ids = {}
    for name, status in (("workshop", WorkshopStatus.OPEN), ("published", WorkshopStatus.PUBLISHED),
                         ("draft_workshop", WorkshopStatus.DRAFT)):
        workshop = Workshop(title=f"Workshop {name}", city="Alicante", venue="Hall", date=dt.date.today() + dt.timedelta(30),
                            first_start=dt.time(9), slot_count=4, tables=2, status=status,
                            registration_deadline=dt.date.today() + dt.timedelta(20))
        db.session.add(workshop)
        db.session.flush()
        mine = Registration(workshop_id=workshop.id, organisation_id=owner.organisation_id, available_slots="1,2,3,4",
                            challenges=[db.session.get(Challenge, items["public"])])
        theirs = Registration(workshop_id=workshop.id, organisation_id=photonics.organisation_id, available_slots="1,2,3,4",
                              capabilities=[db.session.get(Capability, items["offer"])])
        meeting = Meeting(workshop_id=workshop.id, slot=1, table_number=1, packaging_id=owner.organisation_id,
                          photonics_id=photonics.organisation_id, challenge_id=items["public"],
                          capability_id=items["offer"], score=0.5)
        request = MeetingRequest(workshop_id=workshop.id, requester_id=photonics.organisation_id,
                                 recipient_id=owner.organisation_id, message="Shall we meet?")
        db.session.add_all([mine, theirs, meeting, request])
        db.session.flush()
        ids[name] = workshop.id
        if name == "workshop":
            ids.update(registration=mine.id, meeting=meeting.id, request=request.id)
        elif name == "published":
            ids.update(published_registration=mine.id, published_meeting=meeting.id)
    db.session.commit()
    return ids


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
