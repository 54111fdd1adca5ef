"""Firms registering for a workshop: when they are free and which challenges or capabilities they bring."""
from __future__ import annotations

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import selectinload

from matchmaker.auth.models import Organisation
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.enums import OrganisationKind, Status
from matchmaker.extensions import db
from matchmaker.workshops.models import MeetingRequest, Pitch, Registration, Workshop


def registration_for(workshop: Workshop, organisation_id: int | None) -> Registration | None:
    if organisation_id is None:
        return None
    return db.session.scalar(select(Registration).where(Registration.workshop_id == workshop.id,
                                                        Registration.organisation_id == organisation_id))


def registrations(workshop: Workshop) -> list[Registration]:
    """Everyone taking part, packaging firms first, then by name; with what they bring."""
    return list(db.session.scalars(
        select(Registration).join(Organisation, Registration.organisation_id == Organisation.id)
        .where(Registration.workshop_id == workshop.id)
        .options(selectinload(Registration.challenges), selectinload(Registration.capabilities))
        .order_by(Organisation.kind.desc(), Organisation.name, Registration.id)))


def offerable_items(user) -> list[Challenge] | list[Capability]:
    """What the user's firm may bring: its own open challenges (packaging) or capabilities (photonics)."""
    model = Challenge if user.organisation.kind == OrganisationKind.PACKAGING else Capability
    return list(db.session.scalars(select(model).where(
        model.organisation_id == user.organisation_id, model.status == Status.OPEN).order_by(model.id)))


def _apply(registration: Registration, user, data: dict) -> None:
    registration.available = [int(number) for number in data["available"]]
    wanted = {int(item_id) for item_id in data["items"]}
    items = [item for item in offerable_items(user) if item.id in wanted]
    if user.organisation.kind == OrganisationKind.PACKAGING:
        registration.challenges = items
    else:
        registration.capabilities = items


def register(workshop: Workshop, user, data: dict) -> Registration:
    """Register the user's firm with its availability (slot numbers) and items (ids from ``offerable_items``)."""
    registration = Registration(workshop=workshop, organisation_id=user.organisation_id, registered_by_id=user.id)
    registration.organisation = user.organisation
    db.session.add(registration)
    _apply(registration, user, data)
    db.session.flush()
    return registration


def update_registration(registration: Registration, user, data: dict) -> Registration:
    _apply(registration, user, data)
    db.session.flush()
    return registration


def withdraw(registration: Registration) -> None:
    """Take the firm out of the workshop with the requests and pitches it sent or received there."""
    workshop_id, organisation_id = registration.workshop_id, registration.organisation_id
    db.session.execute(delete(MeetingRequest).where(
        MeetingRequest.workshop_id == workshop_id,
        or_(MeetingRequest.requester_id == organisation_id, MeetingRequest.recipient_id == organisation_id)))
    own_challenges = select(Challenge.id).where(Challenge.organisation_id == organisation_id)
    db.session.execute(delete(Pitch).where(
        Pitch.workshop_id == workshop_id,
        or_(Pitch.organisation_id == organisation_id, Pitch.challenge_id.in_(own_challenges))))
    db.session.delete(registration)
    db.session.flush()
