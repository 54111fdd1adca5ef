"""Interest both ways between registered firms: solution pitches to challenges and meeting requests.

Only the two firms concerned (and the organisers) ever see a pitch or a request.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import and_, or_, select

from matchmaker import permissions
from matchmaker.auth.models import utcnow
from matchmaker.challenges.models import Challenge
from matchmaker.enums import OrganisationKind, RequestStatus, Status
from matchmaker.extensions import db
from matchmaker.workshops.models import MeetingRequest, Pitch, Registration, Workshop
from matchmaker.workshops.registration import registrations
from matchmaker.workshops.services import WorkshopError

ANONYMOUS_FIRM = _l("Anonymous packaging firm")  # str() it where a plain string is kept


@dataclass(frozen=True)
class Interest:
    """What one firm sent and received at a workshop."""

    requests_sent: list[MeetingRequest]
    requests_received: list[MeetingRequest]
    pitches_sent: list[Pitch]
    pitches_received: list[Pitch]


def revealed_to(workshop: Workshop, organisation_id: int | None) -> set[int]:
    """Packaging firms that accepted a meeting request from this firm: their name is no longer hidden from it."""
    if organisation_id is None:
        return set()
    return set(db.session.scalars(select(MeetingRequest.recipient_id).where(
        MeetingRequest.workshop_id == workshop.id, MeetingRequest.requester_id == organisation_id,
        MeetingRequest.status == RequestStatus.ACCEPTED)))


def firm_label(user, registration: Registration, revealed: set[int]) -> str:
    """The firm's name, or "Anonymous packaging firm (its challenges)" when the policy hides it from the user."""
    if not permissions.masks_firm(user, registration, revealed=registration.organisation_id in revealed):
        return registration.organisation.name
    titles = [c.title for c in registration.challenges if permissions.can_view(user, c)]
    return f"{ANONYMOUS_FIRM} ({'; '.join(titles)})" if titles else str(ANONYMOUS_FIRM)


def pitchable_challenges(workshop: Workshop, user) -> list[tuple[Challenge, str]]:
    """Challenges brought by the registered packaging firms that the user may see, with their firm's label."""
    revealed = revealed_to(workshop, user.organisation_id)
    found = []
    for registration in registrations(workshop):
        for challenge in registration.challenges:
            if challenge.status == Status.OPEN and permissions.can_view(user, challenge):
                shown = permissions.shows_organisation(user, challenge) or registration.organisation_id in revealed
                found.append((challenge, registration.organisation.name if shown else str(ANONYMOUS_FIRM)))
    return found


def request_targets(workshop: Workshop, user) -> list[tuple[Registration, str]]:
    """The registered firms of the other kind the user's firm could ask for a meeting."""
    revealed = revealed_to(workshop, user.organisation_id)
    return [(registration, firm_label(user, registration, revealed)) for registration in registrations(workshop)
            if registration.organisation.kind != user.organisation.kind]


def send_pitch(workshop: Workshop, user, data: dict) -> Pitch:
    """A photonics member's pitch to a challenge it may see, brought to this workshop by a packaging firm."""
    allowed = {challenge.id: challenge for challenge, _label in pitchable_challenges(workshop, user)}
    challenge = allowed.get(int(data["challenge"]))
    if challenge is None:
        raise WorkshopError(_("That challenge is not at this workshop."))
    if db.session.scalar(select(Pitch.id).where(Pitch.workshop_id == workshop.id, Pitch.challenge_id == challenge.id,
                                                Pitch.organisation_id == user.organisation_id)):
        raise WorkshopError(_("Your firm already sent a pitch to this challenge."))
    own = registration_capabilities(workshop, user.organisation_id)
    capability_id = int(data["capability"]) if data.get("capability") else None
    if capability_id is not None and capability_id not in own:
        raise WorkshopError(_("Pick one of the capabilities your firm brings."))
    pitch = Pitch(workshop_id=workshop.id, challenge_id=challenge.id, organisation_id=user.organisation_id,
                  capability_id=capability_id, message=data["message"], author_id=user.id)
    db.session.add(pitch)
    db.session.flush()
    return pitch


