"""The shared concept language: concept vectors with problem->technology expansion, and the domain factor."""

from __future__ import annotations

from collections import Counter
from typing import Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from matchmaker.matching import blocks
from matchmaker.matching.vocabulary import FEATURE_KINDS, Vocabulary

#: A problem linked to more than LINK_SPREAD² technologies spreads its links: each weight is scaled by
#: min(1, LINK_SPREAD / sqrt(links)), so a generic problem ("visual defects") does not lend full weight to
#: every camera and sorter that exists.
LINK_SPREAD = 2.0
#: How far a borrowed technology's weight follows its own rarity (idf / mean idf) among the documents,
#: as a named one does; 0 borrows at the problem's weight alone.
BORROWED_IDF = 1.0


class ConceptSpace:
    """Columns for the feature concepts, their idf, and how challenges borrow linked technologies."""

    def __init__(self, vocabulary: Vocabulary, kind_weights: Mapping[str, float], expansion: float) -> None:
        self.vocabulary = vocabulary
        self.ids = [c.id for c in vocabulary.concepts.values() if c.kind in FEATURE_KINDS]
        self.column = {id_: i for i, id_ in enumerate(self.ids)}
        self.kind_weight = np.array([kind_weights[vocabulary.concepts[c].kind] for c in self.ids])
        self.expansion = expansion
        links = [
            (self.column[p], self.column[t], w)
            for p, targets in vocabulary.links.items()
            for t, w in targets
            if p in self.column and t in self.column
        ]
        fan_out = Counter(problem for problem, _, _ in links)
        self.links = [(p, t, w * min(1.0, LINK_SPREAD / np.sqrt(fan_out[p]))) for p, t, w in links]
        self.idf = np.ones(len(self.ids))
        self._borrow_scale = np.ones(len(self.ids))

    def counts(self, bags: Sequence[Counter]) -> sp.csr_matrix:
        """Documents x feature concepts, raw weights."""
        rows = blocks.RowBuilder(dict(self.column), grow=False)
        for bag in bags:
            rows.add(bag)
        return rows.matrix()

    def direct(self, counts: sp.csr_matrix) -> np.ndarray:
        """Dense documents x concepts: sublinear tf x idf x kind weight, before expansion."""
        return (blocks.sublinear(counts).toarray() * self.idf) * self.kind_weight

    def expanded(self, direct: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Borrowed technology weights (max over linked problems) and, per cell, the problem they came from."""
        borrowed = np.zeros_like(direct)
        source = np.full(direct.shape, -1, np.int64)
        for problem, technology, weight in self.links:
            offer = direct[:, problem] * (weight * self._borrow_scale[technology])
            better = offer > borrowed[:, technology]
            borrowed[better, technology] = offer[better]
            source[better, technology] = problem
        return borrowed, source

    def vectors(self, counts: sp.csr_matrix, n_challenges: int) -> sp.csr_matrix:
        """Unit concept vectors (fits idf); the first `n_challenges` rows get linked technologies added."""
        self.idf = blocks.smooth_idf(counts)
        self._borrow_scale = (self.idf / self.idf.mean()) ** BORROWED_IDF
        weights = self.direct(counts)
        borrowed, _ = self.expanded(weights[:n_challenges])
        weights[:n_challenges] += self.expansion * borrowed
        return blocks.l2_rows(sp.csr_matrix(weights))

    @staticmethod
    def domain_factors(domains: Sequence[tuple[float, float]], penalty: float) -> np.ndarray:
        """1 for food and packaging offers, down to 1 - penalty for offers written for other fields.

        `domains` holds (food and product mentions, other-field mentions) per capability.
        """
        food = np.array([d[0] for d in domains], dtype=float).reshape(-1)
        elsewhere = np.array([d[1] for d in domains], dtype=float).reshape(-1)
        return 1.0 - penalty * elsewhere / (elsewhere + food + 1.0)
