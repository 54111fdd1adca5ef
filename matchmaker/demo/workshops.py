"""The demo's workshops: one with published agendas (registrations, interest, a computed schedule), one open."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from matchmaker.auth.models import User
from matchmaker.enums import WorkshopStatus
from matchmaker.extensions import db
from matchmaker.workshops.interest import answer_request
from matchmaker.workshops.models import MeetingRequest, Pitch, Workshop
from matchmaker.workshops.planning import make_schedule
from matchmaker.workshops.registration import offerable_items, register
from matchmaker.workshops.services import change_status, create_workshop

PUBLISHED_TITLE = "ESCP Food Packaging × Photonics Innovation Workshop"
OPEN_TITLE = "ESCP Innovation Workshop: Traceability and Shelf Life"
# Firm -> slots it is free for (None: all of them). The first of each side is a demo login's firm.
PUBLISHED_FIRMS = {
    "Cafés Tostadero del Turia S.L.": None,
    "Avícola Vega del Jalón S.A.": None,
    "Conservas Cabo Peñas S.A.": [1, 2, 3, 4, 5, 6],
    "Conserverie du Gers SAS": None,
    "Schalenwerk Ostwestfalen GmbH": [3, 4, 5, 6, 7, 8],
    "Traiteur Garonne Gastronomie SAS": None,
    "Lumentia Photonics S.L.": None,
    "Infrarrojo y Visión Ibérica S.L.": None,
    "Rayos Precisos Ingeniería S.L.": None,
    "Fotolaser Marcaje Mediterráneo S.L.": [1, 2, 3, 4],
    "Sensórica Gases Castilla S.L.": None,
    "Spektralwerk Freiburg GmbH": None,
    "Bildverarbeitung Neckar GmbH": [5, 6, 7, 8],
    "Terawelle Messtechnik GmbH": None,
}
OPEN_FIRMS = ("Conserverie du Gers SAS", "Lumentia Photonics S.L.", "Spektralwerk Freiburg GmbH")
# (from, to, message, answer or None, reason)
REQUESTS = (
    ("Lumentia Photonics S.L.", "Cafés Tostadero del Turia S.L.",
     "Our inline hyperspectral camera sees coffee dust in the seal area; shall we look at your capsules?",
     "accept", "Yes, bring samples."),
    ("Cafés Tostadero del Turia S.L.", "Spektralwerk Freiburg GmbH",
     "Could your NIR sensor check our coating weight online?", "decline", "We only do lab instruments."),
    ("Rayos Precisos Ingeniería S.L.", "Conserverie du Gers SAS",
     "X-ray inspection finds glass in filled jars at line speed.", None, ""),
)
PITCHES = (
    ("Fotolaser Marcaje Mediterráneo S.L.", "Cafés Tostadero del Turia S.L.",
     "We can help because our fibre lasers mark lot codes that stay readable on curved, greasy surfaces."),
    ("Lumentia Photonics S.L.", "Avícola Vega del Jalón S.A.",
     "We can help because we have measured residual oxygen through lidding films in 40 ms per tray."),
)


def _user_of(organisation_name: str) -> User:
    from matchmaker.auth.models import Organisation

    return db.session.scalar(select(User).join(Organisation, User.organisation_id == Organisation.id)
                             .where(Organisation.name == organisation_name).order_by(User.id))


def _register(workshop: Workshop, firm: str, available) -> None:
    user = _user_of(firm)
    register(workshop, user, {"available": available or range(1, workshop.slot_count + 1),
                              "items": [item.id for item in offerable_items(user)]})


def _exists(title: str) -> bool:
    return db.session.scalar(select(Workshop.id).where(Workshop.title == title)) is not None


def load_demo_workshops(today: dt.date | None = None) -> int:
    """Add the demo workshops that are not there yet; returns how many were added."""
    today = today or dt.date.today()
    added = 0
    if not _exists(PUBLISHED_TITLE):
        _published_workshop(today)
        added += 1
    if not _exists(OPEN_TITLE):
        workshop = create_workshop({
            "title": OPEN_TITLE, "theme": "Marking, traceability and intelligent packaging", "city": "Bordeaux",
            "venue": "Cité du Vin, salle Garonne", "timezone": "Europe/Paris", "date": today + dt.timedelta(days=60),
            "first_start": dt.time(14, 0), "meeting_minutes": 25, "slot_count": 6, "breaks": "3:20 Coffee",
            "tables": 4, "registration_deadline": today + dt.timedelta(days=45)})
        change_status(workshop, WorkshopStatus.OPEN)
        for firm in OPEN_FIRMS:
            _register(workshop, firm, None)
        added += 1
    db.session.flush()
    return added


def _published_workshop(today: dt.date) -> None:
    workshop = create_workshop({
        "title": PUBLISHED_TITLE, "theme": "Inspection, food safety and sustainable packaging", "city": "Alicante",
        "venue": "Parque Científico de Alicante", "timezone": "Europe/Madrid", "date": today + dt.timedelta(days=14),
        "first_start": dt.time(9, 30), "meeting_minutes": 20, "slot_count": 8, "breaks": "4:30 Coffee",
        "tables": 6, "registration_deadline": today + dt.timedelta(days=7)})
    workshop.max_meetings = 6
    change_status(workshop, WorkshopStatus.OPEN)
    for firm, available in PUBLISHED_FIRMS.items():
        _register(workshop, firm, available)
    for sender, recipient, message, answer, reason in REQUESTS:
        request = MeetingRequest(workshop_id=workshop.id, requester_id=_user_of(sender).organisation_id,
                                 recipient_id=_user_of(recipient).organisation_id, message=message)
        db.session.add(request)
        db.session.flush()
        if answer:
            answer_request(request, {"answer": answer, "reason": reason})
    for sender, owner, message in PITCHES:
        user = _user_of(sender)
        challenge = offerable_items(_user_of(owner))[0]
        db.session.add(Pitch(workshop_id=workshop.id, challenge_id=challenge.id, organisation_id=user.organisation_id,
                             message=message, author_id=user.id))
    db.session.flush()
    make_schedule(workshop)
    change_status(workshop, WorkshopStatus.PUBLISHED)
