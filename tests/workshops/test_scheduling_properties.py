"""Property tests: the exact scheduler against a brute-force enumeration and a plainly written constraint check."""
from __future__ import annotations

import dataclasses
from collections import Counter

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from matchmaker.workshops.scheduling import (
    CandidatePair,
    Meeting,
    Participant,
    ScheduleInfeasible,
    ScheduleProblem,
    check_meetings,
    schedule_greedily,
    schedule_meetings,
)

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Quarters are exact in binary, so sums of values compare with == whatever the order of addition.
VALUES = [0.0, 0.25, 0.5, 1.0, 1.75, 3.0]


@st.composite
def small_problems(draw, *, with_constraints: bool = True) -> ScheduleProblem:
    slots = tuple(f"s{s}" for s in range(draw(st.integers(1, 3))))
    ids = [f"p{i}" for i in range(draw(st.integers(2, 6)))]
    every_pair = [(a, b) for n, a in enumerate(ids) for b in ids[n + 1 :]]
    chosen = draw(st.lists(st.sampled_from(every_pair), unique=True, max_size=8))
    pairs = []
    for a, b in chosen:
        a, b = (b, a) if draw(st.booleans()) else (a, b)
        pinned = with_constraints and draw(st.integers(0, 7)) == 0
        banned = draw(st.integers(0, 7)) == 0
        pairs.append(CandidatePair(a=a, b=b, value=draw(st.sampled_from(VALUES)), pinned=pinned, banned=banned))
    people = []
    for pid in ids:
        degree = sum(pid in pair for pair in chosen)
        people.append(
            Participant(
                id=pid,
                available=draw(st.none() | st.lists(st.sampled_from(slots), unique=True).map(sorted).map(tuple)),
                max_meetings=draw(st.none() | st.integers(0, 3)),
                min_meetings=draw(st.integers(0, min(degree, 2))) if with_constraints and draw(st.booleans()) else 0,
            )
        )
    tables = draw(st.integers(1, 3))
    fixed = []
    if with_constraints and pairs and draw(st.integers(0, 3)) == 0:
        pair = draw(st.sampled_from(pairs))
        fixed.append(Meeting(a=pair.a, b=pair.b, slot=draw(st.sampled_from(slots)), table=draw(st.integers(1, tables))))
    return ScheduleProblem(
        slots=slots, tables=tables, participants=tuple(people), pairs=tuple(pairs), fixed=tuple(fixed)
    )


def brute_force_best(problem: ScheduleProblem) -> float | None:
    """Best total value over every way to give each pair a slot or none; None when nothing satisfies the constraints."""
    slots = problem.slots
    available = {p.id: set(slots if p.available is None else p.available) for p in problem.participants}
    most = {p.id: len(slots) if p.max_meetings is None else p.max_meetings for p in problem.participants}
    least = {p.id: p.min_meetings for p in problem.participants}
    fixed_at = {frozenset((m.a, m.b)): m.slot for m in problem.fixed}
    pairs = list(problem.pairs)
    best: list[float | None] = [None]

    def visit(k: int, busy: set, per_slot: Counter, count: Counter, value: float) -> None:
        if k == len(pairs):
            if all(count[x] >= least[x] for x in least) and (best[0] is None or value > best[0]):
                best[0] = value
            return
        pair = pairs[k]
        fixed_slot = fixed_at.get(frozenset((pair.a, pair.b)))
        if not pair.pinned and fixed_slot is None:
            visit(k + 1, busy, per_slot, count, value)
        if pair.banned or count[pair.a] >= most[pair.a] or count[pair.b] >= most[pair.b]:
            return
        for slot in slots:
            if fixed_slot is not None and slot != fixed_slot:
                continue
            if slot not in available[pair.a] or slot not in available[pair.b]:
                continue
            if (pair.a, slot) in busy or (pair.b, slot) in busy or per_slot[slot] >= problem.tables:
                continue
            busy |= {(pair.a, slot), (pair.b, slot)}
            per_slot[slot] += 1
            count.update((pair.a, pair.b))
            visit(k + 1, busy, per_slot, count, value + pair.value)
            busy -= {(pair.a, slot), (pair.b, slot)}
            per_slot[slot] -= 1
            count.subtract((pair.a, pair.b))

    table_places = [(m.slot, m.table) for m in problem.fixed]
    if len(set(table_places)) == len(table_places):
        visit(0, set(), Counter(), Counter(), 0.0)
    return best[0]


