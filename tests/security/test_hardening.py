"""Security headers, cookies, the secret key, login throttling and no user enumeration."""
from __future__ import annotations

import pytest

from matchmaker import DEV_SECRET_KEY, create_app
from matchmaker.auth import services
from matchmaker.extensions import db
from matchmaker.security import InsecureConfiguration
from tests.conftest import PASSWORD

TOO_MANY = "Too many attempts. Please wait a minute and try again."


@pytest.mark.parametrize("url", ["/", "/challenges/", "/api/v1/challenges", "/auth/login", "/no/such/page"])
def test_every_response_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers


def test_session_cookie_is_httponly_and_lax(client, make_user):
    user = make_user("packaging")
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_https_mode_adds_hsts_and_secure_cookies(app_config, make_user):
    app = create_app(dict(app_config, HTTPS="1"))
    client = app.test_client()
    with app.app_context():
        user = make_user("packaging")
        response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        db.session.remove()
        db.engine.dispose()
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize("key", [None, DEV_SECRET_KEY, "short"])
def test_app_refuses_to_start_in_production_without_a_real_secret_key(monkeypatch, tmp_path, key):
    monkeypatch.delenv("MATCHMAKER_SECRET_KEY", raising=False)
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"} | ({"SECRET_KEY": key} if key else {})
    with pytest.raises(InsecureConfiguration, match="MATCHMAKER_SECRET_KEY"):
        create_app(config)


def test_app_starts_with_a_long_random_key(tmp_path):
    app = create_app({"SECRET_KEY": "k" * 64, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert app.config["SECRET_KEY"] == "k" * 64


@pytest.fixture()
def app_config(app_config):
    return dict(app_config, RATELIMIT_ENABLED=True)


@pytest.fixture(autouse=True)
def fresh_limits(app):
    from matchmaker.security import limiter

    limiter.reset()
    yield
    limiter.reset()


def test_eleventh_failed_login_for_one_account_gets_429_from_any_address(client, make_user):
    user = make_user("packaging")
    for attempt in range(10):
        response = client.post("/auth/login", data={"email": user.email, "password": "wrong-password-x"},
                               environ_base={"REMOTE_ADDR": f"10.0.0.{attempt}"})
        assert response.status_code == 200
    blocked = client.post("/auth/login", data={"email": user.email, "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.0.1.1"})
    assert blocked.status_code == 429
    assert TOO_MANY in blocked.get_data(as_text=True)


def test_eleventh_failed_login_from_one_address_gets_429_for_any_account(client, make_user):
    for attempt in range(10):
        client.post("/auth/login", data={"email": f"nobody{attempt}@test.example", "password": "wrong-password-x"})
    other = make_user("packaging")
    assert client.post("/auth/login", data={"email": other.email, "password": PASSWORD}).status_code == 429


def test_successful_logins_do_not_count_against_the_limit(client, make_user):
    user = make_user("packaging")
    for _ in range(12):
        assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        client.post("/auth/logout")


def test_unknown_email_costs_a_password_check_like_a_wrong_password(monkeypatch, app, make_user):
    checked = []
    real_check = services.User.check_password
    monkeypatch.setattr(services.User, "check_password", lambda self, pw: checked.append(pw) or real_check(self, pw))
    user = make_user("packaging")
    assert services.authenticate("nobody@test.example", "some-password-1") is None
    assert services.authenticate(user.email, "some-password-2") is None
    assert checked == ["some-password-1", "some-password-2"]
