"""The progress page in a real browser: progress.js updates the bar and the live status without reloading, then
follows the result link."""
from __future__ import annotations

import threading

import pytest

from matchmaker.extensions import db
from matchmaker.jobs.models import Job
from matchmaker.jobs.services import N_, JobResult, report_progress
from tests.browser.live import live_app, log_in, serving

pytestmark = pytest.mark.browser
PASSWORD = "progress-in-the-browser-2026"
STEP, RELEASE = threading.Event(), threading.Event()


def stepwise(job: Job) -> JobResult:
    """10 %, then 50 % when the test says so, then done when it says so again."""
    report_progress(job, 10, N_("Starting"))
    assert STEP.wait(30)
    report_progress(job, 50, N_("Bringing the match scores up to date"))
    assert RELEASE.wait(30)
    return JobResult(N_("Meetings scheduled: %(count)s."), {"count": 2}, "/workshops/")


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    """A live site of its own (jobs run in threads there), in the browser tests' one Chromium."""
    from matchmaker.auth.services import create_user

    app = live_app(tmp_path_factory.mktemp("jobs-live") / "jobs.db")
    app.config.update(JOBS_INLINE=False, REDIS_URL=None)  # a thread of the live server's process
    with app.app_context():
        organiser = create_user(email="progress@jobs.example", name="Olga Organiser", role="organiser",
                                password=PASSWORD)
        db.session.commit()
        organiser_id = organiser.id
        db.session.remove()
    with serving(app) as url:
        yield app, url, browser, organiser_id


def test_the_progress_page_updates_in_place_and_follows_the_result_link(site):
    from playwright.sync_api import expect

    from matchmaker.auth.models import User
    from matchmaker.jobs.runner import launch
    from matchmaker.jobs.services import start_job

    app, url, browser, organiser_id = site
    STEP.clear()
    RELEASE.clear()
    with app.app_context():
        job = start_job("test.browser", user=db.session.get(User, organiser_id))
        db.session.commit()
        launch(job, stepwise)
        job_id = job.id
        db.session.remove()
    page = browser.new_context().new_page()
    try:
        log_in(page, url, "progress@jobs.example", PASSWORD)
        page.goto(f"{url}/jobs/{job_id}")
        page.evaluate("window.sameDocument = true")  # gone if the page reloads
        STEP.set()
        expect(page.locator("#job-status")).to_contain_text("(50 %", timeout=15000)  # polls without eval (CSP)
        assert page.locator("#job-progress").evaluate("bar => bar.value") == 50
        assert page.evaluate("window.sameDocument") is True
        assert page.inner_text("#job-status").startswith("Running: Bringing the match scores up to date (50 %")
        assert page.get_attribute("#job-status", "aria-live") == "polite"
        RELEASE.set()
        page.wait_for_url(f"{url}/workshops/", timeout=15000)
    finally:
        STEP.set()
        RELEASE.set()
        page.context.close()
