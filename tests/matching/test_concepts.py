from types import MappingProxyType

import numpy as np
import pytest
import scipy.sparse as sp

from matchmaker.matching.concepts import LINK_SPREAD, ConceptSpace
from matchmaker.matching.vocabulary import Concept, Vocabulary

KIND_WEIGHTS = {"technology": 1.0, "problem": 1.0, "object": 0.4, "product": 0.5}


def make_vocabulary(links: dict[str, list[tuple[str, float]]], kinds: dict[str, str]) -> Vocabulary:
    concepts = {id_: Concept(id_, kind, MappingProxyType({"en": id_})) for id_, kind in kinds.items()}
    return Vocabulary(
        concepts=MappingProxyType(concepts),
        terms=MappingProxyType({}),
        links=MappingProxyType({p: tuple(t) for p, t in links.items()}),
    )


def test_a_problem_with_few_links_lends_them_in_full_and_a_generic_one_spreads_them():
    technologies = [f"t{i}" for i in range(9)]
    kinds = {"narrow": "problem", "generic": "problem", **dict.fromkeys(technologies, "technology")}
    links = {"narrow": [("t0", 0.8), ("t1", 0.5)], "generic": [(t, 0.9) for t in technologies]}
    space = ConceptSpace(make_vocabulary(links, kinds), KIND_WEIGHTS, expansion=0.6)
    weights = {(space.ids[p], space.ids[t]): w for p, t, w in space.links}
    assert weights[("narrow", "t0")] == 0.8
    assert weights[("narrow", "t1")] == 0.5
    assert weights[("generic", "t4")] == pytest.approx(0.9 * LINK_SPREAD / 3.0)


def test_a_rare_technology_is_borrowed_with_more_weight_than_a_common_one():
    kinds = {"leaks": "problem", "rare": "technology", "common": "technology"}
    space = ConceptSpace(make_vocabulary({"leaks": [("rare", 1.0), ("common", 1.0)]}, kinds), KIND_WEIGHTS, 0.6)
    column = space.column
    # one challenge naming the problem; four capabilities, all naming "common", one naming "rare"
    rows = [{"leaks": 1.0}, {"common": 1.0}, {"common": 1.0}, {"common": 1.0}, {"common": 1.0, "rare": 1.0}]
    counts = sp.csr_matrix(
        np.array([[row.get(id_, 0.0) for id_ in space.ids] for row in rows])
    )
    vectors = space.vectors(counts, n_challenges=1).toarray()
    assert vectors[0, column["rare"]] > vectors[0, column["common"]] > 0
    borrowed, source = space.expanded(space.direct(counts[:1]))
    assert source[0, column["rare"]] == column["leaks"]
    assert borrowed[0, column["rare"]] / borrowed[0, column["common"]] == pytest.approx(
        space.idf[column["rare"]] / space.idf[column["common"]]
    )
