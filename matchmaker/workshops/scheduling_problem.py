"""The scheduler's plain data: what goes in, what comes out, and one indexed view of a problem."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Participant:
    """A firm at the workshop; ``available=None`` means every slot, ``max_meetings=None`` one per slot."""

    id: str
    available: tuple[str, ...] | None = None
    max_meetings: int | None = None
    min_meetings: int = 0
    name: str | None = None


@dataclass(frozen=True)
class CandidatePair:
    """Two firms that may meet; ``value`` is what the meeting is worth to the workshop."""

    a: str
    b: str
    value: float
    pinned: bool = False
    banned: bool = False


@dataclass(frozen=True)
class Meeting:
    a: str
    b: str
    slot: str
    table: int


@dataclass(frozen=True)
class ScheduleProblem:
    """Slots in time order, tables numbered 1..tables, and meetings an organiser already placed by hand.

    A fixed meeting must name a candidate pair; it is scheduled exactly where it says (it implies a pin).
    """

    slots: tuple[str, ...]
    tables: int
    participants: tuple[Participant, ...]
    pairs: tuple[CandidatePair, ...]
    fixed: tuple[Meeting, ...] = ()


@dataclass(frozen=True)
class UnscheduledPair:
    a: str
    b: str
    reason: str


@dataclass(frozen=True)
class ScheduleResult:
    """``gap`` is the relative MIP gap HiGHS proved; None when a heuristic made the schedule."""

    meetings: tuple[Meeting, ...]
    objective: float
    optimal: bool
    gap: float | None
    method: str
    solve_seconds: float
    unscheduled: tuple[UnscheduledPair, ...] = ()


class InvalidProblem(ValueError):
    """The problem is malformed (unknown ids, duplicates, negative values): a data error, not a conflict."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


class ScheduleInfeasible(Exception):
    """No schedule satisfies the hard constraints; ``reasons`` say why in the organiser's words."""

    def __init__(self, reasons: list[str]):
        super().__init__("\n".join(reasons))
        self.reasons = reasons


class ScheduleNotFound(Exception):
    """The solver ran out of time before it found any schedule (nothing is proven either way)."""


def N_(message: str) -> str:
    """Mark an English sentence for the catalogues (``make translations`` extracts it); this core stays English."""
    return message


def ngettext(singular: str, plural: str, num: int) -> Sentence:
    """Mark a counted English phrase for the catalogues, like gettext's ``ngettext``; English here."""
    return Sentence(singular if num == 1 else plural, plural=(singular, plural), num=num)


class Sentence(str):
    """An English sentence that keeps its catalogue msgid and values, so the web app can show it in the reader's
    language; equal to (and hashed as) the plain English text. A value may itself be a ``Sentence``."""

    message: str
    params: dict
    plural: tuple[str, str] | None

    def __new__(cls, message: str, *, plural: tuple[str, str] | None = None, **params: object) -> Sentence:
        sentence = super().__new__(cls, message % params if params else message)
        sentence.message, sentence.params, sentence.plural = message, params, plural
        return sentence


def count_of(n: int, thing: str) -> str:
    """``count_of(1, "slot")`` is "1 slot", ``count_of(2, "slot")`` is "2 slots"."""
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass
class IndexedProblem:
    """Arrays over participants (sorted by id), slots (in order) and pairs (sorted by unordered key).

    Sorting makes the model, and so the schedule, independent of the order of the input lists.
    """

    problem: ScheduleProblem
    slot_index: dict[str, int]
    ids: list[str]
    person: dict[str, int]
    available: np.ndarray  # (participants, slots) bool
    max_meetings: np.ndarray
    min_meetings: np.ndarray
    pairs: list[CandidatePair]
    pair_index: dict[tuple[str, str], int]
    pa: np.ndarray
    pb: np.ndarray
    values: np.ndarray
    pinned: np.ndarray
    banned: np.ndarray
    common: np.ndarray  # (pairs, slots) bool: both available
    fixed_slot: np.ndarray  # -1 where the pair is not fixed
    fixed_table: np.ndarray
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def n_slots(self) -> int:
        return len(self.slot_index)

    def label(self, participant_id: str) -> str:
        return self.labels.get(participant_id, participant_id)

    def pair_label(self, p: int) -> str:
        pair = self.pairs[p]
        return f"{self.label(pair.a)}–{self.label(pair.b)}"


