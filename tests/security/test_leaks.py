"""Planted secrets never reach a role that may not see them: every GET route × every role, every body searched.

The world holds a confidential challenge, a draft, an anonymous firm and a private meeting request, all inside
a published workshop with meetings. Each marker may appear only for the roles listed in SEES.
"""
from __future__ import annotations

import io
import itertools
import re

import pytest
from openpyxl import load_workbook

from matchmaker.enums import RequestStatus, Status, Visibility, WorkshopStatus
from tests.workshops.conftest import (  # noqa: F401  (fixtures)
    make_meeting, make_pitch, make_registration, make_request, make_workshop)

ROLES = ("visitor", "owner", "other_packaging", "photonics", "organiser")
SEES = {
    "ZZSECRETTITLE": {"owner", "organiser"},
    "ZZSECRETBODY": {"owner", "organiser"},
    "ZZDRAFTTITLE": {"owner", "organiser"},
    "ZZANONFIRM": {"organiser"},   # the anonymous firm's own user is not among the roles walked here
    "zzanon-firm.example": {"organiser"},
    "ZZPRIVATEREQUEST": {"owner", "photonics", "organiser"},
}
EXTRA_QUERIES = {"/workshops/{workshop_id}/print": ["?by=table", "?by=firm"]}


@pytest.fixture()
def world(make_user, make_organisation, make_challenge, make_capability, make_workshop, make_registration,
          make_request, make_meeting, make_pitch):
    owner = make_user("packaging")
    anonymous_firm = make_user("packaging", organisation=make_organisation(
        "packaging", name="ZZANONFIRM Foods", website="https://zzanon-firm.example"))
    photonics = make_user("photonics")
    people = {"visitor": None, "owner": owner, "other_packaging": make_user("packaging"), "photonics": photonics,
              "organiser": make_user("organiser")}
    secret = make_challenge(owner, title="ZZSECRETTITLE seal leaks", description="ZZSECRETBODY our tray seals leak",
                            visibility=Visibility.ORGANISERS)
    draft = make_challenge(owner, title="ZZDRAFTTITLE foreign bodies", status=Status.DRAFT)
    public = make_challenge(owner, title="Public seal problem")
    anonymous = make_challenge(anonymous_firm, title="Anonymous date codes", anonymous=True)
    capability = make_capability(photonics, title="Seal thermography")
    workshop = make_workshop(status=WorkshopStatus.PUBLISHED)
    registrations = [make_registration(workshop, owner, [secret, public]),
                     make_registration(workshop, anonymous_firm, [anonymous]),
                     make_registration(workshop, photonics, [capability])]
    request = make_request(workshop, photonics, owner, status=RequestStatus.PENDING, message="ZZPRIVATEREQUEST hello")
    make_pitch(workshop, photonics, secret)  # sent while the challenge was still visible, then it became confidential
    meetings = [make_meeting(workshop, owner, photonics, slot=1, table=1, challenge=secret, capability=capability),
                make_meeting(workshop, anonymous_firm, photonics, slot=2, table=1, challenge=anonymous,
                             capability=capability)]
    ids = {"challenge_id": [secret.id, draft.id, public.id, anonymous.id], "capability_id": [capability.id],
           "workshop_id": [workshop.id], "meeting_id": [m.id for m in meetings],
           "registration_id": [r.id for r in registrations], "request_id": [request.id],
           "organisation_id": [owner.organisation_id, anonymous_firm.organisation_id],
           "target": ["open", "published", "closed"], "job_id": _jobs(people, workshop)}
    return people, ids


def _jobs(people, workshop) -> list[int]:
    """A failed schedule job of the organiser's naming the hidden firm and challenge; a job the owner started."""
    from matchmaker.extensions import db
    from matchmaker.jobs.services import N_, fail_job, start_job

    organisers = start_job("workshop.schedule", user=people["organiser"], target_type="workshop",
                           target_id=workshop.id)
    fail_job(organisers, N_("No schedule meets every pin and minimum. Nothing was changed."),
             details=["Pinned pair ZZANONFIRM Foods–Seal thermography: ZZSECRETTITLE has no slot"])
    owners = start_job("test.leak", user=people["owner"])
    fail_job(owners, N_("No schedule was made, nothing was changed: %(reason)s"), {"reason": "ZZSECRETBODY"})
    db.session.commit()
    return [organisers.id, owners.id]


def get_urls(app, ids) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        names = sorted(rule.arguments)
        unknown = [name for name in names if name not in ids]
        assert not unknown, f"add ids for {unknown} of {rule.rule} to the leak test's world"
        for values in itertools.product(*(ids[name] for name in names)):
            template = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            url = template.format(**dict(zip(names, values)))
            urls += [url] + [url + query for query in EXTRA_QUERIES.get(template, [])]
    return urls


def body_text(response) -> str:
    data = response.get_data()
    if data[:2] == b"PK":  # XLSX: read every cell with openpyxl
        workbook = load_workbook(io.BytesIO(data))
        return "\n".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)
    return data.decode("utf-8", errors="replace") + "\n" + "\n".join(f"{k}: {v}" for k, v in response.headers)


@pytest.mark.parametrize("role", ROLES)
def test_no_secret_reaches_a_role_that_may_not_see_it(app, client, login_as, world, role):
    people, ids = world
    login_as(people[role])
    leaks, walked = [], 0
    for url in get_urls(app, ids):
        response = client.get(url)
        if 300 <= response.status_code < 400:
            continue
        walked += response.status_code == 200
        text = body_text(response)  # error pages too: an error message must not name a secret either
        leaks += [(url, marker) for marker, allowed in SEES.items() if role not in allowed and marker in text]
    assert leaks == []
    assert walked >= 15


def test_the_probe_finds_each_marker_for_some_role_allowed_to_see_it(app, client, login_as, world):
    people, ids = world
    seen = set()
    for role in ("owner", "photonics", "organiser"):
        login_as(people[role])
        for url in get_urls(app, ids):
            response = client.get(url)
            if response.status_code == 200:
                seen |= {(marker, role) for marker in SEES if marker in body_text(response)}
    assert {marker for marker, role in seen if role in SEES[marker]} == set(SEES)
