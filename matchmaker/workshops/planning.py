"""The organisers' planning: the shortlist of pairs, limits, the schedule and hand edits to it.

How the web's data becomes the scheduler's problem (``build_problem``):

- participants are the registered firms, available in the slots they ticked;
- pairs are every packaging firm x photonics firm; a pair's value is the engine's best score among the
  challenges and capabilities they bring, plus ``REQUEST_BONUS`` when a meeting request between them was
  accepted and ``PITCH_BONUS`` when the photonics firm pitched to one of the packaging firm's challenges;
  pinned pairs must meet, banned pairs must not;
- limits (``participant_limits``): a firm meets at most the workshop's "max meetings per firm" (or its own
  override); a packaging firm bringing k challenges meets at least k x "min per challenge" and at most
  k x "max per challenge"; both are capped by the number of slots it is free in.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select

from matchmaker.auth.models import utcnow
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.enums import MeetingStatus, PairDecision, RequestStatus, WorkshopStatus
from matchmaker.extensions import db
from matchmaker.i18n import translated
from matchmaker.matches.index import index_cache
from matchmaker.workshops import scheduling
from matchmaker.workshops.interest import all_interest, is_packaging
from matchmaker.workshops.models import Meeting, PairChoice, Registration, Workshop
from matchmaker.workshops.registration import registrations
from matchmaker.workshops.services import WorkshopError, programme

REQUEST_BONUS = 0.5
PITCH_BONUS = 0.25
DEFAULT_TIME_LIMIT = 30.0
SCHEDULABLE = (WorkshopStatus.OPEN, WorkshopStatus.SCHEDULED)
EDITABLE_MEETINGS = (WorkshopStatus.SCHEDULED, WorkshopStatus.PUBLISHED)


class MoveRefused(WorkshopError):
    """A hand edit that would break the schedule's constraints; ``reasons`` say which."""

    def __init__(self, reasons: list[str]):
        reasons = [translated(reason) for reason in reasons]
        super().__init__(_("This move breaks the schedule: %(reasons)s", reasons="; ".join(reasons)))
        self.reasons = reasons


@dataclass
class PairRow:
    """One packaging firm x photonics firm pair, with what speaks for their meeting."""

    packaging: Registration
    photonics: Registration
    score: float = 0.0
    challenge: Challenge | None = None
    capability: Capability | None = None
    accepted_request: bool = False
    requests: list = field(default_factory=list)
    pitches: list = field(default_factory=list)
    decision: PairDecision | None = None

    @property
    def value(self) -> float:
        bonus = (REQUEST_BONUS if self.accepted_request else 0.0) + (PITCH_BONUS if self.pitches else 0.0)
        return round(self.score + bonus, 4)

    @property
    def key(self) -> tuple[int, int]:
        return self.packaging.organisation_id, self.photonics.organisation_id


def participant_id(organisation_id: int) -> str:
    return f"org-{organisation_id}"


def _best_pair(index, challenges: Sequence[Challenge], capabilities: Sequence[Capability]):
    """The challenge and capability with the engine's best score (ties: lowest ids), and that score."""
    best_score, best_challenge, best_capability = -1.0, None, None
    for challenge in challenges:
        for capability in capabilities:
            try:
                score = index.score(str(challenge.id), str(capability.id))
            except KeyError:  # an item the fitted index does not hold (yet): no evidence either way
                score = 0.0
            if score > best_score:
                best_score, best_challenge, best_capability = score, challenge, capability
    return round(max(best_score, 0.0), 4), best_challenge, best_capability


def pair_rows(workshop: Workshop) -> list[PairRow]:
    """Every packaging x photonics pair of registered firms, best value first."""
    people = registrations(workshop)
    packaging = [r for r in people if is_packaging(r)]
    photonics = [r for r in people if not is_packaging(r)]
    requests, pitches = all_interest(workshop)
    decisions = {(c.packaging_id, c.photonics_id): c.decision for c in db.session.scalars(
        select(PairChoice).where(PairChoice.workshop_id == workshop.id))}
    index = index_cache().current()
    rows = []
    for a in packaging:
        for b in photonics:
            score, challenge, capability = _best_pair(index, a.challenges, b.capabilities)
            pair = {a.organisation_id, b.organisation_id}
            between = [r for r in requests if {r.requester_id, r.recipient_id} == pair]
            own_challenges = {c.id for c in a.challenges}
            rows.append(PairRow(
                packaging=a, photonics=b, score=score, challenge=challenge, capability=capability,
                accepted_request=any(r.status == RequestStatus.ACCEPTED for r in between), requests=between,
                pitches=[p for p in pitches if p.organisation_id == b.organisation_id
                         and p.challenge_id in own_challenges],
                decision=decisions.get((a.organisation_id, b.organisation_id))))
    rows.sort(key=lambda row: (-row.value, row.packaging.organisation.name, row.photonics.organisation.name))
    return rows


