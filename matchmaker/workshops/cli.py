"""``matchmaker schedule``: plan a workshop from a JSON file, without the web app or its database.

Exit codes: 0 scheduled, 2 malformed input, 3 the constraints conflict (explained on stderr),
4 the time limit ran out before any schedule was found.
"""
from __future__ import annotations

import json

import click

from matchmaker.workshops.plan_file import PlanFileError, read_plan, result_to_json
from matchmaker.workshops.scheduling import ScheduleInfeasible, ScheduleNotFound, schedule_meetings

EXIT_MALFORMED = 2
EXIT_INFEASIBLE = 3
EXIT_NOT_FOUND = 4


@click.command("schedule")
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
    help="Plan file (JSON, see docs/schedule-file.md); - reads standard input.",
)
@click.option(
    "--output",
    "output_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the schedule here instead of standard output.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds the solver may run; past it the best schedule found so far is returned with its gap.",
)
def schedule_command(input_path: str, output_path: str | None, time_limit: float) -> None:
    """Schedule 1:1 meetings into slots and tables, maximising the total value of the pairs that meet."""
    ctx = click.get_current_context()
    source = "standard input" if input_path == "-" else input_path
    try:
        with click.open_file(input_path, encoding="utf-8") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError) as error:
        click.echo(f"Error: cannot read {source}: {error}", err=True)
        ctx.exit(EXIT_MALFORMED)
    try:
        problem = read_plan(text)
    except PlanFileError as error:
        click.echo(f"Error: {source} is not a valid plan:", err=True)
        for line in error.errors:
            click.echo(f"  - {line}", err=True)
        ctx.exit(EXIT_MALFORMED)
    try:
        result = schedule_meetings(problem=problem, time_limit=time_limit)
    except ScheduleInfeasible as error:
        click.echo("Error: no schedule satisfies the constraints:", err=True)
        for reason in error.reasons:
            click.echo(f"  - {reason}", err=True)
        ctx.exit(EXIT_INFEASIBLE)
    except ScheduleNotFound as error:
        click.echo(f"Error: no schedule found: {error}", err=True)
        ctx.exit(EXIT_NOT_FOUND)
    document = json.dumps(result_to_json(result), indent=2) + "\n"
    if output_path is None:
        click.echo(document, nl=False)
        return
    try:
        with open(output_path, "w", encoding="utf-8") as stream:
            stream.write(document)
    except OSError as error:
        click.echo(f"Error: cannot write {output_path}: {error}", err=True)
        ctx.exit(EXIT_MALFORMED)
    state = "optimal" if result.optimal else f"not proven optimal, method {result.method}, gap {result.gap}"
    click.echo(
        f"Scheduled {len(result.meetings)} meetings, total value {result.objective:g} ({state}) "
        f"in {result.solve_seconds:.1f} s; written to {output_path}",
        err=True,
    )
