"""Scheduling from the web: infeasible plans explained with nothing written; limits; registration rules."""
from __future__ import annotations

from sqlalchemy import func, select

from matchmaker.enums import MeetingStatus, PairDecision, WorkshopStatus
from matchmaker.extensions import db
from matchmaker.workshops.models import Meeting, PairChoice, Registration, Workshop
from matchmaker.workshops.planning import participant_limits
from tests.workshops.conftest import in_days


def test_an_infeasible_schedule_shows_the_reasons_and_writes_nothing(client, login_as, make_user, make_challenge,
                                                                     make_capability, make_workshop,
                                                                     make_registration, make_meeting):
    seals, thermo, organiser = make_user("packaging"), make_user("photonics"), make_user("organiser")
    workshop = make_workshop(status=WorkshopStatus.SCHEDULED)
    make_registration(workshop, seals, [make_challenge(seals)], available=[1, 2])
    make_registration(workshop, thermo, [make_capability(thermo)], available=[3, 4])
    db.session.add(PairChoice(workshop_id=workshop.id, packaging_id=seals.organisation_id,
                              photonics_id=thermo.organisation_id, decision=PairDecision.PIN))
    db.session.commit()
    earlier = make_meeting(workshop, seals, thermo, slot=2, table=1)
    login_as(organiser)
    response = client.post(f"/workshops/{workshop.id}/schedule")  # runs as a job (inline in tests)
    assert response.status_code == 302
    job_page = client.get(response.headers["Location"])
    assert job_page.status_code == 200
    reason = f"Pinned pair {seals.organisation.name}–{thermo.organisation.name} has no slot where both are available"
    for page in (job_page.get_data(as_text=True),
                 client.get(f"/workshops/{workshop.id}/schedule?job={response.headers['Location'].rsplit('/', 1)[1]}")
                 .get_data(as_text=True)):
        assert "No schedule meets every pin and minimum. Nothing was changed." in page
        assert reason in page
    db.session.expire_all()
    assert [m.id for m in db.session.scalars(select(Meeting))] == [earlier.id]
    assert db.session.get(Workshop, workshop.id).schedule_method is None


def test_a_min_per_challenge_becomes_the_packaging_firms_minimum_capped_by_its_free_slots(
        make_user, make_challenge, make_workshop, make_registration):
    seals = make_user("packaging")
    workshop = make_workshop(max_meetings=5, min_meetings_per_challenge=2, max_meetings_per_challenge=1)
    three = make_registration(workshop, seals, [make_challenge(seals), make_challenge(seals), make_challenge(seals)],
                              available=[1, 2])
    assert participant_limits(workshop, three) == (2, 2)  # min 3x2=6, max min(5, 3x1=3) -> both capped by 2 free slots
    workshop.min_meetings_per_challenge = 0
    assert participant_limits(workshop, three) == (0, 2)
    workshop.min_meetings_per_challenge = 2
    three.available = [1, 2, 3, 4]
    three.max_meetings = 3
    assert participant_limits(workshop, three) == (3, 3)


def test_registration_closes_after_the_deadline_and_once_scheduled(client, login_as, make_user, make_challenge,
                                                                   make_workshop, make_registration):
    seals = make_user("packaging")
    challenge = make_challenge(seals)
    late = make_workshop(registration_deadline=in_days(-1), date=in_days(5))
    login_as(seals)
    assert client.get(f"/workshops/{late.id}/register").status_code == 403
    scheduled = make_workshop(status=WorkshopStatus.SCHEDULED)
    make_registration(scheduled, seals, [challenge])
    assert client.get(f"/workshops/{scheduled.id}/register").status_code == 403
    assert client.post(f"/workshops/{scheduled.id}/withdraw", data={"confirm": "y"}).status_code == 403


def test_a_firm_registers_only_its_own_open_challenges(client, login_as, make_user, make_challenge, make_workshop):
    seals, other = make_user("packaging"), make_user("packaging")
    mine, theirs = make_challenge(seals), make_challenge(other)
    workshop = make_workshop()
    login_as(seals)
    response = client.post(f"/workshops/{workshop.id}/register", data={"available": ["1"], "items": [str(theirs.id)]})
    assert response.status_code == 200
    assert "is not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0
    response = client.post(f"/workshops/{workshop.id}/register", data={"available": ["1", "9"], "items": [str(mine.id)]})
    assert response.status_code == 200
    response = client.post(f"/workshops/{workshop.id}/register", data={"available": ["1", "3"], "items": [str(mine.id)]})
    assert response.status_code == 302
    db.session.expire_all()
    registration = db.session.scalar(select(Registration))
    assert (registration.available, [c.id for c in registration.challenges]) == ([1, 3], [mine.id])


def test_withdrawing_removes_the_firms_requests(client, login_as, make_user, make_challenge, make_capability,
                                                make_workshop, make_registration, make_request):
    seals, thermo = make_user("packaging"), make_user("photonics")
    workshop = make_workshop()
    make_registration(workshop, seals, [make_challenge(seals)])
    make_registration(workshop, thermo, [make_capability(thermo)])
    make_request(workshop, thermo, seals)
    login_as(thermo)
    assert client.post(f"/workshops/{workshop.id}/withdraw").status_code == 200  # not confirmed: asked again
    assert client.post(f"/workshops/{workshop.id}/withdraw", data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert [r.organisation_id for r in db.session.scalars(select(Registration))] == [seals.organisation_id]
    from matchmaker.workshops.models import MeetingRequest
    assert db.session.scalar(select(func.count()).select_from(MeetingRequest)) == 0


def test_cancelling_a_pinned_meeting_warns_and_bringing_it_back_checks_it(client, login_as, make_user, make_challenge,
                                                                          make_capability, make_workshop,
                                                                          make_registration, make_meeting):
    seals, thermo, organiser = make_user("packaging"), make_user("photonics"), make_user("organiser")
    workshop = make_workshop(status=WorkshopStatus.SCHEDULED)
    make_registration(workshop, seals, [make_challenge(seals)], available=[1, 2])
    make_registration(workshop, thermo, [make_capability(thermo)], available=[2, 3])
    db.session.add(PairChoice(workshop_id=workshop.id, packaging_id=seals.organisation_id,
                              photonics_id=thermo.organisation_id, decision=PairDecision.PIN))
    db.session.commit()
    meeting = make_meeting(workshop, seals, thermo, slot=2, table=1)
    login_as(organiser)
    response = client.post(f"/workshops/{workshop.id}/meetings/{meeting.id}/cancel", data={"confirm": "y"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The meeting is cancelled." in page
    assert f"Note: the schedule no longer meets Pinned pair {seals.organisation.name}–{thermo.organisation.name} " \
           "is not scheduled." in page
    response = client.post(f"/workshops/{workshop.id}/meetings/{meeting.id}/move", data={"slot": "1", "table": ""})
    assert response.status_code == 422
    assert f"{thermo.organisation.name} is not available at 09:00" in response.get_data(as_text=True)
    response = client.post(f"/workshops/{workshop.id}/meetings/{meeting.id}/move", data={"slot": "2", "table": "2"})
    assert response.status_code == 302
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting.id)
    assert (meeting.status, meeting.slot, meeting.table_number) == (MeetingStatus.SCHEDULED, 2, 2)
