"""The `schedule` command on files: exit 0 with the schedule, 2 for malformed input, 3 for conflicting constraints."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from matchmaker.workshops.cli import schedule_command

PLAN = {
    "slots": ["09:00", "09:20"],
    "tables": 1,
    "participants": [
        {"id": "org-1", "max_meetings": 1},
        {"id": "org-2", "available": ["09:20"]},
        {"id": "org-7"},
    ],
    "pairs": [
        {"a": "org-1", "b": "org-7", "value": 0.75},
        {"a": "org-2", "b": "org-7", "value": 0.5, "pinned": True},
        {"a": "org-1", "b": "org-2", "value": 1.5, "banned": True},
    ],
}
EXPECTED = {
    "meetings": [
        {"a": "org-1", "b": "org-7", "slot": "09:00", "table": 1},
        {"a": "org-2", "b": "org-7", "slot": "09:20", "table": 1},
    ],
    "objective": 1.25,
    "optimal": True,
    "gap": 0.0,
    "method": "milp",
    "unscheduled": [{"a": "org-1", "b": "org-2", "reason": "banned"}],
}


def run(tmp_path, plan, *args):
    path = tmp_path / "plan.json"
    path.write_text(plan if isinstance(plan, str) else json.dumps(plan), encoding="utf-8")
    return CliRunner().invoke(schedule_command, ["--input", str(path), *args])


def without_timing(document: dict) -> dict:
    assert isinstance(document.pop("solve_seconds"), float)
    return document


def test_schedule_is_printed_as_json(tmp_path):
    result = run(tmp_path, PLAN)

    assert result.exit_code == 0
    assert without_timing(json.loads(result.stdout)) == EXPECTED
    assert result.stderr == ""


def test_schedule_is_written_to_the_output_file(tmp_path):
    output = tmp_path / "result.json"
    result = run(tmp_path, PLAN, "--output", str(output), "--time-limit", "5")

    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("Scheduled 2 meetings, total value 1.25 (optimal)")
    assert without_timing(json.loads(output.read_text(encoding="utf-8"))) == EXPECTED


def test_plan_is_read_from_standard_input():
    result = CliRunner().invoke(schedule_command, ["--input", "-"], input=json.dumps(PLAN))

    assert result.exit_code == 0
    assert without_timing(json.loads(result.stdout)) == EXPECTED


def test_json_syntax_error_names_line_and_column(tmp_path):
    result = run(tmp_path, '{"slots": ["09:00",\n  ],\n "tables": 1}')

    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {tmp_path / 'plan.json'} is not a valid plan:\n"
        "  - not valid JSON at line 2, column 3: Expecting value\n"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tables": 0}, "tables must be a whole number of at least 1, not 0"),
        ({"tables": "12"}, 'tables must be a whole number, not "12"'),
        ({"slots": ["09:00", 9]}, 'slots must be a list of strings, not ["09:00", 9]'),
        (
            {"participants": [{"id": "org-1", "available": ["10:00"]}], "pairs": []},
            "participants[0] ('org-1'): unknown slot '10:00' in available",
        ),
        (
            {"participants": [{"id": "org-1"}, {"id": "org-1"}], "pairs": []},
            "participants[1] ('org-1'): duplicate participant id",
        ),
        (
            {"participants": [{"id": "org-1", "max_meetings": 2.5}], "pairs": []},
            "participants[0].max_meetings must be a whole number, not 2.5",
        ),
        ({"participants": [{"name": "Acme"}], "pairs": []}, "participants[0]: missing 'id'"),
        (
            {"pairs": [{"a": "org-1", "b": "org-9", "value": 1}]},
            "pairs[0] ('org-1', 'org-9'): unknown participant 'org-9'",
        ),
        (
            {"pairs": [{"a": "org-1", "b": "org-1", "value": 1}]},
            "pairs[0] ('org-1', 'org-1'): a participant cannot meet itself",
        ),
        (
            {"pairs": [{"a": "org-1", "b": "org-7", "value": -0.5}]},
            "pairs[0] ('org-1', 'org-7'): value must be a finite number >= 0, not -0.5",
        ),
        ({"pairs": [{"a": "org-1", "b": "org-7", "value": "high"}]}, 'pairs[0].value must be a number, not "high"'),
        (
            {"pairs": [{"a": "org-1", "b": "org-7", "value": 1, "pined": True}]},
            "pairs[0]: unknown key 'pined' (allowed: a, b, value, pinned, banned)",
        ),
        (
            {"pairs": [{"a": "org-1", "b": "org-7", "value": 1, "pinned": "yes"}]},
            'pairs[0].pinned must be true or false, not "yes"',
        ),
        (
            {"pairs": [{"a": "org-1", "b": "org-7", "value": 1}, {"a": "org-7", "b": "org-1", "value": 2}]},
            "pairs[1] ('org-7', 'org-1'): duplicate of pairs[0]",
        ),
    ],
)
def test_malformed_plan_exits_2_naming_the_problem(tmp_path, change, message):
    result = run(tmp_path, {**PLAN, **change})

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {tmp_path / 'plan.json'} is not a valid plan:\n  - {message}\n"


def test_plan_that_is_not_an_object_exits_2(tmp_path):
    result = run(tmp_path, "[1, 2]")

    assert result.exit_code == 2
    assert result.stderr.endswith("  - the top level must be a JSON object\n")


def test_missing_input_file_exits_2(tmp_path):
    result = CliRunner().invoke(schedule_command, ["--input", str(tmp_path / "missing.json")])

    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_conflicting_constraints_exit_3_with_the_conflicts_explained(tmp_path):
    plan = {**PLAN, "pairs": [{"a": "org-1", "b": "org-2", "value": 1, "pinned": True, "banned": True}]}
    result = run(tmp_path, plan)

    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        "Error: no schedule satisfies the constraints:\n  - Pinned pair org-1–org-2 is also banned\n"
    )


def test_example_in_the_documentation_gives_the_documented_output(tmp_path):
    doc = (Path(__file__).parents[2] / "docs" / "schedule-file.md").read_text(encoding="utf-8")
    plan, output = re.findall(r"```json\n(.*?)```", doc, re.S)[:2]
    result = run(tmp_path, plan)

    assert result.exit_code == 0
    assert without_timing(json.loads(result.stdout)) == without_timing(json.loads(output))
