"""Sparse TF-IDF blocks built from weighted bags: words, character n-grams of words, and concepts.

Every block uses sublinear term frequency (1 + log tf), smooth idf fitted on both sides together,
keeps each row's strongest `keep` features (so products stay sparse on large corpora) and is L2-normalised.
Large blocks are made a block of rows at a time on all cores (numpy and scipy release the GIL), each row
the same number for number as from the whole matrix at once.
"""

from __future__ import annotations

import os
from array import array
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp

DTYPE = np.float64
#: Rows trimmed at once per core: their full counts (about 1,200 n-grams a document) stay near 15 MB.
TRIM_ROWS = 1024
#: A trimmed character block larger than this (about 70,000 documents at 300 n-grams) is made again
#: when it is projected rather than held: memory then stays flat as the corpus grows, for one more pass.
HOLD_BYTES = 256 * 2**20


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


def keep_strongest(matrix: sp.csr_matrix, keep: int | None, block_rows: int | None = None, *,
                   always: bool = False) -> sp.csr_matrix:
    """Zero all but each row's `keep` largest weights (ties broken by column, deterministically).

    Rows come back with sorted columns, unless no row has more than `keep` weights and not `always`.
    """
    matrix = matrix.tocsr()
    if keep is None or (not always and np.diff(matrix.indptr).max(initial=0) <= keep):
        return matrix
    kept = _select(matrix, _strongest(matrix.data, matrix.indices, matrix.indptr, keep, block_rows))
    kept.sort_indices()
    return kept


