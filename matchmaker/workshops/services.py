"""Setting up a workshop and moving it through its states. Services flush; the request commits once.

Registration, interest, planning, agendas and outcomes each have their own module beside this one.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import func, select

from matchmaker.enums import MeetingStatus, WorkshopStatus
from matchmaker.extensions import db
from matchmaker.workshops.models import Meeting, Registration, Workshop
from matchmaker.workshops.timetable import DEFAULT_BREAK_LABEL, Break, Slot, build_slots, parse_breaks

# Which state each transition button leads to, and from where. SCHEDULED is reached by making a schedule.
TRANSITIONS: dict[WorkshopStatus, tuple[WorkshopStatus, ...]] = {
    WorkshopStatus.OPEN: (WorkshopStatus.DRAFT,),
    WorkshopStatus.PUBLISHED: (WorkshopStatus.SCHEDULED,),
    WorkshopStatus.CLOSED: (WorkshopStatus.PUBLISHED,),
}
# Each transition's button, the question that confirms it, and what it does.
TRANSITION_TEXT = {
    WorkshopStatus.OPEN: (_l("Open registration"), _l("Open registration?"),
                          _l("Firms can then see the workshop and register for it.")),
    WorkshopStatus.PUBLISHED: (_l("Publish the agendas"), _l("Publish the agendas?"),
                               _l("Every participant then sees its personal agenda and can download it; "
                                  "registrations stay frozen. Meetings can still be moved or cancelled.")),
    WorkshopStatus.CLOSED: (_l("Close the workshop"), _l("Close the workshop?"),
                            _l("The workshop is over: participants record their meetings' outcomes. "
                               "It cannot be reopened.")),
}
EDITABLE = (WorkshopStatus.DRAFT, WorkshopStatus.OPEN)


class WorkshopError(Exception):
    """A request the workshop's state or rules do not allow, in words for the person who made it.

    Raised while serving that person's request, so the message is already in their language.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ProgrammeItem:
    """A line of the programme: a meeting slot or a break."""

    label: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    slot: Slot | None = None


def programme(workshop: Workshop) -> tuple[Slot, ...]:
    """The workshop's slots with their times at the venue (the stored settings were checked by the form)."""
    return build_slots(date=workshop.date, timezone=workshop.timezone, first_start=workshop.first_start,
                       meeting_minutes=workshop.meeting_minutes, slot_count=workshop.slot_count,
                       breaks=parse_breaks(workshop.breaks))


def slot_labels(workshop: Workshop) -> dict[int, Slot]:
    return {slot.number: slot for slot in programme(workshop)}


def programme_items(workshop: Workshop) -> list[ProgrammeItem]:
    """Slots and breaks in time order, as the workshop page lists them."""
    slots = programme(workshop)
    breaks: dict[int, Break] = {item.after_slot: item for item in parse_breaks(workshop.breaks)}
    items = []
    for slot in slots:
        items.append(ProgrammeItem(_("Slot %(number)s", number=slot.number), slot.starts_at, slot.ends_at, slot))
        if slot.number in breaks:
            pause = breaks[slot.number]
            # An unlabelled break is named in each reader's words; an organiser's own label is shown as typed.
            label = _("Break") if pause.label == DEFAULT_BREAK_LABEL else pause.label
            items.append(ProgrammeItem(label, slot.ends_at,
                                       slot.ends_at + dt.timedelta(minutes=pause.minutes)))
    return items


def _apply(workshop: Workshop, data: dict) -> None:
    for name in ("title", "theme", "city", "venue", "timezone", "date", "first_start", "meeting_minutes",
                 "slot_count", "breaks", "tables", "registration_deadline"):
        setattr(workshop, name, data[name])
    workshop.theme = workshop.theme or ""
    workshop.breaks = ", ".join(f"{b.after_slot}:{b.minutes} {b.label}" for b in parse_breaks(data["breaks"] or ""))


def create_workshop(data: dict) -> Workshop:
    workshop = Workshop(status=WorkshopStatus.DRAFT)
    _apply(workshop, data)
    db.session.add(workshop)
    db.session.flush()
    return workshop


def update_workshop(workshop: Workshop, data: dict) -> Workshop:
    """Change a workshop before it is scheduled; availabilities lose the slots that no longer exist."""
    if workshop.status not in EDITABLE:
        raise WorkshopError(_("A scheduled workshop's programme cannot change any more."))
    _apply(workshop, data)
    for registration in workshop.registrations:
        registration.available = [n for n in registration.available if n <= workshop.slot_count]
    db.session.flush()
    return workshop


def meeting_count(workshop: Workshop) -> int:
    return db.session.scalar(select(func.count()).select_from(Meeting).where(
        Meeting.workshop_id == workshop.id, Meeting.status == MeetingStatus.SCHEDULED)) or 0


def change_status(workshop: Workshop, target: WorkshopStatus) -> None:
    """Move a workshop forward: open it, publish its agendas, close it."""
    if workshop.status not in TRANSITIONS.get(target, ()):
        raise WorkshopError(_("A workshop that is “%(current)s” cannot become “%(target)s”.",
                              current=workshop.status.label, target=target.label))
    if target == WorkshopStatus.PUBLISHED and not meeting_count(workshop):
        raise WorkshopError(_("There are no scheduled meetings to publish."))
    workshop.status = target
    db.session.flush()


def registration_count(workshop: Workshop) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.workshop_id == workshop.id)) or 0
