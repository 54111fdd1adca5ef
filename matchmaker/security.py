"""Hardening that applies to every response and every login: headers, cookies, secret key, throttling."""
from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_qualified_name, get_remote_address
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
LOGIN_LIMIT = "10 per minute"
MIN_SECRET_KEY_LENGTH = 32
MAX_PENDING_FLASHES = 10

limiter = Limiter(key_func=get_remote_address, storage_uri="memory://", strategy="moving-window")


class InsecureConfiguration(RuntimeError):
    """The app would run in production with a setting that makes it unsafe."""


def register(app: Flask) -> None:
    _check_secret_key(app)
    if _truthy(app.config.get("HTTPS")):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
    limiter.request_filter(_not_rate_limited)
    app.after_request(_security_headers)
    app.after_request(_drop_old_flashes)


def _truthy(value) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _check_secret_key(app: Flask) -> None:
    """Refuse to serve real users with a missing, shipped or short key: anyone could forge sessions."""
    from matchmaker import DEV_SECRET_KEY

    if app.debug or app.testing:
        return
    key = app.config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
        raise InsecureConfiguration(
            f"Set MATCHMAKER_SECRET_KEY (or SECRET_KEY in instance/config.py) to a random value of at least "
            f"{MIN_SECRET_KEY_LENGTH} characters, e.g. python -c 'import secrets; print(secrets.token_hex(32))'. "
            f"`make run` writes one to instance/config.py for you.")


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if _truthy(current_app.config.get("HTTPS")):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.path.startswith("/auth/") or current_user.is_authenticated:
        headers.setdefault("Cache-Control", "no-store")  # a shared computer's back button shows nothing private
    return response


def failed_login(response) -> bool:
    """Only failed attempts count against the login limit (a success redirects)."""
    return response.status_code != 302


def login_account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()


def _not_rate_limited() -> bool:
    """True for endpoints without a limit of their own, so the limiter skips its per-request bookkeeping there.

    Only the password forms carry limits (``@limiter.limit``); the set is worked out once per app from the
    limiter's own record of decorated views. With default or application-wide limits, nothing is skipped.
    """
    app = current_app._get_current_object()
    limited = app.extensions.get("matchmaker_rate_limited")
    if limited is None:
        manager = limiter.limit_manager
        if manager.default_limits or manager.application_limits:
            limited = frozenset(app.view_functions)
        else:
            limited = frozenset(endpoint for endpoint, view in app.view_functions.items()
                                if manager.decorated_limits(get_qualified_name(view)))
        app.extensions["matchmaker_rate_limited"] = limited
    return request.endpoint not in limited


def _drop_old_flashes(response):
    """Keep only the newest flash messages: a client that never loads a page (a script following no redirects)
    would otherwise grow the session cookie, and the work of reading and signing it, with every write."""
    flashes = session.get("_flashes") if session else None
    if flashes and len(flashes) > MAX_PENDING_FLASHES:
        session["_flashes"] = flashes[-MAX_PENDING_FLASHES:]
    return response
