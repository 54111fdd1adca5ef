"""Agendas as each reader may see them: the personal agenda, its iCal file, printed sheets and organisers' exports.

Every agenda is built for a *viewer* and asks the permission policy about each meeting: a challenge the viewer
may not see is not named (nor explained, since explanations quote its text), and a packaging firm that
brings an anonymous challenge is "Anonymous packaging firm" unless it accepted the viewer's meeting request.
Printed and downloaded agendas of a firm use ``FirmViewer``, so what an organiser prints for a firm is what
that firm's members may see; table sheets, which anyone walking past can read, use a firm-less member.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import or_, select

from matchmaker import permissions
from matchmaker.enums import MeetingStatus, Role, Visibility
from matchmaker.extensions import db
from matchmaker.matches.index import index_cache
from matchmaker.workshops.exports import AgendaMeeting, IcalWords, agenda_ical, meetings_csv, meetings_xlsx
from matchmaker.workshops.interest import ANONYMOUS_FIRM, revealed_to
from matchmaker.workshops.models import Meeting, Registration, Workshop
from matchmaker.workshops.registration import registrations
from matchmaker.workshops.services import slot_labels
from matchmaker.workshops.timetable import Slot

EXPORT_COLUMNS = (
    ("slot", "Slot"), ("starts_at", "Starts"), ("ends_at", "Ends"), ("table", "Table"),
    ("packaging", "Packaging firm"), ("photonics", "Photonics member"), ("challenge", "Challenge"),
    ("visibility", "Challenge visibility"), ("anonymous", "Anonymous challenge"), ("capability", "Capability"),
    ("score", "Engine score"), ("status", "Status"),
)


@dataclass(frozen=True)
class FirmViewer:
    """Any logged-in member of a firm (or of no firm): enough for the policy to say what they may see."""

    organisation_id: int | None
    role: Role
    is_authenticated: bool = True


def viewer_for(registration: Registration) -> FirmViewer:
    return FirmViewer(registration.organisation_id, Role(registration.organisation.kind.value))


PASSER_BY = FirmViewer(None, Role.PHOTONICS)


@dataclass(frozen=True)
class AgendaEntry:
    meeting: Meeting
    slot: Slot
    own: str
    counterpart: str
    challenge_title: str | None
    capability_title: str | None
    why: tuple[str, ...]

    @property
    def cancelled(self) -> bool:
        return self.meeting.status == MeetingStatus.CANCELLED


def _why(meeting: Meeting, lang: str | None) -> tuple[str, ...]:
    if meeting.challenge_id is None or meeting.capability_id is None:
        return ()
    try:
        return index_cache().current().explain(str(meeting.challenge_id), str(meeting.capability_id), lang)
    except KeyError:
        return ()


def _entry(meeting: Meeting, viewer, slots: dict[int, Slot], people: dict[int, Registration],
           revealed: set[int], own_id: int | None, lang: str | None) -> AgendaEntry:
    challenge, capability = meeting.challenge, meeting.capability
    show_challenge = challenge is not None and permissions.can_view(viewer, challenge)
    show_capability = capability is not None and permissions.can_view(viewer, capability)
    packaging_name = meeting.packaging.name
    if permissions.masks_firm(viewer, people.get(meeting.packaging_id), revealed=meeting.packaging_id in revealed,
                              challenges=(challenge,) if challenge is not None else ()):
        packaging_name = str(ANONYMOUS_FIRM)
    if own_id == meeting.photonics_id:
        own, counterpart = meeting.photonics.name, packaging_name
    else:
        own, counterpart = packaging_name, meeting.photonics.name
    return AgendaEntry(
        meeting=meeting, slot=slots[meeting.slot], own=own, counterpart=counterpart,
        challenge_title=challenge.title if show_challenge else None,
        capability_title=capability.title if show_capability else None,
        why=_why(meeting, lang) if show_challenge and show_capability else ())


def workshop_meetings(workshop: Workshop, organisation_id: int | None = None) -> list[Meeting]:
    query = select(Meeting).where(Meeting.workshop_id == workshop.id)
    if organisation_id is not None:
        query = query.where(or_(Meeting.packaging_id == organisation_id, Meeting.photonics_id == organisation_id))
    return list(db.session.scalars(query.order_by(Meeting.slot, Meeting.table_number, Meeting.id)))


def agenda_for(workshop: Workshop, viewer, organisation_id: int, *, lang: str | None = None) -> list[AgendaEntry]:
    """One firm's meetings in time order, as ``viewer`` (a member of that firm, or an organiser) may see them."""
    slots = slot_labels(workshop)
    people = {r.organisation_id: r for r in registrations(workshop)}
    revealed = revealed_to(workshop, organisation_id)
    return [_entry(m, viewer, slots, people, revealed, organisation_id, lang)
            for m in workshop_meetings(workshop, organisation_id)]


