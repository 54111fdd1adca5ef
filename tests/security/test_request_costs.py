"""Per-request shortcuts that must not cost safety: a bounded session cookie, the login limit still on, and a
dropped database connection not turned into an error page."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from matchmaker.auth.views import load_user
from matchmaker.extensions import db
from matchmaker.security import MAX_PENDING_FLASHES, _not_rate_limited

CHALLENGE = {"description": "Our trays leak after sealing; we need inline inspection.", "keywords": "seal",
             "category": "inspection", "trl_target": "7", "visibility": "public", "status": "open"}


def test_unread_flash_messages_stop_at_the_newest_ones(client, login_as, make_user):
    login_as(make_user("packaging"))
    for number in range(MAX_PENDING_FLASHES + 3):
        assert client.post("/challenges/new", data={**CHALLENGE, "title": f"Sealed tray {number}"}).status_code == 302
    with client.session_transaction() as session:
        assert len(session["_flashes"]) == MAX_PENDING_FLASHES


def test_rate_limiter_skips_only_endpoints_without_a_limit(app):
    for path, skipped in (("/auth/login", False), ("/challenges/new", True), ("/no/such/page", True)):
        with app.test_request_context(path, method="POST"):
            assert _not_rate_limited() is skipped
    assert app.extensions["matchmaker_rate_limited"] == {"auth.login", "account.delete"}


def test_user_loader_retries_once_when_the_pooled_connection_died(client, login_as, make_user, monkeypatch):
    login_as(make_user("packaging"))
    real_scalar, calls = db.session.scalar, []

    def scalar_on_a_dead_connection_first(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise OperationalError("SELECT users", {}, Exception("server closed the connection"),
                                   connection_invalidated=True)
        return real_scalar(*args, **kwargs)

    monkeypatch.setattr(db.session, "scalar", scalar_on_a_dead_connection_first)
    assert client.get("/challenges/mine").status_code == 200
    assert len(calls) == 2


def test_user_loader_does_not_retry_other_database_errors(app, make_user, monkeypatch):
    user = make_user("packaging")
    calls = []

    def failing_scalar(*args, **kwargs):
        calls.append(args)
        raise OperationalError("SELECT users", {}, Exception("disk full"))

    monkeypatch.setattr(db.session, "scalar", failing_scalar)
    with pytest.raises(OperationalError):
        load_user(user.session_token)
    assert len(calls) == 1
