"""Say why a pair matches: the concepts and words that add most to its score, in the reader's language.

Everything an explanation reads is prepared once at fit time (`Evidence`), so explaining a pair is two
sorted-index intersections and a few labels, well under a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matchmaker.matching.analysis import fold
from matchmaker.matching.concepts import ConceptSpace
from matchmaker.matching.lexicon import PIVOT, packaged_lexicon

#: At most this many reasons, and none weaker than this share of the strongest one (but at least
#: MIN_REASONS when the pair shares that many things).
MAX_REASONS = 4
MIN_REASONS = 2
MIN_SHARE = 0.15
LINK = " ↔ "
#: Shared words shorter than this are not shown.
MIN_WORD = 3
#: Reasons are shown by tier, then by weight: what the need and the offer are about (problems and
#: technologies, named or linked) before the foods and packs they share, before plain shared words.
_TIERS = {"problem": 0, "technology": 0, "object": 1, "product": 1}
_WORD_TIER = 2


@dataclass(frozen=True)
class Evidence:
    """The readable parts of the pair vectors (weighted word stems and concepts), kept from fitting.

    `surface` holds, per challenge and stem column, 1 + the index in `surface_words` of the stem's first
    spelling in that challenge; `link_source` the problem a challenge borrowed each technology from
    (-1 where the technology was not borrowed or was named directly with more weight).
    Character n-grams are left out: they help the score but mean nothing to a reader.
    """

    stems: np.ndarray
    left_words: sp.csr_matrix
    right_words: sp.csr_matrix
    left_concepts: sp.csr_matrix
    right_concepts: sp.csr_matrix
    surface: sp.csr_matrix
    surface_words: np.ndarray
    link_source: np.ndarray


def names(columns: dict[str, int]) -> np.ndarray:
    """The inverse of a column map: names[column] = term."""
    inverse = np.empty(len(columns), dtype=object)
    for name, column in columns.items():
        inverse[column] = name
    return inverse


def explain_pair(evidence: Evidence, row: int, col: int, space: ConceptSpace, language: str) -> tuple[str, ...]:
    """Reasons such as 'seal quality ↔ thermography' or 'oxygen in the headspace': problems and technologies first."""
    reasons: dict[str, float] = {}
    spelling: dict[str, str] = {}
    tiers: dict[str, int] = {}

    def add(text: str, value: float, tier: int) -> None:
        key = fold(text)
        reasons[key] = reasons.get(key, 0.0) + value
        spelling.setdefault(key, text)  # concepts come first: their labels are spelled with care
        tiers[key] = min(tiers.get(key, tier), tier)

    concepts, values = _shared(evidence.left_concepts, evidence.right_concepts, row, col)
    for concept, value in zip(concepts, values):
        source = int(evidence.link_source[row, concept])
        tier = _TIERS[space.vocabulary.concepts[space.ids[int(concept)]].kind]
        add(_concept_text(int(concept), source, space, language), float(value), tier)
    words, values = _shared(evidence.left_words, evidence.right_words, row, col)
    surface = _row(evidence.surface, row)
    spelled = surface[1][np.searchsorted(surface[0], words)] if len(words) else words
    lexicon = packaged_lexicon()
    for stem_column, surface_id, value in zip(words, spelled, values):
        stem = evidence.stems[stem_column]
        if len(stem) < MIN_WORD:
            continue  # units and abbreviations ("mm", "kg") say nothing to a reader
        # A word shared through the lexicon is named in the reader's language when the lexicon says how.
        word = lexicon.word(stem, language) if stem.startswith(PIVOT) and language else None
        add(word or (evidence.surface_words[surface_id - 1] if surface_id > 0 else stem), float(value), _WORD_TIER)
    strongest = sorted(reasons, key=lambda key: (-reasons[key], key))
    if not strongest:
        return ()
    floor = MIN_SHARE * reasons[strongest[0]]
    kept = [key for i, key in enumerate(strongest[:MAX_REASONS]) if i < MIN_REASONS or reasons[key] >= floor]
    kept.sort(key=lambda key: (tiers[key], -reasons[key], key))
    return tuple(spelling[key] for key in kept)


def _row(matrix: sp.csr_matrix, row: int) -> tuple[np.ndarray, np.ndarray]:
    start, stop = matrix.indptr[row], matrix.indptr[row + 1]
    return matrix.indices[start:stop], matrix.data[start:stop]


def _shared(left: sp.csr_matrix, right: sp.csr_matrix, row: int, col: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns both rows use with a positive product, ascending, and those products."""
    (a, a_values), (b, b_values) = _row(left, row), _row(right, col)
    columns, in_a, in_b = np.intersect1d(a, b, assume_unique=True, return_indices=True)
    products = a_values[in_a] * b_values[in_b]
    positive = products > 0
    return columns[positive], products[positive]


def _concept_text(concept: int, source: int, space: ConceptSpace, language: str) -> str:
    concepts = space.vocabulary.concepts
    label = concepts[space.ids[concept]].label(language)
    if source >= 0:
        return f"{concepts[space.ids[source]].label(language)}{LINK}{label}"
    return label