def index_problem(problem: ScheduleProblem) -> IndexedProblem:
    """Index a problem that ``problem_errors`` accepts."""
    slot_index = {slot: s for s, slot in enumerate(problem.slots)}
    n_slots = len(problem.slots)
    people = sorted(problem.participants, key=lambda p: p.id)
    ids = [p.id for p in people]
    person = {pid: i for i, pid in enumerate(ids)}
    available = np.zeros((len(ids), n_slots), dtype=bool)
    for i, p in enumerate(people):
        if p.available is None:
            available[i, :] = True
        else:
            available[i, [slot_index[s] for s in p.available]] = True
    max_meetings = np.array([n_slots if p.max_meetings is None else p.max_meetings for p in people], dtype=np.int64)
    min_meetings = np.array([p.min_meetings for p in people], dtype=np.int64)
    pairs = sorted(problem.pairs, key=lambda c: pair_key(c.a, c.b))
    pair_index = {pair_key(c.a, c.b): k for k, c in enumerate(pairs)}
    pa = np.array([person[c.a] for c in pairs], dtype=np.int64)
    pb = np.array([person[c.b] for c in pairs], dtype=np.int64)
    fixed_slot = np.full(len(pairs), -1, dtype=np.int64)
    fixed_table = np.zeros(len(pairs), dtype=np.int64)
    for m in problem.fixed:
        k = pair_index[pair_key(m.a, m.b)]
        fixed_slot[k] = slot_index[m.slot]
        fixed_table[k] = m.table
    return IndexedProblem(
        problem=problem,
        slot_index=slot_index,
        ids=ids,
        person=person,
        available=available,
        max_meetings=max_meetings,
        min_meetings=min_meetings,
        pairs=pairs,
        pair_index=pair_index,
        pa=pa,
        pb=pb,
        values=np.array([float(c.value) for c in pairs], dtype=float),
        pinned=np.array([c.pinned for c in pairs], dtype=bool) | (fixed_slot >= 0),
        banned=np.array([c.banned for c in pairs], dtype=bool),
        common=available[pa] & available[pb] if pairs else np.zeros((0, n_slots), dtype=bool),
        fixed_slot=fixed_slot,
        fixed_table=fixed_table,
        labels={p.id: p.name for p in people if p.name},
    )


def problem_errors(problem: ScheduleProblem) -> list[str]:
    """Say what is malformed in a problem, naming the list index; empty when it can be scheduled or diagnosed."""
    errors: list[str] = []
    tables_ok = isinstance(problem.tables, int) and not isinstance(problem.tables, bool) and problem.tables >= 1
    if not tables_ok:
        errors.append(f"tables must be a whole number of at least 1, not {problem.tables!r}")
    if not problem.slots:
        errors.append("slots must name at least one slot")
    slots = set()
    for s, slot in enumerate(problem.slots):
        if slot in slots:
            errors.append(f"slots[{s}]: duplicate slot {slot!r}")
        slots.add(slot)
    ids: set[str] = set()
    for i, p in enumerate(problem.participants):
        where = f"participants[{i}] ({p.id!r})"
        if p.id in ids:
            errors.append(f"{where}: duplicate participant id")
        ids.add(p.id)
        for slot in p.available or ():
            if slot not in slots:
                errors.append(f"{where}: unknown slot {slot!r} in available")
        if p.available is not None and len(set(p.available)) != len(p.available):
            errors.append(f"{where}: a slot is listed twice in available")
        if p.max_meetings is not None and p.max_meetings < 0:
            errors.append(f"{where}: max_meetings must not be negative")
        if p.min_meetings < 0:
            errors.append(f"{where}: min_meetings must not be negative")
    seen: dict[tuple[str, str], int] = {}
    for k, c in enumerate(problem.pairs):
        where = f"pairs[{k}] ({c.a!r}, {c.b!r})"
        for end in (c.a, c.b):
            if end not in ids:
                errors.append(f"{where}: unknown participant {end!r}")
        if c.a == c.b:
            errors.append(f"{where}: a participant cannot meet itself")
        key = pair_key(c.a, c.b)
        if key in seen:
            errors.append(f"{where}: duplicate of pairs[{seen[key]}]")
        seen.setdefault(key, k)
        if not math.isfinite(c.value) or c.value < 0:
            errors.append(f"{where}: value must be a finite number >= 0, not {c.value!r}")
    for f, m in enumerate(problem.fixed):
        where = f"fixed[{f}] ({m.a!r}, {m.b!r})"
        if pair_key(m.a, m.b) not in seen:
            errors.append(f"{where}: not a candidate pair")
        if m.slot not in slots:
            errors.append(f"{where}: unknown slot {m.slot!r}")
        if tables_ok and not 1 <= m.table <= problem.tables:
            errors.append(f"{where}: table {m.table} does not exist (tables are 1..{problem.tables})")
    fixed_keys = [pair_key(m.a, m.b) for m in problem.fixed]
    if len(set(fixed_keys)) != len(fixed_keys):
        errors.append("fixed: a pair is fixed twice")
    return errors
