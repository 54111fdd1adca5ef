"""Workshops and what happens at them: registrations, interest both ways, organisers' pair decisions,
the scheduled 1:1 meetings and their outcomes."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.auth.models import Organisation, User, enum_column, utcnow
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.enums import MeetingStatus, Outcome, PairDecision, RequestStatus, WorkshopStatus
from matchmaker.extensions import db

TITLE_MAX = 200
PLACE_MAX = 200
BREAKS_MAX = 300
MESSAGE_MAX = 1000
REASON_MAX = 500
NOTE_MAX = 1000
DEFAULT_TIMEZONE = "Europe/Madrid"

registration_challenges = Table(
    "workshop_registration_challenges",
    db.metadata,
    Column("registration_id", ForeignKey("workshop_registrations.id", ondelete="CASCADE"), primary_key=True),
    Column("challenge_id", ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True, index=True),
)
registration_capabilities = Table(
    "workshop_registration_capabilities",
    db.metadata,
    Column("registration_id", ForeignKey("workshop_registrations.id", ondelete="CASCADE"), primary_key=True),
    Column("capability_id", ForeignKey("capabilities.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Workshop(db.Model):
    """An ESCP innovation workshop: one day at a venue, a programme of equal slots, a number of tables."""

    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("tables >= 1", name="tables_positive"),
        CheckConstraint("slot_count BETWEEN 1 AND 48", name="slot_count_range"),
        CheckConstraint("meeting_minutes BETWEEN 5 AND 120", name="meeting_minutes_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    theme: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    city: Mapped[str] = mapped_column(String(100))
    venue: Mapped[str] = mapped_column(String(PLACE_MAX))
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    date: Mapped[dt.date] = mapped_column(Date)
    first_start: Mapped[dt.time] = mapped_column(Time)
    meeting_minutes: Mapped[int] = mapped_column(default=20)
    slot_count: Mapped[int] = mapped_column(default=8)
    breaks: Mapped[str] = mapped_column(String(BREAKS_MAX), default="")
    tables: Mapped[int] = mapped_column(default=6)
    registration_deadline: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[WorkshopStatus] = mapped_column(enum_column(WorkshopStatus), default=WorkshopStatus.DRAFT)
    # Limits (see planning.participant_limits for how they become the scheduler's per-firm limits).
    max_meetings: Mapped[int | None] = mapped_column()
    min_meetings_per_challenge: Mapped[int] = mapped_column(default=0)
    max_meetings_per_challenge: Mapped[int | None] = mapped_column()
    # The last schedule's report, as the scheduler gave it.
    schedule_objective: Mapped[float | None] = mapped_column(Float)
    schedule_optimal: Mapped[bool | None] = mapped_column()
    schedule_gap: Mapped[float | None] = mapped_column(Float)
    schedule_method: Mapped[str | None] = mapped_column(String(20))
    schedule_seconds: Mapped[float | None] = mapped_column(Float)
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    registrations: Mapped[list["Registration"]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", passive_deletes=True, order_by="Registration.id")

    def today(self) -> dt.date:
        """Today's date at the venue: deadlines and "the workshop is over" are the venue's days."""
        return dt.datetime.now(ZoneInfo(self.timezone)).date()

    def __repr__(self) -> str:
        return f"<Workshop {self.id} {self.title!r}>"


class Registration(db.Model):
    """An organisation taking part in a workshop: when it is free and what it brings."""

    __tablename__ = "workshop_registrations"
    __table_args__ = (UniqueConstraint("workshop_id", "organisation_id", name="uq_workshop_registrations_firm"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    # Slot numbers the firm is free in, as "1,2,5"; empty means none.
    available_slots: Mapped[str] = mapped_column(String(200), default="")
    max_meetings: Mapped[int | None] = mapped_column()
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="registrations")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    challenges: Mapped[list[Challenge]] = relationship(secondary=registration_challenges, order_by=Challenge.id)
    capabilities: Mapped[list[Capability]] = relationship(secondary=registration_capabilities,
                                                          order_by=Capability.id)

    @property
    def available(self) -> list[int]:
        return sorted(int(part) for part in self.available_slots.split(",") if part.strip())

    @available.setter
    def available(self, numbers) -> None:
        self.available_slots = ",".join(str(number) for number in sorted({int(n) for n in numbers}))


class Pitch(db.Model):
    """A photonics member's short "we can help because..." sent to one challenge at a workshop."""

    __tablename__ = "workshop_pitches"
    __table_args__ = (
        UniqueConstraint("workshop_id", "challenge_id", "organisation_id", name="uq_workshop_pitches_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    capability_id: Mapped[int | None] = mapped_column(ForeignKey("capabilities.id", ondelete="SET NULL"), index=True)
    message: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    challenge: Mapped[Challenge] = relationship()
    organisation: Mapped[Organisation] = relationship()
    capability: Mapped[Capability | None] = relationship()


class MeetingRequest(db.Model):
    """One participant asking another for a meeting; the other accepts or declines."""

    __tablename__ = "workshop_meeting_requests"
    __table_args__ = (
        UniqueConstraint("workshop_id", "requester_id", "recipient_id", name="uq_workshop_meeting_requests_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RequestStatus] = mapped_column(enum_column(RequestStatus), default=RequestStatus.PENDING)
    reason: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    requester: Mapped[Organisation] = relationship(foreign_keys=[requester_id])
    recipient: Mapped[Organisation] = relationship(foreign_keys=[recipient_id])


class PairChoice(db.Model):
    """An organiser's decision on a packaging x photonics pair: pinned (must meet) or banned."""

    __tablename__ = "workshop_pair_choices"
    __table_args__ = (
        UniqueConstraint("workshop_id", "packaging_id", "photonics_id", name="uq_workshop_pair_choices_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    packaging_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    photonics_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    decision: Mapped[PairDecision] = mapped_column(enum_column(PairDecision))


class Meeting(db.Model):
    """A scheduled 1:1 meeting: slot and table, the two firms, and the challenge and capability behind it."""

    __tablename__ = "workshop_meetings"
    __table_args__ = (
        UniqueConstraint("workshop_id", "packaging_id", "photonics_id", name="uq_workshop_meetings_pair"),
        CheckConstraint("slot >= 1", name="slot_positive"),
        CheckConstraint("table_number >= 1", name="table_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    slot: Mapped[int] = mapped_column()
    table_number: Mapped[int] = mapped_column()
    packaging_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    photonics_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id", ondelete="SET NULL"), index=True)
    capability_id: Mapped[int | None] = mapped_column(ForeignKey("capabilities.id", ondelete="SET NULL"), index=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus), default=MeetingStatus.SCHEDULED)

    workshop: Mapped[Workshop] = relationship()
    packaging: Mapped[Organisation] = relationship(foreign_keys=[packaging_id])
    photonics: Mapped[Organisation] = relationship(foreign_keys=[photonics_id])
    challenge: Mapped[Challenge | None] = relationship()
    capability: Mapped[Capability | None] = relationship()
    outcomes: Mapped[list["MeetingOutcome"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True)

    def involves(self, organisation_id: int | None) -> bool:
        return organisation_id is not None and organisation_id in (self.packaging_id, self.photonics_id)


class MeetingOutcome(db.Model):
    """What one side says came of a meeting: the outcome, a 1-5 usefulness rating and a note."""

    __tablename__ = "workshop_meeting_outcomes"
    __table_args__ = (
        UniqueConstraint("meeting_id", "organisation_id", name="uq_workshop_meeting_outcomes_side"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("workshop_meetings.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome))
    rating: Mapped[int] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="outcomes")
    recorded_by: Mapped[User | None] = relationship()
