"""Examples and properties for build_slots and parse_breaks: slot times at the venue, breaks, and refusals."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.workshops.timetable import Break, Slot, build_slots, parse_breaks

MADRID = ZoneInfo("Europe/Madrid")
UTC = dt.timezone.utc


def make_programme(**overrides) -> dict:
    fields = dict(
        date=dt.date(2025, 6, 10),
        timezone="Europe/Madrid",
        first_start=dt.time(9, 0),
        meeting_minutes=20,
        slot_count=6,
        breaks=(Break(after_slot=3, minutes=15, label="Coffee"),),
    )
    fields.update(overrides)
    return fields


def test_slots_follow_each_other_and_a_break_pushes_the_rest_back():
    slots = build_slots(**make_programme())

    assert [s.label for s in slots] == ["09:00", "09:20", "09:40", "10:15", "10:35", "10:55"]
    assert [s.number for s in slots] == [1, 2, 3, 4, 5, 6]
    assert slots[3] == Slot(
        number=4,
        label="10:15",
        starts_at=dt.datetime(2025, 6, 10, 10, 15, tzinfo=MADRID),
        ends_at=dt.datetime(2025, 6, 10, 10, 35, tzinfo=MADRID),
    )


def test_slots_carry_the_venue_zone_and_its_summer_offset():
    first = build_slots(**make_programme())[0]

    assert first.starts_at.tzinfo is MADRID
    assert first.starts_at.astimezone(UTC) == dt.datetime(2025, 6, 10, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "utc_start"),
    [
        ("Europe/Madrid", dt.date(2025, 3, 30), dt.datetime(2025, 3, 30, 7, 0, tzinfo=UTC)),  # +02:00 from 02:00
        ("Europe/Madrid", dt.date(2025, 10, 26), dt.datetime(2025, 10, 26, 8, 0, tzinfo=UTC)),  # +01:00 from 03:00
        ("America/New_York", dt.date(2025, 3, 9), dt.datetime(2025, 3, 9, 13, 0, tzinfo=UTC)),
        ("America/New_York", dt.date(2025, 11, 2), dt.datetime(2025, 11, 2, 14, 0, tzinfo=UTC)),
        ("Australia/Lord_Howe", dt.date(2025, 4, 6), dt.datetime(2025, 4, 5, 22, 30, tzinfo=UTC)),  # +10:30
    ],
)
def test_a_programme_on_the_day_the_clocks_change_uses_that_days_offset(zone, day, utc_start):
    slots = build_slots(**make_programme(date=day, timezone=zone, breaks=()))

    assert slots[0].label == "09:00"
    assert slots[0].starts_at.astimezone(UTC) == utc_start
    assert slots[-1].ends_at.astimezone(UTC) == utc_start + dt.timedelta(minutes=6 * 20)


@pytest.mark.parametrize(
    ("day", "first_start", "slot_count"),
    [
        (dt.date(2025, 3, 30), dt.time(1, 0), 6),  # 01:00-03:00 spans the skipped hour
        (dt.date(2025, 3, 30), dt.time(2, 10), 1),  # 02:10 does not exist that day
        (dt.date(2025, 10, 26), dt.time(2, 10), 1),  # 02:10 happens twice that day
        (dt.date(2025, 10, 26), dt.time(1, 0), 6),
    ],
)
def test_a_programme_across_the_clock_change_is_refused(day, first_start, slot_count):
    with pytest.raises(ValueError, match="crosses the daylight-saving clock change in Europe/Madrid"):
        build_slots(**make_programme(date=day, first_start=first_start, slot_count=slot_count, breaks=()))


def test_a_programme_may_end_exactly_at_midnight():
    slots = build_slots(**make_programme(first_start=dt.time(23, 0), slot_count=3, breaks=()))

    assert slots[-1].ends_at == dt.datetime(2025, 6, 11, 0, 0, tzinfo=MADRID)


def test_a_programme_running_past_midnight_is_refused():
    with pytest.raises(ValueError, match="would end at 00:20 on the next day"):
        build_slots(**make_programme(first_start=dt.time(23, 0), slot_count=4, breaks=()))


def test_a_long_break_that_runs_past_midnight_is_refused():
    with pytest.raises(ValueError, match="must end by midnight"):
        build_slots(**make_programme(breaks=(Break(after_slot=1, minutes=24 * 60),)))


@pytest.mark.parametrize("zone", ["Mars/Olympus", "europe/madrid", "", "   ", "../etc/passwd", "/etc/localtime",
                                  "Europe", "Europe/Madrid\x00", "a" * 300, None])
def test_an_unknown_time_zone_is_refused(zone):
    with pytest.raises(ValueError, match="time zone"):
        build_slots(**make_programme(timezone=zone))


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        ((Break(after_slot=6, minutes=15),), "comes after slot 6, but it is the last slot"),
        ((Break(after_slot=9, minutes=15),), "comes after slot 9, but there are only 6 slots"),
        ((Break(after_slot=2, minutes=15), Break(after_slot=2, minutes=5)), "two breaks after slot 2"),
        (("3:15 Coffee",), "breaks must be Break values"),
    ],
)
def test_breaks_that_do_not_fit_the_programme_are_refused(breaks, message):
    with pytest.raises(ValueError, match=message):
        build_slots(**make_programme(breaks=breaks))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (dict(after_slot=0, minutes=15), "after slot 1 or later, not after slot 0"),
        (dict(after_slot=-1, minutes=15), "after slot 1 or later"),
        (dict(after_slot=3, minutes=0), "1 to 1440 minutes, not 0"),
        (dict(after_slot=3, minutes=-5), "1 to 1440 minutes, not -5"),
        (dict(after_slot=3, minutes=1441), "1 to 1440 minutes, not 1441"),
        (dict(after_slot=3, minutes=True), "1 to 1440 minutes, not True"),
    ],
)
def test_a_break_of_no_length_or_before_the_first_slot_is_refused(fields, message):
    with pytest.raises(ValueError, match=message):
        Break(**fields)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (dict(meeting_minutes=0), "a meeting lasts 5 to 120 minutes, not 0"),
        (dict(meeting_minutes=-20), "not -20"),
        (dict(meeting_minutes=4), "not 4"),
        (dict(meeting_minutes=121), "not 121"),
        (dict(meeting_minutes=20.0), "not 20.0"),
        (dict(slot_count=0), "a workshop has 1 to 48 slots, not 0"),
        (dict(slot_count=49), "not 49"),
        (dict(slot_count=True), "not True"),
        (dict(first_start=dt.time(9, 0, 30)), "whole minute"),
        (dict(first_start=dt.time(9, 0, tzinfo=UTC)), "without a time zone"),
        (dict(first_start="09:00"), "without a time zone"),
        (dict(date=dt.datetime(2025, 6, 10, 9, 0)), "must be a date"),
    ],
)
def test_nonsense_lengths_and_times_are_refused(overrides, message):
    with pytest.raises(ValueError, match=message):
        build_slots(**make_programme(**overrides))


def test_parse_breaks_reads_slot_minutes_and_label():
    assert parse_breaks("3:15 Coffee, 6:60 Lunch") == (
        Break(after_slot=3, minutes=15, label="Coffee"),
        Break(after_slot=6, minutes=60, label="Lunch"),
    )


def test_parse_breaks_accepts_semicolons_new_lines_spaces_and_no_label():
    assert parse_breaks(" 3 : 15  Coffee: hall B ;\n6:60,, 9:5\n") == (
        Break(after_slot=3, minutes=15, label="Coffee: hall B"),
        Break(after_slot=6, minutes=60, label="Break"),
        Break(after_slot=9, minutes=5, label="Break"),
    )


@pytest.mark.parametrize("text", ["", "   ", " , ;\n"])
def test_parse_breaks_of_an_empty_field_is_no_breaks(text):
    assert parse_breaks(text) == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3:15 Coffee, 6-60 Lunch", "cannot read the break '6-60 Lunch': write it as slot:minutes label"),
        ("Coffee 3:15", "cannot read the break 'Coffee 3:15'"),
        ("3:15Coffee", "cannot read the break '3:15Coffee'"),
        ("3.5:15 Coffee", "cannot read the break '3.5:15 Coffee'"),
        ("٣:15 Coffee", "cannot read the break '٣:15 Coffee'"),
        ("0:15 Coffee", "the break '0:15 Coffee': a break must come after slot 1 or later"),
        ("3:0 Coffee", "the break '3:0 Coffee': a break lasts 1 to 1440 minutes, not 0"),
        ("3:99999999999999999999 Nap", "the break '3:99999999999999999999 Nap': a break lasts 1 to 1440 minutes"),
    ],
)
def test_parse_breaks_names_the_part_it_cannot_read(text, message):
    with pytest.raises(ValueError) as raised:
        parse_breaks(text)
    assert str(raised.value).startswith(message)


ZONES = ["Europe/Madrid", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata", "UTC",
         "Pacific/Chatham", "America/Havana"]


def reference_slots(*, date, zone, start_minute, meeting_minutes, slot_count, breaks):
    """Brute force: walk the programme minute by minute in wall time; None when a minute is skipped or repeated."""
    tz = ZoneInfo(zone)
    pause = {b.after_slot: b.minutes for b in breaks}
    starts, minute = [], start_minute
    for number in range(1, slot_count + 1):
        starts.append(minute)
        minute += meeting_minutes + pause.get(number, 0)
    end_minute = starts[-1] + meeting_minutes
    if end_minute > 24 * 60:
        return "midnight"
    midnight = dt.datetime.combine(date, dt.time())
    offsets = set()
    for m in range(start_minute, end_minute + 1):
        wall = midnight + dt.timedelta(minutes=m)
        offsets |= {wall.replace(tzinfo=tz, fold=0).utcoffset(), wall.replace(tzinfo=tz, fold=1).utcoffset()}
    if len(offsets) > 1:
        return "clock change"
    return [(f"{s // 60:02d}:{s % 60:02d}", (midnight + dt.timedelta(minutes=s)).replace(tzinfo=tz)) for s in starts]


@st.composite
def programmes(draw):
    slot_count = draw(st.integers(1, 48))
    after = draw(st.lists(st.integers(1, max(1, slot_count - 1)), unique=True, max_size=3)) if slot_count > 1 else []
    return dict(
        # Days around 2025's clock changes in the sampled zones, and any other day.
        date=draw(st.sampled_from([dt.date(2025, 3, 9), dt.date(2025, 3, 30), dt.date(2025, 4, 6),
                                   dt.date(2025, 9, 7), dt.date(2025, 10, 5), dt.date(2025, 10, 26),
                                   dt.date(2025, 11, 2)]) | st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31))),
        zone=draw(st.sampled_from(ZONES)),
        start_minute=draw(st.integers(0, 24 * 60 - 1)),
        meeting_minutes=draw(st.integers(5, 120)),
        slot_count=slot_count,
        breaks=tuple(Break(after_slot=a, minutes=draw(st.integers(1, 90))) for a in after),
    )


@settings(max_examples=300)
@given(programmes())
def test_build_slots_agrees_with_a_minute_by_minute_reference(programme):
    expected = reference_slots(**programme)
    kwargs = dict(date=programme["date"], timezone=programme["zone"],
                  first_start=dt.time(programme["start_minute"] // 60, programme["start_minute"] % 60),
                  meeting_minutes=programme["meeting_minutes"], slot_count=programme["slot_count"],
                  breaks=programme["breaks"])

    if expected == "midnight":
        with pytest.raises(ValueError, match="must end by midnight"):
            build_slots(**kwargs)
    elif expected == "clock change":
        with pytest.raises(ValueError, match="daylight-saving"):
            build_slots(**kwargs)
    else:
        slots = build_slots(**kwargs)
        assert [(s.label, s.starts_at) for s in slots] == expected
        real = [(s.ends_at.astimezone(UTC) - s.starts_at.astimezone(UTC)) for s in slots]
        assert real == [dt.timedelta(minutes=programme["meeting_minutes"])] * programme["slot_count"]
