"""Explain why no schedule exists: cheap counting checks first, then the model with constraint groups dropped."""
from __future__ import annotations

import time
from collections import Counter

import numpy as np

from matchmaker.workshops.scheduling_model import solve_milp
from matchmaker.workshops.scheduling_problem import IndexedProblem, count_of

# Dropping one participant's minimum (or one pin) at a time is a solve each; past this many we only name the group.
MAX_CULPRIT_SOLVES = 30


def counting_conflicts(ix: IndexedProblem) -> list[str]:
    """Conflicts that counting alone proves; every sentence here is a certain reason, never a guess."""
    reasons = _pin_conflicts(ix)
    for i in range(len(ix.ids)):
        reasons.extend(_participant_conflicts(ix, i))
    reasons.extend(_fixed_clashes(ix))
    tables = ix.problem.tables
    # Pins already reported as banned or without a common slot are left out of the counts below.
    pinned = np.flatnonzero(_placeable_pins(ix))
    places = tables * int(ix.common[pinned].any(axis=0).sum())
    if len(pinned) > places:
        reasons.append(
            f"{count_of(len(pinned), 'pinned meeting')} need {len(pinned)} slot-table places "
            f"but there are only {places}"
        )
    needed = -(-int(ix.min_meetings.sum()) // 2)
    if needed > tables * ix.n_slots:
        reasons.append(
            f"The minimum meeting counts need at least {count_of(needed, 'meeting')} "
            f"but there are only {tables * ix.n_slots} slot-table places"
        )
    return reasons


def _pin_conflicts(ix: IndexedProblem) -> list[str]:
    reasons = []
    for p in np.flatnonzero(ix.pinned):
        fixed_slot = ix.fixed_slot[p]
        kind = "Fixed meeting" if fixed_slot >= 0 else "Pinned pair"
        if ix.banned[p]:
            reasons.append(f"{kind} {ix.pair_label(p)} is also banned")
        elif not ix.common[p].any():
            reasons.append(f"{kind} {ix.pair_label(p)} has no slot where both are available")
        elif fixed_slot >= 0 and not ix.common[p, fixed_slot]:
            away = next(x for x in (ix.pa[p], ix.pb[p]) if not ix.available[x, fixed_slot])
            reasons.append(
                f"Fixed meeting {ix.pair_label(p)} is at {ix.problem.slots[fixed_slot]} "
                f"but {ix.label(ix.ids[away])} is not available then"
            )
    return reasons


def _participant_conflicts(ix: IndexedProblem, i: int) -> list[str]:
    reasons = []
    name = ix.label(ix.ids[i])
    mine = (ix.pa == i) | (ix.pb == i)
    pinned = mine & _placeable_pins(ix)
    allowed = mine & ~ix.banned & ix.common.any(axis=1)
    pins, least, most = int((mine & ix.pinned).sum()), int(ix.min_meetings[i]), int(ix.max_meetings[i])
    n_available = int(ix.available[i].sum())
    if pins > most:
        reasons.append(f"{name} is pinned to {count_of(pins, 'meeting')} but its maximum is {most}")
    if pins > n_available:
        reasons.append(
            f"{name} is available in {count_of(n_available, 'slot')} but pinned to {count_of(pins, 'meeting')}"
        )
    elif (placeable := int(pinned.sum())) > (usable := int(ix.common[pinned].any(axis=0).sum())):
        reasons.append(
            f"{name} is pinned to {count_of(placeable, 'meeting')} "
            f"but its pinned partners share only {count_of(usable, 'slot')} with it"
        )
    need = f"{name} must have at least {count_of(least, 'meeting')}"
    if least > most:
        reasons.append(f"{need} but its maximum is {most}")
    if least > n_available:
        reasons.append(f"{need} but is available in only {count_of(n_available, 'slot')}")
    elif least > (n_allowed := int(allowed.sum())):
        are = "is" if n_allowed == 1 else "are"
        reasons.append(f"{need} but only {count_of(n_allowed, 'candidate pair')} {are} allowed")
    elif least > (usable := int(ix.common[allowed].any(axis=0).sum())):
        reasons.append(f"{need} but its allowed partners share only {count_of(usable, 'slot')} with it")
    return reasons


def _placeable_pins(ix: IndexedProblem) -> np.ndarray:
    return ix.pinned & ~ix.banned & ix.common.any(axis=1)


def _fixed_clashes(ix: IndexedProblem) -> list[str]:
    reasons = []
    fixed = np.flatnonzero(ix.fixed_slot >= 0)
    slots = ix.problem.slots
    person_slot = Counter()
    table_slot = Counter()
    for p in fixed:
        s = int(ix.fixed_slot[p])
        person_slot.update(((int(ix.pa[p]), s), (int(ix.pb[p]), s)))
        table_slot[(s, int(ix.fixed_table[p]))] += 1
    for (i, s), n in sorted(person_slot.items()):
        if n > 1:
            reasons.append(f"{ix.label(ix.ids[i])} has {n} fixed meetings at {slots[s]}")
    for (s, t), n in sorted(table_slot.items()):
        if n > 1:
            reasons.append(f"Table {t} at {slots[s]} holds {n} fixed meetings")
    return reasons


def diagnose_by_relaxing(ix: IndexedProblem, *, time_limit: float) -> list[str]:
    """Tell which group, minimums or pins, makes the model infeasible, and which single ones would be enough to drop."""
    deadline = time.perf_counter() + time_limit

    def feasible(**switches) -> bool | None:
        left = deadline - time.perf_counter()
        if left <= 0:
            return None
        status = solve_milp(ix, time_limit=left, with_objective=False, **switches).status
        return None if status == "timeout" else status != "infeasible"

    reasons: list[str] = []
    has_mins, has_pins = bool(ix.min_meetings.any()), bool(ix.pinned.any())
    without_mins = feasible(with_mins=False) if has_mins else False
    without_pins = feasible(with_pins=False) if has_pins else False
    if without_mins:
        reasons.append(
            "The minimum meeting counts cannot all be met together with availability, tables, maximums and pins; "
            "without the minimums a schedule exists"
        )
        for i in np.flatnonzero(ix.min_meetings > 0)[:MAX_CULPRIT_SOLVES]:
            saved = ix.min_meetings[i]
            ix.min_meetings[i] = 0
            try:
                enough = feasible()
            finally:
                ix.min_meetings[i] = saved
            if enough:
                name = ix.label(ix.ids[i])
                reasons.append(f"Dropping the minimum of {name} ({count_of(saved, 'meeting')}) is enough")
    if without_pins:
        reasons.append(
            "The pinned pairs cannot all be scheduled together with availability, tables, maximums and minimums; "
            "without the pins a schedule exists"
        )
        for p in np.flatnonzero(ix.pinned & (ix.fixed_slot < 0))[:MAX_CULPRIT_SOLVES]:
            ix.pinned[p] = False
            try:
                enough = feasible()
            finally:
                ix.pinned[p] = True
            if enough:
                reasons.append(f"Unpinning {ix.pair_label(p)} is enough")
    if not reasons:
        if without_mins is None or without_pins is None:
            reasons.append(
                "No schedule satisfies the constraints, and the time limit ran out before the conflict was found"
            )
        elif has_mins and has_pins:
            reasons.append(
                "Dropping the pins alone or the minimum meeting counts alone is not enough: both must be relaxed"
            )
        else:
            reasons.append(
                "No schedule satisfies the pins and minimum meeting counts together with availability and tables"
            )
    return reasons