def table_sheets(workshop: Workshop, *, lang: str | None = None) -> list[tuple[str, list[AgendaEntry]]]:
    """One sheet per table, as anyone passing by may read it."""
    slots = slot_labels(workshop)
    people = {r.organisation_id: r for r in registrations(workshop)}
    by_table: dict[int, list[AgendaEntry]] = {t: [] for t in range(1, workshop.tables + 1)}
    for meeting in workshop_meetings(workshop):
        if meeting.status == MeetingStatus.SCHEDULED and meeting.table_number in by_table:
            by_table[meeting.table_number].append(_entry(meeting, PASSER_BY, slots, people, set(), None, lang))
    return [(_("Table %(number)s", number=table), entries) for table, entries in by_table.items()]


def firm_sheets(workshop: Workshop, *, lang: str | None = None) -> list[tuple[str, list[AgendaEntry]]]:
    """One sheet per registered firm, as that firm's members may see it."""
    return [(registration.organisation.name,
             agenda_for(workshop, viewer_for(registration), registration.organisation_id, lang=lang))
            for registration in registrations(workshop)]


def _agenda_meeting(workshop: Workshop, entry: AgendaEntry) -> AgendaMeeting:
    meeting = entry.meeting
    return AgendaMeeting(
        uid_key=f"workshop-{workshop.id}-pair-{meeting.packaging_id}-{meeting.photonics_id}",
        workshop_title=workshop.title, venue=workshop.venue, city=workshop.city,
        starts_at=entry.slot.starts_at, ends_at=entry.slot.ends_at, table=meeting.table_number,
        participant=entry.own, counterpart=entry.counterpart, challenge_title=entry.challenge_title,
        capability_title=entry.capability_title, why=entry.why, status=meeting.status.value)


def ical_words() -> IcalWords:
    """The calendar events' sentences in the reader's language (templates: the pure exporter fills them in)."""
    return IcalWords(summary=_("Meeting: %(counterpart)s (table %(table)s)"),
                     location=_("%(venue)s, %(city)s – table %(table)s"),
                     meets=_("%(participant)s meets %(counterpart)s at table %(table)s."),
                     challenge=_("Challenge: %(title)s"), capability=_("Capability: %(title)s"),
                     why=_("Why you meet:"))


def firm_ical(workshop: Workshop, entries: list[AgendaEntry], firm_name: str) -> bytes:
    return agenda_ical([_agenda_meeting(workshop, entry) for entry in entries],
                       calendar_name=f"{workshop.title} – {firm_name}", words=ical_words())


def workshop_ical(workshop: Workshop, organiser, *, lang: str | None = None) -> bytes:
    """Every meeting of the workshop in one calendar (organisers)."""
    slots = slot_labels(workshop)
    people = {r.organisation_id: r for r in registrations(workshop)}
    entries = [_entry(m, organiser, slots, people, set(), m.packaging_id, lang) for m in workshop_meetings(workshop)]
    return agenda_ical([_agenda_meeting(workshop, entry) for entry in entries], calendar_name=workshop.title,
                       words=ical_words())


def export_rows(workshop: Workshop) -> list[dict]:
    """Every meeting as a row for organisers' CSV and XLSX files."""
    slots = slot_labels(workshop)
    rows = []
    for meeting in workshop_meetings(workshop):
        slot, challenge = slots[meeting.slot], meeting.challenge
        rows.append({
            "slot": meeting.slot, "starts_at": slot.starts_at, "ends_at": slot.ends_at,
            "table": meeting.table_number, "packaging": meeting.packaging.name,
            "photonics": meeting.photonics.name, "challenge": challenge.title if challenge else None,
            "visibility": challenge.visibility.label if challenge else None,
            "anonymous": ("yes" if challenge.anonymous else "no") if challenge else None,
            "capability": meeting.capability.title if meeting.capability else None,
            "score": round(meeting.score, 4), "status": meeting.status.value,
        })
    return rows


def export_csv(workshop: Workshop) -> str:
    return meetings_csv(export_rows(workshop), EXPORT_COLUMNS)


def export_xlsx(workshop: Workshop) -> bytes:
    return meetings_xlsx(export_rows(workshop), EXPORT_COLUMNS, sheet_title="Meetings")


def confidential_in(workshop: Workshop) -> int:
    """How many meetings rest on a confidential challenge (the organisers' exports warn about them)."""
    return sum(1 for m in workshop_meetings(workshop)
               if m.challenge is not None and m.challenge.visibility == Visibility.ORGANISERS)
