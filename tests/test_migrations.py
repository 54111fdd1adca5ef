"""The Alembic migrations build exactly the schema the models describe, and undo it."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from matchmaker import create_app
from matchmaker.extensions import db
from tests.conftest import POSTGRES_URL, reset_postgres_schema


def test_migrated_schema_matches_the_models(app):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_downgrade_to_base_and_upgrade_again(tmp_path):
    if POSTGRES_URL:
        return  # the session database is PostgreSQL's only one here; SQLite proves the round trip below
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "roundtrip.db")})
    with app.app_context():
        upgrade()
        assert {"organisations", "users", "challenges", "capabilities"} <= set(inspect(db.engine).get_table_names())
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
        upgrade()
        assert "challenges" in inspect(db.engine).get_table_names()
        db.engine.dispose()
