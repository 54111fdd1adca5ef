"""Analysis in worker processes gives the index that in-process analysis gives, and falls back to it."""

import logging
import pickle
from collections import Counter
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pytest

from matchmaker.matching import parallel
from matchmaker.matching.documents import Document
from matchmaker.matching.engine import MatchIndex
from matchmaker.matching.vocabulary import load_vocabulary

CHALLENGES = [
    Document("C-seal", "Fugas en la soldadura de bolsas doypack",
             "Envasamos salsas en bolsas. Queda producto atrapado en la soldadura. Buscamos una inspección "
             "no destructiva, en línea y sin añadir nada al envase.", ("soldadura", "fugas"), "es"),
    Document("C-oxygen", "Restsauerstoff in Käseverpackungen messen",
             "Wir verpacken Käse unter Schutzatmosphäre und wollen den Sauerstoff im Kopfraum jeder Packung "
             "zerstörungsfrei prüfen. Glasflaschen und PET-Flaschen folgen."),
    Document("C-glass", "Verre: fissures des bouteilles",
             "Nous cherchons les fissures et les corps étrangers dans les bouteilles en verre, sans ouvrir.",
             language="fr"),
    Document("C-label", "Label checks on bottles", "Every label must be read inline; nothing added to the pack.",
             ("labels", "OCR")),
]
CAPABILITIES = [
    Document("P-thermo", "Thermographic seal inspection of pouches and trays",
             "Thermal cameras watch each heat seal as it cools; trapped product shows up. Limits: it cannot "
             "read black plastics and is not designed for glass.", ("thermography",), "en"),
    Document("P-tdlas", "Mesure laser de l'oxygène dans l'espace de tête",
             "Nos analyseurs par diode laser mesurent l'oxygène résiduel à travers l'emballage. Le système "
             "n'est pas adapté aux films opaques."),
    Document("P-spots", "Sensor spots for headspace oxygen",
             "A sensor spot placed inside each pack is read through the film; a benchtop reader is needed.",
             language="en"),
    Document("P-xray", "Röntgenprüfung von Glasbehältern",
             "Unsere Röntgenanlage erkennt Glassplitter in Gläsern und Flaschen. Für Metalldosen funktioniert "
             "die Methode nicht.", language="de"),
    Document("P-raman", "Espectroscopía Raman portátil",
             "Identificamos polímeros y adulterantes sin abrir el envase. No se puede medir a través de "
             "envases opacos.", language="es"),
]

#: Bags fields whose order decides column order in the index.
ORDERED = ("stems", "words", "concepts", "surface", "against")


def use_workers(monkeypatch) -> list:
    """From now on, every corpus goes to two workers in three-document chunks; returns the bags they send."""
    monkeypatch.setattr(parallel, "PARALLEL_MIN_DOCUMENTS", 1)
    monkeypatch.setattr(parallel, "CHUNK_DOCUMENTS", 3)
    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    sent = []
    real = parallel._in_workers

    def counted(*args):
        for bags in real(*args):
            sent.append(bags)
            yield bags

    monkeypatch.setattr(parallel, "_in_workers", counted)
    return sent


def assert_same_index(index, expected):
    assert np.array_equal(index.score_matrix(), expected.score_matrix())
    assert index.languages == expected.languages
    for challenge in index.challenge_ids:
        for capability in index.capability_ids:
            for lang in ("es", "en", "fr", "de"):
                assert index.explain(challenge, capability, lang) == expected.explain(challenge, capability, lang)
    assert index.top_pairs(k=20) == expected.top_pairs(k=20)


def test_analysis_in_worker_processes_gives_the_index_of_in_process_analysis(monkeypatch, caplog):
    expected = MatchIndex.fit(CHALLENGES, CAPABILITIES)
    sent = use_workers(monkeypatch)
    index = MatchIndex.fit(CHALLENGES, CAPABILITIES)
    assert len(sent) == len(CHALLENGES) + len(CAPABILITIES)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert_same_index(index, expected)


def test_small_corpora_are_analysed_in_process(monkeypatch):
    sent = use_workers(monkeypatch)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_DOCUMENTS", len(CHALLENGES) + len(CAPABILITIES) + 1)
    MatchIndex.fit(CHALLENGES, CAPABILITIES)
    assert sent == []


def test_workers_that_cannot_start_leave_the_analysis_in_process(monkeypatch, caplog):
    expected = MatchIndex.fit(CHALLENGES, CAPABILITIES)
    use_workers(monkeypatch)

    def refuse(*args, **kwargs):
        raise OSError("no processes left")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", refuse)
    index = MatchIndex.fit(CHALLENGES, CAPABILITIES)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        "analysing documents 0 to 9 in-process: worker processes failed (OSError('no processes left'))"]
    assert_same_index(index, expected)


def test_a_pool_that_breaks_midway_leaves_the_rest_to_in_process_analysis(monkeypatch, caplog):
    readings = [(d, False) for d in CHALLENGES] + [(d, True) for d in CAPABILITIES]
    vocabulary = load_vocabulary()
    expected = list(parallel.analyse(readings, vocabulary, lexicon=True))

    def breaks_after_four(readings, *args):
        yield from expected[:4]
        raise BrokenProcessPool("a worker died")

    monkeypatch.setattr(parallel, "PARALLEL_MIN_DOCUMENTS", 1)
    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    monkeypatch.setattr(parallel, "_in_workers", breaks_after_four)
    assert list(parallel.analyse(readings, vocabulary, lexicon=True)) == expected
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        "analysing documents 4 to 9 in-process: worker processes failed (BrokenProcessPool('a worker died'))"]


def test_bags_survive_pickling_with_their_order():
    readings = [(d, True) for d in CAPABILITIES]
    for bags in parallel.analyse(readings, load_vocabulary(), lexicon=True):
        copy = pickle.loads(pickle.dumps(bags))
        assert copy == bags
        assert [list(getattr(copy, f).items()) for f in ORDERED] == [list(getattr(bags, f).items()) for f in ORDERED]
        assert type(copy.stems) is Counter
