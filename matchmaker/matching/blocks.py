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


def keep_strongest(matrix: sp.csr_matrix, keep: int | None, block_rows: int = 4096) -> sp.csr_matrix:
    """Zero all but each row's `keep` largest weights (ties broken by column, deterministically).

    Vectorised per block of rows, so the sort's index arrays stay small on large corpora.
    """
    matrix = matrix.tocsr()
    if keep is None or np.diff(matrix.indptr).max(initial=0) <= keep:
        return matrix
    parts = []
    for start in range(0, matrix.shape[0], block_rows):
        part = matrix[start:start + block_rows]
        rows = np.repeat(np.arange(part.shape[0]), np.diff(part.indptr))
        order = np.lexsort((part.indices, -part.data, rows))  # per row: strongest first, then by column
        chosen = order[np.arange(len(order)) - part.indptr[rows[order]] < keep]
        parts.append(sp.csr_matrix((part.data[chosen], (rows[chosen], part.indices[chosen])), shape=part.shape))
    return sp.vstack(parts, format="csr")


def l2_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Scale every non-empty row to unit length."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


def tfidf(counts: sp.csr_matrix, idf: np.ndarray, keep: int | None) -> sp.csr_matrix:
    """Sublinear tf times idf, strongest `keep` per row, unit rows."""
    weighted = sp.csr_matrix(sublinear(counts) @ sp.diags(idf))
    return l2_rows(keep_strongest(weighted, keep))


def char_ngrams(word: str, low: int, high: int) -> Iterable[str]:
    """The n-grams sklearn's `char_wb` analyzer takes from one word: padded with a space each side."""
    padded = f" {word} "
    for n in range(low, high + 1):
        for start in range(len(padded) - n + 1):
            yield padded[start:start + n]


def word_ngram_matrix(words: dict[str, int], low: int, high: int) -> tuple[sp.csr_matrix, dict[str, int]]:
    """words x n-grams counts, so that (documents x words) @ this = documents x n-grams, computed per word once."""
    grams: dict[str, int] = {}
    bags = [Counter(char_ngrams(word, low, high)) for word in sorted(words, key=words.__getitem__)]
    return count_matrix(bags, grams), grams
