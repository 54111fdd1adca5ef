"""Check a schedule against every constraint, in sentences an organiser can act on.

The web app uses these for hand edits (``place_meeting`` then ``check_change``); the tests use
``check_meetings`` on every solver output.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from matchmaker.workshops.scheduling_problem import (
    N_, Meeting, ScheduleProblem, Sentence, index_problem, ngettext, pair_key)


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
            errors.extend(Sentence(N_("Meeting %(pair)s: %(who)s is not a participant"), pair=name, who=x)
                          for x in strangers)
            continue
        if m.a == m.b:
            errors.append(Sentence(N_("%(who)s cannot meet itself"), who=label(m.a)))
            continue
        if m.slot not in ix.slot_index:
            errors.append(Sentence(N_("Meeting %(pair)s: there is no slot %(slot)s"), pair=name, slot=m.slot))
            continue
        key = pair_key(m.a, m.b)
        k = ix.pair_index.get(key)
        if k is None:
            errors.append(Sentence(N_("%(pair)s is not a candidate pair"), pair=name))
        elif ix.banned[k]:
            errors.append(Sentence(N_("%(pair)s is banned"), pair=name))
        for x in (m.a, m.b):
            if not ix.available[ix.person[x], ix.slot_index[m.slot]]:
                errors.append(Sentence(N_("%(who)s is not available at %(slot)s"), who=label(x), slot=m.slot))
        if not 1 <= m.table <= tables:
            errors.append(Sentence(N_("Table %(table)s does not exist (tables are 1–%(tables)s)"),
                                   table=m.table, tables=tables))
        times_met[key] += 1
        names.setdefault(key, name)
        count.update((m.a, m.b))
        at.update(((m.a, m.slot), (m.b, m.slot)))
        at_table[(m.slot, m.table)] += 1
        in_slot[m.slot] += 1
        where[key] = (m.slot, m.table)
    for key, n in times_met.items():
        if n > 1:
            errors.append(Sentence(N_("%(pair)s meet %(count)s times but may meet only once"),
                                   pair=names[key], count=n))
    for (x, slot), n in at.items():
        if n > 1:
            errors.append(Sentence(N_("%(who)s has %(count)s meetings at %(slot)s"), who=label(x), count=n, slot=slot))
    for (slot, table), n in at_table.items():
        if n > 1 and 1 <= table <= tables:
            errors.append(Sentence(N_("Table %(table)s at %(slot)s holds %(count)s meetings"),
                                   table=table, slot=slot, count=n))
    for slot, n in in_slot.items():
        if n > tables:
            errors.append(Sentence(N_("%(slot)s has %(count)s meetings but there are only %(tables)s tables"),
                                   slot=slot, count=n, tables=tables))
    for i, x in enumerate(ix.ids):
        if count[x] > ix.max_meetings[i]:
            errors.append(Sentence(N_("%(who)s has %(meetings)s but its maximum is %(most)s"), who=label(x),
                                   meetings=_meetings(count[x]), most=ix.max_meetings[i]))
        if count[x] < ix.min_meetings[i]:
            errors.append(Sentence(N_("%(who)s has %(meetings)s but its minimum is %(least)s"), who=label(x),
                                   meetings=_meetings(count[x]), least=ix.min_meetings[i]))
    for k, pair in enumerate(ix.pairs):
        key = pair_key(pair.a, pair.b)
        if ix.pinned[k] and key not in where:
            errors.append(Sentence(N_("Pinned pair %(pair)s is not scheduled"), pair=ix.pair_label(k)))
    for m in problem.fixed:
        key = pair_key(m.a, m.b)
        if key in where and where[key] != (m.slot, m.table):
            errors.append(Sentence(N_("Fixed meeting %(pair)s must stay at %(slot)s, table %(table)s"),
                                   pair=f"{label(m.a)}–{label(m.b)}", slot=m.slot, table=m.table))
    return errors


def _meetings(n: int) -> Sentence:
    return ngettext("%(num)s meeting", "%(num)s meetings", n)


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
