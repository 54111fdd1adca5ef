"""The greedy baseline, and the fallback for instances too large for the exact model.

Meetings placed by hand first, then pinned pairs, then the rest by value (highest first, ties by pair):
each goes to the earliest slot where both sides are available and free and a table is left, unless one side
has reached its maximum. A second pass then tries to lift participants still below their minimum with their
best remaining pairs. It never moves a meeting once placed, so it can miss pins or minimums that a swap
would have met; the caller checks its output.
"""
from __future__ import annotations

import numpy as np

from matchmaker.workshops.scheduling_problem import IndexedProblem


def greedy_slots(ix: IndexedProblem) -> list[tuple[int, int]]:
    """Return (pair, slot) of each meeting the greedy rule places."""
    n_people, n_slots = ix.available.shape
    busy = np.zeros((n_people, n_slots), dtype=bool)
    count = np.zeros(n_people, dtype=np.int64)
    used = np.zeros(n_slots, dtype=np.int64)
    placed = np.zeros(len(ix.pairs), dtype=bool)
    chosen: list[tuple[int, int]] = []

    def place(p: int, slots: np.ndarray) -> bool:
        a, b = ix.pa[p], ix.pb[p]
        if placed[p] or ix.banned[p] or count[a] >= ix.max_meetings[a] or count[b] >= ix.max_meetings[b]:
            return False
        free = np.flatnonzero(ix.common[p] & ~busy[a] & ~busy[b] & (used < ix.problem.tables) & slots)
        if len(free) == 0:
            return False
        s = int(free[0])
        busy[a, s] = busy[b, s] = True
        count[a] += 1
        count[b] += 1
        used[s] += 1
        placed[p] = True
        chosen.append((p, s))
        return True

    every_slot = np.ones(n_slots, dtype=bool)
    for p in np.flatnonzero(ix.fixed_slot >= 0):
        place(int(p), np.arange(n_slots) == ix.fixed_slot[p])
    by_value = sorted(range(len(ix.pairs)), key=lambda p: (not ix.pinned[p], -ix.values[p], p))
    for p in by_value:
        place(p, every_slot)
    for i in np.flatnonzero(ix.min_meetings > 0):
        own = [p for p in by_value if (ix.pa[p] == i or ix.pb[p] == i) and not placed[p]]
        for p in own:
            if count[i] >= ix.min_meetings[i]:
                break
            place(p, every_slot)
    return chosen