def plainly_valid(problem: ScheduleProblem, meetings, *, need_pins_and_mins: bool = True) -> bool:
    """Every constraint, written out without the code under test."""
    slots = problem.slots
    people = {p.id: p for p in problem.participants}
    pairs = {frozenset((c.a, c.b)): c for c in problem.pairs}
    seen_pairs, busy, places = set(), set(), set()
    count: Counter = Counter()
    for m in meetings:
        key = frozenset((m.a, m.b))
        pair = pairs.get(key)
        if pair is None or pair.banned or key in seen_pairs or m.slot not in slots:
            return False
        for x in (m.a, m.b):
            available = people[x].available
            if (available is not None and m.slot not in available) or (x, m.slot) in busy:
                return False
            busy.add((x, m.slot))
            count[x] += 1
        if not 1 <= m.table <= problem.tables or (m.slot, m.table) in places:
            return False
        places.add((m.slot, m.table))
        seen_pairs.add(key)
    for pid, person in people.items():
        most = len(slots) if person.max_meetings is None else person.max_meetings
        if count[pid] > most or (need_pins_and_mins and count[pid] < person.min_meetings):
            return False
    if need_pins_and_mins:
        if any(c.pinned and frozenset((c.a, c.b)) not in seen_pairs for c in problem.pairs):
            return False
        where = {frozenset((m.a, m.b)): (m.slot, m.table) for m in meetings}
        if any(where.get(frozenset((f.a, f.b))) != (f.slot, f.table) for f in problem.fixed):
            return False
    return True


@SETTINGS
@given(small_problems())
def test_exact_objective_equals_brute_force_and_every_constraint_holds(problem):
    best = brute_force_best(problem)
    event("infeasible" if best is None else "feasible")
    try:
        result = schedule_meetings(problem=problem, time_limit=10)
    except ScheduleInfeasible as error:
        assert best is None
        event("explained by " + ("relaxing" if "enough" in " ".join(error.reasons) else "counting or groups"))
        assert error.reasons and all(isinstance(r, str) and r for r in error.reasons)
        return
    assert result.objective == best
    assert result.optimal is True
    assert check_meetings(problem=problem, meetings=result.meetings) == []
    assert plainly_valid(problem, result.meetings)
    values = {frozenset((c.a, c.b)): c.value for c in problem.pairs}
    assert sum(values[frozenset((m.a, m.b))] for m in result.meetings) == result.objective
    met = {frozenset((m.a, m.b)) for m in result.meetings}
    assert {frozenset((u.a, u.b)) for u in result.unscheduled} == set(values) - met
    assert len(result.unscheduled) == len(values) - len(met)


@SETTINGS
@given(small_problems(), st.randoms(use_true_random=False))
def test_same_input_in_any_order_gives_the_same_schedule(problem, rng):
    shuffled = dataclasses.replace(
        problem,
        participants=tuple(rng.sample(problem.participants, len(problem.participants))),
        pairs=tuple(rng.sample(problem.pairs, len(problem.pairs))),
    )
    try:
        first = schedule_meetings(problem=problem)
    except ScheduleInfeasible as error:
        reasons = error.reasons
        try:
            schedule_meetings(problem=shuffled)
        except ScheduleInfeasible as again:
            assert again.reasons == reasons
            return
        raise AssertionError("the shuffled problem was feasible")
    again = schedule_meetings(problem=problem)
    other = schedule_meetings(problem=shuffled)
    assert dataclasses.replace(again, solve_seconds=0) == dataclasses.replace(first, solve_seconds=0)
    assert other.meetings == first.meetings
    assert other.objective == first.objective


@SETTINGS
@given(small_problems(with_constraints=False))
def test_greedy_keeps_every_constraint_and_never_beats_the_exact_value(problem):
    greedy = schedule_greedily(problem=problem)
    exact = schedule_meetings(problem=problem)
    assert check_meetings(problem=problem, meetings=greedy.meetings) == []
    assert plainly_valid(problem, greedy.meetings)
    assert greedy.objective <= exact.objective
    assert (greedy.optimal, greedy.gap, greedy.method) == (False, None, "greedy")


@SETTINGS
@given(small_problems(), st.data())
def test_check_meetings_agrees_with_the_plain_check_on_edited_schedules(problem, data):
    try:
        meetings = list(schedule_meetings(problem=problem).meetings)
    except ScheduleInfeasible:
        meetings = []
    ids = [p.id for p in problem.participants]
    for _ in range(data.draw(st.integers(0, 3))):
        edit = data.draw(st.sampled_from(["move", "add", "drop"]))
        if edit == "add" or not meetings:
            a, b = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
            slot, table = data.draw(st.sampled_from(problem.slots)), data.draw(st.integers(0, 4))
            meetings.append(Meeting(a=a, b=b, slot=slot, table=table))
        elif edit == "move":
            n = data.draw(st.integers(0, len(meetings) - 1))
            meetings[n] = dataclasses.replace(
                meetings[n], slot=data.draw(st.sampled_from(problem.slots)), table=data.draw(st.integers(0, 4))
            )
        else:
            meetings.pop(data.draw(st.integers(0, len(meetings) - 1)))
    assert (check_meetings(problem=problem, meetings=meetings) == []) == plainly_valid(problem, meetings)
