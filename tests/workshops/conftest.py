"""Builders for workshop tests: a workshop, a firm's registration, requests, pitches and meetings."""
from __future__ import annotations

import datetime as dt

import pytest

from matchmaker.enums import MeetingStatus, RequestStatus, WorkshopStatus
from matchmaker.extensions import db
from matchmaker.workshops.models import Meeting, MeetingRequest, Pitch, Registration, Workshop


def in_days(days: int) -> dt.date:
    return dt.date.today() + dt.timedelta(days=days)


@pytest.fixture()
def make_workshop(app):
    def build(**overrides) -> Workshop:
        values = {"title": "Packaging meets photonics", "theme": "Inspection", "city": "Alicante",
                  "venue": "Parque Científico", "timezone": "Europe/Madrid", "date": in_days(30),
                  "first_start": dt.time(9, 0), "meeting_minutes": 20, "slot_count": 4, "breaks": "2:10 Coffee",
                  "tables": 2, "registration_deadline": in_days(20), "status": WorkshopStatus.OPEN}
        values.update(overrides)
        workshop = Workshop(**values)
        db.session.add(workshop)
        db.session.commit()
        return workshop
    return build


@pytest.fixture()
def make_registration(app):
    def build(workshop: Workshop, user, items=(), available=None, **overrides) -> Registration:
        registration = Registration(workshop_id=workshop.id, organisation_id=user.organisation_id,
                                    registered_by_id=user.id, **overrides)
        registration.available = available if available is not None else range(1, workshop.slot_count + 1)
        if user.role.value == "packaging":
            registration.challenges = list(items)
        else:
            registration.capabilities = list(items)
        db.session.add(registration)
        db.session.commit()
        return registration
    return build


@pytest.fixture()
def make_request(app):
    def build(workshop: Workshop, requester, recipient, status=RequestStatus.PENDING, message="Let us talk.",
              **overrides) -> MeetingRequest:
        request = MeetingRequest(workshop_id=workshop.id, requester_id=requester.organisation_id,
                                 recipient_id=recipient.organisation_id, status=status, message=message, **overrides)
        db.session.add(request)
        db.session.commit()
        return request
    return build


@pytest.fixture()
def make_pitch(app):
    def build(workshop: Workshop, sender, challenge, message="We can help because we measure seals.") -> Pitch:
        pitch = Pitch(workshop_id=workshop.id, challenge_id=challenge.id, organisation_id=sender.organisation_id,
                      message=message, author_id=sender.id)
        db.session.add(pitch)
        db.session.commit()
        return pitch
    return build


@pytest.fixture()
def make_meeting(app):
    def build(workshop: Workshop, packaging, photonics, *, slot=1, table=1, challenge=None, capability=None,
              score=0.5, status=MeetingStatus.SCHEDULED) -> Meeting:
        meeting = Meeting(workshop_id=workshop.id, slot=slot, table_number=table,
                          packaging_id=packaging.organisation_id, photonics_id=photonics.organisation_id,
                          challenge_id=challenge.id if challenge else None,
                          capability_id=capability.id if capability else None, score=score, status=status)
        db.session.add(meeting)
        db.session.commit()
        return meeting
    return build
