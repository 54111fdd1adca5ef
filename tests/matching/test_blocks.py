"""The TF-IDF blocks against the plain steps they replace: same numbers, same entry order, bit for bit."""

from collections import Counter

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st

from matchmaker.matching import blocks


def plain_keep_strongest(matrix, keep):
    """The reference: one lexsort over every entry, strongest first, then by column."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    chosen = order[np.arange(len(order)) - matrix.indptr[rows[order]] < keep]
    return sp.csr_matrix((matrix.data[chosen], (rows[chosen], matrix.indices[chosen])), shape=matrix.shape)


def plain_tfidf(counts, idf, keep):
    """The reference: sublinear tf, a product with the diagonal of idf, the plain trim, `l2_rows`."""
    weighted = sp.csr_matrix(blocks.sublinear(counts) @ sp.diags(idf))
    if keep is not None and np.diff(weighted.indptr).max(initial=0) > keep:
        weighted = plain_keep_strongest(weighted, keep)
    return blocks.l2_rows(weighted)


def char_ngrams(word, low, high):
    """sklearn's `char_wb` n-grams of one word: padded with a space each side."""
    padded = f" {word} "
    return [padded[start:start + n] for n in range(low, high + 1) for start in range(len(padded) - n + 1)]


def plain_ngram_matrix(words, low, high):
    """One Counter of n-grams per word, columns numbered as they first appear."""
    columns: dict[str, int] = {}
    rows = [Counter(char_ngrams(word, low, high)) for word in sorted(words, key=words.__getitem__)]
    indices = [columns.setdefault(gram, len(columns)) for row in rows for gram in row]
    data = [float(count) for row in rows for count in row.values()]
    indptr = np.cumsum([0] + [len(row) for row in rows])
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), len(columns))), columns


def same_csr(a, b):
    fields = ("data", "indices", "indptr")
    return a.shape == b.shape and all(np.array_equal(getattr(a, f), getattr(b, f)) for f in fields)


def tied_counts(rng, n_rows, n_columns, per_row, fractions=False):
    """Counts with many equal weights, so that ties at the keep-th weight are common; some below 1 if asked."""
    lengths = rng.integers(0, per_row + 1, n_rows)
    indices = np.concatenate([[], *(rng.choice(n_columns, n, replace=False) for n in lengths)]).astype(np.int32)
    data = rng.integers(1, 4, lengths.sum()).astype(float)
    if fractions:
        data[rng.random(len(data)) < 0.3] = 0.2
    return sp.csr_matrix((data, indices, np.concatenate([[0], np.cumsum(lengths)])), shape=(n_rows, n_columns))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 40), st.integers(1, 30), st.integers(1, 12), st.integers(1, 7), st.integers(0, 10_000))
def test_keep_strongest_equals_one_lexsort(n_rows, n_columns, keep, block_rows, seed):
    counts = tied_counts(np.random.default_rng(seed), n_rows, n_columns, min(n_columns, 20))
    expected = plain_keep_strongest(counts, keep) if np.diff(counts.indptr).max(initial=0) > keep else counts
    assert same_csr(blocks.keep_strongest(counts, keep, block_rows), expected)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 50), st.integers(1, 40), st.sampled_from([None, 1, 4, 9, 100]), st.booleans(),
       st.sampled_from([1, 3, 1024]), st.integers(0, 10_000))
def test_tfidf_equals_the_plain_steps_and_leaves_the_counts_alone(n_rows, n_columns, keep, fractions, trim_rows,
                                                                  seed):
    rng = np.random.default_rng(seed)
    counts = tied_counts(rng, n_rows, n_columns, min(n_columns, 25), fractions)
    before = counts.copy()
    idf = blocks.smooth_idf(counts)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blocks, "TRIM_ROWS", trim_rows)
        assert same_csr(blocks.tfidf(counts, idf, keep), plain_tfidf(counts, idf, keep))
    assert same_csr(counts, before)


@pytest.mark.parametrize("keep", [None, 3, 25, 10_000])
@pytest.mark.parametrize(("block_rows", "trim_rows"), [(1, 1), (7, 5), (1000, 1024)])
def test_tfidf_of_product_in_blocks_equals_the_whole_matrix(keep, block_rows, trim_rows, monkeypatch):
    monkeypatch.setattr(blocks, "TRIM_ROWS", trim_rows)
    rng = np.random.default_rng(5)
    rows, terms = tied_counts(rng, 60, 40, 12), tied_counts(rng, 40, 90, 15)
    counts = sp.csr_matrix(rows @ terms)
    expected = plain_tfidf(counts, blocks.smooth_idf(counts), keep)
    assert same_csr(blocks.tfidf_of_product(rows, terms, keep, block_rows=block_rows), expected)