def _strongest(data: np.ndarray, columns: np.ndarray, indptr: np.ndarray, keep: int,
               block_rows: int | None = None) -> np.ndarray:
    """Mask of each row's `keep` largest entries; of entries equal to the keep-th, those of lowest column win.

    Only rows longer than `keep` are looked at, a block at a time: a partition of the block padded to its
    longest row finds each row's keep-th weight, and only the entries equal to it are sorted.
    """
    if keep <= 0:
        return np.zeros(len(data), bool)
    kept = np.ones(len(data), bool)
    lengths = np.diff(indptr)
    long_rows = np.flatnonzero(lengths > keep)
    if not len(long_rows):
        return kept
    step = block_rows or max(1, 2**20 // int(lengths[long_rows].max()))  # padded blocks of 8 MB
    for first in range(0, len(long_rows), step):
        rows = long_rows[first:first + step]
        sizes = lengths[rows]
        local = np.repeat(np.arange(len(rows)), sizes)
        place = np.arange(len(local)) - (np.cumsum(sizes) - sizes)[local]
        if rows[-1] - rows[0] == len(rows) - 1:  # consecutive rows, as usual: their entries are one slice
            entries = np.s_[indptr[rows[0]]:indptr[rows[-1] + 1]]
            at = np.arange(entries.start, entries.stop)
        else:
            at = entries = indptr[rows][local] + place
        values = data[entries]
        width = int(sizes.max())
        padded = np.full(len(rows) * width, -np.inf)
        padded[local * width + place] = values
        kth = np.partition(padded.reshape(len(rows), width), width - keep, axis=1)[:, width - keep][local]
        del padded, place
        above = values > kth
        tied = np.flatnonzero(values == kth)
        tied = tied[np.lexsort((columns[at[tied]], local[tied]))]  # per row, by column
        tied_rows = local[tied]
        rank = np.arange(len(tied)) - np.searchsorted(tied_rows, tied_rows)
        room = keep - np.bincount(local[above], minlength=len(rows))
        kept[entries] = above
        kept[at[tied[rank < room[tied_rows]]]] = True
    return kept


def _select(matrix: sp.csr_matrix, kept: np.ndarray) -> sp.csr_matrix:
    """The entries of `matrix` under the mask `kept`, in their order."""
    kept = np.flatnonzero(kept)
    indptr = np.searchsorted(kept, matrix.indptr)
    return sp.csr_matrix((matrix.data[kept], matrix.indices[kept], indptr), shape=matrix.shape)


def l2_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Scale every non-empty row to unit length."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


def tfidf(counts: sp.csr_matrix, idf: np.ndarray, keep: int | None, *, trim: bool | None = None) -> sp.csr_matrix:
    """Sublinear tf times idf, strongest `keep` per row, unit rows.

    `trim` says whether any row of the whole matrix has more than `keep` terms, when `counts` is one block
    of it (trimming also sorts each row's terms, which decides the order in which its norm is summed).
    Trimming runs a block of rows at a time on all cores.
    """
    lengths = np.diff(counts.indptr)
    if trim is None:
        trim = keep is not None and lengths.max(initial=0) > keep
    if not trim or keep is None:
        return l2_rows(sp.csr_matrix(sublinear(counts) @ sp.diags(idf)))
    return _fill_rows(lambda start: _trimmed_tfidf(counts[start:start + TRIM_ROWS], idf, keep),
                      np.minimum(lengths, keep), counts.shape[1], TRIM_ROWS)


def _trimmed_tfidf(counts: sp.csr_matrix, idf: np.ndarray, keep: int) -> sp.csr_matrix:
    """`tfidf` with trimming, computed in the arrays of `counts` (which it takes over) without copies.

    The result is the same, number for number and in the same order, as `l2_rows` of the trimmed weights:
    each row's norm summed over its terms by column, and the row then listed by descending column.
    """
    data = counts.data
    big = data >= 1.0
    if big.all():  # as usual: no copies in and out
        np.log(data, out=data)
        data += 1.0
    else:
        data[big] = 1.0 + np.log(data[big])
    data *= idf[counts.indices]
    matrix = _select(counts, _strongest(data, counts.indices, counts.indptr, keep))
    del counts, data, big
    matrix.sort_indices()
    data, indptr = matrix.data, matrix.indptr
    lengths = np.diff(indptr)
    filled = np.flatnonzero(lengths)
    norms = np.zeros(len(lengths))
    norms[filled] = np.add.reduceat(data * data, indptr[filled]) if len(filled) else 0.0
    norms = np.sqrt(norms)
    norms[norms == 0] = 1.0
    rows = np.repeat(np.arange(len(lengths)), lengths)
    data *= (1.0 / norms)[rows]
    backwards = indptr[rows] + indptr[rows + 1] - 1 - np.arange(len(data))  # each row by descending column
    return sp.csr_matrix((data[backwards], matrix.indices[backwards], indptr), shape=matrix.shape)


def tfidf_of_product(rows: sp.csr_matrix, terms: sp.csr_matrix, keep: int | None, *, block_rows: int = 4096,
                     n_left: int | None = None, hold: int | None = None) -> "sp.csr_matrix | ProductRows":
    """`tfidf` of the counts `rows @ terms` with smooth idf, a block of rows at a time, on all cores.

    The full count matrix (documents x character n-grams) is far larger than the result, which keeps
    `keep` terms per row, so it is never held whole: a first pass over blocks finds document frequencies
    and row lengths, a second writes the weights straight into the result. Each row's result is the same
    as from the whole matrix. With `n_left`, only the columns `dense.shared_columns` would keep are
    returned (the rest never reach a pair's score). A trimmed result larger than `hold` bytes (default
    `HOLD_BYTES`) is not stored but returned as `ProductRows`, which makes rows again whenever asked.
    """
    n_rows, n_terms = rows.shape[0], terms.shape[1]
    frequency, lengths = np.zeros(n_terms, np.int64), np.zeros(n_rows, np.int64)
    starts = range(0, n_rows, TRIM_ROWS)

    def survey(start: int) -> tuple[np.ndarray, np.ndarray]:
        counts = sp.csr_matrix(rows[start:start + TRIM_ROWS] @ terms)
        return np.bincount(counts.indices, minlength=n_terms), np.diff(counts.indptr)

    for start, (found, sizes) in zip(starts, in_threads(survey, starts)):
        frequency += found
        lengths[start:start + len(sizes)] = sizes
    idf = np.log((1.0 + n_rows) / (1.0 + frequency)) + 1.0
    # Untrimmed rows are made in blocks of `block_rows` as they always were: the order in which `l2_rows`
    # sums a row's norm can depend on the other rows of its block (on whether they are all sorted).
    if keep is None or lengths.max(initial=0) <= keep:
        matrix = _fill_rows(lambda start: tfidf(sp.csr_matrix(rows[start:start + block_rows] @ terms), idf, keep,
                                                trim=False), lengths, n_terms, block_rows)
        return matrix if n_left is None else _shared_only(matrix, n_left)
    product = ProductRows(rows, terms, idf, keep, np.arange(n_terms))
    np.minimum(lengths, keep, out=lengths)
    if lengths.sum() * (DTYPE().itemsize + 4) > (HOLD_BYTES if hold is None else hold):
        return product if n_left is None else ProductRows(rows, terms, idf, keep, product.shared(n_left))
    matrix = _fill_rows(lambda start: product[start:start + TRIM_ROWS], lengths, n_terms, TRIM_ROWS)
    return matrix if n_left is None else _shared_only(matrix, n_left)


class ProductRows:
    """Rows of the trimmed `tfidf` of `rows @ terms` over the given columns, made on demand by slice or index array.

    What trimming keeps of a row depends only on its counts, `idf` and `keep`, so any row comes out the
    same whatever block it is made in.
    """

    dtype = DTYPE

    def __init__(self, rows: sp.csr_matrix, terms: sp.csr_matrix, idf: np.ndarray, keep: int,
                 columns: np.ndarray) -> None:
        self._rows, self._terms, self._idf, self._keep = rows, terms, idf, keep
        self._renumber = np.full(terms.shape[1], -1, np.int64)
        self._renumber[columns] = np.arange(len(columns))
        self._all = len(columns) == terms.shape[1]
        self.shape = (rows.shape[0], len(columns))

    def __getitem__(self, which) -> sp.csr_matrix:
        if isinstance(which, slice):
            which = np.arange(*which.indices(self.shape[0]))
        if len(which) > TRIM_ROWS:  # the full counts of many rows are large: make them a block at a time
            return sp.vstack([self[which[start:start + TRIM_ROWS]] for start in range(0, len(which), TRIM_ROWS)],
                             format="csr")
        trimmed = _trimmed_tfidf(sp.csr_matrix(self._rows[which] @ self._terms), self._idf, self._keep)
        if self._all:
            return trimmed
        columns = self._renumber[trimmed.indices]
        kept = np.flatnonzero(columns >= 0)
        indptr = np.searchsorted(kept, trimmed.indptr)
        return sp.csr_matrix((trimmed.data[kept], columns[kept].astype(np.int32), indptr),
                             shape=(trimmed.shape[0], self.shape[1]))

    def shared(self, n_left: int) -> np.ndarray:
        """Columns that rows before `n_left` and rows from it both use (one pass over all rows, none kept)."""

        def used(start: int) -> np.ndarray:
            part = self[start:start + TRIM_ROWS]
            split = part.indptr[min(max(n_left - start, 0), part.shape[0])]
            sides = np.zeros((2, self.shape[1]), bool)
            sides[0, part.indices[:split]] = True
            sides[1, part.indices[split:]] = True
            return sides

        sides = np.zeros((2, self.shape[1]), bool)
        for part in in_threads(used, range(0, self.shape[0], TRIM_ROWS)):
            sides |= part
        return np.flatnonzero(sides[0] & sides[1])


def _fill_rows(part: Callable[[int], sp.csr_matrix], lengths: np.ndarray, n_columns: int,
               block_rows: int) -> sp.csr_matrix:
    """Rows made a block at a time on all cores (`part(start)`), each written into one matrix allocated up front."""
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    data, indices = np.empty(indptr[-1], DTYPE), np.empty(indptr[-1], np.int32)

    def fill(start: int) -> None:
        rows = part(start)
        where = slice(indptr[start], indptr[start + rows.shape[0]])
        if rows.nnz != where.stop - where.start:
            raise AssertionError("a block of rows has other lengths than counted")
        data[where], indices[where] = rows.data, rows.indices

    in_threads(fill, range(0, len(lengths), block_rows))
    return sp.csr_matrix((data, indices, indptr), shape=(len(lengths), n_columns))


def _shared_only(matrix: sp.csr_matrix, n_left: int, block_entries: int = 2**22) -> sp.csr_matrix:
    """`matrix[:, dense.shared_columns(matrix, n_left)]`, moving entries down in place rather than copying."""
    split = matrix.indptr[n_left]
    used = [np.bincount(part, minlength=matrix.shape[1]) > 0 for part in (matrix.indices[:split],
                                                                         matrix.indices[split:])]
    shared = used[0] & used[1]
    if shared.all():
        return matrix
    renumber = np.cumsum(shared, dtype=np.int64) - 1
    data, indices, indptr = matrix.data, matrix.indices, matrix.indptr
    kept = np.zeros(matrix.shape[0] + 1, np.int64)
    written = 0
    step = max(1, block_entries // max(int(np.diff(indptr).max(initial=1)), 1))
    for first in range(0, matrix.shape[0], step):
        last = min(first + step, matrix.shape[0])
        where = slice(indptr[first], indptr[last])
        mask = shared[indices[where]]
        size = int(mask.sum())
        data[written:written + size] = data[where][mask]
        indices[written:written + size] = renumber[indices[where][mask]]
        local = np.repeat(np.arange(last - first), np.diff(indptr[first:last + 1]))
        kept[first + 1:last + 1] = np.bincount(local[mask], minlength=last - first)
        written += size
    return sp.csr_matrix((data[:written], indices[:written], np.cumsum(kept)),
                         shape=(matrix.shape[0], int(shared.sum())))


def in_threads(function: Callable, items: Sequence) -> list:
    """`list(map(function, items))` on the cores this process may use: numpy and scipy release the GIL."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if min(cores, len(items)) <= 1:
        return list(map(function, items))
    with ThreadPoolExecutor(min(cores, len(items))) as pool:
        return list(pool.map(function, items))


def word_ngram_matrix(words: dict[str, int], low: int, high: int) -> tuple[sp.csr_matrix, dict[str, int]]:
    """words x n-grams counts, so that (documents x words) @ this = documents x n-grams, computed per word once.

    Columns are numbered in order of first appearance and each row lists its n-grams in that order, as
    counting sklearn's `char_wb` n-grams word by word would. Only the column names are made as strings: every window
    of the padded words is an integer key (`_window_keys`), and one stable sort of the keys numbers the
    n-grams and finds the repeats within a word.
    """
    ordered = sorted(words, key=words.__getitem__)
    text = "".join(f" {word} " for word in ordered)
    lengths = np.array([len(word) + 2 for word in ordered], np.int64)
    n_sizes = max(high - low + 1, 0)
    per_size = np.clip(lengths[:, None] - np.arange(low, high + 1) + 1, 0, None).ravel()  # windows per word, size
    if not per_size.sum():
        return sp.csr_matrix((len(ordered), 0), dtype=DTYPE), {}
    # One window per (word, size, start), in that order (int32: a window's segment and where it starts in `text`).
    segment = np.repeat(np.arange(len(per_size), dtype=np.int32), per_size)
    shift = np.repeat(np.cumsum(lengths) - lengths, n_sizes) - (np.cumsum(per_size) - per_size)
    start = np.arange(len(segment), dtype=np.int32)
    start += shift.astype(np.int32)[segment]
    keys = _window_keys(text, low, high)[segment % n_sizes, start]
    by_key = np.argsort(keys, kind="stable")  # equal n-grams together, each in order of appearance
    keys = keys[by_key]
    new_gram = np.empty(len(keys), bool)
    new_gram[0], new_gram[1:] = True, keys[1:] != keys[:-1]
    del keys
    firsts = by_key[new_gram]  # where each distinct n-gram first appears
    in_order = np.argsort(firsts)
    number = np.empty(len(firsts), np.int32)  # n-grams are numbered in order of first appearance
    number[in_order] = np.arange(len(firsts), dtype=np.int32)
    firsts = firsts[in_order]
    grams = {text[at:at + n]: i for i, (at, n) in enumerate(zip(start[firsts].tolist(),
                                                              (low + segment[firsts] % n_sizes).tolist()))}
    del start, firsts, in_order
    # A window is kept, with the length of its run, if it is the first of its n-gram in its word.
    owners = segment[by_key] // n_sizes
    kept = new_gram.copy()
    kept[1:] |= owners[1:] != owners[:-1]
    del owners
    group = np.cumsum(new_gram, dtype=np.int32) - 1
    del new_gram
    runs = np.flatnonzero(kept)
    at = by_key[runs]
    ids = number[group[runs]]
    del group, by_key
    runs = np.diff(runs, append=len(kept)).astype(np.int32)
    in_word, counts, columns = np.zeros(len(kept), bool), np.empty(len(kept), np.int32), np.empty(len(kept), np.int32)
    in_word[at], counts[at], columns[at] = True, runs, ids
    del at, runs, ids, kept
    owner = segment[in_word] // n_sizes
    indptr = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=len(ordered)))])
    return sp.csr_matrix((counts[in_word].astype(DTYPE), columns[in_word], indptr),
                         shape=(len(ordered), len(grams))), grams


def _window_keys(text: str, low: int, high: int) -> np.ndarray:
    """(sizes x characters) int64: at [n - low, i] a key of text[i:i + n], equal only for equal strings of any size.

    Characters are numbered 1..A in a compact alphabet and a window is read as a number in base A + 1, which
    fits int64 for the usual alphabets; if it would not, windows are renumbered size by size (and offset so
    sizes stay apart). Windows that run past the end are -1.
    """
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    present = np.zeros(int(points.max(initial=0)) + 1, np.int64)
    present[points] = 1
    codes = np.cumsum(present)[points]  # 1..A
    base = int(present.sum()) + 1
    direct = base ** high < 2**62
    keys = np.full((high - low + 1, len(codes)), -1, np.int64)
    window, offset = codes, 0
    for n in range(1, high + 1):
        if n > 1:
            if not direct and window.max(initial=0) > (2**62) // base:
                window = np.unique(window, return_inverse=True)[1].astype(np.int64) + 1
            window = window[:-1] * base + codes[n - 1:]
        if n >= low:
            if direct:  # a key in [base**(n-1), base**n): sizes never meet
                keys[n - low, :len(window)] = window
            else:
                local = np.unique(window, return_inverse=True)[1]
                keys[n - low, :len(window)] = local + offset
                offset += int(local.max(initial=-1)) + 1
    return keys
