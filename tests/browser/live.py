"""A real Matchmaker server on a free port and Debian's Chromium, for the browser tests and tools/screenshots.py."""
from __future__ import annotations

import secrets
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select
from werkzeug.serving import make_server

from matchmaker import create_app
from matchmaker.extensions import db

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RESULTS = ROOT / "test-results"  # screenshots and traces of failed browser tests (gitignored)
# Playwright cannot download its own browsers here: it drives the distribution's Chromium, kept offline and quiet.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEMO_PASSWORD = "matchmaker-demo-2026"
DEMO_EMAILS = {"organiser": "organiser@matchmaker.example", "packaging": "packaging@matchmaker.example",
               "photonics": "photonics@matchmaker.example"}


def live_app(database_path: Path) -> Flask:
    """The app as production runs it (CSRF on, real password hashing) on a freshly migrated SQLite file."""
    app = create_app({"SECRET_KEY": secrets.token_hex(32), "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database_path}"})
    with app.app_context():
        upgrade()
    return app


def load_demo_data(app: Flask) -> None:
    from matchmaker.demo.loader import load_demo

    with app.app_context():
        load_demo()
        db.session.commit()
        db.session.remove()


def demo_ids() -> dict:
    """The demo records the page walk opens: its published workshop, a public challenge and capability per firm."""
    from matchmaker.auth.models import User
    from matchmaker.capabilities.models import Capability
    from matchmaker.challenges.models import Challenge
    from matchmaker.enums import Visibility, WorkshopStatus
    from matchmaker.workshops.models import Workshop

    def user(role):
        return db.session.scalar(select(User).filter_by(email=DEMO_EMAILS[role]))

    packaging, photonics = user("packaging"), user("photonics")
    first = db.session.scalars
    return {
        "workshop": first(select(Workshop.id).filter_by(status=WorkshopStatus.PUBLISHED)).first(),
        "own_challenge": first(select(Challenge.id).filter_by(organisation_id=packaging.organisation_id)
                               .order_by(Challenge.id)).first(),
        "public_challenge": first(select(Challenge.id).filter_by(visibility=Visibility.PUBLIC)
                                  .order_by(Challenge.id)).first(),
        "own_capability": first(select(Capability.id).filter_by(organisation_id=photonics.organisation_id)
                                .order_by(Capability.id)).first(),
    }


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve the app from a thread on 127.0.0.1 and a free port; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@contextmanager
def chromium() -> Iterator:
    """A headless Chromium (Playwright gives every launch a fresh temporary profile)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def log_in(page, base_url: str, email: str, password: str) -> None:
    """Log in through the real form (CSRF token and all) and wait until the app has redirected away from it."""
    page.goto(f"{base_url}/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.press("#password", "Enter")
    if "/auth/login" in page.url:
        raise AssertionError(f"logging in as {email} failed: {page.inner_text('main')[:500]}")