def participant_limits(workshop: Workshop, registration: Registration) -> tuple[int, int | None]:
    """(min, max) meetings for a firm; see the module docstring. None means "one per free slot"."""
    free = len(registration.available)
    caps = [free]
    own = registration.max_meetings if registration.max_meetings is not None else workshop.max_meetings
    if own is not None:
        caps.append(own)
    minimum = 0
    if is_packaging(registration):
        brought = len(registration.challenges)
        if workshop.max_meetings_per_challenge is not None:
            caps.append(brought * workshop.max_meetings_per_challenge)
        minimum = brought * workshop.min_meetings_per_challenge
    maximum = min(caps)
    return min(minimum, maximum), maximum


def build_problem(workshop: Workshop, rows: list[PairRow] | None = None) -> scheduling.ScheduleProblem:
    rows = pair_rows(workshop) if rows is None else rows
    slots = {slot.number: slot.label for slot in programme(workshop)}
    participants = []
    for registration in registrations(workshop):
        minimum, maximum = participant_limits(workshop, registration)
        participants.append(scheduling.Participant(
            id=participant_id(registration.organisation_id), name=registration.organisation.name,
            available=tuple(slots[n] for n in registration.available if n in slots),
            min_meetings=minimum, max_meetings=maximum))
    pairs = tuple(scheduling.CandidatePair(
        a=participant_id(row.packaging.organisation_id), b=participant_id(row.photonics.organisation_id),
        value=row.value, pinned=row.decision == PairDecision.PIN, banned=row.decision == PairDecision.BAN)
        for row in rows)
    return scheduling.ScheduleProblem(slots=tuple(slots.values()), tables=workshop.tables,
                                      participants=tuple(participants), pairs=pairs)


def make_schedule(workshop: Workshop) -> scheduling.ScheduleResult:
    """Solve, then replace the workshop's unpublished schedule with the result, all in the caller's transaction.

    :raises WorkshopError: the workshop is not open or scheduled, or nobody could meet.
    :raises scheduling.ScheduleInfeasible: pins and minimums conflict; nothing is written.
    :raises scheduling.ScheduleNotFound: the time limit ran out; nothing is written.
    """
    if workshop.status not in SCHEDULABLE:
        raise WorkshopError(_("Only an open workshop, or one whose schedule is not yet published, can be scheduled."))
    rows = pair_rows(workshop)
    if not rows:
        raise WorkshopError(_("Nobody can meet yet: at least one packaging firm and one photonics member "
                              "must be registered."))
    problem = build_problem(workshop, rows)
    time_limit = float(current_app.config.get("WORKSHOP_SCHEDULE_SECONDS", DEFAULT_TIME_LIMIT))
    result = scheduling.schedule_meetings(problem=problem, time_limit=time_limit)
    by_pair = {(participant_id(row.packaging.organisation_id), participant_id(row.photonics.organisation_id)): row
               for row in rows}
    numbers = {slot.label: slot.number for slot in programme(workshop)}
    db.session.execute(delete(Meeting).where(Meeting.workshop_id == workshop.id))
    for planned in result.meetings:
        row = by_pair[(planned.a, planned.b)]
        db.session.add(Meeting(
            workshop_id=workshop.id, slot=numbers[planned.slot], table_number=planned.table,
            packaging_id=row.packaging.organisation_id, photonics_id=row.photonics.organisation_id,
            challenge_id=row.challenge.id if row.challenge else None,
            capability_id=row.capability.id if row.capability else None,
            score=row.score, status=MeetingStatus.SCHEDULED))
    workshop.status = WorkshopStatus.SCHEDULED
    workshop.schedule_objective = round(result.objective, 4)
    workshop.schedule_optimal = result.optimal
    workshop.schedule_gap = None if result.gap is None or not math.isfinite(result.gap) else result.gap
    workshop.schedule_method = result.method
    workshop.schedule_seconds = round(result.solve_seconds, 3)
    workshop.scheduled_at = utcnow()
    db.session.flush()
    return result


