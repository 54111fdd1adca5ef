from types import MappingProxyType

import numpy as np
import scipy.sparse as sp

from matchmaker.matching.concepts import ConceptSpace
from matchmaker.matching.explanations import Evidence, explain_pair
from matchmaker.matching.vocabulary import Concept, Vocabulary

LABELS = {
    "seal": {"en": "seal quality", "de": "Siegelnahtqualität"},
    "thermo": {"en": "thermography", "de": "Thermografie"},
    "cheese": {"en": "cheese", "de": "Käse"},
}
KINDS = {"seal": "problem", "thermo": "technology", "cheese": "product"}


def make_space() -> ConceptSpace:
    concepts = {c: Concept(c, KINDS[c], MappingProxyType(LABELS[c])) for c in KINDS}
    vocabulary = Vocabulary(MappingProxyType(concepts), MappingProxyType({}), MappingProxyType({}))
    return ConceptSpace(vocabulary, {"technology": 1.0, "problem": 1.0, "object": 0.4, "product": 0.5}, 0.6)


def make_evidence(concepts: list[float], words: list[float], borrowed_from: int = -1) -> Evidence:
    """One challenge and one capability; the capability has weight 1 on everything."""
    stems = np.array(["pack", "mm", "line"], dtype=object)
    return Evidence(
        stems=stems,
        left_words=sp.csr_matrix([words]),
        right_words=sp.csr_matrix([[1.0] * len(stems)]),
        left_concepts=sp.csr_matrix([concepts]),
        right_concepts=sp.csr_matrix([[1.0] * len(KINDS)]),
        surface=sp.csr_matrix([[1, 2, 3]]),
        surface_words=np.array(["packs", "mm", "line"], dtype=object),
        link_source=np.array([[-1, borrowed_from, -1]], dtype=np.int16),
    )


def test_problem_and_technology_come_before_products_and_shared_words():
    evidence = make_evidence([0.5, 0.3, 0.9], [1.0, 2.0, 0.0], borrowed_from=0)
    assert explain_pair(evidence, 0, 0, make_space(), "en") == (
        "seal quality",
        "seal quality ↔ thermography",
        "cheese",
        "packs",
    )


def test_reasons_are_labelled_in_the_readers_language():
    evidence = make_evidence([0.5, 0.3, 0.9], [1.0, 0.0, 0.0], borrowed_from=0)
    assert explain_pair(evidence, 0, 0, make_space(), "de") == (
        "Siegelnahtqualität",
        "Siegelnahtqualität ↔ Thermografie",
        "Käse",
        "packs",
    )


def test_a_weak_second_reason_is_still_shown_but_a_weak_third_is_not():
    evidence = make_evidence([0.0, 0.0, 1.0], [0.05, 0.0, 0.04])
    assert explain_pair(evidence, 0, 0, make_space(), "en") == ("cheese", "packs")
