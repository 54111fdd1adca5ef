"""Browser fixtures: one live server on the demo data, one Chromium, a logged-in context per role.

The tests skip when Chromium is missing, unless MATCHMAKER_REQUIRE_BROWSER is set (CI sets it): then they fail.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import pytest

from tests.browser.live import (
    AXE_SCRIPT,
    CHROMIUM,
    DEMO_EMAILS,
    DEMO_PASSWORD,
    RESULTS,
    chromium,
    demo_ids,
    live_app,
    load_demo_data,
    log_in,
    serving,
)


def _missing_tools() -> list[str]:
    """What the browser tests need besides Chromium, each with the command that provides it."""
    missing = []
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[test]')")
    if not AXE_SCRIPT.exists():
        missing.append(f"{AXE_SCRIPT} (npm ci)")
    return missing


@pytest.fixture(scope="session")
def browser():
    """Chromium; the tests skip without it, unless MATCHMAKER_REQUIRE_BROWSER is set. Missing tools always fail."""
    if not CHROMIUM.exists():
        if os.environ.get("MATCHMAKER_REQUIRE_BROWSER"):
            pytest.fail(f"MATCHMAKER_REQUIRE_BROWSER is set but {CHROMIUM} is missing: run `make browser-deps`",
                        pytrace=False)
        pytest.skip(f"{CHROMIUM} is missing: run `make browser-deps` (as root, or apt-get install chromium)")
    if missing := _missing_tools():
        pytest.fail("the browser tests need " + " and ".join(missing), pytrace=False)
    with chromium() as launched:
        yield launched


@dataclass
class LiveSite:
    """The running demo site and the records the tests visit."""

    url: str
    app: object
    ids: dict = field(default_factory=dict)


@pytest.fixture(scope="session")
def live_site(browser, tmp_path_factory):
    app = live_app(tmp_path_factory.mktemp("live") / "browser.db")
    load_demo_data(app)
    with app.app_context():
        ids = demo_ids()
    with serving(app) as url:
        yield LiveSite(url=url, app=app, ids=ids)


@pytest.fixture(scope="session")
def role_states(browser, live_site):
    """Cookies of a logged-in session per demo role (logging in once per role keeps the walk fast)."""
    states = {"visitor": None}
    for role, email in DEMO_EMAILS.items():
        context = browser.new_context()
        log_in(context.new_page(), live_site.url, email, DEMO_PASSWORD)
        states[role] = context.storage_state()
        context.close()
    return states


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_failed = report.failed
    return report


@pytest.fixture()
def new_context(request, browser):
    """Contexts for one test; on failure each keeps a screenshot per page and a Playwright trace in test-results/."""
    opened = []

    def open_context(**options):
        context = browser.new_context(**options)
        context.tracing.start(screenshots=True, snapshots=True)
        opened.append(context)
        return context

    yield open_context
    failed = getattr(request.node, "browser_failed", True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name)
    for number, context in enumerate(opened):
        if failed:
            RESULTS.mkdir(exist_ok=True)
            for page_number, page in enumerate(context.pages):
                page.screenshot(path=str(RESULTS / f"{name}-{number}-{page_number}.png"), full_page=True)
            context.tracing.stop(path=str(RESULTS / f"{name}-{number}-trace.zip"))
        else:
            context.tracing.stop()
        context.close()



def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist, every browser test goes to one worker, so one live site and one Chromium serve them all."""
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group("browser"))
