"""The whole workshop, end to end through the web: set up, register, interest, shortlist, schedule, edit,
publish, download, record outcomes, read the statistics."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter

import openpyxl
from icalendar import Calendar
from sqlalchemy import select

from matchmaker.enums import MeetingStatus, RequestStatus, WorkshopStatus
from matchmaker.extensions import db
from matchmaker.workshops.models import Meeting, MeetingRequest, PairChoice, Pitch, Registration, Workshop
from matchmaker.workshops.planning import as_planned, build_problem
from matchmaker.workshops.scheduling import check_meetings
from matchmaker.workshops.services import programme
from tests.workshops.conftest import in_days


def workshop_form(**overrides) -> dict:
    data = {"title": "ESCP Packaging × Photonics", "theme": "Inspection", "city": "Alicante",
            "venue": "Parque Científico", "timezone": "Europe/Madrid", "date": in_days(30).isoformat(),
            "first_start": "09:00", "meeting_minutes": "20", "slot_count": "4", "breaks": "2:10 Coffee",
            "tables": "2", "registration_deadline": in_days(20).isoformat()}
    data.update(overrides)
    return data


def load(model, **where):
    db.session.expire_all()
    return db.session.scalar(select(model).filter_by(**where))


def meetings_of(workshop_id: int) -> list[Meeting]:
    db.session.expire_all()
    return list(db.session.scalars(select(Meeting).where(Meeting.workshop_id == workshop_id)
                                   .order_by(Meeting.slot, Meeting.table_number)))


def test_a_workshop_from_set_up_to_outcomes(client, login_as, make_user, make_challenge, make_capability):
    organiser = make_user("organiser")
    seals, jars = make_user("packaging", name="Ana"), make_user("packaging", name="Bruno")
    thermo, xray = make_user("photonics", name="Chloé"), make_user("photonics", name="Dieter")
    seal_challenge = make_challenge(seals, title="Leaking seals on meat trays",
                                    description="Tray seals leak after a week; we need inline seal inspection.",
                                    keywords="seal, leak, tray")
    jar_challenge = make_challenge(jars, title="Glass splinters in jars",
                                   description="Glass fragments in filled jars must be found before shipping.",
                                   keywords="glass, foreign bodies, jar")
    thermo_capability = make_capability(thermo, title="Thermography of seals",
                                        description="Active thermography finds seal defects in trays inline.",
                                        keywords="thermography, seal")
    xray_capability = make_capability(xray, technologies=("xray",), title="X-ray foreign body detection",
                                      description="X-ray inspection finds glass and metal in filled jars.",
                                      keywords="x-ray, glass, foreign bodies")

    # 1. The organiser creates a workshop (a draft) and opens registration after confirming.
    login_as(organiser)
    response = client.post("/workshops/new", data=workshop_form())
    assert response.status_code == 302
    workshop = load(Workshop, title="ESCP Packaging × Photonics")
    assert response.headers["Location"] == f"/workshops/{workshop.id}"
    assert (workshop.status, workshop.breaks, workshop.tables) == (WorkshopStatus.DRAFT, "2:10 Coffee", 2)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "09:00–09:20" in page and "09:40–09:50" in page and "Coffee" in page and "10:10–10:30" in page
    assert client.get(f"/workshops/{workshop.id}/status/open").status_code == 200
    assert client.post(f"/workshops/{workshop.id}/status/open").status_code == 302
    assert load(Workshop, id=workshop.id).status == WorkshopStatus.OPEN

    # 2. Four firms register with their availability and what they bring.
    for user, available, item in ((seals, ["1", "2", "3", "4"], seal_challenge), (jars, ["2", "3", "4"], jar_challenge),
                                  (thermo, ["1", "2", "3"], thermo_capability), (xray, ["1", "2", "3", "4"], xray_capability)):
        login_as(user)
        assert client.get(f"/workshops/{workshop.id}/register").status_code == 200
        response = client.post(f"/workshops/{workshop.id}/register", data={"available": available, "items": [str(item.id)]})
        assert response.status_code == 302
        assert response.headers["Location"] == f"/workshops/{workshop.id}/mine"
    registration = load(Registration, workshop_id=workshop.id, organisation_id=jars.organisation_id)
    assert (registration.available, [c.id for c in registration.challenges]) == ([2, 3, 4], [jar_challenge.id])

    # 3. A pitch one way, a request the other way, accepted.
    login_as(xray)
    response = client.post(f"/workshops/{workshop.id}/pitches", data={
        "pitch-challenge": str(seal_challenge.id), "pitch-capability": str(xray_capability.id),
        "pitch-message": "Our X-ray line also sees seal contamination."})
    assert response.status_code == 302
    login_as(thermo)
    jars_registration = load(Registration, workshop_id=workshop.id, organisation_id=jars.organisation_id)
    response = client.post(f"/workshops/{workshop.id}/requests", data={
        "request-recipient": str(jars_registration.id), "request-message": "Thermography sees glass too."})
    assert response.status_code == 302
    request = load(MeetingRequest, workshop_id=workshop.id)
    login_as(jars)
    mine = client.get(f"/workshops/{workshop.id}/mine").get_data(as_text=True)
    assert "Thermography sees glass too." in mine
    response = client.post(f"/workshops/{workshop.id}/requests/{request.id}/answer",
                           data={"answer-answer": "accept", "answer-reason": "Happy to."})
    assert response.status_code == 302
    assert load(MeetingRequest, id=request.id).status == RequestStatus.ACCEPTED
    assert load(Pitch, workshop_id=workshop.id).challenge_id == seal_challenge.id

    # 4. The organiser's shortlist, a pin and a ban.
    login_as(organiser)
    shortlist = client.get(f"/workshops/{workshop.id}/shortlist").get_data(as_text=True)
    assert "Leaking seals on meat trays" in shortlist and "request" in shortlist and "pitch to" in shortlist
    assert client.post(f"/workshops/{workshop.id}/shortlist/decision", data={
        "packaging": seals.organisation_id, "photonics": xray.organisation_id, "decision": "pin"}).status_code == 302
    assert "The pair is pinned: they must meet." in client.get(f"/workshops/{workshop.id}/shortlist").get_data(
        as_text=True)
    client.post("/language", data={"language": "de", "next": "/"})
    assert client.post(f"/workshops/{workshop.id}/shortlist/decision", data={
        "packaging": jars.organisation_id, "photonics": xray.organisation_id, "decision": "ban"}).status_code == 302
    german = client.get(f"/workshops/{workshop.id}/shortlist").get_data(as_text=True)
    assert "Das Paar ist gesperrt: Es darf sich nicht treffen." in german
    client.post("/language", data={"language": "en", "next": "/"})
    assert sorted((c.packaging_id, c.photonics_id, c.decision.value) for c in db.session.scalars(select(PairChoice))) \
        == sorted([(seals.organisation_id, xray.organisation_id, "pin"), (jars.organisation_id, xray.organisation_id, "ban")])

    # 5. Schedule: every constraint holds on the stored meetings; the same input gives the same schedule.
    response = client.post(f"/workshops/{workshop.id}/schedule")
    assert response.status_code == 302
    workshop = load(Workshop, id=workshop.id)
    assert (workshop.status, workshop.schedule_optimal, workshop.schedule_method) == (WorkshopStatus.SCHEDULED, True, "milp")
    stored = meetings_of(workshop.id)
    pairs = {(m.packaging_id, m.photonics_id) for m in stored}
    assert pairs == {(seals.organisation_id, thermo.organisation_id), (seals.organisation_id, xray.organisation_id),
                     (jars.organisation_id, thermo.organisation_id)}
    available = {seals.organisation_id: {1, 2, 3, 4}, jars.organisation_id: {2, 3, 4},
                 thermo.organisation_id: {1, 2, 3}, xray.organisation_id: {1, 2, 3, 4}}
    for m in stored:
        assert m.slot in available[m.packaging_id] and m.slot in available[m.photonics_id]
        assert 1 <= m.table_number <= 2 and m.status == MeetingStatus.SCHEDULED
    busy = Counter((org, m.slot) for m in stored for org in (m.packaging_id, m.photonics_id))
    assert max(busy.values()) == 1
    assert max(Counter((m.slot, m.table_number) for m in stored).values()) == 1
    by_pair = {(m.packaging_id, m.photonics_id): m for m in stored}
    assert (by_pair[(seals.organisation_id, thermo.organisation_id)].challenge_id,
            by_pair[(seals.organisation_id, thermo.organisation_id)].capability_id) == (seal_challenge.id, thermo_capability.id)
    labels = {slot.number: slot.label for slot in programme(workshop)}
    assert check_meetings(problem=build_problem(workshop), meetings=[as_planned(m, labels) for m in stored]) == []
    planning = client.get(f"/workshops/{workshop.id}/schedule").get_data(as_text=True)
    assert "proven optimal" in planning and "method milp" in planning
    first = [(m.slot, m.table_number, m.packaging_id, m.photonics_id) for m in stored]
    assert client.post(f"/workshops/{workshop.id}/schedule").status_code == 302
    assert [(m.slot, m.table_number, m.packaging_id, m.photonics_id) for m in meetings_of(workshop.id)] == first

    # 6. Hand edits: a move into a slot where the firm is busy is refused and explained; a free one is accepted.
    stored = meetings_of(workshop.id)
    moving = {(m.packaging_id, m.photonics_id): m for m in stored}[(seals.organisation_id, thermo.organisation_id)]
    other = next(m for m in stored if m.packaging_id == seals.organisation_id and m.id != moving.id)
    response = client.post(f"/workshops/{workshop.id}/meetings/{moving.id}/move", data={"slot": str(other.slot), "table": ""})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert f"{seals.organisation.name} has 2 meetings at {labels[other.slot]}" in text
    assert load(Meeting, id=moving.id).slot == moving.slot
    busy_slots = {m.slot for m in stored if m.id != moving.id and {m.packaging_id, m.photonics_id} & {
        seals.organisation_id, thermo.organisation_id}}
    free = min(({1, 2, 3} - busy_slots) - {moving.slot})
    response = client.post(f"/workshops/{workshop.id}/meetings/{moving.id}/move", data={"slot": str(free), "table": "2"})
    assert response.status_code == 302
    moved = load(Meeting, id=moving.id)
    assert (moved.slot, moved.table_number) == (free, 2)

    # Participants see no agenda before publishing.
    login_as(seals)
    assert client.get(f"/workshops/{workshop.id}/agenda").status_code == 404
    assert client.get(f"/workshops/{workshop.id}/agenda.ics").status_code == 404

    # 7. Publish; participants read and download their agendas.
    login_as(organiser)
    assert client.post(f"/workshops/{workshop.id}/status/published").status_code == 302
    assert load(Workshop, id=workshop.id).status == WorkshopStatus.PUBLISHED
    login_as(seals)
    agenda = client.get(f"/workshops/{workshop.id}/agenda").get_data(as_text=True)
    assert thermo.organisation.name in agenda and xray.organisation.name in agenda
    assert "Challenge: Leaking seals on meat trays" in agenda
    response = client.get(f"/workshops/{workshop.id}/agenda.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("dtstart"))
    own = sorted((m for m in meetings_of(workshop.id) if m.packaging_id == seals.organisation_id), key=lambda m: m.slot)
    assert len(events) == 2
    for event, meeting in zip(events, own):
        slot = programme(workshop)[meeting.slot - 1]
        assert event.decoded("dtstart") == slot.starts_at
        assert str(event.decoded("dtstart").tzinfo) == "Europe/Madrid"
        assert event["uid"] == f"workshop-{workshop.id}-pair-{meeting.packaging_id}-{meeting.photonics_id}@matchmaker.example"
        counterpart = {thermo.organisation_id: thermo, xray.organisation_id: xray}[meeting.photonics_id].organisation.name
        assert str(event["summary"]) == f"Meeting: {counterpart} (table {meeting.table_number})"

    # 8. The organiser's CSV and XLSX of every meeting.
    login_as(organiser)
    response = client.get(f"/workshops/{workshop.id}/meetings.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    all_meetings = meetings_of(workshop.id)
    assert [(int(r["Slot"]), int(r["Table"]), r["Packaging firm"], r["Photonics member"]) for r in rows] == [
        (m.slot, m.table_number, m.packaging.name, m.photonics.name) for m in all_meetings]
    assert {r["Challenge"] for r in rows} == {"Leaking seals on meat trays", "Glass splinters in jars"}
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/workshops/{workshop.id}/meetings.xlsx").data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:6] == ("Slot", "Starts", "Ends", "Table", "Packaging firm", "Photonics member")
    assert [(row[0], row[3], row[4]) for row in values[1:]] == [(m.slot, m.table_number, m.packaging.name) for m in all_meetings]
    assert isinstance(values[1][1], dt.datetime)
    printed = client.get(f"/workshops/{workshop.id}/print?by=table").get_data(as_text=True)
    assert printed.count('class="sheet"') == 2 and "print.css" in printed

    # 9. Close; both sides record outcomes; the organiser sees the statistics.
    assert client.post(f"/workshops/{workshop.id}/status/closed").status_code == 302
    seals_thermo = load(Meeting, packaging_id=seals.organisation_id, photonics_id=thermo.organisation_id)
    jars_thermo = load(Meeting, packaging_id=jars.organisation_id, photonics_id=thermo.organisation_id)
    for user, meeting, outcome, rating in ((seals, seals_thermo, "nda", "5"), (thermo, seals_thermo, "follow_up", "4"),
                                           (jars, jars_thermo, "no_fit", "2")):
        login_as(user)
        assert client.get(f"/workshops/{workshop.id}/meetings/{meeting.id}/outcome").status_code == 200
        response = client.post(f"/workshops/{workshop.id}/meetings/{meeting.id}/outcome",
                               data={"outcome": outcome, "rating": rating, "note": "Good talk."})
        assert response.status_code == 302
    login_as(organiser)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "3 meetings held (not cancelled); 2 with at least one outcome recorded (3 records from both sides)." in page
    assert "Mean usefulness: 3.67 / 5." in page
    assert "<td>NDA</td><td>1</td>" in page and "<td>Follow-up call</td><td>1</td>" in page
    assert "<td>No fit</td><td>1</td>" in page and "<td>Agreement signed</td><td>0</td>" in page
    lead_score = f"{seals_thermo.score:.2f}"
    assert f"<td>1</td><td>{lead_score}</td>" in page and f"<td>1</td><td>{jars_thermo.score:.2f}</td>" in page
