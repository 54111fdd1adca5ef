"""Sparse TF-IDF blocks built from weighted bags: words, character n-grams of words, and concepts.

Every block uses sublinear term frequency (1 + log tf), smooth idf fitted on both sides together,
keeps each row's strongest `keep` features (so products stay sparse on large corpora) and is L2-normalised.
"""

from __future__ import annotations

from array import array
from collections import Counter
from typing import Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp

DTYPE = np.float64


def count_matrix(bags: Sequence[Counter], columns: dict[str, int]) -> sp.csr_matrix:
    """Rows of weights; unseen terms get new columns appended to `columns`."""
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for bag in bags:
        for term, weight in bag.items():
            if weight > 0:
                indices.append(columns.setdefault(term, len(columns)))
                data.append(weight)
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.asarray(data, DTYPE), np.asarray(indices, np.int32), np.asarray(indptr, np.int64)),
        shape=(len(bags), len(columns)),
    )


class RowBuilder:
    """Collects weighted bags row by row in compact arrays, so large corpora need no list of dicts."""

    def __init__(self, columns: dict[str, int] | None = None, grow: bool = True) -> None:
        self.columns = {} if columns is None else columns
        self.grow = grow
        self._indices, self._data, self._indptr = array("i"), array("d"), array("q", [0])

    def add(self, bag: Mapping[str, float]) -> None:
        columns = self.columns
        for term, weight in bag.items():
            if weight > 0 and (self.grow or term in columns):
                self._indices.append(columns.setdefault(term, len(columns)))
                self._data.append(weight)
        self._indptr.append(len(self._indices))

    def matrix(self) -> sp.csr_matrix:
        return sp.csr_matrix(
            (np.frombuffer(self._data, DTYPE), np.frombuffer(self._indices, np.int32),
             np.frombuffer(self._indptr, np.int64)),
            shape=(len(self._indptr) - 1, len(self.columns)),
        )


