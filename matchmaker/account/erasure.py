"""Deleting an account, and erasing an organisation with everything it owns. Services flush; the caller commits.

Deleting a person keeps their organisation's work: challenges, capabilities, registrations, pitches, requests
and outcomes stay with the organisation and lose their author (the database sets those links to NULL); audit
entries keep the action and say "deleted user". Erasing an organisation deletes its members, its challenges and
capabilities, its registrations, the requests and pitches it sent or received, the meetings it was in and their
outcomes, all in the caller's one transaction.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select

from matchmaker import permissions
from matchmaker.audit.services import forget_user, record
from matchmaker.auth.models import Organisation, User
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.extensions import db
from matchmaker.workshops.models import (
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    PairChoice,
    Pitch,
    Registration,
    registration_capabilities,
    registration_challenges,
)


class ErasureRefused(Exception):
    """A deletion the rules do not allow, in words for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def update_profile(user: User, data: dict) -> User:
    user.name = data["name"]
    user.locale = data["locale"]
    db.session.flush()
    return user


def _delete_person(user: User) -> None:
    forget_user(user.id)
    db.session.delete(user)
    db.session.flush()


def delete_account(user: User, *, erase_organisation: bool = False) -> None:
    """Delete a person's account; as its organisation's last member, only with ``erase_organisation``.

    :raises ErasureRefused: the last organiser, or the last member without ``erase_organisation``.
    """
    if not permissions.can_delete_account(user):
        raise ErasureRefused(_("You are the last organiser: create another organiser account before deleting yours."))
    organisation = user.organisation
    if permissions.is_last_member(user):
        if not erase_organisation:
            raise ErasureRefused(_("You are your organisation's last member: confirm that it is deleted too."))
        erase(organisation)
        record("account.delete", target_type="user", organisation_id=None,
               summary="An account was deleted by its owner, with its organisation (its last member).")
        return
    _delete_person(user)
    record("account.delete", target_type="user", summary="An account was deleted by its owner.",
           organisation_id=organisation.id if organisation else None)


def erase(organisation: Organisation) -> dict[str, int]:
    """Delete an organisation and everything it owns or took part in; returns how many rows of each went.

    :raises ErasureRefused: it holds every organiser account.
    """
    if not permissions.erasure_keeps_an_organiser(organisation):
        raise ErasureRefused(_("This organisation holds every organiser account; it cannot be erased."))
    org_id, kind = organisation.id, organisation.kind.value
    meetings = select(Meeting.id).where(or_(Meeting.packaging_id == org_id, Meeting.photonics_id == org_id))
    challenges = select(Challenge.id).where(Challenge.organisation_id == org_id)
    capabilities = select(Capability.id).where(Capability.organisation_id == org_id)
    registrations = select(Registration.id).where(Registration.organisation_id == org_id)
    counts = {}
    for name, statement in (
        ("outcomes", delete(MeetingOutcome).where(or_(MeetingOutcome.meeting_id.in_(meetings),
                                                      MeetingOutcome.organisation_id == org_id))),
        ("meetings", delete(Meeting).where(Meeting.id.in_(meetings))),
        ("requests", delete(MeetingRequest).where(or_(MeetingRequest.requester_id == org_id,
                                                      MeetingRequest.recipient_id == org_id))),
        ("pitches", delete(Pitch).where(or_(Pitch.organisation_id == org_id, Pitch.challenge_id.in_(challenges)))),
        ("pair choices", delete(PairChoice).where(or_(PairChoice.packaging_id == org_id,
                                                      PairChoice.photonics_id == org_id))),
    ):
        counts[name] = db.session.execute(statement, execution_options={"synchronize_session": "fetch"}).rowcount
    db.session.execute(registration_challenges.delete().where(or_(
        registration_challenges.c.registration_id.in_(registrations),
        registration_challenges.c.challenge_id.in_(challenges))))
    db.session.execute(registration_capabilities.delete().where(or_(
        registration_capabilities.c.registration_id.in_(registrations),
        registration_capabilities.c.capability_id.in_(capabilities))))
    counts["registrations"] = db.session.execute(
        delete(Registration).where(Registration.organisation_id == org_id),
        execution_options={"synchronize_session": "fetch"}).rowcount
    # Through the ORM, so the audit log and the matching corpus version see each deletion.
    items = [*db.session.scalars(select(Challenge).where(Challenge.organisation_id == org_id)),
             *db.session.scalars(select(Capability).where(Capability.organisation_id == org_id))]
    for item in items:
        db.session.delete(item)
    db.session.flush()
    counts["challenges"] = sum(isinstance(item, Challenge) for item in items)
    counts["capabilities"] = len(items) - counts["challenges"]
    members = list(db.session.scalars(select(User).where(User.organisation_id == org_id)))
    for member in members:
        forget_user(member.id)
        db.session.delete(member)
    db.session.flush()
    counts["members"] = len(members)
    db.session.expire(organisation, ["members"])
    db.session.delete(organisation)
    db.session.flush()
    record("organisation.erase", target_type="organisation", target_id=org_id, organisation_id=None,
           summary=f"Organisation #{org_id} ({kind}) erased with " + ", ".join(
               f"{count} {name}" for name, count in counts.items()) + ".")
    return counts

