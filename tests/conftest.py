"""Fixtures: a migrated test database (SQLite, or PostgreSQL via MATCHMAKER_TEST_DATABASE_URL), apps, clients, builders."""
from __future__ import annotations

import os
from itertools import count

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text
from werkzeug.security import generate_password_hash

from matchmaker import create_app
from matchmaker.auth.models import Organisation, User
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.enums import Category, OrganisationKind, Role, Status, Visibility
from matchmaker.extensions import db

POSTGRES_URL = os.environ.get("MATCHMAKER_TEST_DATABASE_URL")
PASSWORD = "a-long-test-password"
# Builders store a cheap hash: the real scrypt cost would dominate the suite's run time.
FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
_serial = count(1)


def pytest_report_header(config):
    return f"matchmaker database backend: {'postgresql' if POSTGRES_URL else 'sqlite'}"


def reset_postgres_schema() -> None:
    db.session.execute(text("DROP SCHEMA public CASCADE"))
    db.session.execute(text("CREATE SCHEMA public"))
    db.session.commit()


def postgres_database_for(worker_id: str) -> str:
    """Each pytest-xdist worker gets its own PostgreSQL database next to the named one, created when missing,
    with commits that do not wait for the disk."""
    base = make_url(POSTGRES_URL)
    name = base.database if worker_id == "master" else f"{base.database}_{worker_id}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        # Tests commit after nearly every step; waiting for each commit to reach the disk buys them nothing.
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit TO off'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id) -> str:
    """One database per test session (and per xdist worker), built by running the Alembic migrations."""
    if POSTGRES_URL:
        url = postgres_database_for(worker_id)
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "matchmaker-test.db")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            reset_postgres_schema()
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture()
def app_config(database_url) -> dict:
    return {"TESTING": True, "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": database_url}


@pytest.fixture()
def app(app_config):
    app = create_app(app_config)
    with app.app_context():
        yield app
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name != "corpus_version":  # the migration's single row outlives every test
                db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


class FreshContextClient(FlaskClient):
    """Each request runs in its own app context, as in production: no `g` or session leaks between requests."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture()
def client(app):
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


@pytest.fixture()
def make_organisation(app):
    def build(kind: str = "packaging", **overrides) -> Organisation:
        values = {"name": f"Firm {next(_serial)}", "kind": OrganisationKind(kind), "country": "ES",
                  "cluster": "SECPhO", "website": "https://firm.example"}
        values.update(overrides)
        organisation = Organisation(**values)
        db.session.add(organisation)
        db.session.commit()
        return organisation
    return build


@pytest.fixture()
def make_user(app, make_organisation):
    def build(role: str = "packaging", organisation: Organisation | None = None, **overrides) -> User:
        if organisation is None and role != "organiser":
            organisation = make_organisation(kind=role)
        values = {"email": f"user{next(_serial)}@test.example", "name": "Test User", "role": Role(role),
                  "organisation": organisation, "password_hash": FAST_HASH}
        values.update(overrides)
        user = User(**values)
        db.session.add(user)
        db.session.commit()
        return user
    return build


@pytest.fixture()
def make_challenge(app):
    def build(owner: User, **overrides) -> Challenge:
        values = {"title": "Leaking seals on trays", "description": "Our tray seals leak after a week.",
                  "keywords": "seal, leak", "category": Category.INSPECTION, "trl_target": 7,
                  "visibility": Visibility.PUBLIC, "anonymous": False, "status": Status.OPEN,
                  "organisation_id": owner.organisation_id, "author_id": owner.id}
        values.update(overrides)
        challenge = Challenge(**values)
        db.session.add(challenge)
        db.session.commit()
        return challenge
    return build


@pytest.fixture()
def make_capability(app):
    def build(owner: User, technologies=("thermography",), **overrides) -> Capability:
        values = {"title": "Active thermography of seals", "description": "Lock-in thermography finds seal defects.",
                  "keywords": "thermography", "applications": "seal inspection", "trl": 8, "status": Status.OPEN,
                  "organisation_id": owner.organisation_id, "author_id": owner.id}
        values.update(overrides)
        capability = Capability(**values)
        capability.technologies = technologies
        db.session.add(capability)
        db.session.commit()
        return capability
    return build


@pytest.fixture()
def login_as(client):
    """Log the test client in as a user without going through the form (the form has its own tests)."""
    def login(user: User | None):
        with client.session_transaction() as session:
            session.clear()
            if user is not None:
                session["_user_id"] = user.session_token
                session["_fresh"] = True
        return client
    return login
