"""Plan a workshop's 1:1 meetings: which candidate pairs meet, in which slot, at which table.

The pure core of the workshop feature: plain dataclasses in and out, no Flask, no database. Pins, fixed
meetings and minimum meeting counts are hard constraints; when they cannot all hold, ``schedule_meetings``
raises ``ScheduleInfeasible`` with the conflicts in words. The model is in ``scheduling_model``.
"""
from __future__ import annotations

import math
import time
from collections import defaultdict

import numpy as np

from matchmaker.workshops.scheduling_checks import check_change, check_meetings, place_meeting
from matchmaker.workshops.scheduling_conflicts import counting_conflicts, diagnose_by_relaxing
from matchmaker.workshops.scheduling_greedy import greedy_slots
from matchmaker.workshops.scheduling_model import solve_milp, variables
from matchmaker.workshops.scheduling_problem import (
    CandidatePair,
    IndexedProblem,
    InvalidProblem,
    Meeting,
    Participant,
    ScheduleInfeasible,
    ScheduleNotFound,
    ScheduleProblem,
    ScheduleResult,
    UnscheduledPair,
    index_problem,
    problem_errors,
)

__all__ = [
    "CandidatePair",
    "InvalidProblem",
    "Meeting",
    "Participant",
    "ScheduleInfeasible",
    "ScheduleNotFound",
    "ScheduleProblem",
    "ScheduleResult",
    "UnscheduledPair",
    "check_change",
    "check_meetings",
    "place_meeting",
    "problem_errors",
    "schedule_greedily",
    "schedule_meetings",
]

# 3,000 pairs x 16 slots is 48k binaries and solves in seconds; far beyond that HiGHS may not finish.
MAX_EXACT_VARIABLES = 200_000


def schedule_meetings(
    *, problem: ScheduleProblem, time_limit: float = 60.0, max_variables: int = MAX_EXACT_VARIABLES
) -> ScheduleResult:
    """Schedule the pairs that give the most total value, exactly with HiGHS unless the model would be too large.

    :raises InvalidProblem: the problem is malformed (see ``problem_errors``).
    :raises ScheduleInfeasible: pins, fixed meetings and minimums cannot all hold; ``reasons`` say why.
    :raises ScheduleNotFound: the time limit ran out before HiGHS found any schedule (or the model was too
        large) and the greedy fallback misses a pin or a minimum.
    """
    ix = _indexed(problem)
    start = time.perf_counter()
    if len(variables(ix)[0]) > max_variables:
        return _greedy_result(ix, start, why="the model is too large to solve exactly")
    solved = solve_milp(ix, time_limit=time_limit)
    if solved.status == "infeasible":
        raise ScheduleInfeasible(diagnose_by_relaxing(ix, time_limit=time_limit - solved.seconds))
    if solved.status == "optimal":
        return _result(ix, solved.chosen, optimal=True, gap=0.0, method="milp", start=start)
    # Cut short by the time limit: keep the better of HiGHS's best schedule and the greedy one.
    greedy = greedy_slots(ix)
    if solved.status == "feasible" and _value(ix, solved.chosen) >= _value(ix, greedy):
        chosen, method = solved.chosen, "milp"
    elif not check_meetings(problem=problem, meetings=_assign_tables(ix, greedy)):
        chosen, method = greedy, "greedy"
    elif solved.status == "feasible":
        chosen, method = solved.chosen, "milp"
    else:
        return _greedy_result(ix, start, why=f"HiGHS found no schedule within {time_limit:g} s")
    return _result(ix, chosen, optimal=False, gap=_gap(solved.bound, _value(ix, chosen)), method=method, start=start)


def schedule_greedily(*, problem: ScheduleProblem) -> ScheduleResult:
    """Schedule with the greedy baseline only (see ``scheduling_greedy``); it may miss pins or minimums."""
    ix = _indexed(problem)
    start = time.perf_counter()
    return _result(ix, greedy_slots(ix), optimal=False, gap=None, method="greedy", start=start)


def _value(ix: IndexedProblem, chosen: list[tuple[int, int]]) -> float:
    return math.fsum(ix.values[p] for p, _ in chosen)


