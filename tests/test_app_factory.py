"""Configuration layers and database settings of the app factory."""
from __future__ import annotations

from sqlalchemy import text

from matchmaker import create_app
from matchmaker.extensions import db


def test_environment_variables_override_defaults_and_test_config_overrides_them(monkeypatch, tmp_path):
    monkeypatch.setenv("MATCHMAKER_SECRET_KEY", "from-env-" + "x" * 32)
    monkeypatch.setenv("MATCHMAKER_DATABASE_URL", "postgres://someone@db.example/matchmaker")
    monkeypatch.setenv("MATCHMAKER_PER_PAGE", "7")
    app = create_app({"PER_PAGE": 5})
    assert app.config["SECRET_KEY"] == "from-env-" + "x" * 32
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.example/matchmaker"
    assert app.config["PER_PAGE"] == 5


def test_instance_config_file_is_read(monkeypatch, tmp_path):
    (tmp_path / "config.py").write_text('SECRET_KEY = "from-instance-0123456789abcdef0123456789"\nPER_PAGE = 3\n')
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "x.db")})
    assert (app.config["SECRET_KEY"], app.config["PER_PAGE"]) == ("from-instance-0123456789abcdef0123456789", 3)


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("MATCHMAKER_DATABASE_URL", raising=False)
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + str(tmp_path / "matchmaker.db")


def test_sqlite_runs_with_foreign_keys_wal_and_busy_timeout(app):
    if db.engine.dialect.name != "sqlite":
        return
    pragmas = {name: db.session.execute(text(f"PRAGMA {name}")).scalar()
               for name in ("foreign_keys", "journal_mode", "busy_timeout")}
    assert pragmas == {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 5000}


def test_error_pages_use_the_site_layout(client):
    response = client.get("/no/such/page")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "There is nothing here, or you are not allowed to see it." in body
    assert '<a class="brand" href="/">Matchmaker</a>' in body


def test_unexpected_error_gives_a_500_page_and_rolls_back(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side." in response.get_data(as_text=True)
