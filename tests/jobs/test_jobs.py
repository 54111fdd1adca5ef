"""Jobs: started once per target, run inline (tests), in a real thread, or on RQ; their progress as JSON and HTML."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.jobs.models import Job, JobStatus
from matchmaker.jobs.runner import job_queue, launch
from matchmaker.jobs.services import (
    N_,
    JobAlreadyRunning,
    JobFailed,
    JobResult,
    report_progress,
    start_job,
)

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"
RELEASE = threading.Event()
JSON_KEYS = {"id", "kind", "status", "status_label", "progress", "message", "status_text", "details",
             "elapsed_seconds", "finished", "result_url"}


def halfway_then_done(job: Job) -> JobResult:
    """A job that stops at 50 % until the test lets it go on."""
    report_progress(job, 50, N_("Halfway: %(done)s of %(total)s"), done=1, total=2)
    assert RELEASE.wait(20)
    return JobResult(N_("Meetings scheduled: %(count)s."), {"count": 3}, "/workshops/")


def quick(job: Job) -> JobResult:
    report_progress(job, 30, N_("Starting"))
    return JobResult(N_("Meetings scheduled: %(count)s."), {"count": 1}, "/")


def refuses(job: Job) -> JobResult:
    raise JobFailed(N_("No schedule meets every pin and minimum. Nothing was changed."),
                    details=["Pinned pair A–B has no common slot", "C needs 3 meetings but is free in 2 slots"])


def crashes(job: Job) -> JobResult:
    raise RuntimeError("boom")


def poll(client, job_id: int, until, timeout: float = 20.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = client.get(f"/jobs/{job_id}.json").get_json()
        if until(data):
            return data
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never reached the expected state: {data}")


def started(user, function, kind="test.job", **target) -> Job:
    job = start_job(kind, user=user, **target)
    db.session.commit()
    launch(job, function)
    db.session.expire_all()
    return db.session.get(Job, job.id)


def test_a_job_run_inline_ends_done_with_its_result(login_as, make_user, client):
    organiser = make_user("organiser")
    job = started(organiser, quick)
    assert (job.status, job.progress, job.active_key, job.result_url) == (JobStatus.DONE, 100, None, "/")
    login_as(organiser)
    data = client.get(f"/jobs/{job.id}.json").get_json()
    assert set(data) == JSON_KEYS
    assert (data["status"], data["progress"], data["message"], data["finished"], data["result_url"], data["details"]) \
        == ("done", 100, "Meetings scheduled: 1.", True, "/", [])


def test_a_refused_job_fails_with_its_reasons_and_a_crash_fails_politely(login_as, make_user, client):
    organiser = make_user("organiser")
    refused, crashed = started(organiser, refuses), started(organiser, crashes)
    assert (refused.status, refused.reasons) == (JobStatus.FAILED, ["Pinned pair A–B has no common slot",
                                                                    "C needs 3 meetings but is free in 2 slots"])
    assert crashed.status == JobStatus.FAILED and crashed.message.startswith("Something went wrong")
    login_as(organiser)
    page = client.get(f"/jobs/{refused.id}").get_data(as_text=True)
    assert "No schedule meets every pin and minimum. Nothing was changed." in page
    assert "C needs 3 meetings but is free in 2 slots" in page
    assert 'http-equiv="refresh"' not in page  # finished: nothing left to refresh
    assert "boom" not in client.get(f"/jobs/{crashed.id}").get_data(as_text=True)


def test_a_job_runs_in_a_real_thread_and_its_progress_is_polled_until_done(app, login_as, make_user, client):
    app.config["JOBS_INLINE"] = False
    RELEASE.clear()
    organiser = make_user("organiser")
    job = start_job("test.thread", user=organiser)
    db.session.commit()
    launch(job, halfway_then_done)
    login_as(organiser)
    try:
        halfway = poll(client, job.id, lambda data: data["progress"] == 50)
        assert (halfway["status"], halfway["message"], halfway["finished"]) == ("running", "Halfway: 1 of 2", False)
        assert halfway["status_text"].startswith("Running: Halfway: 1 of 2 (50 %, ")
        page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
        assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
        assert 'value="50"' in page and 'aria-live="polite"' in page and "js/progress.js" in page
    finally:
        RELEASE.set()
    done = poll(client, job.id, lambda data: data["finished"])
    assert (done["status"], done["progress"], done["result_url"]) == ("done", 100, "/workshops/")


def test_a_second_job_for_the_same_target_is_refused_until_the_first_ends(make_user):
    organiser = make_user("organiser")
    first = start_job("test.once", user=organiser, target_type="workshop", target_id=7)
    db.session.commit()
    with pytest.raises(JobAlreadyRunning) as refused:
        start_job("test.once", user=organiser, target_type="workshop", target_id=7)
    assert refused.value.job.id == first.id
    other = start_job("test.once", user=organiser, target_type="workshop", target_id=8)  # another target is fine
    db.session.commit()
    launch(first, quick)
    db.session.expire_all()
    assert start_job("test.once", user=organiser, target_type="workshop", target_id=7).id not in (first.id, other.id)


def test_an_abandoned_job_no_longer_blocks_a_new_one(app, make_user):
    organiser = make_user("organiser")
    first = start_job("test.abandoned", user=organiser, target_type="workshop", target_id=1)
    db.session.commit()
    app.config["JOB_STALE_SECONDS"] = -1  # every active job looks silent for too long
    second = start_job("test.abandoned", user=organiser, target_type="workshop", target_id=1)
    db.session.commit()
    db.session.expire_all()
    assert (db.session.get(Job, first.id).status, second.status) == (JobStatus.FAILED, JobStatus.QUEUED)


def test_a_job_is_shown_to_who_started_it_and_organisers_only(login_as, make_user, client):
    owner, other, organiser = make_user("packaging"), make_user("packaging"), make_user("organiser")
    job = started(owner, quick)
    for user, status in ((owner, 200), (organiser, 200), (other, 404), (None, 302)):
        login_as(user)
        assert (client.get(f"/jobs/{job.id}").status_code, client.get(f"/jobs/{job.id}.json").status_code) \
            == (status, status)


def _redis_or_skip():
    from redis import Redis
    from redis.exceptions import RedisError

    connection = Redis.from_url(REDIS_TEST_URL)
    try:
        connection.ping()
    except RedisError as error:
        pytest.skip(f"Redis at {REDIS_TEST_URL} does not answer ({error}); the RQ path is not tested")
    connection.flushdb()
    return connection


def test_with_a_redis_url_the_job_goes_to_rq_and_a_worker_runs_it(app, make_user):
    from rq import SimpleWorker

    connection = _redis_or_skip()
    app.config.update(JOBS_INLINE=False, REDIS_URL=REDIS_TEST_URL)
    organiser = make_user("organiser")
    job = start_job("test.rq", user=organiser)
    db.session.commit()
    launch(job, quick)
    queue = job_queue(app)
    assert queue.count == 1
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == JobStatus.QUEUED
    try:
        assert SimpleWorker([queue], connection=connection).work(burst=True) is True
    finally:
        connection.flushdb()
    db.session.expire_all()
    ran = db.session.get(Job, job.id)
    assert (ran.status, ran.progress, ran.result_url) == (JobStatus.DONE, 100, "/")
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1


def test_the_worker_command_needs_a_redis_url(app, runner):
    app.config.pop("REDIS_URL", None)
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 2
    assert "Set MATCHMAKER_REDIS_URL" in result.output


def test_when_redis_does_not_answer_the_job_runs_in_this_process(app, make_user):
    app.config.update(JOBS_INLINE=False, REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens on port 1
    job = start_job("test.fallback", user=make_user("organiser"))
    db.session.commit()
    launch(job, quick)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        db.session.expire_all()
        if not db.session.get(Job, job.id).active:
            break
        time.sleep(0.05)
    assert db.session.get(Job, job.id).status == JobStatus.DONE
