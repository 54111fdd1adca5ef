"""Time the exact scheduler on a workshop-sized instance, beside the greedy baseline on the same instance.

Run from the repository root: .venv/bin/python -m benchmarks.bench_schedule [--seed 7] [--time-limit 60]
"""
from __future__ import annotations

import argparse
import random
import time

from matchmaker.workshops.scheduling import (
    CandidatePair,
    Participant,
    ScheduleProblem,
    check_meetings,
    schedule_greedily,
    schedule_meetings,
)
from matchmaker.workshops.scheduling_model import variables
from matchmaker.workshops.scheduling_problem import index_problem


def make_workshop(
    *, seed: int, firms: int = 300, slots: int = 16, tables: int = 40, pairs: int = 3000
) -> ScheduleProblem:
    """Half food-packaging, half photonics firms; candidate pairs cross the two sides, as in a real workshop."""
    rng = random.Random(seed)
    labels = tuple(f"{9 + (20 * s) // 60:02d}:{(20 * s) % 60:02d}" for s in range(slots))
    people = []
    for i in range(firms):
        kept = rng.sample(labels, round(slots * rng.uniform(0.7, 1.0)))
        people.append(
            Participant(
                id=f"org-{i}",
                available=tuple(s for s in labels if s in kept),
                max_meetings=rng.randint(6, 10),
                min_meetings=1 if rng.random() < 0.1 else 0,
            )
        )
    food, photonics = range(firms // 2), range(firms // 2, firms)
    chosen: set[tuple[int, int]] = set()
    while len(chosen) < pairs:
        chosen.add((rng.choice(food), rng.choice(photonics)))
    candidates = []
    for n, (a, b) in enumerate(sorted(chosen)):
        candidates.append(
            CandidatePair(
                a=f"org-{a}",
                b=f"org-{b}",
                value=round(rng.betavariate(2, 5), 3),
                pinned=n % 300 == 0,
                banned=n % 250 == 7,
            )
        )
    return ScheduleProblem(slots=labels, tables=tables, participants=tuple(people), pairs=tuple(candidates))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()

    start = time.perf_counter()
    problem = make_workshop(seed=args.seed)
    n_vars = len(variables(index_problem(problem))[0])
    build = time.perf_counter() - start
    print(f"instance: 300 firms, 16 slots, 40 tables, 3000 pairs, seed {args.seed}")
    print(f" build: {n_vars} binaries in {build:.2f} s")

    start = time.perf_counter()
    exact = schedule_meetings(problem=problem, time_limit=args.time_limit)
    exact_wall = time.perf_counter() - start
    start = time.perf_counter()
    greedy = schedule_greedily(problem=problem)
    greedy_wall = time.perf_counter() - start

    for name, result, wall in (("milp", exact, exact_wall), ("greedy", greedy, greedy_wall)):
        broken = check_meetings(problem=problem, meetings=result.meetings)
        gap = "n/a" if result.gap is None else f"{result.gap:.2e}"
        print(
            f"{name:>6}: objective {result.objective:10.3f}  meetings {len(result.meetings):4d}  "
            f"optimal {str(result.optimal):5}  gap {gap:>8}  time {wall:6.2f} s  "
            f"constraints broken {len(broken)}"
        )
    print(f" ratio: greedy / milp objective = {greedy.objective / exact.objective:.4f}")


if __name__ == "__main__":
    main()
