"""Hand edits: check_meetings names every broken constraint; check_change only the ones an edit adds."""
from __future__ import annotations

from matchmaker.workshops.scheduling import (
    CandidatePair,
    Meeting,
    Participant,
    ScheduleProblem,
    check_change,
    check_meetings,
    place_meeting,
)

PROBLEM = ScheduleProblem(
    slots=("09:00", "09:20"),
    tables=2,
    participants=(
        Participant(id="acme", max_meetings=1),
        Participant(id="lumen", available=("09:00",)),
        Participant(id="optix", min_meetings=1),
        Participant(id="brill"),
    ),
    pairs=(
        CandidatePair(a="acme", b="lumen", value=1.0),
        CandidatePair(a="acme", b="optix", value=1.0, pinned=True),
        CandidatePair(a="optix", b="brill", value=1.0, banned=True),
        CandidatePair(a="lumen", b="brill", value=1.0),
    ),
)
VALID = (
    Meeting(a="acme", b="optix", slot="09:00", table=1),
    Meeting(a="lumen", b="brill", slot="09:00", table=2),
)


def test_valid_schedule_has_no_violations():
    assert check_meetings(problem=PROBLEM, meetings=VALID) == []


def test_every_kind_of_violation_is_named():
    meetings = [
        Meeting(a="acme", b="lumen", slot="09:20", table=3),
        Meeting(a="optix", b="brill", slot="09:20", table=1),
        Meeting(a="acme", b="brill", slot="09:20", table=1),
        Meeting(a="ghost", b="acme", slot="09:00", table=1),
        Meeting(a="acme", b="lumen", slot="10:00", table=1),
    ]

    assert check_meetings(problem=PROBLEM, meetings=meetings) == [
        "lumen is not available at 09:20",
        "Table 3 does not exist (tables are 1–2)",
        "optix–brill is banned",
        "acme–brill is not a candidate pair",
        "Meeting ghost–acme: ghost is not a participant",
        "Meeting acme–lumen: there is no slot 10:00",
        "acme has 2 meetings at 09:20",
        "brill has 2 meetings at 09:20",
        "Table 1 at 09:20 holds 2 meetings",
        "09:20 has 3 meetings but there are only 2 tables",
        "acme has 2 meetings but its maximum is 1",
        "Pinned pair acme–optix is not scheduled",
    ]


def test_meeting_twice_and_missing_minimum_are_named():
    meetings = [
        Meeting(a="lumen", b="brill", slot="09:00", table=1),
        Meeting(a="brill", b="lumen", slot="09:20", table=1),
    ]

    assert check_meetings(problem=PROBLEM, meetings=meetings) == [
        "lumen is not available at 09:20",
        "lumen–brill meet 2 times but may meet only once",
        "optix has 0 meetings but its minimum is 1",
        "Pinned pair acme–optix is not scheduled",
    ]


def test_moving_a_meeting_to_a_free_slot_takes_the_lowest_free_table_and_breaks_nothing():
    after = place_meeting(problem=PROBLEM, meetings=VALID, a="acme", b="optix", slot="09:20")

    assert after == (
        Meeting(a="lumen", b="brill", slot="09:00", table=2),
        Meeting(a="acme", b="optix", slot="09:20", table=1),
    )
    assert check_change(problem=PROBLEM, before=VALID, after=after) == []


def test_moving_a_meeting_where_one_side_is_away_is_refused_in_words():
    after = place_meeting(problem=PROBLEM, meetings=VALID, a="brill", b="lumen", slot="09:20", table=2)

    assert check_change(problem=PROBLEM, before=VALID, after=after) == ["lumen is not available at 09:20"]


def test_adding_a_meeting_to_a_full_slot_reports_the_missing_table_and_the_double_bookings():
    after = place_meeting(problem=PROBLEM, meetings=VALID, a="acme", b="lumen", slot="09:00")

    assert after[-1] == Meeting(a="acme", b="lumen", slot="09:00", table=3)
    assert check_change(problem=PROBLEM, before=VALID, after=after) == [
        "Table 3 does not exist (tables are 1–2)",
        "acme has 2 meetings at 09:00",
        "lumen has 2 meetings at 09:00",
        "09:00 has 3 meetings but there are only 2 tables",
        "acme has 2 meetings but its maximum is 1",
    ]


def test_editing_a_half_built_schedule_reports_only_what_the_edit_breaks():
    before = (Meeting(a="lumen", b="brill", slot="09:00", table=1),)
    after = place_meeting(problem=PROBLEM, meetings=before, a="optix", b="brill", slot="09:20")

    assert check_meetings(problem=PROBLEM, meetings=before) == [
        "optix has 0 meetings but its minimum is 1",
        "Pinned pair acme–optix is not scheduled",
    ]
    assert check_change(problem=PROBLEM, before=before, after=after) == ["optix–brill is banned"]
