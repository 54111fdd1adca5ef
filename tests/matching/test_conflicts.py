"""Corrections from what texts say a solution must be or is for: requirement conflicts and specific offers."""

from types import MappingProxyType

import numpy as np
import pytest
import scipy.sparse as sp

from matchmaker.matching.analysis import Analyzer
from matchmaker.matching.documents import Document
from matchmaker.matching.engine import MatchIndex, Settings
from matchmaker.matching.features import document_bags
from matchmaker.matching.fitting import _conflicts, _other_targets
from matchmaker.matching.vocabulary import Concept, ConceptMatcher, Vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def analysis():
    analyzer = Analyzer()
    return analyzer, ConceptMatcher(load_vocabulary(), analyzer)


def traits(analysis, text, language, *, capability):
    bags = document_bags(Document("X", "", text, language=language), *analysis, read_limits=capability)
    return sorted(bags.requires), sorted(bags.properties)


def test_conflicts_go_from_requirements_to_properties_with_weights_in_unit_interval():
    vocabulary = load_vocabulary()
    assert vocabulary.conflicts
    for requirement, targets in vocabulary.conflicts.items():
        assert vocabulary.concepts[requirement].kind == "requirement"
        for prop, weight in targets:
            assert vocabulary.concepts[prop].kind == "property"
            assert 0 < weight <= 1


def test_ruled_out_takes_the_strongest_conflict_and_a_negated_property_in_full():
    kinds = {"r1": "requirement", "r2": "requirement", "p1": "property", "p2": "property"}
    vocabulary = Vocabulary(
        concepts=MappingProxyType({c: Concept(c, k, MappingProxyType({"en": c})) for c, k in kinds.items()}),
        terms=MappingProxyType({}),
        conflicts=MappingProxyType({"r1": (("p1", 0.5), ("p2", 0.25)), "r2": (("p1", 0.75),)}),
    )
    assert vocabulary.ruled_out({"r1", "r2"}) == {"p1": 0.75, "p2": 0.25}
    assert vocabulary.ruled_out({"r1", "p2"}) == {"p1": 0.5, "p2": 1.0}
    assert vocabulary.ruled_out(set()) == {}


@pytest.mark.parametrize(
    ("text", "language", "requires"),
    [
        ("Nous voulons mesurer la fraîcheur sans ouvrir la barquette.", "fr", ["destructive", "req_non_destructive"]),
        ("Wir wollen den Sauerstoff messen, ohne Zusatzteile in der Flasche.", "de",
         ["in_pack_element", "req_nothing_in_pack"]),
        ("Buscamos un marcado permanente sin consumibles.", "es", ["consumables", "req_no_consumables"]),
        ("Every pack must be checked at line speed.", "en", ["req_inline"]),
    ],
)
def test_a_challenge_requires_what_it_names_and_the_absence_of_what_it_negates(analysis, text, language, requires):
    assert traits(analysis, text, language, capability=False) == (requires, [])


def test_an_offer_that_negates_a_property_does_not_have_it(analysis):
    found = traits(analysis, "No needle, no sample gas and nothing placed inside the pack.", "en", capability=True)
    assert found == (["destructive", "in_pack_element"], [])


def test_a_property_stated_in_a_limit_counts_as_a_property(analysis):
    found = traits(analysis, "Limits: each pack must receive a sensor spot before filling.", "en", capability=True)
    assert found == ([], ["in_pack_element"])


def test_a_requirement_named_in_a_limit_is_not_claimed(analysis):
    found = traits(analysis, "Our sensor spots are read through the film. It cannot work inline.", "en",
                   capability=True)
    assert found == ([], ["in_pack_element"])


