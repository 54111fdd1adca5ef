"""Making the schedule in the background: progress page, the same result as before, one job per workshop."""
from __future__ import annotations

import time

from sqlalchemy import func, select

from matchmaker.enums import PairDecision, WorkshopStatus
from matchmaker.extensions import db
from matchmaker.i18n import translated
from matchmaker.jobs.models import Job, JobStatus
from matchmaker.jobs.services import start_job
from matchmaker.workshops.models import Meeting, PairChoice, Workshop
from matchmaker.workshops.planning_jobs import SCHEDULE_JOB


def _registered(make_user, make_challenge, make_capability, make_workshop, make_registration, **available):
    seals, thermo = make_user("packaging"), make_user("photonics")
    workshop = make_workshop(status=WorkshopStatus.OPEN)
    make_registration(workshop, seals, [make_challenge(seals)], available=available.get("seals"))
    make_registration(workshop, thermo, [make_capability(thermo)], available=available.get("thermo"))
    return workshop, seals, thermo


def _job_id(response) -> int:
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/jobs/")
    return int(location.rsplit("/", 1)[1])


def test_scheduling_runs_as_a_job_and_leads_back_to_the_planning_page_with_its_summary(
        client, login_as, make_user, make_challenge, make_capability, make_workshop, make_registration):
    workshop, seals, thermo = _registered(make_user, make_challenge, make_capability, make_workshop,
                                          make_registration)
    organiser = make_user("organiser")
    login_as(organiser)
    job_id = _job_id(client.post(f"/workshops/{workshop.id}/schedule"))
    data = client.get(f"/jobs/{job_id}.json").get_json()
    assert (data["kind"], data["status"], data["progress"], data["message"], data["result_url"]) == (
        SCHEDULE_JOB, "done", 100, "Meetings scheduled: 1.", f"/workshops/{workshop.id}/schedule?job={job_id}")
    db.session.expire_all()
    assert [(m.packaging_id, m.photonics_id) for m in db.session.scalars(select(Meeting))] == [
        (seals.organisation_id, thermo.organisation_id)]
    assert db.session.get(Workshop, workshop.id).status == WorkshopStatus.SCHEDULED
    assert db.session.get(Job, job_id).started_by_id == organiser.id
    page = client.get(data["result_url"]).get_data(as_text=True)
    assert 'id="schedule-done"' in page and "Meetings scheduled: 1." in page and "proven optimal" in page


def test_an_infeasible_schedule_fails_the_job_with_the_conflicts_and_writes_nothing(
        client, login_as, make_user, make_challenge, make_capability, make_workshop, make_registration):
    workshop, seals, thermo = _registered(make_user, make_challenge, make_capability, make_workshop,
                                          make_registration, seals=[1, 2], thermo=[3, 4])
    db.session.add(PairChoice(workshop_id=workshop.id, packaging_id=seals.organisation_id,
                              photonics_id=thermo.organisation_id, decision=PairDecision.PIN))
    db.session.commit()
    login_as(make_user("organiser"))
    job_id = _job_id(client.post(f"/workshops/{workshop.id}/schedule"))
    db.session.expire_all()
    job = db.session.get(Job, job_id)
    assert (job.status, job.active_key, [translated(reason) for reason in job.reasons]) == (JobStatus.FAILED, None, [
        f"Pinned pair {seals.organisation.name}–{thermo.organisation.name} has no slot where both are available"])
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
    assert db.session.get(Workshop, workshop.id).status == WorkshopStatus.OPEN
    assert job.result_url is None


def test_a_second_schedule_request_while_one_runs_points_to_it_and_starts_nothing(
        client, login_as, make_user, make_challenge, make_capability, make_workshop, make_registration):
    workshop, _, _ = _registered(make_user, make_challenge, make_capability, make_workshop, make_registration)
    organiser = make_user("organiser")
    running = start_job(SCHEDULE_JOB, user=organiser, target_type="workshop", target_id=workshop.id)
    db.session.commit()
    login_as(organiser)
    assert _job_id(client.post(f"/workshops/{workshop.id}/schedule")) == running.id
    page = client.get(f"/jobs/{running.id}").get_data(as_text=True)
    assert "This workshop is already being scheduled: no second schedule was started." in page
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
    planning = client.get(f"/workshops/{workshop.id}/schedule").get_data(as_text=True)
    assert 'id="schedule-running"' in planning and "Make the schedule" not in planning


def test_a_published_workshop_is_refused_before_any_job_starts(client, login_as, make_user, make_workshop):
    workshop = make_workshop(status=WorkshopStatus.PUBLISHED)
    login_as(make_user("organiser"))
    response = client.post(f"/workshops/{workshop.id}/schedule")
    assert (response.status_code, response.headers["Location"]) == (302, f"/workshops/{workshop.id}/schedule")
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0


def test_a_schedule_made_in_a_real_thread_is_polled_to_the_end(
        app, client, login_as, make_user, make_challenge, make_capability, make_workshop, make_registration):
    app.config["JOBS_INLINE"] = False
    workshop, _, _ = _registered(make_user, make_challenge, make_capability, make_workshop, make_registration)
    login_as(make_user("organiser"))
    job_id = _job_id(client.post(f"/workshops/{workshop.id}/schedule"))
    deadline, data = time.monotonic() + 30, {}
    while time.monotonic() < deadline and not data.get("finished"):
        data = client.get(f"/jobs/{job_id}.json").get_json()
        time.sleep(0.05)
    assert (data["status"], data["progress"]) == ("done", 100)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 1


def test_another_organisers_schedule_result_is_shown_but_a_firm_never_sees_a_job(
        client, login_as, make_user, make_challenge, make_capability, make_workshop, make_registration):
    workshop, seals, _ = _registered(make_user, make_challenge, make_capability, make_workshop, make_registration)
    login_as(make_user("organiser"))
    job_id = _job_id(client.post(f"/workshops/{workshop.id}/schedule"))
    login_as(make_user("organiser"))
    assert "Meetings scheduled: 1." in client.get(f"/workshops/{workshop.id}/schedule?job={job_id}").get_data(
        as_text=True)
    login_as(seals)
    assert client.get(f"/jobs/{job_id}.json").status_code == 404
