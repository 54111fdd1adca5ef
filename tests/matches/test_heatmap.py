"""The organisers' match matrix drawn as an SVG heat map: cells, titles, links, permission filtering and the cap."""
from __future__ import annotations

import functools
import re

import pytest

from matchmaker.enums import Status, Visibility
from matchmaker.matches import services, views
from matchmaker.matches.services import match_matrix

CHALLENGES = [
    dict(title="Grease in tray seals", description="Fat trapped in the heat seal of meat trays breaks the vacuum.",
         keywords="seal, leak"),
    dict(title="Foreign bodies in salad bags", description="Stones and plastic pieces reach salad bags on the line.",
         keywords="foreign body, inspection"),
]
CAPABILITIES = [
    dict(title="Seal thermography", description="Active thermography inspects heat seals of trays for fat and "
                                                "channels right after sealing.", keywords="thermography, seal"),
    dict(title="Hyperspectral sorting", description="Hyperspectral cameras find foreign bodies and stones in "
                                                    "leafy salads on conveyor belts.", keywords="hyperspectral"),
]


@pytest.fixture()
def world(make_user, make_challenge, make_capability):
    owner, photonics = make_user("packaging"), make_user("photonics")
    public = [make_challenge(owner, **values) for values in CHALLENGES]
    secret = make_challenge(owner, title="Zzsecret laser date codes fade", visibility=Visibility.ORGANISERS,
                            description="Laser-marked date codes on trays fade after freezing.", keywords="laser")
    make_challenge(owner, title="Zzdraft never shown", status=Status.DRAFT)
    make_challenge(owner, title="Zzclosed never shown", status=Status.CLOSED)
    capabilities = [make_capability(photonics, **values) for values in CAPABILITIES]
    make_capability(photonics, title="Zzdraft capability", status=Status.DRAFT)
    return {"owner": owner, "photonics": photonics, "organiser": make_user("organiser"),
            "other_packaging": make_user("packaging"), "public": public, "secret": secret,
            "capabilities": capabilities}


def cells(page: str) -> list[tuple[str, str, str]]:
    """(href, aria-label, title) of every heat cell, in the page's order."""
    return re.findall(r'<a class="heat-cell" href="([^"]+)" tabindex="0" aria-label="([^"]+)"><title>([^<]+)</title>',
                      page)


def test_matrix_service_lists_open_items_the_organiser_may_see_strongest_first(world):
    matrix = match_matrix(world["organiser"])
    assert sorted(c.id for c in matrix.challenges) == sorted([*(c.id for c in world["public"]), world["secret"].id])
    assert sorted(c.id for c in matrix.capabilities) == sorted(c.id for c in world["capabilities"])
    assert (matrix.total_challenges, matrix.total_capabilities, matrix.truncated) == (3, 2, False)
    best = [max(row) for row in matrix.scores]
    assert best == sorted(best, reverse=True)
    assert matrix.challenges[0].title in ("Grease in tray seals", "Foreign bodies in salad bags")


def test_matrix_page_draws_one_linked_titled_cell_per_pair(client, login_as, world):
    login_as(world["organiser"])
    response = client.get("/matches/matrix")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    matrix = match_matrix(world["organiser"])
    found = cells(page)
    assert len(found) == 3 * 2
    expected = [(f"/challenges/{challenge.id}",
                 f"{challenge.title} ↔ {capability.title}: score {matrix.scores[r][c]:.2f}")
                for r, challenge in enumerate(matrix.challenges) for c, capability in enumerate(matrix.capabilities)]
    assert [(href, label) for href, label, _ in found] == expected
    assert all(label == title for _, label, title in found)
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart heatmap"') == 1
    assert 'role="group" aria-labelledby="match-heatmap-title match-heatmap-desc"' in page


def test_matrix_page_labels_rows_and_columns_with_links_to_their_pages(client, login_as, world):
    login_as(world["organiser"])
    page = client.get("/matches/matrix").get_data(as_text=True)
    for capability in world["capabilities"]:
        assert f'<a href="/capabilities/{capability.id}"><title>{capability.title}</title>' in page
    for challenge in [*world["public"], world["secret"]]:
        assert f'<a href="/challenges/{challenge.id}"><title>{challenge.title}</title>' in page


def test_matrix_page_has_a_legend_and_the_numbers_as_a_table(client, login_as, world):
    login_as(world["organiser"])
    page = client.get("/matches/matrix").get_data(as_text=True)
    assert '<g class="chart-legend">' in page and ">Match score</text>" in page
    table = page[page.index('<table class="matrix" id="matrix-table">'):page.index("</table>")]
    assert table.count("<td>") == 6
    assert table.count('<th scope="row">') == 3
    assert "charts.css" in page
    assert " style=" not in page  # the Content-Security-Policy forbids inline styles


def test_confidential_challenge_appears_in_the_matrix_for_organisers_only(client, login_as, world):
    login_as(world["organiser"])
    page = client.get("/matches/matrix").get_data(as_text=True)
    assert [label.split(" ↔ ")[0] for _, label, _ in cells(page)].count("Zzsecret laser date codes fade") == 2
    assert "Zzdraft" not in page and "Zzclosed" not in page
    for role in ("owner", "other_packaging", "photonics"):
        login_as(world[role])
        response = client.get("/matches/matrix")
        assert response.status_code == 403
        assert "Zzsecret" not in response.get_data(as_text=True)
    login_as(None)
    assert client.get("/matches/matrix").status_code == 302


def test_a_large_matrix_keeps_the_strongest_rows_and_columns_and_says_so(client, login_as, world, monkeypatch):
    organiser = world["organiser"]
    full = match_matrix(organiser)
    capped = match_matrix(organiser, size=2)
    assert (len(capped.challenges), len(capped.capabilities), capped.truncated) == (2, 2, True)
    assert (capped.total_challenges, capped.total_capabilities) == (3, 2)
    assert [c.id for c in capped.challenges] == [c.id for c in full.challenges[:2]]
    monkeypatch.setattr(views, "match_matrix", functools.partial(services.match_matrix, size=2))
    login_as(organiser)
    page = client.get("/matches/matrix").get_data(as_text=True)
    assert len(cells(page)) == 4
    assert ("Showing the 2 challenges and 2 capabilities with the best scores, of 3 challenges and 2 capabilities."
            in page)
    assert 'href="/matches/?top=50"' in page


def test_matrix_without_capabilities_shows_the_empty_state(client, login_as, make_user, make_challenge):
    make_challenge(make_user("packaging"))
    login_as(make_user("organiser"))
    page = client.get("/matches/matrix").get_data(as_text=True)
    assert "No pairs yet" in page and "heat-cell" not in page
