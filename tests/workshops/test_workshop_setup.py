"""Organisers setting up a workshop, and firms' interest: the form checks, the state rules, the pitch and request rules."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from matchmaker.enums import Visibility, WorkshopStatus
from matchmaker.extensions import db
from matchmaker.workshops.models import MeetingRequest, Pitch, Workshop
from tests.workshops.conftest import in_days
from tests.workshops.test_workshop_workflow import workshop_form


def test_a_nonsensical_programme_is_refused_beside_its_fields(client, login_as, make_user):
    login_as(make_user("organiser"))
    response = client.post("/workshops/new", data=workshop_form(
        breaks="3:xx Coffee", timezone="Europe/Atlantis", registration_deadline=in_days(40).isoformat(), title="Tiny"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Cannot read the break &#39;3:xx Coffee&#39;: write it as slot:minutes label, e.g. &#39;3:15 Coffee&#39;." in page
    assert "Unknown time zone &#39;Europe/Atlantis&#39;: use an IANA name such as &#39;Europe/Madrid&#39;." in page
    assert "The deadline must be on or before the workshop&#39;s day." in page
    assert "Field must be between 5 and 200 characters long." in page
    response = client.post("/workshops/new", data=workshop_form(first_start="23:00", slot_count="8"))
    assert response.status_code == 200
    assert "The programme would end at 01:50 on the next day; a workshop must end by midnight." in \
        response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 0


def test_only_forward_transitions_that_make_sense(client, login_as, make_user, make_workshop):
    login_as(make_user("organiser"))
    workshop = make_workshop(status=WorkshopStatus.OPEN)
    response = client.post(f"/workshops/{workshop.id}/status/published", follow_redirects=True)
    assert "A workshop that is “Open for registration” cannot become “Agendas published”." in \
        response.get_data(as_text=True)
    assert client.get(f"/workshops/{workshop.id}/status/scheduled").status_code == 404
    assert client.get(f"/workshops/{workshop.id}/status/draft").status_code == 404
    scheduled = make_workshop(status=WorkshopStatus.SCHEDULED)
    response = client.post(f"/workshops/{scheduled.id}/status/published", follow_redirects=True)
    assert "There are no scheduled meetings to publish." in response.get_data(as_text=True)
    db.session.expire_all()
    assert [w.status for w in db.session.scalars(select(Workshop).order_by(Workshop.id))] == [
        WorkshopStatus.OPEN, WorkshopStatus.SCHEDULED]


def test_a_pitch_can_go_only_to_a_challenge_the_member_may_see(client, login_as, make_user, make_challenge,
                                                              make_capability, make_workshop, make_registration):
    seals, thermo = make_user("packaging"), make_user("photonics")
    secret = make_challenge(seals, title="Confidential seal trouble", visibility=Visibility.ORGANISERS)
    public = make_challenge(seals, title="Public seal trouble")
    workshop = make_workshop()
    make_registration(workshop, seals, [secret, public])
    make_registration(workshop, thermo, [make_capability(thermo)])
    login_as(thermo)
    page = client.get(f"/workshops/{workshop.id}/mine").get_data(as_text=True)
    assert "Confidential seal trouble" not in page and "Public seal trouble" in page
    response = client.post(f"/workshops/{workshop.id}/pitches", data={
        "pitch-challenge": str(secret.id), "pitch-message": "We can help because we see through seals."})
    assert response.status_code == 200
    assert "Not a valid choice." in response.get_data(as_text=True)
    response = client.post(f"/workshops/{workshop.id}/pitches", data={
        "pitch-challenge": str(public.id), "pitch-message": "x" * 1001})
    assert response.status_code == 200
    assert "Field must be between 20 and 1000 characters long." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Pitch)) == 0
    pitch = {"pitch-challenge": str(public.id), "pitch-message": "We can help because we see through seals."}
    assert client.post(f"/workshops/{workshop.id}/pitches", data=pitch).status_code == 302
    response = client.post(f"/workshops/{workshop.id}/pitches", data=pitch)
    assert response.status_code == 409  # a second pitch is refused beside the field, not redirected like a success
    assert re.search(r'<p class="error"[^>]*>Your firm already sent a pitch to this challenge.',
                     response.get_data(as_text=True))
    assert db.session.scalar(select(func.count()).select_from(Pitch)) == 1


def test_one_meeting_request_per_pair_of_firms_either_way(client, login_as, make_user, make_challenge,
                                                         make_capability, make_workshop, make_registration,
                                                         make_request):
    seals, thermo = make_user("packaging"), make_user("photonics")
    workshop = make_workshop()
    mine = make_registration(workshop, seals, [make_challenge(seals)])
    theirs = make_registration(workshop, thermo, [make_capability(thermo)])
    make_request(workshop, thermo, seals)
    login_as(seals)
    response = client.post(f"/workshops/{workshop.id}/requests", data={"request-recipient": str(theirs.id)})
    assert response.status_code == 409  # shown again with the rule beside the field, not redirected like a success
    assert re.search(r'<p class="error"[^>]*>There is already a meeting request between your firms',
                     response.get_data(as_text=True))
    response = client.post(f"/workshops/{workshop.id}/requests", data={"request-recipient": str(mine.id)})
    assert response.status_code == 200  # a firm cannot ask itself: not among the choices
    assert "Not a valid choice." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(MeetingRequest)) == 1
