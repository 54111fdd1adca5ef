"""Agendas and meeting lists as files people open elsewhere: iCalendar for calendars, CSV and XLSX for spreadsheets.

Pure: plain values in, bytes or text out. Everything here treats user text as hostile. Before writing, text is
cleaned by one rule (``clean_text``): line breaks become "\\n", and control characters other than tab and new
line, and lone surrogates, are dropped, because RFC 5545 TEXT, XLSX's XML and UTF-8 cannot carry them.
One-line fields (an event's summary and location, a calendar's name) also turn each line break into a space.
Spreadsheet cells that a spreadsheet would run as a formula get a leading apostrophe (``neutralise_formula``).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from icalendar import Calendar, Event, vText
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

PRODID = "-//Matchmaker//Workshop agenda//EN"
EVENT_STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED"}
# OWASP's list, plus "\n": clean_text turns a leading "\r" into "\n", which must stay just as inert.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_CELL_LIMIT = 32_767
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_UNCARRIABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class AgendaMeeting:
    """One meeting in one participant's agenda; ``uid_key`` names the meeting for good (it becomes the UID)."""

    uid_key: str
    workshop_title: str
    venue: str
    city: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    table: int
    participant: str
    counterpart: str
    challenge_title: str | None
    capability_title: str | None
    why: tuple[str, ...]
    status: str = "scheduled"


@dataclass(frozen=True)
class IcalWords:
    """The sentences of a calendar event as ``%(name)s`` templates: English here, the reader's language from the web."""

    summary: str = "Meeting: %(counterpart)s (table %(table)s)"
    location: str = "%(venue)s, %(city)s – table %(table)s"
    meets: str = "%(participant)s meets %(counterpart)s at table %(table)s."
    challenge: str = "Challenge: %(title)s"
    capability: str = "Capability: %(title)s"
    why: str = "Why you meet:"


ENGLISH = IcalWords()


def clean_text(value: str) -> str:
    """``value`` with every line break as "\\n" and without characters iCalendar, XLSX or UTF-8 cannot carry."""
    return _UNCARRIABLE.sub("", _LINE_BREAKS.sub("\n", value))


def one_line(value: str) -> str:
    """``clean_text`` for a field shown on one line: line breaks become spaces."""
    return clean_text(value).replace("\n", " ")


def ical_text(value: str) -> str:
    """Text as it must reach icalendar: the library reads a literal backslash-N as an escaped line break,
    so a word joiner (invisible) is slipped between them to keep the reader's text as typed."""
    return value.replace("\\N", "\\\u2060N")


def agenda_ical(
    meetings: Sequence[AgendaMeeting],
    *,
    calendar_name: str,
    domain: str = "matchmaker.example",
    stamp: dt.datetime | None = None,
    words: IcalWords = ENGLISH,
) -> bytes:
    """An RFC 5545 calendar with one event per meeting, in the venue's time zone, with a VTIMEZONE for each zone.

    UIDs are ``{uid_key}@{domain}``, so a re-export updates events in a subscribed calendar instead of doubling
    them. ``stamp`` (DTSTAMP: aware, default now) is there so tests can pin it. A venue in UTC is written with "Z"
    times and needs no VTIMEZONE. ``words`` phrase the events (English by default).
    """
    stamp = (stamp or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # icalendar treats NAME and X-WR-CALNAME as unknown (unescaped) values; vText escapes , ; and \ as TEXT.
    calendar.add("name", vText(ical_text(one_line(calendar_name))))
    calendar.add("x-wr-calname", vText(ical_text(one_line(calendar_name))))
    seen: set[str] = set()
    for meeting in meetings:
        uid = f"{one_line(meeting.uid_key)}@{one_line(domain)}"
        if uid in seen:
            raise ValueError(f"two meetings share the UID {uid!r}; each meeting needs its own uid_key")
        seen.add(uid)
        calendar.add_component(_event(meeting, uid, stamp, words))
    if meetings:
        first = min(m.starts_at for m in meetings).date()
        last = max(m.ends_at for m in meetings).date()
        calendar.add_missing_timezones(first_date=first.replace(month=1, day=1),
                                       last_date=last.replace(year=last.year + 1, month=1, day=1))
    return calendar.to_ical()


def _event(meeting: AgendaMeeting, uid: str, stamp: dt.datetime, words: IcalWords) -> Event:
    for moment in (meeting.starts_at, meeting.ends_at):
        # A fixed-offset tzinfo would be written as TZID="UTC+02:00" with no VTIMEZONE: invalid for clients.
        if moment.tzinfo is not dt.timezone.utc and getattr(moment.tzinfo, "key", None) is None:
            raise ValueError(f"meeting {meeting.uid_key!r}: times need the venue's IANA time zone, not {moment!r}")
    if meeting.ends_at <= meeting.starts_at:
        raise ValueError(f"meeting {meeting.uid_key!r} ends before it starts")
    if meeting.status not in EVENT_STATUS:
        raise ValueError(f"meeting {meeting.uid_key!r} has status {meeting.status!r}; "
                         f"expected one of {', '.join(EVENT_STATUS)}")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", ical_text(one_line(
        words.summary % {"counterpart": meeting.counterpart, "table": meeting.table})))
    event.add("location", ical_text(one_line(
        words.location % {"venue": meeting.venue, "city": meeting.city, "table": meeting.table})))
    event.add("description", ical_text(clean_text(_description(meeting, words))))
    event.add("status", EVENT_STATUS[meeting.status])
    return event


