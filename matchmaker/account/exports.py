"""Everything Matchmaker holds about a person, or about an organisation, as plain JSON-ready dicts.

A person's download holds the rows that name them (their user id); it refers to other firms' objects by id
only, so no other firm's challenge (confidential or not) is copied into it.
"""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import or_, select

from matchmaker.audit.models import AuditEntry
from matchmaker.audit.services import entries_about_user
from matchmaker.auth.models import Organisation, User, utcnow
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.extensions import db
from matchmaker.workshops.models import Meeting, MeetingOutcome, MeetingRequest, Pitch, Registration


def _plain(value):
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return getattr(value, "value", value)


def _row(obj, names) -> dict:
    return {name: _plain(getattr(obj, name)) for name in names}


def profile(user: User) -> dict:
    return _row(user, ("id", "name", "email", "role", "locale", "active", "organisation_id", "created_at"))


def organisation_profile(organisation: Organisation) -> dict:
    """The organisation's details; its invite code is a credential and stays out."""
    return _row(organisation, ("id", "name", "kind", "country", "cluster", "website", "description", "created_at"))


SUBMISSION_FIELDS = ("id", "organisation_id", "author_id", "title", "description", "keywords", "status", "language",
                     "created_at", "updated_at")


def challenge_data(challenge: Challenge) -> dict:
    return _row(challenge, SUBMISSION_FIELDS + ("category", "packaging_format", "material", "trl_target",
                                                "visibility", "anonymous"))


def capability_data(capability: Capability) -> dict:
    data = _row(capability, SUBMISSION_FIELDS + ("applications", "trl"))
    data["technologies"] = [technology.value for technology in capability.technologies]
    return data


def registration_data(registration: Registration) -> dict:
    data = _row(registration, ("id", "workshop_id", "organisation_id", "registered_by_id", "available_slots",
                               "max_meetings", "created_at", "updated_at"))
    data["challenge_ids"] = [challenge.id for challenge in registration.challenges]
    data["capability_ids"] = [capability.id for capability in registration.capabilities]
    return data


def pitch_data(pitch: Pitch) -> dict:
    return _row(pitch, ("id", "workshop_id", "challenge_id", "organisation_id", "capability_id", "message",
                        "author_id", "created_at"))


def request_data(request: MeetingRequest) -> dict:
    return _row(request, ("id", "workshop_id", "requester_id", "recipient_id", "message", "status", "reason",
                          "author_id", "created_at", "answered_at"))


def meeting_data(meeting: Meeting) -> dict:
    return _row(meeting, ("id", "workshop_id", "slot", "table_number", "packaging_id", "photonics_id",
                          "challenge_id", "capability_id", "score", "status"))


def outcome_data(outcome: MeetingOutcome) -> dict:
    return _row(outcome, ("id", "meeting_id", "organisation_id", "outcome", "rating", "note", "recorded_by_id",
                          "updated_at"))


def audit_data(entry: AuditEntry) -> dict:
    return _row(entry, ("id", "created_at", "actor_label", "action", "target_type", "target_id", "summary"))


def _all(query) -> list:
    return list(db.session.scalars(query))


def user_export(user: User) -> dict:
    """The person's own data: profile, organisation, what they wrote, what they did at workshops, the log."""
    return {
        "exported_at": utcnow().isoformat(),
        "profile": profile(user),
        "organisation": organisation_profile(user.organisation) if user.organisation else None,
        "challenges": [challenge_data(c) for c in _all(
            select(Challenge).where(Challenge.author_id == user.id).order_by(Challenge.id))],
        "capabilities": [capability_data(c) for c in _all(
            select(Capability).where(Capability.author_id == user.id).order_by(Capability.id))],
        "workshop_registrations": [registration_data(r) for r in _all(
            select(Registration).where(Registration.registered_by_id == user.id).order_by(Registration.id))],
        "pitches": [pitch_data(p) for p in _all(select(Pitch).where(Pitch.author_id == user.id).order_by(Pitch.id))],
        "meeting_requests": [request_data(r) for r in _all(
            select(MeetingRequest).where(MeetingRequest.author_id == user.id).order_by(MeetingRequest.id))],
        "meeting_outcomes": [outcome_data(o) for o in _all(
            select(MeetingOutcome).where(MeetingOutcome.recorded_by_id == user.id).order_by(MeetingOutcome.id))],
        "audit_entries": [audit_data(entry) for entry in entries_about_user(user)],
    }


def organisation_export(organisation: Organisation) -> dict:
    """All an organisation owns or sent, and what other firms sent it, for organisers to hand over."""
    org_id = organisation.id
    own_challenges = select(Challenge.id).where(Challenge.organisation_id == org_id)
    members = _all(select(User).where(User.organisation_id == org_id).order_by(User.id))
    member_ids = [member.id for member in members]
    return {
        "exported_at": utcnow().isoformat(),
        "organisation": organisation_profile(organisation),
        "members": [profile(member) for member in members],
        "challenges": [challenge_data(c) for c in _all(
            select(Challenge).where(Challenge.organisation_id == org_id).order_by(Challenge.id))],
        "capabilities": [capability_data(c) for c in _all(
            select(Capability).where(Capability.organisation_id == org_id).order_by(Capability.id))],
        "workshop_registrations": [registration_data(r) for r in _all(
            select(Registration).where(Registration.organisation_id == org_id).order_by(Registration.id))],
        "pitches_sent": [pitch_data(p) for p in _all(
            select(Pitch).where(Pitch.organisation_id == org_id).order_by(Pitch.id))],
        "pitches_received": [pitch_data(p) for p in _all(
            select(Pitch).where(Pitch.challenge_id.in_(own_challenges)).order_by(Pitch.id))],
        "meeting_requests": [request_data(r) for r in _all(select(MeetingRequest).where(
            or_(MeetingRequest.requester_id == org_id, MeetingRequest.recipient_id == org_id))
            .order_by(MeetingRequest.id))],
        "meetings": [meeting_data(m) for m in _all(select(Meeting).where(
            or_(Meeting.packaging_id == org_id, Meeting.photonics_id == org_id)).order_by(Meeting.id))],
        "meeting_outcomes": [outcome_data(o) for o in _all(
            select(MeetingOutcome).where(MeetingOutcome.organisation_id == org_id).order_by(MeetingOutcome.id))],
        "audit_entries": [audit_data(entry) for entry in _all(select(AuditEntry).where(
            or_(AuditEntry.organisation_id == org_id, AuditEntry.actor_id.in_(member_ids)))
            .order_by(AuditEntry.created_at, AuditEntry.id))],
    }