def sublinear(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """1 + log(tf) for tf >= 1; weights below 1 (damped mentions) are kept as they are."""
    matrix = matrix.copy()
    big = matrix.data >= 1.0
    matrix.data[big] = 1.0 + np.log(matrix.data[big])
    return matrix


def smooth_idf(matrix: sp.csr_matrix) -> np.ndarray:
    """sklearn's smooth idf: log((1 + n) / (1 + df)) + 1."""
    document_frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    return np.log((1.0 + matrix.shape[0]) / (1.0 + document_frequency)) + 1.0


def keep_strongest(matrix: sp.csr_matrix, keep: int | None, block_rows: int = 2048, *,
                   always: bool = False) -> sp.csr_matrix:
    """Zero all but each row's `keep` largest weights (ties broken by column, deterministically).

    Rows come back with sorted columns, unless no row has more than `keep` weights and not `always`.

    Vectorised per block of rows: a partition finds each row's keep-th weight, and only the entries equal
    to it are sorted (by column), so no sort runs over every entry.
    """
    matrix = matrix.tocsr()
    if keep is None or (not always and np.diff(matrix.indptr).max(initial=0) <= keep):
        return matrix
    parts = [_strongest(matrix[start:start + block_rows], keep) for start in range(0, matrix.shape[0], block_rows)]
    return sp.vstack(parts, format="csr")


def _strongest(part: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """`keep_strongest` of one block of rows, returned with sorted indices."""
    n_rows = part.shape[0]
    lengths = np.diff(part.indptr)
    rows = np.repeat(np.arange(n_rows), lengths)
    width = max(int(lengths.max(initial=0)), keep)
    padded = np.full((n_rows, width), -np.inf)
    padded[rows, np.arange(part.nnz) - part.indptr[rows]] = part.data
    kth = np.partition(padded, width - keep, axis=1)[:, width - keep]  # -inf for rows with fewer than keep
    del padded
    above = part.data > kth[rows]
    room = keep - np.bincount(rows[above], minlength=n_rows)
    tied = np.flatnonzero(part.data == kth[rows])
    tied = tied[np.lexsort((part.indices[tied], rows[tied]))]  # per row, by column
    tied_rows = rows[tied]
    place = np.arange(len(tied)) - np.searchsorted(tied_rows, np.arange(n_rows))[tied_rows]
    chosen = np.sort(np.concatenate([np.flatnonzero(above), tied[place < room[tied_rows]]]))
    return sp.csr_matrix((part.data[chosen], (rows[chosen], part.indices[chosen])), shape=part.shape)


def l2_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Scale every non-empty row to unit length."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


def tfidf(counts: sp.csr_matrix, idf: np.ndarray, keep: int | None, *, trim: bool | None = None) -> sp.csr_matrix:
    """Sublinear tf times idf, strongest `keep` per row, unit rows.

    `trim` says whether any row of the whole matrix has more than `keep` terms, when `counts` is one block
    of it (trimming also sorts each row's terms, which decides the order in which its norm is summed).
    """
    weighted = sp.csr_matrix(sublinear(counts) @ sp.diags(idf))
    if trim is False:
        return l2_rows(weighted)
    return l2_rows(keep_strongest(weighted, keep, always=bool(trim)))


def tfidf_of_product(rows: sp.csr_matrix, terms: sp.csr_matrix, keep: int | None, *, block_rows: int = 4096,
                     n_left: int | None = None) -> sp.csr_matrix:
    """`tfidf` of the counts `rows @ terms` with smooth idf, a block of rows at a time.

    The full count matrix (documents x character n-grams) is far larger than the result, which keeps
    `keep` terms per row, so it is computed twice in blocks (document frequencies, then weights) and
    never held whole. Each row's result is the same as from the whole matrix. With `n_left`, only the
    columns `dense.shared_columns` would keep are returned (the rest never reach a pair's score).
    """
    n_rows, n_terms = rows.shape[0], terms.shape[1]
    frequency = np.zeros(n_terms, np.int64)
    longest = 0
    for start in range(0, n_rows, block_rows):
        counts = sp.csr_matrix(rows[start:start + block_rows] @ terms)
        frequency += np.bincount(counts.indices, minlength=n_terms)
        longest = max(longest, int(np.diff(counts.indptr).max(initial=0)))
        del counts  # one block at a time: the whole count matrix is never held
    idf = np.log((1.0 + n_rows) / (1.0 + frequency)) + 1.0
    trim = keep is not None and longest > keep
    parts = [tfidf(sp.csr_matrix(rows[start:start + block_rows] @ terms), idf, keep, trim=trim)
             for start in range(0, n_rows, block_rows)]
    if n_left is not None:
        used = [np.zeros(n_terms, bool), np.zeros(n_terms, bool)]
        for start, part in zip(range(0, n_rows, block_rows), parts):
            split = min(max(n_left - start, 0), part.shape[0])
            used[0][part.indices[: part.indptr[split]]] = True
            used[1][part.indices[part.indptr[split]:]] = True
        shared = np.flatnonzero(used[0] & used[1])
        for number, part in enumerate(parts):
            parts[number] = part[:, shared]
    return stack_rows(parts, parts[0].shape[1] if parts else n_terms)


def stack_rows(parts: list[sp.csr_matrix], n_columns: int) -> sp.csr_matrix:
    """`sp.vstack` of CSR blocks, emptying `parts` as it goes so the blocks and the result are not all held."""
    sizes = [part.nnz for part in parts]
    data = np.empty(sum(sizes), DTYPE)
    indices = np.empty(sum(sizes), np.int32)
    indptr = [np.zeros(1, np.int64)]
    position = 0
    for number, size in enumerate(sizes):
        part = parts[number]
        data[position:position + size] = part.data
        indices[position:position + size] = part.indices
        indptr.append(part.indptr[1:].astype(np.int64) + position)
        position += size
        parts[number] = None
    n_rows = sum(len(p) for p in indptr) - 1
    return sp.csr_matrix((data, indices, np.concatenate(indptr)), shape=(n_rows, n_columns))


def char_ngrams(word: str, low: int, high: int) -> Iterable[str]:
    """The n-grams sklearn's `char_wb` analyzer takes from one word: padded with a space each side."""
    padded = f" {word} "
    for n in range(low, high + 1):
        for start in range(len(padded) - n + 1):
            yield padded[start:start + n]


def word_ngram_matrix(words: dict[str, int], low: int, high: int) -> tuple[sp.csr_matrix, dict[str, int]]:
    """words x n-grams counts, so that (documents x words) @ this = documents x n-grams, computed per word once.

    Columns are numbered in order of first appearance and each row lists its n-grams in that order, as
    `count_matrix` over one Counter per word would: all n-grams are numbered in one pass, counted with numpy.
    """
    grams: dict[str, int] = {}
    ordered = sorted(words, key=words.__getitem__)
    lengths = np.array([len(word) + 2 for word in ordered], np.int64)
    per_word = sum(np.clip(lengths - n + 1, 0, None) for n in range(low, high + 1)) if ordered else lengths
    flat = [f" {word} "[start:start + n] for word in ordered
            for n in range(low, high + 1) for start in range(len(word) + 3 - n)]
    number = grams.setdefault
    ids = np.fromiter((number(gram, len(grams)) for gram in flat), np.int64, len(flat))
    del flat
    owners = np.repeat(np.arange(len(ordered), dtype=np.int64), per_word)
    keys, first, counts = np.unique(owners * max(len(grams), 1) + ids, return_index=True, return_counts=True)
    in_order = np.argsort(first, kind="stable")
    keys, counts = keys[in_order], counts[in_order]
    rows = keys // max(len(grams), 1)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(ordered)))])
    matrix = sp.csr_matrix((counts.astype(DTYPE), (keys % max(len(grams), 1)).astype(np.int32), indptr),
                           shape=(len(ordered), len(grams)))
    return matrix, grams
