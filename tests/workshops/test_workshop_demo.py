"""The demo database holds a published workshop with a computed schedule and an open one."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from matchmaker.demo.workshops import OPEN_TITLE, PUBLISHED_TITLE
from matchmaker.enums import WorkshopStatus
from matchmaker.extensions import db
from matchmaker.workshops.models import Meeting, Workshop


def test_the_demo_has_a_published_and_an_open_workshop(runner, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # loading twice adds nothing
    workshops = {w.title: w for w in db.session.scalars(select(Workshop))}
    assert sorted(workshops) == sorted([PUBLISHED_TITLE, OPEN_TITLE])
    published = workshops[PUBLISHED_TITLE]
    assert (published.status, published.city, published.timezone, published.slot_count, published.tables,
            published.breaks, published.schedule_optimal) == (
        WorkshopStatus.PUBLISHED, "Alicante", "Europe/Madrid", 8, 6, "4:30 Coffee", True)
    assert workshops[OPEN_TITLE].status == WorkshopStatus.OPEN
    meetings = list(db.session.scalars(select(Meeting).where(Meeting.workshop_id == published.id)))
    assert len(meetings) == 36
    assert max(Counter((m.slot, m.table_number) for m in meetings).values()) == 1
    names = {r.organisation.name for r in published.registrations}
    assert {"Cafés Tostadero del Turia S.L.", "Lumentia Photonics S.L."} <= names
    from matchmaker.demo.loader import DEMO_PASSWORD

    client.post("/auth/login", data={"email": "photonics@matchmaker.example", "password": DEMO_PASSWORD})
    agenda = client.get(f"/workshops/{published.id}/agenda")
    assert agenda.status_code == 200 and "Anonymous packaging firm" in agenda.get_data(as_text=True)
