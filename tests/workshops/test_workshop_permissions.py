"""Who sees what at a workshop: own interest only, confidential challenges, anonymous firms, drafts, organisers' pages."""
from __future__ import annotations

import csv
import io

import pytest
from icalendar import Calendar

from matchmaker.enums import RequestStatus, Visibility, WorkshopStatus


@pytest.fixture()
def published(make_user, make_challenge, make_capability, make_workshop, make_registration, make_meeting):
    """A published workshop: two packaging firms, two photonics members, three meetings."""
    people = {"seals": make_user("packaging"), "jars": make_user("packaging"),
              "thermo": make_user("photonics"), "xray": make_user("photonics"), "organiser": make_user("organiser")}
    seal = make_challenge(people["seals"], title="Secret seal problem", visibility=Visibility.ORGANISERS)
    jar = make_challenge(people["jars"], title="Anonymous glass problem", anonymous=True)
    thermo = make_capability(people["thermo"], title="Thermography")
    xray = make_capability(people["xray"], title="X-ray")
    workshop = make_workshop(status=WorkshopStatus.PUBLISHED)
    for user, item in ((people["seals"], seal), (people["jars"], jar), (people["thermo"], thermo),
                       (people["xray"], xray)):
        make_registration(workshop, user, [item])
    make_meeting(workshop, people["seals"], people["thermo"], slot=1, table=1, challenge=seal, capability=thermo)
    make_meeting(workshop, people["jars"], people["thermo"], slot=2, table=1, challenge=jar, capability=thermo)
    make_meeting(workshop, people["jars"], people["xray"], slot=1, table=2, challenge=jar, capability=xray)
    return workshop, people


def ics_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    return "\n".join(str(event.get(name, "")) for event in calendar.walk("VEVENT")
                     for name in ("summary", "description", "location"))


def test_participants_see_only_their_own_requests_and_pitches(client, login_as, make_user, make_challenge,
                                                             make_capability, make_workshop, make_registration,
                                                             make_request, make_pitch):
    seals, jars, thermo = make_user("packaging"), make_user("packaging"), make_user("photonics")
    seal, jar = make_challenge(seals, title="Seal challenge"), make_challenge(jars, title="Jar challenge")
    workshop = make_workshop()
    make_registration(workshop, seals, [seal])
    make_registration(workshop, jars, [jar])
    make_registration(workshop, thermo, [make_capability(thermo)])
    make_request(workshop, thermo, jars, message="Only for the jar firm")
    make_pitch(workshop, thermo, jar, message="A pitch only the jar firm reads")
    login_as(seals)
    page = client.get(f"/workshops/{workshop.id}/mine").get_data(as_text=True)
    assert "Only for the jar firm" not in page and "A pitch only the jar firm reads" not in page
    login_as(jars)
    page = client.get(f"/workshops/{workshop.id}/mine").get_data(as_text=True)
    assert "Only for the jar firm" in page and "A pitch only the jar firm reads" in page


def test_a_confidential_challenge_stays_out_of_other_firms_agendas_and_files(client, login_as, published):
    workshop, people = published
    login_as(people["thermo"])
    agenda = client.get(f"/workshops/{workshop.id}/agenda").get_data(as_text=True)
    assert "Secret seal problem" not in agenda
    assert "A challenge the packaging firm will present" in agenda
    assert "Secret seal problem" not in ics_text(client, f"/workshops/{workshop.id}/agenda.ics")
    assert "Secret seal problem" not in client.get(f"/workshops/{workshop.id}/print").get_data(as_text=True)
    login_as(people["seals"])
    assert "Secret seal problem" in client.get(f"/workshops/{workshop.id}/agenda").get_data(as_text=True)
    login_as(people["organiser"])
    thermo_registration = next(r for r in workshop.registrations if r.organisation_id == people["thermo"].organisation_id)
    firm_ics = ics_text(client, f"/workshops/{workshop.id}/participants/{thermo_registration.id}/agenda.ics")
    assert "Secret seal problem" not in firm_ics
    for by in ("table", "firm"):
        sheets = client.get(f"/workshops/{workshop.id}/print?by={by}").get_data(as_text=True)
        assert sheets.count("Secret seal problem") == (0 if by == "table" else 1)  # only on the seal firm's own sheet
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/workshops/{workshop.id}/meetings.csv").data.decode("utf-8-sig"))))
    assert [row["Challenge visibility"] for row in rows if row["Challenge"] == "Secret seal problem"] == [
        "Confidential: organisers only"]


def test_an_anonymous_firm_is_named_to_a_photonics_member_only_after_accepting_its_request(
        client, login_as, published, make_request):
    workshop, people = published
    name = people["jars"].organisation.name
    login_as(people["thermo"])
    agenda = client.get(f"/workshops/{workshop.id}/agenda").get_data(as_text=True)
    assert name not in agenda and "Anonymous packaging firm" in agenda
    assert name not in ics_text(client, f"/workshops/{workshop.id}/agenda.ics")
    assert name not in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    make_request(workshop, people["thermo"], people["jars"], status=RequestStatus.ACCEPTED)
    agenda = client.get(f"/workshops/{workshop.id}/agenda").get_data(as_text=True)
    assert name in agenda
    login_as(people["xray"])  # no accepted request: still anonymous to the other photonics member
    assert name not in client.get(f"/workshops/{workshop.id}/agenda").get_data(as_text=True)
    assert name not in ics_text(client, f"/workshops/{workshop.id}/agenda.ics")


def test_a_draft_workshop_is_404_for_everyone_but_organisers(client, login_as, make_user, make_workshop):
    workshop = make_workshop(status=WorkshopStatus.DRAFT, title="Hidden draft workshop")
    for role in ("packaging", "photonics"):
        login_as(make_user(role))
        assert client.get(f"/workshops/{workshop.id}").status_code == 404
        assert "Hidden draft workshop" not in client.get("/workshops/").get_data(as_text=True)
    login_as(None)
    assert client.get(f"/workshops/{workshop.id}").status_code == 404
    login_as(make_user("organiser"))
    assert client.get(f"/workshops/{workshop.id}").status_code == 200
    assert "Hidden draft workshop" in client.get("/workshops/").get_data(as_text=True)


def test_organiser_actions_are_forbidden_to_firms(client, login_as, published):
    workshop, people = published
    login_as(people["seals"])
    for method, url in (("POST", f"/workshops/{workshop.id}/schedule"), ("GET", f"/workshops/{workshop.id}/shortlist"),
                        ("POST", f"/workshops/{workshop.id}/status/closed"),
                        ("GET", f"/workshops/{workshop.id}/meetings.csv"),
                        ("GET", f"/workshops/{workshop.id}/meetings.xlsx")):
        assert client.open(url, method=method).status_code == 403


def test_the_empty_workshop_list_says_what_comes_next(client, login_as, make_user):
    login_as(make_user("packaging"))
    page = client.get("/workshops/").get_data(as_text=True)
    assert "No workshops yet." in page and "your firm can register" in page
