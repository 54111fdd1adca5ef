"""The `matchmaker` command: Flask's commands (run, db ...) plus Matchmaker's own."""
from __future__ import annotations

import click
from flask.cli import FlaskGroup, with_appcontext

from matchmaker import create_app
from matchmaker.auth.services import RegistrationError, create_user
from matchmaker.enums import Role
from matchmaker.extensions import db


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--organisation", "organisation_name", help="Organisation name (created when missing).")
@click.option("--country", help="Two-letter country code of a new organisation.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def create_user_command(email, name, role, organisation_name, country, password) -> None:
    """Create an account; the only way to create organisers."""
    from matchmaker.auth.passwords import password_problem

    problem = password_problem(password, email=email, name=name)
    if problem:
        raise click.UsageError(problem)
    try:
        user = create_user(email=email, name=name, role=role, password=password,
                           organisation_name=organisation_name, country=country)
        db.session.commit()
    except RegistrationError as error:
        db.session.rollback()
        raise click.UsageError(error.message) from error
    click.echo(f"Created {user.role.value} {user.email}.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already holds challenges.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Load a realistic ESCP workshop's worth of demo firms, challenges and capabilities."""
    from matchmaker.demo.loader import DEMO_PASSWORD, database_is_empty, load_demo

    if if_empty and not database_is_empty():
        click.echo("The database already holds data: demo not loaded.")
    else:
        counts = load_demo()
        db.session.commit()
        click.echo(f"Loaded {counts['challenges']} challenges and {counts['capabilities']} capabilities "
                   f"from {counts['organisations']} organisations.")
    from matchmaker.demo.loader import demo_logins

    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for email, role in demo_logins():
        click.echo(f"  {role:<10} {email}")


def register(app) -> None:
    """Add Matchmaker's commands to the app's CLI, beside Flask's run/shell and Flask-Migrate's db."""
    from matchmaker.jobs.cli import worker_command
    from matchmaker.matching.cli import eval_command, rank_command
    from matchmaker.workshops.cli import schedule_command

    for command in (create_user_command, demo_command, rank_command, eval_command, schedule_command, worker_command):
        app.cli.add_command(command, name=command.name)


cli = FlaskGroup(create_app=lambda: create_app(), help="Matchmaker: packaging challenges meet photonics.")


def _add_file_commands(group) -> None:
    """rank, eval and schedule work on files: they must run without a database, a secret key or the app."""
    from matchmaker.matching.cli import eval_command, rank_command
    from matchmaker.workshops.cli import schedule_command

    for command in (rank_command, eval_command, schedule_command):
        group.add_command(command, name=command.name)


_add_file_commands(cli)


def main() -> None:
    cli.main(prog_name="matchmaker")
