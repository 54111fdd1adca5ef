"""Examples for schedule_meetings and the greedy fallback: what meets, where, and why the rest does not."""
from __future__ import annotations

import pytest

from matchmaker.workshops import scheduling
from matchmaker.workshops.scheduling import (
    CandidatePair,
    InvalidProblem,
    Meeting,
    Participant,
    ScheduleNotFound,
    ScheduleProblem,
    UnscheduledPair,
    schedule_greedily,
    schedule_meetings,
)
from matchmaker.workshops.scheduling_model import Solved


def make_problem(**overrides) -> ScheduleProblem:
    fields = dict(
        slots=("09:00", "09:20"),
        tables=2,
        participants=tuple(Participant(id=x) for x in ("food-1", "food-2", "photo-1", "photo-2")),
        pairs=(
            CandidatePair(a="food-1", b="photo-1", value=3.0),
            CandidatePair(a="food-1", b="photo-2", value=2.0),
            CandidatePair(a="food-2", b="photo-1", value=1.0),
            CandidatePair(a="food-2", b="photo-2", value=0.5),
        ),
    )
    fields.update(overrides)
    return ScheduleProblem(**fields)


def test_everything_fits_so_every_pair_meets_at_tables_in_pair_order():
    result = schedule_meetings(problem=make_problem())

    assert result.objective == 6.5
    assert (result.optimal, result.gap, result.method) == (True, 0.0, "milp")
    assert sorted((m.a, m.b) for m in result.meetings) == [
        ("food-1", "photo-1"),
        ("food-1", "photo-2"),
        ("food-2", "photo-1"),
        ("food-2", "photo-2"),
    ]
    for slot in ("09:00", "09:20"):
        here = [m for m in result.meetings if m.slot == slot]
        assert [m.table for m in here] == [1, 2]
        assert here == sorted(here, key=lambda m: (m.a, m.b))
    assert result.unscheduled == ()


def test_one_table_keeps_the_two_best_meetings_that_do_not_share_a_slot():
    result = schedule_meetings(problem=make_problem(tables=1))

    assert result.objective == 5.0
    assert {(m.a, m.b) for m in result.meetings} == {("food-1", "photo-1"), ("food-1", "photo-2")}
    assert result.unscheduled == (
        UnscheduledPair(a="food-2", b="photo-1", reason="no table left in their common free slots"),
        UnscheduledPair(a="food-2", b="photo-2", reason="no table left in their common free slots"),
    )


def test_pinned_pair_is_scheduled_although_it_is_worth_least():
    pairs = list(make_problem().pairs)
    pairs[3] = CandidatePair(a="food-2", b="photo-2", value=0.5, pinned=True)
    result = schedule_meetings(problem=make_problem(tables=1, pairs=tuple(pairs)))

    assert {(m.a, m.b) for m in result.meetings} == {("food-1", "photo-1"), ("food-2", "photo-2")}
    assert result.objective == 3.5


def test_banned_pair_is_never_scheduled_although_it_is_worth_most():
    pairs = list(make_problem().pairs)
    pairs[0] = CandidatePair(a="food-1", b="photo-1", value=3.0, banned=True)
    result = schedule_meetings(problem=make_problem(pairs=tuple(pairs)))

    assert ("food-1", "photo-1") not in {(m.a, m.b) for m in result.meetings}
    assert result.objective == 3.5
    assert result.unscheduled == (UnscheduledPair(a="food-1", b="photo-1", reason="banned"),)


def test_maximum_and_availability_reasons_name_the_participant():
    participants = (
        Participant(id="food-1", max_meetings=1, name="Crisp Packaging"),
        Participant(id="food-2", available=("09:20",)),
        Participant(id="photo-1"),
        Participant(id="photo-2", available=("09:00",)),
    )
    result = schedule_meetings(problem=make_problem(participants=participants))

    assert result.meetings == (
        Meeting(a="food-1", b="photo-1", slot="09:00", table=1),
        Meeting(a="food-2", b="photo-1", slot="09:20", table=1),
    )
    assert result.objective == 4.0
    assert result.unscheduled == (
        UnscheduledPair(a="food-1", b="photo-2", reason="max meetings reached for Crisp Packaging"),
        UnscheduledPair(a="food-2", b="photo-2", reason="no common available slot"),
    )


def test_minimum_meetings_force_a_schedule_worth_less():
    ids = ("food-1", "food-2", "photo-1", "photo-2")
    people = tuple(Participant(id=x, min_meetings=int(x == "food-2")) for x in ids)
    result = schedule_meetings(problem=make_problem(slots=("09:00",), tables=1, participants=people))

    assert result.meetings == (Meeting(a="food-2", b="photo-1", slot="09:00", table=1),)
    assert result.objective == 1.0


