"""Say why a pair matches: the concepts and words that add most to its score, in the reader's language."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matchmaker.matching.analysis import fold
from matchmaker.matching.concepts import ConceptSpace
from matchmaker.matching.features import Bags

#: At most this many reasons, and none weaker than this share of the strongest one.
MAX_REASONS = 4
MIN_SHARE = 0.15
LINK = " ↔ "


def explain_pair(
    challenge_row: sp.csr_matrix,
    capability_row: sp.csr_matrix,
    challenge_bags: Bags,
    space: ConceptSpace,
    columns: dict,
    language: str,
) -> tuple[str, ...]:
    """Reasons such as 'seal quality ↔ thermography' or 'oxygen in the headspace', strongest first.

    Character n-grams are left out: they help the score but mean nothing to a reader.
    """
    product = challenge_row.multiply(capability_row).tocsr()
    n_words, n_chars = columns["n_words"], columns["n_chars"]
    names = columns.setdefault("word_names", _invert(columns["words"]))
    direct = space.direct(space.counts([challenge_bags.concepts]))
    borrowed, source = space.expanded(direct)
    direct, borrowed, source = direct[0], space.expansion * borrowed[0], source[0]
    reasons: dict[str, float] = {}
    for column, value in zip(product.indices, product.data):
        if value <= 0:
            continue
        if column < n_words:
            stem = names[column]
            text = challenge_bags.surface.get(stem, stem)
        elif column >= n_words + n_chars:
            concept = column - n_words - n_chars
            text = _concept_text(concept, direct, borrowed, source, space, language)
        else:
            continue
        key = fold(text)
        reasons[key] = reasons.get(key, 0.0) + float(value)
        reasons.setdefault("\0" + key, text)  # remember the first spelling of each reason
    ranked = sorted((k for k in reasons if not k.startswith("\0")), key=lambda k: (-reasons[k], k))
    if not ranked:
        return ()
    floor = MIN_SHARE * reasons[ranked[0]]
    return tuple(reasons["\0" + k] for k in ranked[:MAX_REASONS] if reasons[k] >= floor)


def _concept_text(concept: int, direct, borrowed, source, space: ConceptSpace, language: str) -> str:
    concepts = space.vocabulary.concepts
    label = concepts[space.ids[concept]].label(language)
    if borrowed[concept] > direct[concept] and source[concept] >= 0:
        problem = concepts[space.ids[int(source[concept])]].label(language)
        return f"{problem}{LINK}{label}"
    return label


def _invert(columns: dict[str, int]) -> np.ndarray:
    names = np.empty(len(columns), dtype=object)
    for name, column in columns.items():
        names[column] = name
    return names
