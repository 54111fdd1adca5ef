"""What came of the meetings: each side's outcome and rating, and the organisers' statistics.

A meeting "led somewhere" when either side recorded more than "no fit"; comparing the engine's mean score of
those meetings with the others says whether the engine's ranking pointed at the meetings that mattered.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from sqlalchemy import select

from matchmaker.enums import MeetingStatus, Outcome
from matchmaker.extensions import db
from matchmaker.workshops.models import Meeting, MeetingOutcome, Workshop

RANK = {outcome: rank for rank, outcome in enumerate(Outcome)}


@dataclass(frozen=True)
class OutcomeStats:
    held: int  # meetings still scheduled (not cancelled)
    recorded: int  # of those, meetings with at least one side's record
    records: int
    counts: list[tuple[Outcome, int]]  # over records, every outcome listed
    mean_rating: float | None
    leads: int
    mean_score_leads: float | None
    no_leads: int
    mean_score_no_leads: float | None


def outcome_of(meeting: Meeting, organisation_id: int) -> MeetingOutcome | None:
    return next((o for o in meeting.outcomes if o.organisation_id == organisation_id), None)


def record_outcome(meeting: Meeting, user, data: dict) -> MeetingOutcome:
    """Record (or correct) the user's firm's outcome of one of its meetings."""
    record = outcome_of(meeting, user.organisation_id)
    if record is None:
        record = MeetingOutcome(meeting=meeting, organisation_id=user.organisation_id)
        db.session.add(record)
    record.outcome = Outcome(data["outcome"])
    record.rating = int(data["rating"])
    record.note = data.get("note") or ""
    record.recorded_by_id = user.id
    db.session.flush()
    return record


def _mean(values: list[float]) -> float | None:
    return round(fmean(values), 4) if values else None


def outcome_stats(workshop: Workshop) -> OutcomeStats:
    meetings = list(db.session.scalars(select(Meeting).where(
        Meeting.workshop_id == workshop.id, Meeting.status == MeetingStatus.SCHEDULED).order_by(Meeting.id)))
    records = [record for meeting in meetings for record in meeting.outcomes]
    recorded = [meeting for meeting in meetings if meeting.outcomes]
    leads = [m for m in recorded if max(RANK[o.outcome] for o in m.outcomes) > RANK[Outcome.NO_FIT]]
    no_leads = [m for m in recorded if m not in leads]
    return OutcomeStats(
        held=len(meetings), recorded=len(recorded), records=len(records),
        counts=[(outcome, sum(1 for r in records if r.outcome == outcome)) for outcome in Outcome],
        mean_rating=_mean([r.rating for r in records]),
        leads=len(leads), mean_score_leads=_mean([m.score for m in leads]),
        no_leads=len(no_leads), mean_score_no_leads=_mean([m.score for m in no_leads]),
    )