def set_pair_decision(workshop: Workshop, data: dict) -> PairChoice | None:
    """Pin, ban or clear a pair of registered firms (packaging, photonics)."""
    if workshop.status not in SCHEDULABLE:
        raise WorkshopError(_("Pairs can be pinned or banned only until the agendas are published."))
    people = {r.organisation_id: r for r in registrations(workshop)}
    a, b = people.get(int(data["packaging"])), people.get(int(data["photonics"]))
    if a is None or b is None or not is_packaging(a) or is_packaging(b):
        raise WorkshopError(_("Pin or ban a registered packaging firm with a registered photonics member."))
    choice = db.session.scalar(select(PairChoice).where(
        PairChoice.workshop_id == workshop.id, PairChoice.packaging_id == a.organisation_id,
        PairChoice.photonics_id == b.organisation_id))
    if not data.get("decision"):
        if choice is not None:
            db.session.delete(choice)
        db.session.flush()
        return None
    if choice is None:
        choice = PairChoice(workshop_id=workshop.id, packaging_id=a.organisation_id, photonics_id=b.organisation_id)
        db.session.add(choice)
    choice.decision = PairDecision(data["decision"])
    db.session.flush()
    return choice


def set_limits(workshop: Workshop, data: dict) -> None:
    if workshop.status not in SCHEDULABLE:
        raise WorkshopError(_("Limits can change only until the agendas are published."))
    workshop.max_meetings = data.get("max_meetings")
    workshop.min_meetings_per_challenge = data.get("min_meetings_per_challenge") or 0
    workshop.max_meetings_per_challenge = data.get("max_meetings_per_challenge")
    db.session.flush()


def set_firm_limit(registration: Registration, data: dict) -> None:
    if registration.workshop.status not in SCHEDULABLE:
        raise WorkshopError(_("Limits can change only until the agendas are published."))
    registration.max_meetings = data.get("max_meetings")
    db.session.flush()


def as_planned(meeting: Meeting, labels: dict[int, str]) -> scheduling.Meeting:
    return scheduling.Meeting(a=participant_id(meeting.packaging_id), b=participant_id(meeting.photonics_id),
                              slot=labels.get(meeting.slot, f"slot {meeting.slot}"), table=meeting.table_number)


def scheduled_meetings(workshop: Workshop) -> list[Meeting]:
    return list(db.session.scalars(select(Meeting).where(
        Meeting.workshop_id == workshop.id, Meeting.status == MeetingStatus.SCHEDULED)
        .order_by(Meeting.slot, Meeting.table_number)))


def move_meeting(meeting: Meeting, data: dict) -> Meeting:
    """Move (or bring back) a meeting to a slot and table; refuse, with the reasons, what breaks a constraint."""
    workshop = meeting.workshop
    if workshop.status not in EDITABLE_MEETINGS:
        raise WorkshopError(_("Meetings can be moved only once scheduled and until the workshop is closed."))
    labels = {slot.number: slot.label for slot in programme(workshop)}
    problem = build_problem(workshop)
    before = [as_planned(m, labels) for m in scheduled_meetings(workshop)]
    table = int(data["table"]) if data.get("table") else None
    planned = as_planned(meeting, labels)
    after = scheduling.place_meeting(problem=problem, meetings=before, a=planned.a, b=planned.b,
                                     slot=labels[int(data["slot"])], table=table)
    reasons = scheduling.check_change(problem=problem, before=before, after=after)
    if reasons:
        raise MoveRefused(reasons)
    placed = next(m for m in after if (m.a, m.b) == (planned.a, planned.b))
    meeting.slot, meeting.table_number = int(data["slot"]), placed.table
    meeting.status = MeetingStatus.SCHEDULED
    db.session.flush()
    return meeting


def cancel_meeting(meeting: Meeting) -> list[str]:
    """Cancel a meeting; returns the constraints (pins, minimums) the schedule no longer meets, as a warning."""
    workshop = meeting.workshop
    if workshop.status not in EDITABLE_MEETINGS:
        raise WorkshopError(_("Meetings can be cancelled only once scheduled and until the workshop is closed."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise WorkshopError(_("This meeting is already cancelled."))
    labels = {slot.number: slot.label for slot in programme(workshop)}
    problem = build_problem(workshop)
    before = [as_planned(m, labels) for m in scheduled_meetings(workshop)]
    meeting.status = MeetingStatus.CANCELLED
    db.session.flush()
    after = [as_planned(m, labels) for m in scheduled_meetings(workshop)]
    return [translated(reason) for reason in scheduling.check_change(problem=problem, before=before, after=after)]
