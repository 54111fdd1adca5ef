"""The exact model: a binary x[pair, slot] for each slot both sides attend, solved by HiGHS through scipy.

    maximise    sum value[p] * x[p,s]
    subject to  sum_p x[p,s] over pairs of i      <= 1             (i, s)   nobody in two meetings at once
                sum_p x[p,s]                      <= tables        (s)      tables per slot
                sum_s x[p,s]                      in [pin_p, 1]    (p)      each pair at most once; pins exactly once
                sum_{p,s} x[p,s] over pairs of i  in [min_i, max_i] (i)
                x[p,s_fixed] = 1 for meetings placed by hand
Banned pairs and slots where one side is away get no variable at all, so those constraints cost nothing.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from matchmaker.workshops.scheduling_problem import IndexedProblem

# HiGHS stops at a relative gap of 1e-4 by default; a schedule called optimal should be optimal.
MIP_REL_GAP = 0.0


@dataclass
class Solved:
    """``status`` is "optimal", "feasible" (time ran out with a schedule), "infeasible" or "timeout".

    ``bound`` is the best upper bound on the total value that HiGHS proved, when it proved one.
    """

    status: str
    chosen: list[tuple[int, int]]
    gap: float | None
    seconds: float
    bound: float | None = None


def variables(ix: IndexedProblem) -> tuple[np.ndarray, np.ndarray]:
    """(pair, slot) of each binary, ordered by pair then slot so the model is built the same way every time."""
    allowed = ix.common & ~ix.banned[:, None]
    var_pair, var_slot = np.nonzero(allowed)
    return var_pair.astype(np.int64), var_slot.astype(np.int64)


def solve_milp(
    ix: IndexedProblem,
    *,
    time_limit: float,
    with_pins: bool = True,
    with_mins: bool = True,
    with_objective: bool = True,
) -> Solved:
    """Solve the model; the ``with_*`` switches drop constraint groups to find which ones conflict."""
    start = time.perf_counter()
    var_pair, var_slot = variables(ix)
    n, n_people, n_slots, n_pairs = len(var_pair), len(ix.ids), ix.n_slots, len(ix.pairs)
    lower = np.zeros(n)
    if with_pins:
        var_of = np.full((n_pairs, n_slots), -1, dtype=np.int64)
        var_of[var_pair, var_slot] = np.arange(n)
        fixed = np.flatnonzero(ix.fixed_slot >= 0)
        fixed_vars = var_of[fixed, ix.fixed_slot[fixed]]
        if (fixed_vars < 0).any():
            return Solved("infeasible", [], None, time.perf_counter() - start)
        lower[fixed_vars] = 1.0
    pair_lower = (ix.pinned if with_pins else np.zeros(n_pairs, dtype=bool)).astype(float)
    min_needed = ix.min_meetings if with_mins else np.zeros(n_people, dtype=np.int64)
    if n == 0:
        status = "infeasible" if pair_lower.any() or min_needed.any() else "optimal"
        return Solved(status, [], 0.0 if status == "optimal" else None, time.perf_counter() - start)

    cols = np.arange(n)
    va, vb = ix.pa[var_pair], ix.pb[var_pair]
    # Row blocks, offset one after another: (person, slot), slot, pair, person.
    o_slot = n_people * n_slots
    o_pair = o_slot + n_slots
    o_person = o_pair + n_pairs
    rows = np.concatenate([
        va * n_slots + var_slot, vb * n_slots + var_slot,  # nobody twice in a slot
        o_slot + var_slot,  # tables
        o_pair + var_pair,  # each pair at most once, pins exactly once
        o_person + va, o_person + vb,  # min and max meetings
    ])
    matrix = coo_matrix((np.ones(len(rows)), (rows, np.tile(cols, 6))), shape=(o_person + n_people, n)).tocsr()
    row_lower = np.concatenate([np.zeros(o_slot), np.zeros(n_slots), pair_lower, min_needed.astype(float)])
    row_upper = np.concatenate(
        [np.ones(o_slot), np.full(n_slots, float(ix.problem.tables)), np.ones(n_pairs), ix.max_meetings.astype(float)]
    )
    cost = -ix.values[var_pair] if with_objective else np.zeros(n)
    options = {"time_limit": max(time_limit, 0.001), "disp": False, "mip_rel_gap": MIP_REL_GAP}
    res = milp(
        cost,
        constraints=LinearConstraint(matrix, row_lower, row_upper),
        integrality=np.ones(n),
        bounds=Bounds(lower, np.ones(n)),
        options=options,
    )
    seconds = time.perf_counter() - start
    if res.status == 2:
        return Solved("infeasible", [], None, seconds)
    dual = getattr(res, "mip_dual_bound", None)
    bound = -float(dual) if with_objective and dual is not None and np.isfinite(dual) else None
    if res.x is None:
        return Solved("timeout", [], None, seconds, bound)
    picked = np.flatnonzero(res.x > 0.5)
    chosen = list(zip(var_pair[picked].tolist(), var_slot[picked].tolist()))
    if res.status == 0:
        return Solved("optimal", chosen, 0.0, seconds, bound)
    gap = getattr(res, "mip_gap", None)
    return Solved("feasible", chosen, float(gap) if gap is not None and np.isfinite(gap) else None, seconds, bound)