@pytest.mark.parametrize("n_left", [0, 1, 13, 59, 60])
def test_tfidf_of_product_keeps_the_shared_columns_the_projection_keeps(n_left):
    rng = np.random.default_rng(8)
    rows, terms = tied_counts(rng, 60, 40, 12), tied_counts(rng, 40, 90, 15)
    whole = blocks.tfidf_of_product(rows, terms, 25)
    left = np.bincount(whole[:n_left].indices, minlength=whole.shape[1]) > 0
    right = np.bincount(whole[n_left:].indices, minlength=whole.shape[1]) > 0
    expected = whole[:, np.flatnonzero(left & right)].tocsr()
    assert same_csr(blocks.tfidf_of_product(rows, terms, 25, block_rows=7, n_left=n_left), expected)


@pytest.mark.parametrize("n_left", [None, 0, 17, 60])
def test_rows_made_again_equal_the_held_rows(n_left, monkeypatch):
    monkeypatch.setattr(blocks, "TRIM_ROWS", 8)
    rng = np.random.default_rng(9)
    rows, terms = tied_counts(rng, 60, 40, 12), tied_counts(rng, 40, 90, 15)
    held = blocks.tfidf_of_product(rows, terms, 25, n_left=n_left)
    made = blocks.tfidf_of_product(rows, terms, 25, n_left=n_left, hold=0)
    assert isinstance(made, blocks.ProductRows) and made.shape == held.shape
    assert same_csr(made[0:60], held)
    assert same_csr(made[3:21], held[3:21])
    picked = np.array([59, 0, 31, 31, 7])
    assert same_csr(made[picked], held[picked])


def test_a_block_without_long_rows_is_held_whatever_its_size():
    rng = np.random.default_rng(4)
    rows, terms = tied_counts(rng, 30, 20, 3), tied_counts(rng, 20, 50, 2)
    assert isinstance(blocks.tfidf_of_product(rows, terms, 10_000, hold=0), sp.csr_matrix)


words_of = st.lists(st.text(alphabet=st.sampled_from(list("abcé1 ") + ["ß", "\u0301", "中"]), max_size=9),
                    max_size=30).map(lambda words: {w: i for i, w in enumerate(dict.fromkeys(words))})


@settings(max_examples=80, deadline=None)
@given(words_of, st.integers(1, 4), st.integers(0, 3))
@example({}, 3, 2)
@example({"": 0, "a": 1}, 3, 0)  # no window at all
@example({"ab": 0, "a": 1, "abab": 2, "fêlure": 3, "x": 4, "aaaaaa": 5, "zz9": 6}, 3, 2)
def test_word_ngram_matrix_equals_one_counter_per_word(words, low, extra):
    matrix, grams = blocks.word_ngram_matrix(words, low, low + extra)
    expected, columns = plain_ngram_matrix(words, low, low + extra)
    assert list(grams.items()) == list(columns.items())
    assert same_csr(matrix, expected)


@pytest.mark.parametrize(("alphabet", "low", "high"), [
    ([chr(c) for c in range(0x4E00, 0x4E00 + 7000)], 3, 5),  # 7,000 letters: a 5-gram no longer fits 62 bits
    (list("abcdefghijklmnopqrstuvwxyz0123456789"), 3, 14),  # nor does a 14-gram of 36 letters
])
def test_word_ngram_matrix_renumbers_windows_too_long_for_one_integer(alphabet, low, high):
    rng = np.random.default_rng(3)
    words = {"".join(rng.choice(alphabet, rng.integers(1, 16))): 0 for _ in range(2500)}
    words = {word: i for i, word in enumerate(words)}
    assert (len(set("".join(words) + " ")) + 1) ** high >= 2**62
    matrix, grams = blocks.word_ngram_matrix(words, low, high)
    expected, columns = plain_ngram_matrix(words, low, high)
    assert list(grams.items()) == list(columns.items())
    assert same_csr(matrix, expected)


def test_row_builder_keeps_positive_weights_in_bag_order_and_only_known_columns_unless_growing():
    grown, fixed = blocks.RowBuilder(), blocks.RowBuilder({"b": 0, "a": 1}, grow=False)
    for bag in ({"a": 2.0, "c": 0.0, "b": 1.0}, {}, {"d": 3.0, "a": -1.0, "b": 0.5}):
        grown.add(bag)
        fixed.add(bag)
    assert grown.columns == {"a": 0, "b": 1, "d": 2}
    assert grown.matrix().toarray().tolist() == [[2.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.5, 3.0]]
    assert grown.matrix().indices.tolist() == [0, 1, 2, 1]
    assert fixed.columns == {"b": 0, "a": 1}
    assert fixed.matrix().indices.tolist() == [1, 0, 0]
    assert fixed.matrix().data.tolist() == [2.0, 1.0, 0.5]


def test_in_threads_returns_results_in_order():
    assert blocks.in_threads(lambda n: n * n, range(50)) == [n * n for n in range(50)]
    assert blocks.in_threads(lambda n: n, []) == []
