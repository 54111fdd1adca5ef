"""The organisers' workshop dashboard: the numbers behind each chart, the page, and who may open it."""
from __future__ import annotations

import re

import pytest

from matchmaker.enums import MeetingStatus, Outcome, WorkshopStatus
from matchmaker.extensions import db
from matchmaker.workshops.dashboard import workshop_dashboard
from matchmaker.workshops.models import MeetingOutcome


@pytest.fixture()
def built(make_user, make_organisation, make_workshop, make_registration, make_meeting):
    """Two packaging and two photonics firms, three held meetings (one cancelled) and three outcome records."""
    def firm(kind, name, country, cluster):
        return make_user(kind, organisation=make_organisation(kind, name=name, country=country, cluster=cluster))

    alba = firm("packaging", "Alba Foods", "ES", "SECPhO")
    brie = firm("packaging", "Brie Emballages", "FR", "")
    cora = firm("photonics", "Cora Optics", "DE", "Photonics BW")
    dune = firm("photonics", "Dune Lasers", "ES", "SECPhO")
    workshop = make_workshop(status=WorkshopStatus.PUBLISHED, slot_count=4, tables=2)
    for user in (alba, brie, cora, dune):
        make_registration(workshop, user)
    ac = make_meeting(workshop, alba, cora, slot=1, table=1, score=0.6)
    ad = make_meeting(workshop, alba, dune, slot=2, table=1, score=0.3)
    make_meeting(workshop, brie, cora, slot=2, table=2, score=0.2)
    make_meeting(workshop, brie, dune, slot=3, table=1, score=0.9, status=MeetingStatus.CANCELLED)
    for meeting, user, outcome in ((ac, alba, Outcome.NDA), (ac, cora, Outcome.FOLLOW_UP), (ad, alba, Outcome.NO_FIT)):
        db.session.add(MeetingOutcome(meeting_id=meeting.id, organisation_id=user.organisation_id, outcome=outcome,
                                      rating=4))
    db.session.commit()
    return workshop, {"alba": alba, "cora": cora, "organiser": make_user("organiser")}


def titles(page: str, chart_id: str) -> list[str]:
    """The <title> of every mark of one chart, in drawing order (the chart's own title first)."""
    svg = page[page.index(f'id="{chart_id}"'):]
    return re.findall(r"<title[^>]*>([^<]*)</title>", svg[:svg.index("</svg>")])


def test_dashboard_counts_participants_by_country_and_cluster(built):
    workshop, _ = built
    stats = workshop_dashboard(workshop)
    assert (stats.participants, stats.packaging, stats.photonics) == (4, 2, 2)
    assert stats.by_country == [("ES", 2), ("DE", 1), ("FR", 1)]
    assert stats.by_cluster == [("SECPhO", 2), ("", 1), ("Photonics BW", 1)]


def test_dashboard_counts_held_meetings_per_slot_and_table_without_the_cancelled_one(built):
    workshop, _ = built
    stats = workshop_dashboard(workshop)
    assert (stats.held, stats.cancelled) == (3, 1)
    assert stats.per_slot == [(1, 1), (2, 2), (3, 0), (4, 0)]
    assert stats.per_table == [(1, 2), (2, 1)]


def test_dashboard_takes_the_furthest_outcome_either_side_recorded(built):
    workshop, _ = built
    stats = workshop_dashboard(workshop)
    assert [(pair.packaging, pair.photonics, pair.score, pair.outcome) for pair in stats.met_pairs] == [
        ("Alba Foods", "Cora Optics", 0.6, Outcome.NDA), ("Alba Foods", "Dune Lasers", 0.3, Outcome.NO_FIT),
        ("Brie Emballages", "Cora Optics", 0.2, None)]
    assert stats.by_furthest_outcome() == [(Outcome.NO_FIT, 1), (Outcome.FOLLOW_UP, 0), (Outcome.NDA, 1),
                                           (Outcome.JOINT_PROJECT, 0), (Outcome.AGREEMENT, 0), (None, 1)]
    assert (stats.outcomes.recorded, stats.outcomes.leads, stats.outcomes.records) == (2, 1, 3)