def _description(meeting: AgendaMeeting, words: IcalWords) -> str:
    lines = [meeting.workshop_title, words.meets % {
        "participant": meeting.participant, "counterpart": meeting.counterpart, "table": meeting.table}]
    if meeting.challenge_title is not None:
        lines.append(words.challenge % {"title": meeting.challenge_title})
    if meeting.capability_title is not None:
        lines.append(words.capability % {"title": meeting.capability_title})
    if meeting.why:
        lines.append(words.why)
        lines.extend(f"- {reason}" for reason in meeting.why)
    return "\n".join(lines)


def neutralise_formula(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet would read it as a formula (OWASP CSV injection)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def meetings_csv(rows: Sequence[Mapping[str, object]], columns: Sequence[tuple[str, str]]) -> str:
    """The rows as CSV text beginning with a byte order mark: encode it as UTF-8 and Excel reads accents right.

    Without the BOM, Excel opens a UTF-8 CSV in the machine's legacy code page and "Café" becomes "CafÃ©";
    other readers skip the BOM (Python: ``encoding="utf-8-sig"``). ``columns`` are (key, header) pairs; a
    missing key or None is an empty cell; datetimes are local wall-clock "YYYY-MM-DD HH:MM".
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(neutralise_formula(clean_text(header)) for _, header in columns)
    for row in rows:
        writer.writerow(_csv_cell(row.get(key)) for key, _ in columns)
    return out.getvalue()


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return neutralise_formula(clean_text(str(value)))


def meetings_xlsx(
    rows: Sequence[Mapping[str, object]], columns: Sequence[tuple[str, str]], *, sheet_title: str
) -> bytes:
    """The rows as an XLSX workbook: bold frozen header, numbers and dates as real cells, text never a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_title)
    widths = []
    for index, (_, header) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=_xlsx_text(header))
        cell.font = Font(bold=True)
        widths.append(len(cell.value))
    for row_index, row in enumerate(rows, start=2):
        for index, (key, _) in enumerate(columns, start=1):
            value, number_format, width = _xlsx_cell(row.get(key))
            cell = sheet.cell(row=row_index, column=index, value=value)
            if number_format:
                cell.number_format = number_format
            widths[index - 1] = max(widths[index - 1], width)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(value: object) -> tuple[object, str | None, int]:
    """The cell value, its number format and the width it wants."""
    if value is None:
        return None, None, 0
    if isinstance(value, dt.datetime):
        # Excel has no time zones: write the venue's wall-clock time, which is what people read on the agenda.
        return value.replace(tzinfo=None), "yyyy-mm-dd hh:mm", 16
    if isinstance(value, dt.date):
        return value, "yyyy-mm-dd", 10
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None), "hh:mm", 5
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value, None, len(str(value))
    text = _xlsx_text(str(value))
    return text, None, max((len(line) for line in text.split("\n")), default=0)


def _xlsx_text(value: str) -> str:
    # Excel refuses cells longer than 32,767 characters; cut rather than produce a file it must "repair".
    return neutralise_formula(clean_text(value))[:XLSX_CELL_LIMIT]


def _sheet_title(title: str) -> str:
    """A title Excel accepts: no []:*?/\\, at most 31 characters, not wrapped in apostrophes, not "History"."""
    title = _SHEET_TITLE_FORBIDDEN.sub("-", one_line(title)).strip().strip("'")[:31].strip() or "Meetings"
    return f"{title} (1)" if title.casefold() == "history" else title
