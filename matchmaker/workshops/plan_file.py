"""Read the planner's JSON input into a ScheduleProblem and write a ScheduleResult back (see docs/schedule-file.md)."""
from __future__ import annotations

import json
import math
from typing import Any

from matchmaker.workshops.scheduling_problem import (
    CandidatePair,
    Meeting,
    Participant,
    ScheduleProblem,
    ScheduleResult,
    problem_errors,
)

# Unknown keys are errors so that a typo such as "pined" cannot silently drop a constraint.
TOP_KEYS = {"slots": True, "tables": True, "participants": True, "pairs": True, "fixed": False}
PARTICIPANT_KEYS = {"id": True, "name": False, "available": False, "max_meetings": False, "min_meetings": False}
PAIR_KEYS = {"a": True, "b": True, "value": True, "pinned": False, "banned": False}
FIXED_KEYS = {"a": True, "b": True, "slot": True, "table": True}
MAX_ERRORS = 20


class PlanFileError(ValueError):
    """The plan file is not valid JSON or does not describe a problem; ``errors`` name each place."""

    def __init__(self, errors: list[str]):
        shown = errors[:MAX_ERRORS] + ([f"... and {len(errors) - MAX_ERRORS} more"] if len(errors) > MAX_ERRORS else [])
        super().__init__("\n".join(shown))
        self.errors = shown


def read_plan(text: str) -> ScheduleProblem:
    """Parse and validate a plan; every problem found is reported at once, with its JSON path."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanFileError([f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"]) from None
    errors: list[str] = []
    if not isinstance(data, dict):
        raise PlanFileError(["the top level must be a JSON object"])
    _check_keys(data, TOP_KEYS, "the plan", errors)
    slots = _strings(data.get("slots", []), "slots", errors)
    tables = data.get("tables", 1)
    if not _is_int(tables):
        errors.append(f"tables must be a whole number, not {_show(tables)}")
        tables = 1
    people = _list(data, "participants", errors)
    participants = [_participant(item, f"participants[{i}]", errors) for i, item in enumerate(people)]
    pairs = [_pair(item, f"pairs[{k}]", errors) for k, item in enumerate(_list(data, "pairs", errors))]
    fixed = [_fixed(item, f"fixed[{f}]", errors) for f, item in enumerate(_list(data, "fixed", errors))]
    if errors:
        raise PlanFileError(errors)
    problem = ScheduleProblem(
        slots=tuple(slots), tables=tables, participants=tuple(participants), pairs=tuple(pairs), fixed=tuple(fixed)
    )
    errors = problem_errors(problem)
    if errors:
        raise PlanFileError(errors)
    return problem


def result_to_json(result: ScheduleResult) -> dict[str, Any]:
    return {
        "meetings": [{"a": m.a, "b": m.b, "slot": m.slot, "table": m.table} for m in result.meetings],
        "objective": result.objective,
        "optimal": result.optimal,
        "gap": result.gap,
        "method": result.method,
        "solve_seconds": round(result.solve_seconds, 3),
        "unscheduled": [{"a": u.a, "b": u.b, "reason": u.reason} for u in result.unscheduled],
    }


def _participant(item: Any, where: str, errors: list[str]) -> Participant:
    if not _check_keys(item, PARTICIPANT_KEYS, where, errors):
        return Participant(id="")
    available = item.get("available")
    return Participant(
        id=_string(item, "id", where, errors),
        name=_string(item, "name", where, errors) if "name" in item else None,
        available=None if available is None else tuple(_strings(available, f"{where}.available", errors)),
        max_meetings=_whole(item, "max_meetings", where, errors, None),
        min_meetings=_whole(item, "min_meetings", where, errors, 0),
    )


def _pair(item: Any, where: str, errors: list[str]) -> CandidatePair:
    if not _check_keys(item, PAIR_KEYS, where, errors):
        return CandidatePair(a="", b="", value=0.0)
    value = item.get("value", 0.0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        errors.append(f"{where}.value must be a number, not {_show(value)}")
        value = 0.0
    flags = {}
    for flag in ("pinned", "banned"):
        flags[flag] = item.get(flag, False)
        if not isinstance(flags[flag], bool):
            errors.append(f"{where}.{flag} must be true or false, not {_show(flags[flag])}")
    return CandidatePair(
        a=_string(item, "a", where, errors), b=_string(item, "b", where, errors), value=float(value), **flags
    )


def _fixed(item: Any, where: str, errors: list[str]) -> Meeting:
    if not _check_keys(item, FIXED_KEYS, where, errors):
        return Meeting(a="", b="", slot="", table=1)
    return Meeting(
        a=_string(item, "a", where, errors),
        b=_string(item, "b", where, errors),
        slot=_string(item, "slot", where, errors),
        table=_whole(item, "table", where, errors, 1),
    )


def _check_keys(item: Any, keys: dict[str, bool], where: str, errors: list[str]) -> bool:
    if not isinstance(item, dict):
        errors.append(f"{where} must be a JSON object, not {_show(item)}")
        return False
    ok = True
    for key in sorted(set(item) - set(keys)):
        errors.append(f"{where}: unknown key {key!r} (allowed: {', '.join(keys)})")
    for key, required in keys.items():
        if required and key not in item:
            errors.append(f"{where}: missing {key!r}")
            ok = False
    return ok


def _list(data: dict, key: str, errors: list[str]) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        errors.append(f"{key} must be a JSON list, not {_show(value)}")
        return []
    return value


def _strings(value: Any, where: str, errors: list[str]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(f"{where} must be a list of strings, not {_show(value)}")
        return []
    return value


def _string(item: dict, key: str, where: str, errors: list[str]) -> str:
    value = item.get(key, "")
    if not isinstance(value, str):
        errors.append(f"{where}.{key} must be a string, not {_show(value)}")
        return ""
    return value


def _whole(item: dict, key: str, where: str, errors: list[str], default: int | None) -> int | None:
    value = item.get(key)
    if value is None:
        return default
    if not _is_int(value):
        errors.append(f"{where}.{key} must be a whole number, not {_show(value)}")
        return default
    return value


def _show(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
