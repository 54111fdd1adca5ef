"""The whole product in a real browser with CSRF on: a packaging firm registers and posts a challenge, sees ranked
capabilities with their reasons; an organiser runs a workshop to published agendas; the firm's calendar file is right."""
from __future__ import annotations

import datetime as dt
import re
import time
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from matchmaker.auth.services import create_user
from matchmaker.capabilities.services import create_capability
from matchmaker.extensions import db
from tests.browser.live import log_in

pytestmark = pytest.mark.browser
PASSWORD = "journey-through-the-browser-2026"
SCHEDULE_TIMEOUT = 60  # seconds; the schedule may run in the request or as a background job with a progress page
CHALLENGE = {
    "title": "Leaking seals on modified-atmosphere meat trays",
    "description": "The lidding film seal of our meat trays leaks after a week. We need inline seal inspection "
                   "that finds channel leaks and contaminated seals on every tray before it leaves the line.",
    "keywords": "seal, leak, tray, lidding film, inline inspection",
}


@pytest.fixture()
def journey_people(live_site):
    """An organiser made by the CLI's service and a photonics member with a seal-inspection capability."""
    stamp = time.time_ns()
    with live_site.app.app_context():
        organiser = create_user(email=f"organiser-{stamp}@journey.example", name="Olga Organiser",
                                role="organiser", password=PASSWORD)
        photonics = create_user(email=f"photonics-{stamp}@journey.example", name="Pablo Photon", role="photonics",
                                password=PASSWORD, organisation_name=f"Journey Thermal Imaging {stamp}")
        capability = create_capability(photonics, {
            "title": "Active thermography of tray seals",
            "description": "Lock-in thermography finds channel leaks, wrinkles and contaminated seals in lidding "
                           "film of trays, inline at line speed.",
            "keywords": "thermography, seal inspection, leak, tray", "technologies": ["thermography"],
            "applications": "seal inspection of trays and pouches", "trl": 8, "status": "open"})
        db.session.commit()
        people = {"organiser": organiser.email, "photonics": photonics.email,
                  "photonics_firm": photonics.organisation.name, "capability": capability.title, "stamp": stamp}
        db.session.remove()
    return people


def submit(page, form="main form"):
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")


def wait_for_schedule(page, base_url: str, workshop_id: int) -> None:
    """Follow whatever the schedule button leads to (the planning page, or a job's progress page that refreshes
    and finally links to its result) until the planning page reports the schedule."""
    planning = f"{base_url}/workshops/{workshop_id}/schedule"
    deadline = time.monotonic() + SCHEDULE_TIMEOUT
    while time.monotonic() < deadline:
        page.wait_for_load_state()
        if page.url.split("?")[0].split("#")[0] == planning and page.locator("#schedule-report").count():
            return
        result = page.locator(f'main a#job-result, main a[href*="/workshops/{workshop_id}/schedule"]')
        if "/jobs/" in page.url and result.count():
            with page.expect_navigation():
                result.first.click()
        elif "/jobs/" in page.url:
            page.wait_for_timeout(500)  # the progress page updates itself (script or refresh)
        else:
            page.wait_for_timeout(500)
            page.goto(planning)
    raise AssertionError(f"no schedule after {SCHEDULE_TIMEOUT} s; last page {page.url}: {page.inner_text('main')[:500]}")


def register_for_workshop(page, base_url: str, workshop_id: int) -> None:
    page.goto(f"{base_url}/workshops/{workshop_id}/register")
    for box in page.locator("input[name=available], input[name=items]").all():
        box.check()
    submit(page)
    assert page.url == f"{base_url}/workshops/{workshop_id}/mine"


