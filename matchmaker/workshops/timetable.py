"""A workshop's programme as numbered time slots: wall-clock times at the venue, with breaks between slots.

Pure: no Flask, no database. Times are built as wall-clock times on the workshop's date and only then given
the venue's time zone, so a programme on a daylight-saving day gets the offset that holds at the venue that
day. A programme that would straddle the clock change itself (or sit in the skipped or repeated hour) is
refused, because its slots would not all last the same real time and some labels would name no single moment.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MEETING_MINUTES = range(5, 121)
SLOT_COUNT = range(1, 49)
MAX_BREAK_MINUTES = 24 * 60
_BREAK_ITEM = re.compile(r"([0-9]+)\s*:\s*([0-9]+)(?:\s+(.*))?", re.ASCII | re.DOTALL)
DEFAULT_BREAK_LABEL = "Break"


def N_(message: str) -> str:
    """Mark an English message for the catalogues (``make translations`` extracts it); the pure core stays English."""
    return message


class ProgrammeError(ValueError):
    """A nonsensical programme, in English; ``message`` (a catalogue msgid) and ``params`` let a web form translate it.

    A param may itself be a ``ProgrammeError`` (the reason inside "the break ...: reason").
    """

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message % params)
        self.message, self.params = message, params


@dataclass(frozen=True)
class Break:
    """A pause of ``minutes`` after slot number ``after_slot`` (1-based), shown to people as ``label``."""

    after_slot: int
    minutes: int
    label: str = DEFAULT_BREAK_LABEL

    def __post_init__(self) -> None:
        if not _is_int(self.after_slot) or self.after_slot < 1:
            raise ProgrammeError(N_("a break must come after slot 1 or later, not after slot %(slot)s"),
                                 slot=repr(self.after_slot))
        if not _is_int(self.minutes) or not 1 <= self.minutes <= MAX_BREAK_MINUTES:
            raise ProgrammeError(N_("a break lasts 1 to %(most)s minutes, not %(minutes)s"),
                                 most=MAX_BREAK_MINUTES, minutes=repr(self.minutes))


@dataclass(frozen=True)
class Slot:
    """One meeting round: ``label`` is the local start time as ``HH:MM``; both datetimes carry the venue's zone."""

    number: int
    label: str
    starts_at: dt.datetime
    ends_at: dt.datetime


def build_slots(
    *,
    date: dt.date,
    timezone: str,
    first_start: dt.time,
    meeting_minutes: int,
    slot_count: int,
    breaks: Sequence[Break] = (),
) -> tuple[Slot, ...]:
    """The programme's slots in order; raises ``ValueError`` saying what is wrong with a nonsensical programme."""
    zone = venue_zone(timezone)
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise ValueError(f"the workshop date must be a date, not {date!r}")
    if not isinstance(first_start, dt.time) or first_start.tzinfo is not None:
        raise ValueError("the first slot's start must be a local time of day without a time zone")
    if first_start.second or first_start.microsecond:
        raise ValueError(f"the first slot must start on a whole minute, not at {first_start.isoformat()}")
    if not _is_int(meeting_minutes) or meeting_minutes not in MEETING_MINUTES:
        raise ValueError(f"a meeting lasts {MEETING_MINUTES.start} to {MEETING_MINUTES.stop - 1} minutes, "
                         f"not {meeting_minutes!r}")
    if not _is_int(slot_count) or slot_count not in SLOT_COUNT:
        raise ValueError(f"a workshop has {SLOT_COUNT.start} to {SLOT_COUNT.stop - 1} slots, not {slot_count!r}")
    pause_after = _pauses(breaks, slot_count)

    walls = []
    start = dt.datetime.combine(date, first_start)
    for number in range(1, slot_count + 1):
        end = start + dt.timedelta(minutes=meeting_minutes)
        walls.append((number, start, end))
        start = end + pause_after.get(number, dt.timedelta())
    midnight = dt.datetime.combine(date + dt.timedelta(days=1), dt.time())
    if walls[-1][2] > midnight:
        raise ProgrammeError(N_("the programme would end at %(time)s on the next day; a workshop must end by midnight"),
                             time=f"{walls[-1][2]:%H:%M}")
    _refuse_clock_change(walls, zone)
    return tuple(
        Slot(number=number, label=f"{start:%H:%M}",
             starts_at=start.replace(tzinfo=zone), ends_at=end.replace(tzinfo=zone))
        for number, start, end in walls
    )


def parse_breaks(text: str) -> tuple[Break, ...]:
    """Read breaks typed as ``"3:15 Coffee, 6:60 Lunch"``: after slot 3, 15 minutes, labelled "Coffee".

    Commas, semicolons and new lines separate breaks, so a label cannot contain them; it is optional ("Break").
    """
    found = []
    for item in re.split(r"[,;\n]", text):
        item = item.strip()
        if not item:
            continue
        match = _BREAK_ITEM.fullmatch(item)
        if match is None:
            raise ProgrammeError(
                N_("cannot read the break %(item)s: write it as slot:minutes label, e.g. '3:15 Coffee'"), item=repr(item))
        after_slot, minutes, label = match.groups()
        try:
            found.append(Break(after_slot=int(after_slot), minutes=int(minutes),
                               label=(label or DEFAULT_BREAK_LABEL).strip()))
        except ProgrammeError as error:
            raise ProgrammeError(N_("the break %(item)s: %(reason)s"), item=repr(item), reason=error) from None
    return tuple(found)


def venue_zone(name: str) -> ZoneInfo:
    """The IANA time zone called ``name`` (e.g. "Europe/Madrid"); ``ValueError`` when there is no such zone."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("the venue's time zone is missing")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # ZoneInfo raises ValueError for path-like keys ("../x") and OSError for some malformed names.
        raise ValueError(f"unknown time zone {name!r}: use an IANA name such as 'Europe/Madrid'") from None


def _pauses(breaks: Sequence[Break], slot_count: int) -> dict[int, dt.timedelta]:
    pauses: dict[int, dt.timedelta] = {}
    for item in breaks:
        if not isinstance(item, Break):
            raise ValueError(f"breaks must be Break values, not {item!r}")
        if item.after_slot >= slot_count:
            if item.after_slot == slot_count:
                raise ProgrammeError(N_("the break %(label)s comes after slot %(slot)s, but it is the last slot"),
                                     label=repr(item.label), slot=item.after_slot)
            raise ProgrammeError(
                N_("the break %(label)s comes after slot %(slot)s, but there are only %(count)s slots"),
                label=repr(item.label), slot=item.after_slot, count=slot_count)
        if item.after_slot in pauses:
            raise ProgrammeError(N_("there are two breaks after slot %(slot)s; merge them into one"),
                                 slot=item.after_slot)
        pauses[item.after_slot] = dt.timedelta(minutes=item.minutes)
    return pauses


def _refuse_clock_change(walls: list[tuple[int, dt.datetime, dt.datetime]], zone: ZoneInfo) -> None:
    # fold=0 and fold=1 give different offsets exactly for wall times that are skipped or repeated (PEP 495).
    first, last = walls[0][1], walls[-1][2]
    offsets = {
        moment.replace(tzinfo=zone, fold=fold).utcoffset()
        for _, start, end in walls
        for moment in (start, end)
        for fold in (0, 1)
    }
    if len(offsets) > 1:
        raise ProgrammeError(N_("the programme from %(first)s to %(last)s on %(day)s crosses the daylight-saving clock "
                                "change in %(zone)s; start after the change or end before it"),
                             first=f"{first:%H:%M}", last=f"{last:%H:%M}", day=f"{first:%Y-%m-%d}", zone=zone.key)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
