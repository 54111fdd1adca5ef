"""Fitting's lean paths give the same vectors and evidence as the plain ones, bit for bit."""

import numpy as np
import pytest

from matchmaker.matching import blocks, fitting
from matchmaker.matching.analysis import Analyzer
from matchmaker.matching.documents import Document
from matchmaker.matching.engine import MatchIndex, Settings
from matchmaker.matching.features import document_bags
from matchmaker.matching.vocabulary import ConceptMatcher, load_vocabulary

WORDS = ["seal", "leak", "oxygen", "thermography", "pouch", "laser", "glass", "crack", "film", "label",
         "Siegelnaht", "fuga", "verre", "sachet", "Folie"]
SMALL = Settings(word_rank=4, char_rank=6, rank_sample=50, keep_words=5, keep_chars=30)


def documents(prefix, n, seed):
    rng = np.random.default_rng(seed)
    return [Document(f"{prefix}{i:03d}", " ".join(rng.choice(WORDS, 3)), " ".join(rng.choice(WORDS, 12)) + f" code{i}",
                     language=["en", "de"][i % 2]) for i in range(n)]


def fitted(settings):
    index = MatchIndex.fit(documents("C", 40, 1), documents("P", 70, 2), settings)
    evidence = index._evidence
    return [index._left, index._right, evidence.link_source] + [
        array for name in ("left_words", "right_words", "left_concepts", "right_concepts")
        for array in (getattr(evidence, name).data, getattr(evidence, name).indices, getattr(evidence, name).indptr)]


def test_characters_made_again_and_small_blocks_give_the_same_index(monkeypatch):
    expected = fitted(SMALL)
    monkeypatch.setattr(blocks, "HOLD_BYTES", 0)
    monkeypatch.setattr(blocks, "TRIM_ROWS", 7)
    monkeypatch.setattr(fitting, "BLOCK_ROWS", 9)
    found = fitted(SMALL)
    assert all(a.dtype == b.dtype and np.array_equal(a, b) for a, b in zip(found, expected))


@pytest.mark.parametrize("split", [1, 3, 5])
def test_the_language_offset_of_blocks_side_by_side_equals_that_of_one_block_even_one_column_wide(split):
    rng = np.random.default_rng(split)
    text = rng.standard_normal((30, 6))
    languages = list(rng.choice(["en", "de", "fr"], 30))
    whole = fitting._language_prior([text], languages, n_left=12, strength=0.7)
    parts = fitting._language_prior([text[:, :split], text[:, split:]], languages, n_left=12, strength=0.7)
    assert np.array_equal(parts, whole)


def test_fitting_leaves_the_rows_as_they_were_so_a_second_fit_gives_the_same_vectors():
    vocabulary = load_vocabulary()
    analyzer, rows = Analyzer(), fitting.Rows(vocabulary)
    matcher = ConceptMatcher(vocabulary, analyzer)
    challenges, capabilities = documents("C", 30, 3), documents("P", 30, 4)
    for side, is_challenge in ((challenges, True), (capabilities, False)):
        for document in side:
            rows.add(document_bags(document, analyzer, matcher, read_limits=not is_challenge), challenge=is_challenge)
    stems = rows.stems.matrix().copy()
    first = fitting.fit_vectors(rows, len(challenges), vocabulary, SMALL)
    assert (rows.stems.matrix() != stems).nnz == 0 and np.array_equal(rows.stems.matrix().indices, stems.indices)
    second = fitting.fit_vectors(rows, len(challenges), vocabulary, SMALL)
    assert np.array_equal(first.left, second.left) and np.array_equal(first.right, second.right)
    assert np.array_equal(first.evidence.surface.toarray(), second.evidence.surface.toarray())