def test_dashboard_page_draws_each_chart_with_a_title_per_mark(client, login_as, built):
    workshop, people = built
    login_as(people["organiser"])
    response = client.get(f"/workshops/{workshop.id}/dashboard")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert titles(page, "chart-country") == ["Registered firms by country", "Spain: 2", "Germany: 1", "France: 1"]
    assert titles(page, "chart-cluster") == ["Registered firms by cluster", "SECPhO: 2", "No cluster: 1",
                                             "Photonics BW: 1"]
    # Slots of 20 minutes from 09:00 with the builder's 10-minute coffee after slot 2; the line marks 2 tables.
    assert titles(page, "chart-slot") == ["Meetings per slot", "Slot 1 · 09:00: 1", "Slot 2 · 09:20: 2",
                                          "Slot 3 · 09:50: 0", "Slot 4 · 10:10: 0", "2 tables"]
    assert titles(page, "chart-table") == ["Meetings per table", "Table 1: 2", "Table 2: 1", "4 slots"]
    assert titles(page, "chart-outcomes") == ["Meetings by outcome", "No fit: 1", "Follow-up call: 0", "NDA: 1",
                                              "Joint project: 0", "Agreement signed: 0",
                                              "No outcome recorded yet: 1"]
    points = titles(page, "chart-score-outcome")
    assert points[0] == "Engine score of each meeting by its outcome"
    assert sorted(t for t in points if "↔" in t) == [
        "Alba Foods ↔ Cora Optics: score 0.60, NDA", "Alba Foods ↔ Dune Lasers: score 0.30, No fit",
        "Brie Emballages ↔ Cora Optics: score 0.20, No outcome recorded yet"]
    assert page.count('<circle class="chart-point"') == 3


def test_dashboard_page_gives_every_chart_a_description_and_a_data_table(client, login_as, built):
    workshop, people = built
    login_as(people["organiser"])
    page = client.get(f"/workshops/{workshop.id}/dashboard").get_data(as_text=True)
    charts = re.findall(r'<svg [^>]*id="([^"]+)" role="img" aria-labelledby="\1-title \1-desc"', page)
    assert charts == ["chart-country", "chart-cluster", "chart-slot", "chart-table", "chart-outcomes",
                      "chart-score-outcome"]
    assert page.count('<details class="chart-data">') == 6
    rates = page[page.index('id="outcome-rates"'):]
    assert re.findall(r'<td class="number">([^<]+)</td>', rates[:rates.index("</table>")]) == [
        "1", "33%", "0", "0%", "1", "33%", "0", "0%", "0", "0%", "1", "33%"]
    assert " style=" not in page
    assert '<strong>50%</strong> of recorded meetings led somewhere' in page


def test_dashboard_of_a_workshop_without_firms_or_meetings_says_what_to_do(client, login_as, make_user, make_workshop):
    workshop = make_workshop()
    login_as(make_user("organiser"))
    page = client.get(f"/workshops/{workshop.id}/dashboard").get_data(as_text=True)
    assert "Nobody has registered yet — participants appear here as firms register." in page
    assert "No meetings scheduled yet — schedule the workshop to see them here." in page
    assert f'href="/workshops/{workshop.id}/schedule"' in page
    assert "<svg" not in page


def test_dashboard_with_meetings_but_no_outcomes_says_they_come_later(client, login_as, built):
    workshop, people = built
    MeetingOutcome.query.delete()
    db.session.commit()
    login_as(people["organiser"])
    page = client.get(f"/workshops/{workshop.id}/dashboard").get_data(as_text=True)
    assert 'id="chart-slot"' in page and 'id="chart-outcomes"' not in page
    assert "No outcomes recorded yet — they appear here once firms record what came of their meetings." in page


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("packaging", 403), ("photonics", 403),
                                              ("organiser", 200)])
def test_only_organisers_open_the_dashboard(client, login_as, make_user, built, role, status):
    workshop, _ = built
    login_as(make_user(role) if role else None)
    response = client.get(f"/workshops/{workshop.id}/dashboard")
    assert response.status_code == status
    assert ("Alba Foods" in response.get_data(as_text=True)) is (status == 200)


def test_participants_of_the_workshop_may_not_open_its_dashboard(client, login_as, built):
    workshop, people = built
    for role in ("alba", "cora"):
        login_as(people[role])
        assert client.get(f"/workshops/{workshop.id}/dashboard").status_code == 403


@pytest.mark.parametrize(("role", "status"), [("packaging", 404), ("photonics", 404), ("organiser", 200)])
def test_a_draft_workshops_dashboard_exists_for_organisers_only(client, login_as, make_user, make_workshop, role,
                                                                 status):
    workshop = make_workshop(status=WorkshopStatus.DRAFT)
    login_as(make_user(role))
    assert client.get(f"/workshops/{workshop.id}/dashboard").status_code == status


def test_dashboard_of_a_missing_workshop_is_not_found(client, login_as, make_user):
    login_as(make_user("organiser"))
    assert client.get("/workshops/999999/dashboard").status_code == 404


def test_workshop_page_links_the_dashboard_for_organisers_only(client, login_as, make_user, built):
    workshop, people = built
    link = f'href="/workshops/{workshop.id}/dashboard"'
    login_as(people["organiser"])
    assert link in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    login_as(people["alba"])
    assert link not in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