def test_from_registration_to_a_published_agenda_in_the_calendar(new_context, live_site, journey_people):
    base = live_site.url
    stamp = journey_people["stamp"]

    # 1. A packaging firm registers through the form (CSRF token included) and is logged in.
    firm = new_context(locale="en-GB").new_page()
    firm.goto(base + "/auth/register")
    firm.check("input[name=role][value=packaging]")
    firm.fill("#name", "Ana Packer")
    firm.fill("#email", f"ana-{stamp}@journey.example")
    firm.fill("#password", PASSWORD)
    firm.fill("#confirm", PASSWORD)
    firm.fill("#organisation_name", f"Journey Trays {stamp}")
    submit(firm)
    assert "/auth/" not in firm.url
    assert "Ana Packer" in firm.inner_text(".site-header")

    # 2. It posts a challenge; a form sent with errors first keeps the text and says what is wrong.
    firm.goto(base + "/challenges/new")
    firm.fill("#title", CHALLENGE["title"])
    submit(firm)
    assert firm.locator("#description-error").count() == 1
    assert firm.input_value("#title") == CHALLENGE["title"]
    firm.fill("#description", CHALLENGE["description"])
    firm.fill("#keywords", CHALLENGE["keywords"])
    submit(firm)
    assert re.fullmatch(rf"{base}/challenges/\d+", firm.url)
    assert firm.inner_text("h1") == CHALLENGE["title"]

    # 3. Its page ranks capabilities with explanation chips; the seal-inspection capability is among the first.
    ranked = firm.locator(".ranking .ranked")
    assert ranked.count() >= 3
    top_titles = [ranked.nth(i).locator(".ranked-head a").inner_text() for i in range(3)]
    assert journey_people["capability"] in top_titles
    chips = ranked.nth(top_titles.index(journey_people["capability"])).locator(".chips li")
    assert chips.count() >= 1 and all(text.strip() for text in chips.all_inner_texts())

    # 4. The organiser creates a workshop (a draft) and opens registration.
    organiser = new_context(locale="en-GB").new_page()
    log_in(organiser, base, journey_people["organiser"], PASSWORD)
    day = dt.date.today() + dt.timedelta(days=30)
    organiser.goto(base + "/workshops/new")
    organiser.fill("#title", f"Journey workshop {stamp}")
    organiser.fill("#city", "Alicante")
    organiser.fill("#venue", "Parque Científico")
    organiser.fill("#date", day.isoformat())
    organiser.fill("#first_start", "09:00")
    organiser.fill("#meeting_minutes", "20")
    organiser.fill("#slot_count", "3")
    organiser.fill("#breaks", "")
    organiser.fill("#tables", "2")
    organiser.fill("#registration_deadline", (day - dt.timedelta(days=10)).isoformat())
    submit(organiser)
    match = re.fullmatch(rf"{base}/workshops/(\d+)", organiser.url)
    assert match, organiser.url
    workshop_id = int(match.group(1))
    organiser.click(f'a[href$="/workshops/{workshop_id}/status/open"]')
    submit(organiser)
    assert organiser.url == f"{base}/workshops/{workshop_id}"

    # 5. Both firms register with every slot and what they bring.
    register_for_workshop(firm, base, workshop_id)
    photonics = new_context(locale="en-GB").new_page()
    log_in(photonics, base, journey_people["photonics"], PASSWORD)
    register_for_workshop(photonics, base, workshop_id)

    # 6. The organiser schedules (following a progress page if there is one), then publishes the agendas.
    organiser.goto(f"{base}/workshops/{workshop_id}/schedule")
    organiser.click(f'main form[action$="/workshops/{workshop_id}/schedule"] button[type=submit]')
    wait_for_schedule(organiser, base, workshop_id)
    meeting_rows = organiser.locator("main tr[id^=meeting-]")
    assert meeting_rows.count() == 1
    assert journey_people["photonics_firm"] in meeting_rows.first.inner_text()
    organiser.goto(f"{base}/workshops/{workshop_id}")
    organiser.click(f'a[href$="/workshops/{workshop_id}/status/published"]')
    submit(organiser)
    assert organiser.url == f"{base}/workshops/{workshop_id}"

    # 7. The packaging firm reads its agenda and downloads the calendar file.
    firm.goto(f"{base}/workshops/{workshop_id}/agenda")
    assert journey_people["photonics_firm"] in firm.inner_text("main")
    with firm.expect_download() as download_info:
        firm.click(f'main a[href$="/workshops/{workshop_id}/agenda.ics"]')
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(download.path().read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    starts, ends = event.decoded("dtstart"), event.decoded("dtend")
    slot_starts = [dt.datetime.combine(day, dt.time(9, 0), ZoneInfo("Europe/Madrid")) + dt.timedelta(minutes=20 * n)
                   for n in range(3)]
    assert starts in slot_starts
    assert str(starts.tzinfo) == "Europe/Madrid"
    assert ends - starts == dt.timedelta(minutes=20)
    assert str(event["summary"]).startswith(f"Meeting: {journey_people['photonics_firm']} (table ")
    assert starts.strftime("%H:%M") in firm.inner_text("main")
