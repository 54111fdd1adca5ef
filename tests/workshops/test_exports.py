"""The exported agenda and meeting lists, read back with icalendar, csv and openpyxl: exact values, hostile text."""
from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from matchmaker.workshops.exports import (
    AgendaMeeting,
    agenda_ical,
    clean_text,
    ical_text,
    meetings_csv,
    meetings_xlsx,
    neutralise_formula,
    one_line,
)

MADRID = ZoneInfo("Europe/Madrid")
STAMP = dt.datetime(2025, 5, 1, 12, 0, tzinfo=dt.timezone.utc)
EVIL = "x\r\nATTENDEE:mailto:a@evil.example"
HYPERLINK = '=HYPERLINK("http://evil.example","x")'


def make_meeting(**overrides) -> AgendaMeeting:
    fields = dict(
        uid_key="workshop-7-meeting-1",
        workshop_title="Light meets packaging",
        venue="Palacio de Congresos",
        city="València",
        starts_at=dt.datetime(2025, 6, 10, 9, 0, tzinfo=MADRID),
        ends_at=dt.datetime(2025, 6, 10, 9, 20, tzinfo=MADRID),
        table=4,
        participant="Envases Ñandú",
        counterpart="Lumen Optics",
        challenge_title="Detect seal leaks",
        capability_title="Hyperspectral inspection",
        why=("Both mention seal integrity", "TRL 6 fits"),
    )
    fields.update(overrides)
    return AgendaMeeting(**fields)


def events_of(meetings, **kwargs):
    kwargs.setdefault("calendar_name", "Agenda")
    return Calendar.from_ical(agenda_ical(meetings, stamp=STAMP, **kwargs)).walk("VEVENT")


def test_agenda_has_calendar_properties_and_one_event_per_meeting():
    output = agenda_ical([make_meeting(), make_meeting(uid_key="workshop-7-meeting-2")],
                         calendar_name="Envases Ñandú, day 1; room \\A", stamp=STAMP)
    calendar = Calendar.from_ical(output)

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Matchmaker//Workshop agenda//EN"
    # icalendar reads NAME and X-WR-CALNAME back as unknown values, still escaped: check the TEXT line itself.
    assert "X-WR-CALNAME:Envases Ñandú\\, day 1\\; room \\\\A\r\n".encode() in output
    assert "\r\nNAME:Envases Ñandú\\, day 1\\; room \\\\A\r\n".encode() in output
    assert len(calendar.walk("VEVENT")) == 2


def test_event_fields_say_who_where_when_and_why():
    [event] = events_of([make_meeting()])

    assert str(event["SUMMARY"]) == "Meeting: Lumen Optics (table 4)"
    assert str(event["LOCATION"]) == "Palacio de Congresos, València – table 4"
    assert str(event["DESCRIPTION"]) == (
        "Light meets packaging\n"
        "Envases Ñandú meets Lumen Optics at table 4.\n"
        "Challenge: Detect seal leaks\n"
        "Capability: Hyperspectral inspection\n"
        "Why you meet:\n- Both mention seal integrity\n- TRL 6 fits"
    )
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTAMP") == STAMP


def test_description_leaves_out_a_missing_challenge_capability_and_reasons():
    [event] = events_of([make_meeting(challenge_title=None, capability_title=None, why=())])

    assert str(event["DESCRIPTION"]) == "Light meets packaging\nEnvases Ñandú meets Lumen Optics at table 4."


def test_uids_are_stable_across_exports_and_distinct_per_meeting():
    meetings = [make_meeting(uid_key=f"workshop-7-meeting-{n}") for n in (1, 2, 3)]

    first = [str(e["UID"]) for e in events_of(meetings)]
    second = [str(e["UID"]) for e in events_of(meetings, calendar_name="Other name")]

    assert first == second == [f"workshop-7-meeting-{n}@matchmaker.example" for n in (1, 2, 3)]


def test_uid_uses_the_given_domain():
    [event] = events_of([make_meeting()], domain="events.photonics.example")

    assert str(event["UID"]) == "workshop-7-meeting-1@events.photonics.example"


def test_two_meetings_with_one_uid_key_are_refused():
    with pytest.raises(ValueError, match="two meetings share the UID 'workshop-7-meeting-1@matchmaker.example'"):
        agenda_ical([make_meeting(), make_meeting()], calendar_name="Agenda")


