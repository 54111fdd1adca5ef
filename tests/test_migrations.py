"""The Alembic migrations build exactly the schema the models describe, and undo it."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

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


def _row_counts(tables) -> dict[str, int]:
    return {table: db.session.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one() for table in tables}


def _fresh_database_url(tmp_path) -> str:
    if not POSTGRES_URL:
        return "sqlite:///" + str(tmp_path / "populated.db")
    admin = create_engine(POSTGRES_URL.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS matchmaker_migrations_test WITH (FORCE)"))
        connection.execute(text("CREATE DATABASE matchmaker_migrations_test"))
    admin.dispose()
    return POSTGRES_URL.rsplit("/", 1)[0] + "/matchmaker_migrations_test"


def test_downgrade_and_upgrade_keep_the_data_of_a_populated_database(tmp_path):
    from matchmaker.demo.loader import load_demo

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _fresh_database_url(tmp_path)})
    kept = ("organisations", "users", "challenges", "capabilities", "capability_technologies")
    with app.app_context():
        upgrade()
        load_demo()
        db.session.commit()
        before = _row_counts(kept)
        titles = db.session.execute(text("SELECT id, title FROM challenges ORDER BY id")).all()
        db.session.commit()  # end the read transaction: PostgreSQL's ALTER/DROP would wait for its locks
        downgrade(revision="0002_corpus_version")
        assert _row_counts(kept) == before
        db.session.commit()
        upgrade()
        assert _row_counts(kept) == before
        assert db.session.execute(text("SELECT id, title FROM challenges ORDER BY id")).all() == titles
        assert before["challenges"] >= 20
        db.session.remove()
        db.engine.dispose()
