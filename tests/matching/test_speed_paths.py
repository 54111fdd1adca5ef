"""The fast paths of fitting and analysis against the plain versions they replace."""

import re
import unicodedata
from collections import Counter

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.matching import blocks, dense, vocabulary
from matchmaker.matching.analysis import Analyzer, fold, tokens
from matchmaker.matching.vocabulary import Concept, ConceptMatcher, Vocabulary


def plain_keep_strongest(matrix, keep):
    """The reference: one lexsort over every entry, strongest first, then by column."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    chosen = order[np.arange(len(order)) - matrix.indptr[rows[order]] < keep]
    return sp.csr_matrix((matrix.data[chosen], (rows[chosen], matrix.indices[chosen])), shape=matrix.shape)


def same_csr(a, b):
    return a.shape == b.shape and all(np.array_equal(getattr(a, f), getattr(b, f)) for f in ("data", "indices", "indptr"))


def tied_counts(rng, n_rows, n_columns, per_row):
    """Counts with many equal weights, so that ties at the keep-th weight are common."""
    lengths = rng.integers(0, per_row + 1, n_rows)
    indices = np.concatenate([[], *(rng.choice(n_columns, n, replace=False) for n in lengths)]).astype(np.int32)
    data = rng.integers(1, 4, lengths.sum()).astype(float)
    return sp.csr_matrix((data, indices, np.concatenate([[0], np.cumsum(lengths)])), shape=(n_rows, n_columns))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 40), st.integers(1, 30), st.integers(1, 12), st.integers(1, 7), st.integers(0, 10_000))
def test_keep_strongest_equals_one_lexsort(n_rows, n_columns, keep, block_rows, seed):
    counts = tied_counts(np.random.default_rng(seed), n_rows, n_columns, min(n_columns, 20))
    expected = plain_keep_strongest(counts, keep) if np.diff(counts.indptr).max(initial=0) > keep else counts
    assert same_csr(blocks.keep_strongest(counts, keep, block_rows), expected)


@pytest.mark.parametrize("keep", [None, 3, 25, 10_000])
@pytest.mark.parametrize("block_rows", [1, 7, 1000])
def test_tfidf_of_product_in_blocks_equals_the_whole_matrix(keep, block_rows):
    rng = np.random.default_rng(5)
    rows, terms = tied_counts(rng, 60, 40, 12), tied_counts(rng, 40, 90, 15)
    counts = sp.csr_matrix(rows @ terms)
    expected = blocks.tfidf(counts, blocks.smooth_idf(counts), keep)
    assert same_csr(blocks.tfidf_of_product(rows, terms, keep, block_rows=block_rows), expected)


def test_word_ngram_matrix_equals_one_counter_per_word():
    words = {w: i for i, w in enumerate(["ab", "a", "abab", "fêlure", "x", "aaaaaa", "zz9"])}
    grams: dict[str, int] = {}
    ordered = sorted(words, key=words.__getitem__)
    expected = blocks.count_matrix([Counter(blocks.char_ngrams(w, 3, 5)) for w in ordered], grams)
    matrix, found = blocks.word_ngram_matrix(words, 3, 5)
    assert list(found.items()) == list(grams.items())
    assert same_csr(matrix, expected)


SPECIAL_FOLDS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "’": "'"})


def plain_fold(text):
    text = text.lower().translate(SPECIAL_FOLDS)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([chr(c) for c in range(0x20, 0x3000) if not 0xD800 <= c < 0xE000]
                                        + list("aeEß \u0301\u0327"))))
def test_fold_run_by_run_equals_folding_the_whole_text(text):
    assert fold(text) == plain_fold(text)
    assert tokens(text) == re.findall(r"[^\W_]+", text.lower().translate(SPECIAL_FOLDS))


def test_fold_of_every_character_in_context():
    text = "".join(chr(c) + "e" + chr(c) + chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000)
    assert fold(text) == plain_fold(text)


def small_vocabulary(terms):
    concepts = {c: Concept(c, "technology", {"en": c, "es": c, "fr": c, "de": c}) for c, _, _ in terms}
    grouped: dict = {}
    for concept, language, term in terms:
        grouped[concept, language] = grouped.get((concept, language), ()) + (term,)
    return Vocabulary(concepts, grouped, {})


def test_wildcards_match_as_prefix_suffix_and_inside_compounds():
    matcher = ConceptMatcher(small_vocabulary([
        ("rontgen", "de", "röntgen*"), ("kamera", "de", "*kamera"), ("laser", "*", "*laser*"), ("uv", "*", "uv")
    ]), Analyzer())
    words = tokens("Röntgenprüfung mit Zeilenkamera und Kamerasystem, Laserscanner, Diodenlaser, UV")
    stems = Analyzer().stems(words, "de")
    assert matcher.find(words, stems, "de") == [
        ("rontgen", 0), ("kamera", 2), ("laser", 5), ("laser", 6), ("uv", 7)
    ]


def test_a_term_that_is_a_function_word_never_matches():
    matcher = ConceptMatcher(small_vocabulary([("label", "es", "de"), ("label", "es", "etiqueta de")]), Analyzer())
    words = tokens("control de calidad de la etiqueta de envase")
    assert matcher.find(words, Analyzer().stems(words, "es"), "es") == [("label", 5)]


def test_wildcard_terms_with_a_space_or_hyphen_are_rejected(monkeypatch):
    real_rows = vocabulary._rows

    def rows(name):
        found = real_rows(name)
        if name == "terms.tsv":
            concept = found[0][1][0]
            found = [*found, (999, [concept, "en", "x-ray*"])]
        return found

    monkeypatch.setattr(vocabulary, "_rows", rows)
    with pytest.raises(ValueError, match=r"terms.tsv:999: wildcard term 'x-ray\*'"):
        vocabulary.load_vocabulary.__wrapped__()


def scan_every_substring(matcher, word, language):
    """The reference for `_wild`: look up every substring of the folded word."""
    cores, folded, found = matcher._cores[language], fold(word), []
    for start in range(len(folded)):
        for stop in range(start + 1, len(folded) + 1):
            for concept, at_start, at_end in cores.get(folded[start:stop], ()):
                if (start == 0 or not at_start) and (stop == len(folded) or not at_end):
                    found.append(concept)
    return tuple(dict.fromkeys(found))


@pytest.mark.parametrize("language", ["es", "en", "fr", "de"])
def test_wildcard_index_finds_what_a_full_scan_finds(language):
    matcher = ConceptMatcher(vocabulary.load_vocabulary(), Analyzer())
    cores = sorted(matcher._cores[language]) or ["laser"]
    rng = np.random.default_rng(11)
    words = [cores[i] for i in rng.integers(0, len(cores), 200)]
    words += ["".join(cores[i] for i in rng.integers(0, len(cores), 3)) for _ in range(200)]
    words += ["x" + core[1:] + "ung" for core in cores[:100]] + ["Röntgenprüfstand", "a", ""]
    for word in words:
        assert matcher._wild(word, language) == scan_every_substring(matcher, word, language), word


@pytest.mark.parametrize("n_left", [0, 1, 13, 59, 60])
def test_tfidf_of_product_keeps_the_shared_columns_the_projection_keeps(n_left):
    rng = np.random.default_rng(8)
    rows, terms = tied_counts(rng, 60, 40, 12), tied_counts(rng, 40, 90, 15)
    whole = blocks.tfidf_of_product(rows, terms, 25)
    expected = whole[:, dense.shared_columns(whole, n_left)].tocsr()
    assert same_csr(blocks.tfidf_of_product(rows, terms, 25, block_rows=7, n_left=n_left), expected)
