import pytest

from matchmaker.matching.analysis import Analyzer, tokens
from matchmaker.matching.vocabulary import KINDS, ConceptMatcher, load_vocabulary


@pytest.fixture(scope="module")
def matcher():
    return ConceptMatcher(load_vocabulary(), Analyzer())


def concepts_in(matcher, text, language):
    words = tokens(text)
    return {concept for concept, _ in matcher.find(words, matcher_stems(words, language), language)}


def matcher_stems(words, language, _analyzer=Analyzer()):
    return _analyzer.stems(words, language)


def test_every_concept_has_a_kind_labels_in_four_languages_and_terms():
    vocabulary = load_vocabulary()
    named = {concept for concept, _ in vocabulary.terms}
    for concept in vocabulary.concepts.values():
        assert concept.kind in KINDS
        assert all(concept.labels[lang] for lang in ("en", "es", "fr", "de"))
        assert concept.id in named, concept.id


def test_links_go_to_technologies():
    vocabulary = load_vocabulary()
    for targets in vocabulary.links.values():
        for technology, weight in targets:
            assert vocabulary.concepts[technology].kind == "technology"
            assert 0 < weight <= 1


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Siegelnahtprüfung nach der Siegelstation", "de"),
        ("inspección de la soldadura de las bolsas", "es"),
        ("contrôle des soudures des sachets", "fr"),
        ("heat seal inspection of pouches", "en"),
    ],
)
def test_seal_wording_in_each_language_maps_to_one_concept(matcher, text, language):
    assert "seal_integrity" in concepts_in(matcher, text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Restsauerstoff im Kopfraum", "de"),
        ("oxígeno residual en el espacio de cabeza", "es"),
        ("l'oxygène résiduel dans l'espace de tête", "fr"),
        ("residual oxygen in the headspace", "en"),
    ],
)
def test_headspace_oxygen_in_each_language(matcher, text, language):
    assert "residual_oxygen" in concepts_in(matcher, text, language)


def test_german_compounds_are_split_by_wildcards(matcher):
    found = concepts_in(matcher, "Fremdkörperdetektion mit Wärmebildkameras", "de")
    assert {"foreign_body", "thermography"} <= found


def test_terms_of_another_language_do_not_fire(matcher):
    assert "residual_oxygen" not in concepts_in(matcher, "Restsauerstoff", "en")


def test_matching_uses_stems_so_plurals_match(matcher):
    assert "cracks" in concepts_in(matcher, "fêlure sur un bocal", "fr")
    assert "cracks" in concepts_in(matcher, "fêlures sur des bocaux", "fr")
