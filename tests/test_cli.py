"""The `matchmaker` command: creating users and loading the demo."""
from __future__ import annotations

from sqlalchemy import func, select

from matchmaker.auth.models import User
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.extensions import db


def test_create_organiser_from_the_command_line(runner):
    result = runner.invoke(args=["create-user", "--email", "Olga@Cluster.example", "--name", "Olga",
                                 "--role", "organiser", "--password", "a-very-long-password"])
    assert result.exit_code == 0, result.output
    assert result.output == "Created organiser olga@cluster.example.\n"
    user = db.session.scalar(select(User))
    assert (user.email, user.role.value, user.organisation) == ("olga@cluster.example", "organiser", None)
    assert user.check_password("a-very-long-password")


def test_create_packaging_user_creates_the_organisation(runner):
    result = runner.invoke(args=["create-user", "--email", "q@firm.example", "--name", "Q", "--role", "packaging",
                                 "--organisation", "Firm SA", "--country", "es", "--password", "a-very-long-password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.organisation.name, user.organisation.country) == ("Firm SA", "ES")


def test_create_user_refuses_short_passwords_and_duplicates(runner):
    short = runner.invoke(args=["create-user", "--email", "a@b.example", "--name", "A", "--role", "organiser",
                                "--password", "short"])
    assert short.exit_code == 2
    assert "Use at least 12 characters." in short.output
    args = ["create-user", "--email", "a@b.example", "--name", "A", "--role", "organiser",
            "--password", "a-very-long-password"]
    assert runner.invoke(args=args).exit_code == 0
    duplicate = runner.invoke(args=args)
    assert duplicate.exit_code == 2
    assert "already exists" in duplicate.output


def test_create_user_prompts_for_the_password(runner):
    result = runner.invoke(args=["create-user", "--email", "p@b.example", "--name", "P", "--role", "organiser"],
                           input="a-very-long-password\na-very-long-password\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User)).check_password("a-very-long-password")


def test_demo_loads_a_workshop_in_four_languages_once(runner):
    first = runner.invoke(args=["demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    challenges = db.session.scalars(select(Challenge)).all()
    capabilities = db.session.scalars(select(Capability)).all()
    assert len(challenges) >= 20 and len(capabilities) >= 30
    assert {challenge.language for challenge in challenges} == {"es", "en", "fr", "de"}
    assert {capability.language for capability in capabilities} == {"es", "en", "fr", "de"}
    assert sorted(user.role.value for user in db.session.scalars(
        select(User).where(User.email.like("%@matchmaker.example")))) == ["organiser", "packaging", "photonics"]
    assert "organiser  organiser@matchmaker.example" in first.output
    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.output.startswith("The database already holds data: demo not loaded.")
    forced = runner.invoke(args=["demo"])
    assert forced.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Challenge)) == len(challenges)


def test_demo_logins_work_with_the_printed_password(runner, client):
    from matchmaker.demo.loader import DEMO_PASSWORD

    runner.invoke(args=["demo"])
    response = client.post("/auth/login", data={"email": "packaging@matchmaker.example", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_file_commands_run_without_a_secret_key_or_a_database(tmp_path):
    """`matchmaker rank` on a fresh install: no instance/config.py, no MATCHMAKER_SECRET_KEY, no database."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "C1", "title": "Leaking seals on meat trays",
                                                  "description": "Trays lose vacuum at the seal."}) + "\n")
    (tmp_path / "p.jsonl").write_text(json.dumps({"id": "P1", "title": "Active thermography of seals",
                                                  "description": "Seal inspection by thermography."}) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATCHMAKER_")}
    script = Path(sys.executable).with_name("matchmaker")
    result = subprocess.run([str(script), "rank", "--challenges", "c.jsonl", "--capabilities", "p.jsonl"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout)
    assert (line["challenge_id"], [m["capability_id"] for m in line["matches"]]) == ("C1", ["P1"])