def test_times_are_in_the_venue_zone_with_a_vtimezone():
    output = agenda_ical([make_meeting()], calendar_name="Agenda", stamp=STAMP)
    calendar = Calendar.from_ical(output)
    [event] = calendar.walk("VEVENT")

    assert event["DTSTART"].params["TZID"] == "Europe/Madrid"
    assert event["DTEND"].params["TZID"] == "Europe/Madrid"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Madrid"]
    assert event.decoded("DTSTART") == dt.datetime(2025, 6, 10, 9, 0, tzinfo=MADRID)
    assert event.decoded("DTEND") == dt.datetime(2025, 6, 10, 9, 20, tzinfo=MADRID)
    assert b"DTSTART;TZID=Europe/Madrid:20250610T090000\r\n" in output


def test_a_meeting_on_the_day_clocks_go_forward_keeps_its_wall_clock_time():
    start = dt.datetime(2025, 3, 30, 10, 0, tzinfo=MADRID)
    [event] = events_of([make_meeting(starts_at=start, ends_at=start + dt.timedelta(minutes=20))])

    assert event.decoded("DTSTART") == start
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)


def test_meetings_in_two_zones_get_two_vtimezones():
    new_york = ZoneInfo("America/New_York")
    meetings = [make_meeting(), make_meeting(uid_key="ny", starts_at=dt.datetime(2025, 6, 11, 9, tzinfo=new_york),
                                             ends_at=dt.datetime(2025, 6, 11, 10, tzinfo=new_york))]
    calendar = Calendar.from_ical(agenda_ical(meetings, calendar_name="Agenda", stamp=STAMP))

    assert sorted(str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")) == ["America/New_York", "Europe/Madrid"]


def test_a_venue_in_utc_is_written_with_z_times_and_no_vtimezone():
    utc = ZoneInfo("UTC")
    output = agenda_ical([make_meeting(starts_at=dt.datetime(2025, 6, 10, 9, tzinfo=utc),
                                       ends_at=dt.datetime(2025, 6, 10, 10, tzinfo=utc))], calendar_name="A")

    assert b"DTSTART:20250610T090000Z\r\n" in output
    assert Calendar.from_ical(output).walk("VTIMEZONE") == []


def test_an_empty_agenda_is_a_calendar_without_events():
    calendar = Calendar.from_ical(agenda_ical([], calendar_name="Nothing yet"))

    assert calendar.walk("VEVENT") == []


def test_a_cancelled_meeting_is_marked_cancelled():
    [event] = events_of([make_meeting(status="cancelled")])

    assert str(event["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (dict(status="postponed"), "has status 'postponed'; expected one of scheduled, cancelled"),
        (dict(starts_at=dt.datetime(2025, 6, 10, 9, 0)), "need the venue's IANA time zone"),
        (dict(starts_at=dt.datetime(2025, 6, 10, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
         "need the venue's IANA time zone"),
        (dict(ends_at=dt.datetime(2025, 6, 10, 9, 0, tzinfo=MADRID)), "ends before it starts"),
    ],
)
def test_a_meeting_that_cannot_be_written_faithfully_is_refused(overrides, message):
    with pytest.raises(ValueError, match=message):
        agenda_ical([make_meeting(**overrides)], calendar_name="Agenda")


@pytest.mark.parametrize("field", ["workshop_title", "venue", "city", "participant", "counterpart",
                                   "challenge_title", "capability_title", "uid_key"])
def test_line_breaks_in_user_text_cannot_add_properties(field):
    output = agenda_ical([make_meeting(**{field: EVIL})], calendar_name=EVIL, domain=EVIL, stamp=STAMP)
    calendar = Calendar.from_ical(output)

    assert len(calendar.walk("VEVENT")) == 1
    assert all("ATTENDEE" not in component for component in calendar.walk())
    assert not any(line.startswith(b"ATTENDEE") for line in output.split(b"\r\n"))


def test_injected_text_survives_as_text():
    [event] = events_of([make_meeting(counterpart=EVIL, challenge_title=EVIL)])

    assert str(event["SUMMARY"]) == "Meeting: x ATTENDEE:mailto:a@evil.example (table 4)"
    assert "Challenge: x\nATTENDEE:mailto:a@evil.example\n" in str(event["DESCRIPTION"])


def test_text_cannot_close_the_event_and_open_another():
    forged = "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged\r\nSUMMARY:fake\nEND:VEVENT\rBEGIN:VEVENT"
    events = events_of([make_meeting(counterpart=forged, why=(forged,))])

    assert [str(e["UID"]) for e in events] == ["workshop-7-meeting-1@matchmaker.example"]


def test_semicolons_commas_and_backslashes_round_trip():
    [event] = events_of([make_meeting(counterpart='Lumen; Optics, "S.L." \\n C:\\temp', venue="A;B,C\\")])

    assert str(event["SUMMARY"]) == 'Meeting: Lumen; Optics, "S.L." \\n C:\\temp (table 4)'
    assert str(event["LOCATION"]) == "A;B,C\\, València – table 4"


def test_characters_icalendar_cannot_carry_are_dropped_and_line_breaks_unified():
    meeting = make_meeting(counterpart="a\x00b\x1bc\x7fd\x9fe\ud800f\tg", challenge_title="1\r2\x853\u20284")
    [event] = events_of([meeting])

    assert str(event["SUMMARY"]) == "Meeting: abcdef\tg (table 4)"
    assert "Challenge: 1\n2\n3\n4\n" in str(event["DESCRIPTION"])


def test_clean_text_keeps_tabs_new_lines_and_every_printable_character():
    assert clean_text("Ñandú\t😀\n\u200b\ufeff") == "Ñandú\t😀\n\u200b\ufeff"
    assert clean_text("a\r\nb\rc\x0bd\x0ce") == "a\nb\ncde"
    assert one_line("a\r\nb\u2029c") == "a b c"


TEXT_FIELDS = ("workshop_title", "venue", "city", "participant", "counterpart", "challenge_title", "capability_title")


@settings(max_examples=200, deadline=None)
@given(texts=st.fixed_dictionaries({name: st.text() for name in TEXT_FIELDS}),
       why=st.lists(st.text(), max_size=3), count=st.integers(1, 3))
def test_any_text_gives_one_event_per_meeting_and_the_counterpart_in_the_summary(texts, why, count):
    meetings = [make_meeting(uid_key=f"m{n}", table=n, why=tuple(why), **texts) for n in range(1, count + 1)]

    events = events_of(meetings, calendar_name=texts["workshop_title"])

    assert len(events) == count
    assert [str(e["SUMMARY"]) for e in events] == [
        f"Meeting: {ical_text(one_line(texts['counterpart']))} (table {n})" for n in range(1, count + 1)]
    assert all("ATTENDEE" not in e for e in events)
    assert f"Challenge: {ical_text(clean_text(texts['challenge_title']))}" in str(events[0]["DESCRIPTION"])


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\u2028\u2029")))
def test_printable_text_reaches_the_summary_unchanged(counterpart):
    [event] = events_of([make_meeting(counterpart=counterpart)])

    assert str(event["SUMMARY"]) == f"Meeting: {ical_text(counterpart)} (table 4)"


def test_a_typed_backslash_n_stays_text_and_does_not_become_a_line_break():
    [event] = events_of([make_meeting(counterpart="C:\\Nuevo")])

    assert str(event["SUMMARY"]) == "Meeting: C:\\\u2060Nuevo (table 4)"
    assert "\n" not in str(event["SUMMARY"])


COLUMNS = [("org", "Organisation"), ("starts", "Starts"), ("table", "Table"), ("score", "Score"), ("note", "Note")]
ROWS = [
    {"org": "Envases Ñandú", "starts": dt.datetime(2025, 6, 10, 9, 0, tzinfo=MADRID), "table": 4, "score": -1.5,
     "note": HYPERLINK},
    {"org": "Lumen Optics", "starts": dt.datetime(2025, 6, 10, 9, 20), "table": -3, "score": None},
]


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"), newline="")))


def test_csv_starts_with_a_bom_and_reads_back_exactly():
    text = meetings_csv(ROWS, COLUMNS)

    assert text.encode("utf-8").startswith(b"\xef\xbb\xbfOrganisation,")
    assert read_csv(text) == [
        ["Organisation", "Starts", "Table", "Score", "Note"],
        ["Envases Ñandú", "2025-06-10 09:00", "4", "-1.5", "'" + HYPERLINK],
        ["Lumen Optics", "2025-06-10 09:20", "-3", "", ""],
    ]


@pytest.mark.parametrize(("value", "written"), [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\n=1"), ("\x00=1", "'=1"), ("a=1", "a=1"), ("'=1", "'=1"), ("", ""),
])
def test_csv_text_that_looks_like_a_formula_gets_an_apostrophe(value, written):
    assert read_csv(meetings_csv([{"note": value}], [("note", "Note")]))[1] == [written]


def test_csv_header_that_looks_like_a_formula_gets_an_apostrophe():
    assert read_csv(meetings_csv([], [("org", HYPERLINK)])) == [["'" + HYPERLINK]]


def test_csv_dates_and_times_are_written_plainly():
    row = {"day": dt.date(2025, 6, 10), "at": dt.time(9, 5), "flag": True, "multi": "a\r\nb"}
    columns = [("day", "Day"), ("at", "At"), ("flag", "Flag"), ("multi", "Multi")]

    assert read_csv(meetings_csv([row], columns))[1] == ["2025-06-10", "09:05", "True", "a\nb"]


@settings(max_examples=200)
@given(st.lists(st.text(), min_size=1, max_size=4))
def test_csv_any_text_reads_back_as_its_neutralised_clean_form(values):
    columns = [(f"c{i}", value) for i, value in enumerate(values)]
    row = {f"c{i}": value for i, value in enumerate(values)}

    expected = [neutralise_formula(clean_text(value)) for value in values]
    assert read_csv(meetings_csv([row], columns)) == [expected, expected]


def read_xlsx(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_xlsx_has_a_bold_frozen_header_and_typed_cells():
    sheet = read_xlsx(meetings_xlsx(ROWS, COLUMNS, sheet_title="Meetings"))

    assert sheet.title == "Meetings"
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["Organisation", "Starts", "Table", "Score", "Note"]
    assert all(c.font.bold for c in sheet[1])
    assert [c.value for c in sheet[2]] == ["Envases Ñandú", dt.datetime(2025, 6, 10, 9, 0), 4, -1.5, "'" + HYPERLINK]
    assert [c.value for c in sheet[3]] == ["Lumen Optics", dt.datetime(2025, 6, 10, 9, 20), -3, None, None]
    assert [c.data_type for c in sheet[2]] == ["s", "d", "n", "n", "s"]
    assert sheet["B2"].number_format == "yyyy-mm-dd hh:mm"
    assert not sheet["A2"].font.bold


def test_xlsx_column_widths_follow_the_content_within_bounds():
    rows = [{"short": 1, "long": "w" * 200, "mid": "Envases Ñandú"}]
    sheet = read_xlsx(meetings_xlsx(rows, [("short", "N"), ("long", "Long"), ("mid", "Mid")], sheet_title="M"))

    assert [sheet.column_dimensions[c].width for c in "ABC"] == [8, 60, 15]


def test_xlsx_formula_header_and_cells_stay_text():
    rows = [{"a": "=1+2", "b": "-x", "c": "@x", "d": -7}]
    columns = [("a", HYPERLINK), ("b", "B"), ("c", "C"), ("d", "D")]
    sheet = read_xlsx(meetings_xlsx(rows, columns, sheet_title="M"))

    assert [c.value for c in sheet[1]] == ["'" + HYPERLINK, "B", "C", "D"]
    assert [c.value for c in sheet[2]] == ["'=1+2", "'-x", "'@x", -7]
    assert [c.data_type for c in sheet[2]] == ["s", "s", "s", "n"]


def test_xlsx_dates_times_and_illegal_characters():
    rows = [{"day": dt.date(2025, 6, 10), "at": dt.time(9, 5), "text": "a\x00b\x1bc\ud800d\r\ne"}]
    sheet = read_xlsx(meetings_xlsx(rows, [("day", "Day"), ("at", "At"), ("text", "Text")], sheet_title="M"))

    assert [c.value for c in sheet[2]] == [dt.datetime(2025, 6, 10, 0, 0), dt.time(9, 5), "abcd\ne"]
    assert [sheet["A2"].number_format, sheet["B2"].number_format] == ["yyyy-mm-dd", "hh:mm"]


def test_xlsx_cuts_text_to_excels_cell_limit():
    sheet = read_xlsx(meetings_xlsx([{"t": "x" * 40_000}], [("t", "T")], sheet_title="M"))

    assert len(sheet["A2"].value) == 32_767


@pytest.mark.parametrize(("title", "written"), [
    ("Valencia: day [1]/draft?", "Valencia- day -1--draft-"),
    ("A" * 40, "A" * 31),
    ("'quoted'", "quoted"),
    ("", "Meetings"),
    ("\r\n", "Meetings"),
    ("History", "History (1)"),
    ("=1+2", "=1+2"),
])
def test_xlsx_sheet_title_is_made_acceptable_to_excel(title, written):
    assert read_xlsx(meetings_xlsx([], [("a", "A")], sheet_title=title)).title == written


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=3))
def test_xlsx_any_text_reads_back_as_its_neutralised_clean_form(values):
    columns = [(f"c{i}", value) for i, value in enumerate(values)]
    row = {f"c{i}": value for i, value in enumerate(values)}
    sheet = read_xlsx(meetings_xlsx([row], columns, sheet_title="M"))

    expected = [neutralise_formula(clean_text(value)) or None for value in values]
    assert [c.value for c in sheet[1]] == expected
    assert [c.value for c in sheet[2]] == expected
