"""Check a schedule against every constraint, in sentences an organiser can act on.

The web app uses these for hand edits (``place_meeting`` then ``check_change``); the tests use
``check_meetings`` on every solver output.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from matchmaker.workshops.scheduling_problem import Meeting, ScheduleProblem, count_of, index_problem, pair_key


def check_meetings(*, problem: ScheduleProblem, meetings: Iterable[Meeting]) -> list[str]:
    """List every constraint the meetings break (empty means the schedule is valid)."""
    ix = index_problem(problem)
    label = ix.label
    tables = problem.tables
    errors: list[str] = []
    times_met: Counter[tuple[str, str]] = Counter()
    count: Counter[str] = Counter()
    at: Counter[tuple[str, str]] = Counter()
    at_table: Counter[tuple[str, int]] = Counter()
    in_slot: Counter[str] = Counter()
    where: dict[tuple[str, str], tuple[str, int]] = {}
    names: dict[tuple[str, str], str] = {}
    for m in meetings:
        name = f"{label(m.a)}–{label(m.b)}"
        strangers = [x for x in (m.a, m.b) if x not in ix.person]
        if strangers:
            errors.extend(f"Meeting {name}: {x} is not a participant" for x in strangers)
            continue
        if m.a == m.b:
            errors.append(f"{label(m.a)} cannot meet itself")
            continue
        if m.slot not in ix.slot_index:
            errors.append(f"Meeting {name}: there is no slot {m.slot}")
            continue
        key = pair_key(m.a, m.b)
        k = ix.pair_index.get(key)
        if k is None:
            errors.append(f"{name} is not a candidate pair")
        elif ix.banned[k]:
            errors.append(f"{name} is banned")
        for x in (m.a, m.b):
            if not ix.available[ix.person[x], ix.slot_index[m.slot]]:
                errors.append(f"{label(x)} is not available at {m.slot}")
        if not 1 <= m.table <= tables:
            errors.append(f"Table {m.table} does not exist (tables are 1–{tables})")
        times_met[key] += 1
        names.setdefault(key, name)
        count.update((m.a, m.b))
        at.update(((m.a, m.slot), (m.b, m.slot)))
        at_table[(m.slot, m.table)] += 1
        in_slot[m.slot] += 1
        where[key] = (m.slot, m.table)
    for key, n in times_met.items():
        if n > 1:
            errors.append(f"{names[key]} meet {n} times but may meet only once")
    for (x, slot), n in at.items():
        if n > 1:
            errors.append(f"{label(x)} has {n} meetings at {slot}")
    for (slot, table), n in at_table.items():
        if n > 1 and 1 <= table <= tables:
            errors.append(f"Table {table} at {slot} holds {n} meetings")
    for slot, n in in_slot.items():
        if n > tables:
            errors.append(f"{slot} has {n} meetings but there are only {tables} tables")
    for i, x in enumerate(ix.ids):
        if count[x] > ix.max_meetings[i]:
            errors.append(f"{label(x)} has {count_of(count[x], 'meeting')} but its maximum is {ix.max_meetings[i]}")
        if count[x] < ix.min_meetings[i]:
            errors.append(f"{label(x)} has {count_of(count[x], 'meeting')} but its minimum is {ix.min_meetings[i]}")
    for k, pair in enumerate(ix.pairs):
        key = pair_key(pair.a, pair.b)
        if ix.pinned[k] and key not in where:
            errors.append(f"Pinned pair {ix.pair_label(k)} is not scheduled")
    for m in problem.fixed:
        key = pair_key(m.a, m.b)
        if key in where and where[key] != (m.slot, m.table):
            errors.append(f"Fixed meeting {label(m.a)}–{label(m.b)} must stay at {m.slot}, table {m.table}")
    return errors


def check_change(*, problem: ScheduleProblem, before: Iterable[Meeting], after: Iterable[Meeting]) -> list[str]:
    """List what an edit breaks that was not already broken, so a half-built schedule can still be edited."""
    old = Counter(check_meetings(problem=problem, meetings=before))
    new: list[str] = []
    for sentence in check_meetings(problem=problem, meetings=after):
        if old[sentence]:
            old[sentence] -= 1
        else:
            new.append(sentence)
    return new


def place_meeting(
    *, problem: ScheduleProblem, meetings: Iterable[Meeting], a: str, b: str, slot: str, table: int | None = None
) -> tuple[Meeting, ...]:
    """Move the meeting of a and b to ``slot`` (adding it if they had none); without a table, take the lowest free one.

    Nothing is checked here: pass the result to ``check_change``. When every table is taken the meeting gets
    table ``tables + 1``, which the check reports.
    """
    key = pair_key(a, b)
    kept = [m for m in meetings if pair_key(m.a, m.b) != key]
    if table is None:
        taken = defaultdict(set)
        for m in kept:
            taken[m.slot].add(m.table)
        table = next(t for t in range(1, problem.tables + 2) if t not in taken[slot] or t == problem.tables + 1)
    return (*kept, Meeting(a=a, b=b, slot=slot, table=table))
