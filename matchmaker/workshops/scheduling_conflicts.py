"""Explain why no schedule exists: cheap counting checks first, then the model with constraint groups dropped."""
from __future__ import annotations

import time
from collections import Counter

import numpy as np

from matchmaker.workshops.scheduling_model import solve_milp
from matchmaker.workshops.scheduling_problem import N_, IndexedProblem, Sentence, ngettext

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
        reasons.append(Sentence(N_("%(pins)s need %(count)s slot-table places but there are only %(places)s"),
                                pins=ngettext("%(num)s pinned meeting", "%(num)s pinned meetings", len(pinned)),
                                count=len(pinned), places=places))
    needed = -(-int(ix.min_meetings.sum()) // 2)
    if needed > tables * ix.n_slots:
        reasons.append(Sentence(
            N_("The minimum meeting counts need at least %(meetings)s but there are only %(places)s slot-table places"),
            meetings=_meetings(needed), places=tables * ix.n_slots))
    return reasons


def _pin_conflicts(ix: IndexedProblem) -> list[str]:
    reasons = []
    for p in np.flatnonzero(ix.pinned):
        fixed_slot = ix.fixed_slot[p]
        fixed, pair = fixed_slot >= 0, ix.pair_label(p)
        if ix.banned[p]:
            reasons.append(Sentence(N_("Fixed meeting %(pair)s is also banned") if fixed
                                    else N_("Pinned pair %(pair)s is also banned"), pair=pair))
        elif not ix.common[p].any():
            reasons.append(Sentence(N_("Fixed meeting %(pair)s has no slot where both are available") if fixed
                                    else N_("Pinned pair %(pair)s has no slot where both are available"), pair=pair))
        elif fixed and not ix.common[p, fixed_slot]:
            away = next(x for x in (ix.pa[p], ix.pb[p]) if not ix.available[x, fixed_slot])
            reasons.append(Sentence(N_("Fixed meeting %(pair)s is at %(slot)s but %(who)s is not available then"),
                                    pair=pair, slot=ix.problem.slots[fixed_slot], who=ix.label(ix.ids[away])))
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
        reasons.append(Sentence(N_("%(who)s is pinned to %(meetings)s but its maximum is %(most)s"),
                                who=name, meetings=_meetings(pins), most=most))
    if pins > n_available:
        reasons.append(Sentence(N_("%(who)s is available in %(slots)s but pinned to %(meetings)s"),
                                who=name, slots=_slots(n_available), meetings=_meetings(pins)))
    elif (placeable := int(pinned.sum())) > (usable := int(ix.common[pinned].any(axis=0).sum())):
        reasons.append(Sentence(
            N_("%(who)s is pinned to %(meetings)s but its pinned partners share only %(slots)s with it"),
            who=name, meetings=_meetings(placeable), slots=_slots(usable)))
    need = {"who": name, "meetings": _meetings(least)}
    if least > most:
        reasons.append(Sentence(N_("%(who)s must have at least %(meetings)s but its maximum is %(most)s"),
                                most=most, **need))
    if least > n_available:
        reasons.append(Sentence(N_("%(who)s must have at least %(meetings)s but is available in only %(slots)s"),
                                slots=_slots(n_available), **need))
    elif least > (n_allowed := int(allowed.sum())):
        reasons.append(Sentence(N_("%(who)s must have at least %(meetings)s but only %(pairs)s allowed"),
                                pairs=ngettext("%(num)s candidate pair is", "%(num)s candidate pairs are", n_allowed),
                                **need))
    elif least > (usable := int(ix.common[allowed].any(axis=0).sum())):
        reasons.append(Sentence(
            N_("%(who)s must have at least %(meetings)s but its allowed partners share only %(slots)s with it"),
            slots=_slots(usable), **need))
    return reasons


def _meetings(n: int) -> Sentence:
    return ngettext("%(num)s meeting", "%(num)s meetings", n)


def _slots(n: int) -> Sentence:
    return ngettext("%(num)s slot", "%(num)s slots", n)


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
            reasons.append(Sentence(N_("%(who)s has %(count)s fixed meetings at %(slot)s"),
                                    who=ix.label(ix.ids[i]), count=n, slot=slots[s]))
    for (s, t), n in sorted(table_slot.items()):
        if n > 1:
            reasons.append(Sentence(N_("Table %(table)s at %(slot)s holds %(count)s fixed meetings"),
                                    table=t, slot=slots[s], count=n))
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
        reasons.append(Sentence(N_(
            "The minimum meeting counts cannot all be met together with availability, tables, maximums and pins; "
            "without the minimums a schedule exists")))
        for i in np.flatnonzero(ix.min_meetings > 0)[:MAX_CULPRIT_SOLVES]:
            saved = ix.min_meetings[i]
            ix.min_meetings[i] = 0
            try:
                enough = feasible()
            finally:
                ix.min_meetings[i] = saved
            if enough:
                name = ix.label(ix.ids[i])
                reasons.append(Sentence(N_("Dropping the minimum of %(who)s (%(meetings)s) is enough"),
                                        who=name, meetings=_meetings(int(saved))))
    if without_pins:
        reasons.append(Sentence(N_(
            "The pinned pairs cannot all be scheduled together with availability, tables, maximums and minimums; "
            "without the pins a schedule exists")))
        for p in np.flatnonzero(ix.pinned & (ix.fixed_slot < 0))[:MAX_CULPRIT_SOLVES]:
            ix.pinned[p] = False
            try:
                enough = feasible()
            finally:
                ix.pinned[p] = True
            if enough:
                reasons.append(Sentence(N_("Unpinning %(pair)s is enough"), pair=ix.pair_label(p)))
    if not reasons:
        if without_mins is None or without_pins is None:
            reasons.append(Sentence(N_(
                "No schedule satisfies the constraints, and the time limit ran out before the conflict was found")))
        elif has_mins and has_pins:
            reasons.append(Sentence(N_(
                "Dropping the pins alone or the minimum meeting counts alone is not enough: both must be relaxed")))
        else:
            reasons.append(Sentence(N_(
                "No schedule satisfies the pins and minimum meeting counts together with availability and tables")))
    return reasons
