"""Infeasible plans: each kind of conflict is explained in a sentence the organiser can act on."""
from __future__ import annotations

import pytest

from matchmaker.workshops.scheduling import (
    CandidatePair,
    Meeting,
    Participant,
    ScheduleInfeasible,
    ScheduleProblem,
    schedule_meetings,
)

SLOTS = ("09:00", "09:20")


def make_problem(*, pairs, participants=None, tables=2, slots=SLOTS, fixed=()) -> ScheduleProblem:
    ids = sorted({x for pair in pairs for x in (pair.a, pair.b)})
    participants = participants or {}
    return ScheduleProblem(
        slots=slots,
        tables=tables,
        participants=tuple(participants.get(x, Participant(id=x)) for x in ids),
        pairs=tuple(pairs),
        fixed=tuple(fixed),
    )


def reasons_for(problem: ScheduleProblem) -> list[str]:
    with pytest.raises(ScheduleInfeasible) as raised:
        schedule_meetings(problem=problem, time_limit=10)
    return raised.value.reasons


def test_pinned_pair_that_is_also_banned():
    problem = make_problem(pairs=[CandidatePair(a="acme", b="lumen", value=1.0, pinned=True, banned=True)])

    assert reasons_for(problem) == ["Pinned pair acme–lumen is also banned"]


def test_pinned_pair_without_a_common_slot_uses_the_firm_names():
    problem = make_problem(
        pairs=[CandidatePair(a="acme", b="lumen", value=1.0, pinned=True)],
        participants={
            "acme": Participant(id="acme", available=("09:00",), name="Acme Foods"),
            "lumen": Participant(id="lumen", available=("09:20",)),
        },
    )

    assert reasons_for(problem) == ["Pinned pair Acme Foods–lumen has no slot where both are available"]


def test_pins_beyond_the_maximum_and_beyond_the_available_slots():
    problem = make_problem(
        pairs=[CandidatePair(a="acme", b=x, value=1.0, pinned=True) for x in ("l1", "l2", "l3")],
        participants={"acme": Participant(id="acme", max_meetings=2)},
    )

    assert reasons_for(problem) == [
        "acme is pinned to 3 meetings but its maximum is 2",
        "acme is available in 2 slots but pinned to 3 meetings",
    ]


def test_pinned_partners_that_share_too_few_slots():
    problem = make_problem(
        pairs=[CandidatePair(a="acme", b=x, value=1.0, pinned=True) for x in ("l1", "l2")],
        participants={x: Participant(id=x, available=("09:00",)) for x in ("l1", "l2")},
    )

    assert reasons_for(problem) == ["acme is pinned to 2 meetings but its pinned partners share only 1 slot with it"]


def test_minimum_beyond_maximum_and_availability():
    problem = make_problem(
        pairs=[CandidatePair(a="acme", b=x, value=1.0) for x in ("l1", "l2", "l3")],
        participants={"acme": Participant(id="acme", max_meetings=1, min_meetings=3)},
    )

    assert reasons_for(problem) == [
        "acme must have at least 3 meetings but its maximum is 1",
        "acme must have at least 3 meetings but is available in only 2 slots",
    ]


def test_minimum_beyond_the_allowed_candidate_pairs():
    problem = make_problem(
        pairs=[
            CandidatePair(a="acme", b="l1", value=1.0),
            CandidatePair(a="acme", b="l2", value=1.0, banned=True),
        ],
        participants={"acme": Participant(id="acme", min_meetings=2)},
    )

    assert reasons_for(problem) == ["acme must have at least 2 meetings but only 1 candidate pair is allowed"]


def test_minimum_beyond_the_slots_shared_with_allowed_partners():
    problem = make_problem(
        pairs=[CandidatePair(a="acme", b=x, value=1.0) for x in ("l1", "l2")],
        participants={
            "acme": Participant(id="acme", min_meetings=2),
            **{x: Participant(id=x, available=("09:20",)) for x in ("l1", "l2")},
        },
    )

    assert reasons_for(problem) == [
        "acme must have at least 2 meetings but its allowed partners share only 1 slot with it"
    ]


