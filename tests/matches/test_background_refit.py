"""A large corpus is refitted in the background: rankings come from the previous index meanwhile, never leak
what was deleted or hidden since, and say that they are being updated."""
from __future__ import annotations

import threading

import pytest

from matchmaker.enums import Visibility
from matchmaker.extensions import db
from matchmaker.matches import index as index_module
from matchmaker.matches.index import UNFITTED, index_cache
from tests.matches.test_rankings import SEAL, THERMOGRAPHY

NOTICE = "Rankings are being updated ("


@pytest.fixture()
def held_fits(monkeypatch):
    """Fits wait until the test releases them, so a refit is reliably "still running"."""
    gate, real_fit = threading.Event(), index_module.fit_index

    def fit_when_released():
        assert gate.wait(20)
        return real_fit()

    monkeypatch.setattr(index_module, "fit_index", fit_when_released)
    yield gate
    gate.set()


def test_a_stale_index_is_served_while_the_refit_runs_and_never_shows_deleted_or_hidden_items(
        app, client, login_as, make_user, make_challenge, make_capability, monkeypatch):
    owner, member = make_user("packaging"), make_user("photonics")
    challenge = make_challenge(owner, **SEAL, language="es")
    hidden = make_challenge(owner, **dict(SEAL, title="Zzq soon confidential seal leaks"), language="es")
    kept = make_capability(member, **THERMOGRAPHY, language="de")
    doomed = make_capability(member, **dict(THERMOGRAPHY, title="Zzq soon deleted seal thermography"), language="de")
    login_as(member)
    before = client.get(f"/capabilities/{kept.id}").get_data(as_text=True)
    login_as(owner)
    assert doomed.title in client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert hidden.title in before
    cache = index_cache()
    assert (cache.fits, cache.refresh_progress()) == (1, None)  # small corpus: fitted inline, once

    app.config["INLINE_REFIT_LIMIT"] = 0  # from now on the corpus counts as large
    gate = threading.Event()
    real_fit = index_module.fit_index
    monkeypatch.setattr(index_module, "fit_index", lambda: (gate.wait(20), real_fit())[1])
    db.session.delete(doomed)
    hidden.visibility = Visibility.ORGANISERS
    newcomer = make_challenge(owner, **dict(SEAL, title="Brand new seal challenge"), language="es")
    try:
        stale = client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
        assert kept.title in stale and doomed.title not in stale and NOTICE in stale
        login_as(member)
        stale = client.get(f"/capabilities/{kept.id}").get_data(as_text=True)
        assert challenge.title in stale and hidden.title not in stale and NOTICE in stale
        login_as(owner)
        assert client.get(f"/challenges/{newcomer.id}").status_code == 200  # unknown to the old index: no ranking
        assert cache.fits == 1
    finally:
        gate.set()
    cache.refit_in_background().join(20)
    assert (cache.fits, cache.refresh_progress()) == (2, None)
    fresh = client.get(f"/challenges/{newcomer.id}").get_data(as_text=True)
    assert kept.title in fresh and NOTICE not in fresh


def test_the_first_fit_of_a_large_corpus_does_not_block_a_page(app, client, login_as, make_user, make_challenge,
                                                               make_capability, held_fits):
    owner, member = make_user("packaging"), make_user("photonics")
    challenge = make_challenge(owner, **SEAL, language="es")
    capability = make_capability(member, **THERMOGRAPHY, language="de")
    app.config["INLINE_REFIT_LIMIT"] = 0
    login_as(owner)
    page = client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert NOTICE in page and capability.title not in page
    assert client.get(f"/api/v1/challenges/{challenge.id}/matches").get_json()["matches"] == []
    cache = index_cache()
    assert cache.current() is UNFITTED and cache.fits == 0
    held_fits.set()
    cache.refit_in_background().join(20)
    assert capability.title in client.get(f"/challenges/{challenge.id}").get_data(as_text=True)


def test_a_background_job_waits_for_a_current_index(app, make_user, make_challenge, make_capability):
    make_challenge(make_user("packaging"), **SEAL)
    make_capability(make_user("photonics"), **THERMOGRAPHY)
    app.config["INLINE_REFIT_LIMIT"] = 0
    cache = index_cache()
    fitted = cache.current(wait=True)
    assert fitted is not UNFITTED and cache.fits == 1 and cache.refresh_progress() is None


def test_organiser_pages_answer_before_the_first_fit_and_say_why_they_are_empty(
        app, client, login_as, make_user, make_challenge, make_capability, held_fits):
    make_challenge(make_user("packaging"), **SEAL, language="es")
    capability = make_capability(make_user("photonics"), **THERMOGRAPHY, language="de")
    app.config["INLINE_REFIT_LIMIT"] = 0
    login_as(make_user("organiser"))
    for url in ("/matches/", "/matches/matrix"):
        response = client.get(url)
        assert response.status_code == 200
        assert NOTICE in response.get_data(as_text=True) and capability.title not in response.get_data(as_text=True)
    held_fits.set()
    index_cache().refit_in_background().join(20)
    assert capability.title in client.get("/matches/").get_data(as_text=True)