def test_fixed_meeting_keeps_its_slot_and_table_and_others_take_the_free_tables():
    fixed = (Meeting(a="photo-2", b="food-2", slot="09:00", table=2),)
    result = schedule_meetings(problem=make_problem(fixed=fixed))

    assert [m for m in result.meetings if m.slot == "09:00"] == [
        Meeting(a="food-1", b="photo-1", slot="09:00", table=1),
        Meeting(a="food-2", b="photo-2", slot="09:00", table=2),
    ]
    assert result.objective == 6.5


def test_beyond_the_variable_limit_the_greedy_heuristic_schedules_and_says_so():
    result = schedule_meetings(problem=make_problem(tables=1), max_variables=0)

    assert (result.method, result.optimal, result.gap) == ("greedy", False, None)
    assert result.meetings == (
        Meeting(a="food-1", b="photo-1", slot="09:00", table=1),
        Meeting(a="food-1", b="photo-2", slot="09:20", table=1),
    )
    assert result.objective == 5.0


def test_greedy_fallback_that_misses_a_pin_raises_schedule_not_found():
    # Greedy puts the more valuable pin in the earliest slot, the only one where food-2 can meet.
    participants = (
        Participant(id="food-1"),
        Participant(id="food-2", available=("09:00",)),
        Participant(id="photo-1"),
        Participant(id="photo-2"),
    )
    pairs = (
        CandidatePair(a="food-1", b="photo-1", value=3.0, pinned=True),
        CandidatePair(a="food-2", b="photo-2", value=1.0, pinned=True),
    )
    problem = make_problem(tables=1, participants=participants, pairs=pairs)

    with pytest.raises(ScheduleNotFound, match="breaks constraints: Pinned pair food-2–photo-2 is not scheduled$"):
        schedule_meetings(problem=problem, max_variables=0)
    assert schedule_meetings(problem=problem).meetings == (
        Meeting(a="food-2", b="photo-2", slot="09:00", table=1),
        Meeting(a="food-1", b="photo-1", slot="09:20", table=1),
    )


def test_malformed_problem_raises_invalid_problem_naming_every_place():
    problem = ScheduleProblem(
        slots=("09:00", "09:00"),
        tables=0,
        participants=(Participant(id="a", available=("10:00",)), Participant(id="a", min_meetings=-1)),
        pairs=(CandidatePair(a="a", b="a", value=-1.0), CandidatePair(a="a", b="z", value=1.0)),
        fixed=(Meeting(a="a", b="q", slot="11:00", table=1),),
    )

    with pytest.raises(InvalidProblem) as raised:
        schedule_meetings(problem=problem)
    assert raised.value.errors == [
        "tables must be a whole number of at least 1, not 0",
        "slots[1]: duplicate slot '09:00'",
        "participants[0] ('a'): unknown slot '10:00' in available",
        "participants[1] ('a'): duplicate participant id",
        "participants[1] ('a'): min_meetings must not be negative",
        "pairs[0] ('a', 'a'): a participant cannot meet itself",
        "pairs[0] ('a', 'a'): value must be a finite number >= 0, not -1.0",
        "pairs[1] ('a', 'z'): unknown participant 'z'",
        "fixed[0] ('a', 'q'): not a candidate pair",
        "fixed[0] ('a', 'q'): unknown slot '11:00'",
    ]


def test_when_time_runs_out_the_better_of_highs_and_greedy_is_returned_with_the_gap_to_the_bound(monkeypatch):
    # HiGHS stopped with only food-2–photo-2 (0.5) and a proven bound of 6.0; greedy finds 5.0.
    cut_short = Solved("feasible", [(3, 0)], 11.0, 1.0, bound=6.0)
    monkeypatch.setattr(scheduling, "solve_milp", lambda ix, *, time_limit: cut_short)
    result = schedule_meetings(problem=make_problem(tables=1), time_limit=1)

    assert (result.method, result.optimal, result.objective, result.gap) == ("greedy", False, 5.0, 0.2)


def test_when_time_runs_out_without_any_valid_schedule_schedule_not_found_is_raised(monkeypatch):
    participants = (
        Participant(id="food-1"),
        Participant(id="food-2", available=("09:00",)),
        Participant(id="photo-1"),
        Participant(id="photo-2"),
    )
    pairs = (
        CandidatePair(a="food-1", b="photo-1", value=3.0, pinned=True),
        CandidatePair(a="food-2", b="photo-2", value=1.0, pinned=True),
    )
    nothing = Solved("timeout", [], None, 1.0, bound=None)
    monkeypatch.setattr(scheduling, "solve_milp", lambda ix, *, time_limit: nothing)

    with pytest.raises(ScheduleNotFound, match="^HiGHS found no schedule within 1 s, and the greedy fallback"):
        schedule_meetings(problem=make_problem(tables=1, participants=participants, pairs=pairs), time_limit=1)