def test_more_pins_than_slot_table_places():
    pairs = [CandidatePair(a=f"f{n}", b=f"l{n}", value=1.0, pinned=True) for n in range(3)]

    assert reasons_for(make_problem(pairs=pairs, tables=1)) == [
        "3 pinned meetings need 3 slot-table places but there are only 2"
    ]


def test_minimums_that_need_more_meetings_than_places():
    pairs = [CandidatePair(a=f"f{n}", b=f"l{n}", value=1.0) for n in range(5)]
    participants = {f"f{n}": Participant(id=f"f{n}", min_meetings=1) for n in range(5)}

    assert reasons_for(make_problem(pairs=pairs, participants=participants, tables=1)) == [
        "The minimum meeting counts need at least 3 meetings but there are only 2 slot-table places"
    ]


def test_fixed_meetings_that_clash():
    pairs = [CandidatePair(a="acme", b=x, value=1.0) for x in ("l1", "l2")]
    fixed = [
        Meeting(a="acme", b="l1", slot="09:00", table=1),
        Meeting(a="l2", b="acme", slot="09:00", table=1),
    ]

    assert reasons_for(make_problem(pairs=pairs, fixed=fixed)) == [
        "acme has 2 fixed meetings at 09:00",
        "Table 1 at 09:00 holds 2 fixed meetings",
    ]


def test_fixed_meeting_where_one_side_is_away():
    pairs = [CandidatePair(a="acme", b="lumen", value=1.0)]
    participants = {"lumen": Participant(id="lumen", available=("09:20",))}
    fixed = [Meeting(a="acme", b="lumen", slot="09:00", table=1)]

    assert reasons_for(make_problem(pairs=pairs, participants=participants, fixed=fixed)) == [
        "Fixed meeting acme–lumen is at 09:00 but lumen is not available then"
    ]


def test_pinned_triangle_in_two_slots_names_each_pin_that_would_be_enough_to_drop():
    pairs = [CandidatePair(a=a, b=b, value=1.0, pinned=True) for a, b in (("a", "b"), ("b", "c"), ("a", "c"))]

    assert reasons_for(make_problem(pairs=pairs)) == [
        "The pinned pairs cannot all be scheduled together with availability, tables, maximums and minimums; "
        "without the pins a schedule exists",
        "Unpinning a–b is enough",
        "Unpinning a–c is enough",
        "Unpinning b–c is enough",
    ]


def test_minimums_competing_for_one_table_name_each_minimum_that_would_be_enough_to_drop():
    pairs = [CandidatePair(a=a, b=b, value=1.0) for a in ("a", "d") for b in ("b", "c")]
    participants = {x: Participant(id=x, min_meetings=2) for x in ("a", "d")}

    assert reasons_for(make_problem(pairs=pairs, participants=participants, tables=1)) == [
        "The minimum meeting counts cannot all be met together with availability, tables, maximums and pins; "
        "without the minimums a schedule exists",
        "Dropping the minimum of a (2 meetings) is enough",
        "Dropping the minimum of d (2 meetings) is enough",
    ]


def test_pins_and_minimums_that_each_fail_on_their_own():
    pinned = [CandidatePair(a=a, b=b, value=1.0, pinned=True) for a, b in (("a", "b"), ("b", "c"), ("a", "c"))]
    wanted = [CandidatePair(a=a, b=b, value=1.0) for a, b in (("x", "y"), ("y", "z"), ("x", "z"))]
    participants = {x: Participant(id=x, min_meetings=2) for x in ("x", "y", "z")}

    assert reasons_for(make_problem(pairs=pinned + wanted, participants=participants)) == [
        "Dropping the pins alone or the minimum meeting counts alone is not enough: both must be relaxed"
    ]