def test_conflict_columns_multiply_to_minus_strength_times_the_weight():
    counts = sp.csr_matrix(np.array([[0.5, 0.0, 1.0], [1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]))  # 1 challenge, 2 offers
    columns = _conflicts(counts, n_left=1, strength=0.25)
    assert columns.tolist() == [[-0.125, -0.25], [1.0, 0.0], [0.0, 1.0]]  # no challenge rules out property 1
    assert (columns[:1] @ columns[1:].T).tolist() == [[-0.125, -0.25]]
    assert _conflicts(counts, n_left=1, strength=0.0).shape == (3, 0)


CHALLENGE = Document(
    "C", "Residual oxygen in every cheese pack",
    "We pack cheese under modified atmosphere and want to know the residual oxygen of every pack "
    "without opening it or adding anything to it.", language="en")
SPOTS = Document(
    "P-spots", "Optical oxygen sensor spots for cheese packs",
    "Our luminescent oxygen sensor spots read the residual oxygen of cheese packs through the film. "
    "A sensor spot is placed inside each pack before sealing.", language="en")
INLINE = Document(
    "P-inline", "Benchtop oxygen analyser for cheese packs",
    "Our analyser reads the residual oxygen of cheese packs through the film. It is a benchtop unit, "
    "also available as an inline version for every pack.", language="en")


def test_an_offer_with_a_ruled_out_property_loses_exactly_the_conflict_strength():
    penalised = MatchIndex.fit([CHALLENGE], [SPOTS, INLINE], Settings(conflict=0.05))
    plain = MatchIndex.fit([CHALLENGE], [SPOTS, INLINE], Settings(conflict=0.0))
    assert plain.score("C", "P-spots") > 0.06  # so the penalised score is not clipped at 0
    assert penalised.score("C", "P-spots") == pytest.approx(plain.score("C", "P-spots") - 0.05, abs=1e-6)


def test_an_offer_that_claims_the_requirement_is_not_held_to_the_property_it_rules_out():
    penalised = MatchIndex.fit([CHALLENGE], [SPOTS, INLINE], Settings(conflict=0.05))
    plain = MatchIndex.fit([CHALLENGE], [SPOTS, INLINE], Settings(conflict=0.0))
    assert penalised.score("C", "P-inline") == plain.score("C", "P-inline")  # benchtop, but inline too


# -- offers specific to other packs or foods ---------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        ("Wall thickness gauge for glass bottles", ["bottle", "glass"]),
        ("Laser coding for food and beverage packaging", []),  # a title about food in general is generic
        ("Terahertz thickness measurement of coatings", []),
    ],
)
def test_the_headline_is_what_a_specific_title_names(analysis, title, headline):
    document = Document("P", title, "We measure thickness on the line.", language="en")
    assert sorted(document_bags(document, *analysis, read_limits=True).headline) == headline


def test_target_columns_take_the_share_of_title_targets_the_challenge_does_not_name():
    targets = sp.csr_matrix(np.array([
        [1.0, 0.0, 1.0],  # challenge naming targets 0 and 2
        [0.0, 0.0, 0.0],  # challenge naming none
        [0.5, 0.5, 0.0],  # offer whose title names targets 0 and 1
        [0.0, 0.0, 0.0],  # generic offer
    ]))
    columns = _other_targets(targets, n_left=2, strength=0.25)
    assert (columns[:2] @ columns[2:].T).tolist() == [[-0.125, 0.0], [0.0, 0.0]]
    assert _other_targets(targets, n_left=2, strength=0.0).shape == (4, 0)


SHELLS = Document("C", "Chocolate shells too thin",
                  "Our pralines have chocolate shells that are sometimes too thin and the filling leaks. "
                  "We need to measure the shell thickness.", language="en")
GLASS = Document("P-glass", "Wall thickness gauge for glass bottles",
                 "Confocal sensors measure the wall thickness of glass bottles on the line.", language="en")
COATINGS = Document("P-coatings", "Terahertz thickness measurement of coatings",
                    "Terahertz pulses measure the thickness of coatings and shells, including chocolate.",
                    language="en")


def test_an_offer_specific_to_another_material_loses_the_strength_and_a_generic_one_nothing():
    specific = MatchIndex.fit([SHELLS], [GLASS, COATINGS], Settings(other_target=0.04))
    plain = MatchIndex.fit([SHELLS], [GLASS, COATINGS], Settings(other_target=0.0))
    assert plain.score("C", "P-glass") > plain.score("C", "P-coatings")
    assert specific.score("C", "P-glass") == pytest.approx(plain.score("C", "P-glass") - 0.04, abs=1e-6)
    assert specific.score("C", "P-coatings") == plain.score("C", "P-coatings")
    assert specific.score("C", "P-glass") < specific.score("C", "P-coatings")


def test_an_offer_specific_to_what_the_challenge_names_loses_nothing():
    jars = Document("C-jars", "Thin walls in glass bottles", "Some glass bottles have thin walls.", language="en")
    specific = MatchIndex.fit([jars], [GLASS, COATINGS], Settings(other_target=0.04))
    plain = MatchIndex.fit([jars], [GLASS, COATINGS], Settings(other_target=0.0))
    assert specific.score("C-jars", "P-glass") == plain.score("C-jars", "P-glass")
