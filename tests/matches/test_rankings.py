"""Rankings on pages and in JSON: the engine's order, filtered by the permission policy first."""
from __future__ import annotations

from matchmaker.enums import Status, Visibility
from matchmaker.extensions import db
from matchmaker.matches.index import index_cache
from matchmaker.matches.models import current_version

SEAL = dict(title="Restos de grasa en la soldadura, las bandejas pierden el vacío",
            description="Envasamos carne picada en bandejas termoselladas. La grasa queda atrapada en la "
                        "soldadura y las bandejas pierden el vacío a los pocos días. Buscamos inspeccionar el "
                        "sellado del 100 % de las bandejas en línea.", keywords="sellado, fugas")
THERMOGRAPHY = dict(title="Aktive Thermografie zur Siegelnahtprüfung",
                    description="Wir prüfen Siegelnähte von Schalen und Beuteln inline mit aktiver Thermografie: "
                                "Verunreinigungen und Kanäle in der Siegelnaht werden direkt nach der Siegelstation "
                                "erkannt.", keywords="Thermografie, Siegelnaht")
ASTRONOMY = dict(title="Precision mirrors for astronomical telescopes",
                 description="We polish large aspheric mirrors for observatories and space telescopes, with "
                             "nanometre surface accuracy and protective coatings.", keywords="")


def test_challenge_page_ranks_the_cross_lingual_solution_first(client, make_user, make_challenge, make_capability):
    challenge = make_challenge(make_user("packaging"), **SEAL, language="es")
    photonics = make_user("photonics")
    make_capability(photonics, **ASTRONOMY, language="en")
    thermography = make_capability(photonics, **THERMOGRAPHY, language="de")
    body = client.get(f"/api/v1/challenges/{challenge.id}/matches?top=2").get_json()
    assert [match["capability_id"] for match in body["matches"]] == [thermography.id, body["matches"][1]["capability_id"]]
    assert body["matches"][0]["score"] > body["matches"][1]["score"] >= 0
    assert body["matches"][0]["why"], "the best match is explained"
    page = client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert page.index("Aktive Thermografie zur Siegelnahtprüfung") < page.index("Precision mirrors")


def test_confidential_and_draft_challenges_never_appear_in_a_capability_ranking(
        client, login_as, make_user, make_challenge, make_capability):
    owner = make_user("packaging")
    secret = make_challenge(owner, **dict(SEAL, title="Zzxq secret seal problem"), visibility=Visibility.ORGANISERS)
    draft = make_challenge(owner, **dict(SEAL, title="Zzxq draft seal problem"), status=Status.DRAFT)
    public = make_challenge(owner, **SEAL)
    capability = make_capability(make_user("photonics"), **THERMOGRAPHY)
    for viewer, expected in [(None, [public.id]), (make_user("photonics"), [public.id]),
                             (make_user("packaging"), [public.id]), (owner, [public.id, secret.id]),
                             (make_user("organiser"), [public.id, secret.id])]:
        login_as(viewer)
        body = client.get(f"/api/v1/capabilities/{capability.id}/matches").get_json()
        assert sorted(match["challenge_id"] for match in body["matches"]) == sorted(expected)
        page = client.get(f"/capabilities/{capability.id}").get_data(as_text=True)
        assert ("Zzxq secret" in page) is (secret.id in expected)
        assert "Zzxq draft" not in page
    assert draft.id not in expected


def test_anonymous_challenge_in_a_ranking_hides_its_firm(client, login_as, make_user, make_organisation,
                                                         make_challenge, make_capability):
    owner = make_user("packaging", organisation=make_organisation("packaging", name="Zzxq Canary Meats"))
    make_challenge(owner, **SEAL, anonymous=True)
    capability = make_capability(make_user("photonics"), **THERMOGRAPHY)
    login_as(make_user("photonics"))
    body = client.get(f"/api/v1/capabilities/{capability.id}/matches").get_json()
    assert body["matches"][0]["organisation"] is None
    assert "Zzxq Canary Meats" not in client.get(f"/capabilities/{capability.id}").get_data(as_text=True)


def test_ranking_filters_by_trl_and_technology(client, make_user, make_challenge, make_capability):
    challenge = make_challenge(make_user("packaging"), **SEAL)
    photonics = make_user("photonics")
    low = make_capability(photonics, **THERMOGRAPHY, trl=4)
    high = make_capability(photonics, **dict(THERMOGRAPHY, title="Inline OCT of seals"), technologies=("oct",), trl=8)
    ids = lambda query: [item["capability_id"]
                         for item in client.get(f"/api/v1/challenges/{challenge.id}/matches{query}").get_json()["matches"]]
    assert sorted(ids("")) == sorted([low.id, high.id])
    page = client.get(f"/challenges/{challenge.id}?trl_min=7&technology=oct").get_data(as_text=True)
    assert "Inline OCT of seals" in page and "Aktive Thermografie" not in page


def test_index_refits_after_an_edit_and_not_before(client, login_as, app, make_user, make_challenge,
                                                   make_capability):
    owner = make_user("packaging")
    challenge = make_challenge(owner, **SEAL)
    photonics = make_user("photonics")
    capability = make_capability(photonics, **ASTRONOMY)
    cache = index_cache()
    client.get(f"/api/v1/challenges/{challenge.id}/matches")
    client.get(f"/api/v1/challenges/{challenge.id}/matches")
    fits_before = cache.fits
    version_before = current_version(db.session)
    before = client.get(f"/api/v1/challenges/{challenge.id}/matches").get_json()["matches"][0]["score"]
    login_as(photonics)
    client.post(f"/capabilities/{capability.id}/edit", data={
        "title": THERMOGRAPHY["title"], "description": THERMOGRAPHY["description"], "keywords": "",
        "technologies": ["thermography"], "applications": "", "trl": "8", "status": "open"})
    db.session.expire_all()
    after = client.get(f"/api/v1/challenges/{challenge.id}/matches").get_json()["matches"][0]["score"]
    assert cache.fits == fits_before + 1
    assert current_version(db.session) == version_before + 1
    assert after > before


def test_matches_top_argument_is_checked(client, make_user, make_challenge):
    challenge = make_challenge(make_user("packaging"), **SEAL)
    assert client.get(f"/api/v1/challenges/{challenge.id}/matches?top=0").status_code == 400
    assert client.get(f"/api/v1/challenges/{challenge.id}/matches?top=abc").status_code == 400
    assert client.get(f"/api/v1/challenges/{challenge.id}/matches?top=51").status_code == 400
    assert client.get(f"/api/v1/challenges/{challenge.id}/matches").get_json() == {
        "challenge_id": challenge.id, "matches": []}


def test_organiser_pages_show_pairs_and_matrix(client, login_as, make_user, make_challenge, make_capability):
    make_challenge(make_user("packaging"), **SEAL)
    make_capability(make_user("photonics"), **THERMOGRAPHY)
    login_as(make_user("organiser"))
    strongest = client.get("/matches/").get_data(as_text=True)
    matrix = client.get("/matches/matrix").get_data(as_text=True)
    assert "Aktive Thermografie zur Siegelnahtprüfung" in strongest
    assert 'aria-label="Restos de grasa en la soldadura, las bandejas pierden el vacío ↔ Aktive Thermografie' in matrix
