"""Engine and session settings: SQLite behaves like the PostgreSQL Matchmaker runs on in production, and a
commit does not throw away what the request has already loaded."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event

from matchmaker.extensions import db


def configure_engine_events(app: Flask) -> None:
    """Keep loaded objects after a commit; turn on foreign keys, WAL and a busy timeout for every SQLite connection.

    Each request gets its own session, removed when the request ends, so objects kept after its one commit only
    hold what this request read or wrote itself. Expiring them (SQLAlchemy's default) made every write request
    load its user and item a second time just to build the redirect and the response headers.
    """
    db.session.session_factory.configure(expire_on_commit=False)
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