def registration_capabilities(workshop: Workshop, organisation_id: int) -> set[int]:
    return {capability.id for registration in registrations(workshop)
            if registration.organisation_id == organisation_id for capability in registration.capabilities}


def send_request(workshop: Workshop, user, data: dict) -> MeetingRequest:
    """Ask a registered firm of the other kind for a meeting; one request per pair of firms, either way."""
    targets = {registration.id: registration for registration, _label in request_targets(workshop, user)}
    target = targets.get(int(data["recipient"]))
    if target is None:
        raise WorkshopError(_("That firm is not at this workshop."))
    mine, theirs = user.organisation_id, target.organisation_id
    existing = db.session.scalar(select(MeetingRequest.id).where(
        MeetingRequest.workshop_id == workshop.id,
        or_(and_(MeetingRequest.requester_id == mine, MeetingRequest.recipient_id == theirs),
            and_(MeetingRequest.requester_id == theirs, MeetingRequest.recipient_id == mine))))
    if existing:
        raise WorkshopError(_("There is already a meeting request between your firms: see “Meeting requests” below."))
    request = MeetingRequest(workshop_id=workshop.id, requester_id=mine, recipient_id=theirs,
                             message=data.get("message") or "", author_id=user.id)
    db.session.add(request)
    db.session.flush()
    return request


def answer_request(request: MeetingRequest, data: dict) -> MeetingRequest:
    if request.status != RequestStatus.PENDING:
        raise WorkshopError(_("This request was already answered."))
    request.status = RequestStatus.ACCEPTED if data["answer"] == "accept" else RequestStatus.DECLINED
    request.reason = data.get("reason") or ""
    request.answered_at = utcnow()
    db.session.flush()
    return request


def interest_of(workshop: Workshop, organisation_id: int) -> Interest:
    """Requests and pitches the firm sent and received here; nobody else's."""
    requests = list(db.session.scalars(select(MeetingRequest).where(
        MeetingRequest.workshop_id == workshop.id,
        or_(MeetingRequest.requester_id == organisation_id, MeetingRequest.recipient_id == organisation_id))
        .order_by(MeetingRequest.id)))
    pitches = list(db.session.scalars(select(Pitch).join(Challenge, Pitch.challenge_id == Challenge.id).where(
        Pitch.workshop_id == workshop.id,
        or_(Pitch.organisation_id == organisation_id, Challenge.organisation_id == organisation_id))
        .order_by(Pitch.id)))
    return Interest(
        requests_sent=[r for r in requests if r.requester_id == organisation_id],
        requests_received=[r for r in requests if r.recipient_id == organisation_id],
        pitches_sent=[p for p in pitches if p.organisation_id == organisation_id],
        pitches_received=[p for p in pitches if p.challenge.organisation_id == organisation_id],
    )


def all_interest(workshop: Workshop) -> tuple[list[MeetingRequest], list[Pitch]]:
    """Every request and pitch of the workshop (organisers' shortlist)."""
    requests = list(db.session.scalars(select(MeetingRequest).where(MeetingRequest.workshop_id == workshop.id)
                                       .order_by(MeetingRequest.id)))
    pitches = list(db.session.scalars(select(Pitch).where(Pitch.workshop_id == workshop.id).order_by(Pitch.id)))
    return requests, pitches


def is_packaging(registration: Registration) -> bool:
    return registration.organisation.kind == OrganisationKind.PACKAGING


@dataclass(frozen=True)
class ParticipantCard:
    """A registered firm as one reader may see it: its label and the items it brings that the reader may see."""

    registration: Registration
    label: str
    items: list


def participant_cards(workshop: Workshop, user) -> list[ParticipantCard]:
    revealed = revealed_to(workshop, getattr(user, "organisation_id", None))
    cards = []
    for registration in registrations(workshop):
        items = [*registration.challenges, *registration.capabilities]
        cards.append(ParticipantCard(registration, firm_label(user, registration, revealed),
                                     [item for item in items if permissions.can_view(user, item)]))
    return cards


def firm_labels(workshop: Workshop, user) -> dict[int, str]:
    """Organisation id -> how the user sees that registered firm here."""
    return {card.registration.organisation_id: card.label for card in participant_cards(workshop, user)}