def _gap(bound: float | None, objective: float) -> float | None:
    """Relative gap as HiGHS reports it: (bound - objective) / objective."""
    if bound is None:
        return None
    return max(bound - objective, 0.0) / max(abs(objective), 1e-9)


def _indexed(problem: ScheduleProblem) -> IndexedProblem:
    errors = problem_errors(problem)
    if errors:
        raise InvalidProblem(errors)
    ix = index_problem(problem)
    reasons = counting_conflicts(ix)
    if reasons:
        raise ScheduleInfeasible(reasons)
    return ix


def _greedy_result(ix: IndexedProblem, start: float, *, why: str) -> ScheduleResult:
    result = _result(ix, greedy_slots(ix), optimal=False, gap=None, method="greedy", start=start)
    broken = check_meetings(problem=ix.problem, meetings=result.meetings)
    if broken:
        raise ScheduleNotFound(f"{why}, and the greedy fallback breaks constraints: " + "; ".join(broken))
    return result


def _result(
    ix: IndexedProblem, chosen: list[tuple[int, int]], *, optimal: bool, gap: float | None, method: str, start: float
) -> ScheduleResult:
    meetings = _assign_tables(ix, chosen)
    return ScheduleResult(
        meetings=meetings,
        objective=_value(ix, chosen),
        optimal=optimal,
        gap=gap,
        method=method,
        solve_seconds=time.perf_counter() - start,
        unscheduled=_unscheduled(ix, chosen),
    )


def _assign_tables(ix: IndexedProblem, chosen: list[tuple[int, int]]) -> tuple[Meeting, ...]:
    """Fixed meetings keep their table; the others take the lowest free tables in pair order."""
    by_slot: dict[int, list[int]] = defaultdict(list)
    for p, s in chosen:
        by_slot[s].append(p)
    meetings = []
    for s in sorted(by_slot):
        pairs = sorted(by_slot[s])
        taken = {int(ix.fixed_table[p]) for p in pairs if ix.fixed_slot[p] == s}
        free = (t for t in range(1, ix.problem.tables + 1) if t not in taken)
        for p in pairs:
            table = int(ix.fixed_table[p]) if ix.fixed_slot[p] == s else next(free)
            pair = ix.pairs[p]
            meetings.append(Meeting(a=pair.a, b=pair.b, slot=ix.problem.slots[s], table=table))
    order = {slot: s for s, slot in enumerate(ix.problem.slots)}
    return tuple(sorted(meetings, key=lambda m: (order[m.slot], m.table)))


def _unscheduled(ix: IndexedProblem, chosen: list[tuple[int, int]]) -> tuple[UnscheduledPair, ...]:
    """Say for each pair left out what stood in its way, in the order of the first obstacle found."""
    busy = np.zeros(ix.available.shape, dtype=bool)
    count = np.zeros(len(ix.ids), dtype=np.int64)
    used = np.zeros(ix.n_slots, dtype=np.int64)
    met = set()
    for p, s in chosen:
        busy[ix.pa[p], s] = busy[ix.pb[p], s] = True
        count[ix.pa[p]] += 1
        count[ix.pb[p]] += 1
        used[s] += 1
        met.add(p)
    left_out = []
    for p, pair in enumerate(ix.pairs):
        if p in met:
            continue
        a, b = ix.pa[p], ix.pb[p]
        full = [ix.label(ix.ids[x]) for x in (a, b) if count[x] >= ix.max_meetings[x]]
        free = ix.common[p] & ~busy[a] & ~busy[b]
        if ix.banned[p]:
            reason = "banned"
        elif not ix.common[p].any():
            reason = "no common available slot"
        elif full:
            reason = "max meetings reached for " + " and ".join(full)
        elif not free.any():
            reason = "no common free slot"
        elif (used[free] >= ix.problem.tables).all():
            reason = "no table left in their common free slots"
        elif ix.values[p] == 0:
            reason = "zero value"
        else:
            reason = "lower total value"
        left_out.append(UnscheduledPair(a=pair.a, b=pair.b, reason=reason))
    return tuple(left_out)
