"""Exact top-k over dense embeddings, in row chunks, never holding the full N x M score matrix.

The score of a pair is its dot product a . b, computed exactly and clipped (see `dense`). Each chunk of scores is
first computed with float32 BLAS, whose error is at most `error_bound`; a vectorised comparison with a
lower bound of each row's (and column's) k-th best score keeps only a few candidates, and only those
are scored exactly and sorted. The bounds come from maxima over disjoint groups of a row (or of a column
within the chunk): if k groups all reach a value, k distinct entries do, one pass over the chunk each. Order is always: higher score first, then the smaller id (given as a
rank in id order), so results are identical to sorting the exact dense matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matchmaker.matching.dense import FLOOR, clip_scores, error_bound

#: Scores held at once: 50 M float32 entries = 200 MB.
CHUNK_ENTRIES = 50_000_000
#: Rows per chunk at most.
MAX_CHUNK_ROWS = 1024
#: Groups per row (and per column of a chunk) whose maxima give the first lower bound of the k-th best
#: score: GROUPS_PER_K * k groups, so the k-th largest maximum sits near the true k-th best.
GROUPS_PER_K = 4
#: The column pool is narrowed to its k best (plus ties near the bound) when it holds more than this many
#: candidates per column and k.
POOL_SLACK = 2
#: `top_pairs` bounds its first chunks by about ROW_SAMPLE * 2**20 sampled entries.
ROW_SAMPLE = 8


@dataclass(frozen=True)
class TopK:
    """Best partners per row: positions into the other side and their scores, best first."""

    positions: np.ndarray
    scores: np.ndarray


def pair_scores(left: np.ndarray, right: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Exact clipped scores of the pairs (left[rows[i]], right[cols[i]]), in batches to bound memory."""
    out = np.empty(len(rows), np.float64)
    step = max(1, 2**19 // max(left.shape[1], 1))  # operands of ~2 MB stay in cache
    for start in range(0, len(rows), step):
        stop = start + step
        np.einsum("ij,ij->i", left[rows[start:stop]], right[cols[start:stop]], dtype=np.float64,
                  out=out[start:stop])
    return clip_scores(out)


def _best_per_group(groups, others, scores, other_ranks, k, n_groups):
    """Per group, the k best (other, score) by score then rank, best first; short groups pad with (-1, -inf)."""
    order = np.lexsort((other_ranks[others], -scores, groups))
    groups, others, scores = groups[order], others[order], scores[order]
    place = np.arange(len(groups)) - np.searchsorted(groups, np.arange(n_groups))[groups]
    keep = place < k
    best = np.full((n_groups, k), -1, np.int64)
    best_scores = np.full((n_groups, k), -np.inf)
    best[groups[keep], place[keep]] = others[keep]
    best_scores[groups[keep], place[keep]] = scores[keep]
    return best, best_scores


def _threshold(bound, margin: float):
    """Least float32 score a candidate needs, given a lower bound of the k-th best exact score.

    Scores are clipped (`dense.clip_scores`): with a bound under FLOOR, zeros may tie into the top k, so all
    entries are candidates (-inf); a bound above 1 only says that the best scores are clipped to 1.
    """
    bound = np.asarray(bound, np.float64)
    return np.where(bound >= FLOOR, np.minimum(bound, 1.0) - margin, -np.inf).astype(np.float32)


def _descending_keys(groups: np.ndarray, values: np.ndarray) -> np.ndarray:
    """One int64 per entry ordering by group, then by float32 value descending: one sort instead of a lexsort."""
    bits = (-values.astype(np.float32) + np.float32(0.0)).view(np.uint32)  # + 0 turns -0.0 into 0.0
    bits = np.where(bits >> 31, ~bits, bits | np.uint32(2**31))  # IEEE order as unsigned order
    return (groups.astype(np.int64) << 32) | bits.astype(np.int64)


def _key_values(keys: np.ndarray) -> np.ndarray:
    """The float32 values that `_descending_keys` encoded."""
    bits = (keys & 0xFFFFFFFF).astype(np.uint32)
    bits = np.where(bits >> 31, bits & np.uint32(2**31 - 1), ~bits)
    return -bits.view(np.float32)


def _kth_per_group(groups, values, k, n_groups):
    """The k-th largest value per group (every group in 0..n_groups-1 has at least k values)."""
    keys = np.sort(_descending_keys(groups, values))
    starts = np.searchsorted(keys, np.arange(n_groups, dtype=np.int64) << 32)
    return _key_values(keys[starts + k - 1])


def _group_bound(maxima: np.ndarray, k: int, margin: float, axis: int) -> np.ndarray:
    """Lower bound of each line's k-th best exact score: k-th largest of maxima over disjoint groups, less margin.

    k disjoint groups whose maxima are all at least that value hold k distinct entries at least as large.
    """
    size = maxima.shape[axis]
    return np.partition(maxima, size - k, axis=axis).take(size - k, axis=axis).astype(np.float64) - margin


def _row_bound(chunk: np.ndarray, k: int, margin: float) -> np.ndarray:
    """Per row of the chunk, a lower bound of its k-th best exact score (-inf when rows are too short)."""
    width = chunk.shape[1]
    groups = min(width, GROUPS_PER_K * k)
    if k == 0 or groups < k:
        return np.full(len(chunk), -np.inf)
    maxima = np.maximum.reduceat(chunk, np.arange(groups) * (width // groups), axis=1)
    return _group_bound(maxima, k, margin, axis=1)


def _column_bound(chunk: np.ndarray, k: int, margin: float) -> np.ndarray:
    """Per column, a lower bound of its k-th best exact score from this chunk's rows (-inf if too few)."""
    groups = min(len(chunk), GROUPS_PER_K * k)
    if k == 0 or groups < k:
        return np.full(chunk.shape[1], -np.inf)
    size = len(chunk) // groups  # leading rows only, so the reshape is a view
    maxima = chunk[: groups * size].reshape(groups, size, chunk.shape[1]).max(axis=1)
    return _group_bound(maxima, k, margin, axis=0)


def _chunks(n_left: int, n_right: int, chunk_rows: int | None):
    """Row order (an even sample of rows first, so it gives good column bounds) and the chunk size."""
    size = chunk_rows or max(1, min(MAX_CHUNK_ROWS, CHUNK_ENTRIES // max(n_right, 1)))
    step = max(1, -(-n_left // size))
    first = np.arange(0, n_left, step)
    rest = np.setdiff1d(np.arange(n_left), first, assume_unique=True)
    return np.concatenate([first, rest]), size


def top_k_both_ways(
    left: np.ndarray,
    right: np.ndarray,
    k: int,
    left_ranks: np.ndarray,
    right_ranks: np.ndarray,
    chunk_rows: int | None = None,
) -> tuple[TopK, TopK]:
    """Top-k right rows for each left row and top-k left rows for each right row.

    Each chunk of `left @ right.T` is computed once and feeds both directions. Rows are finished within
    their chunk. Columns keep a pool of float32 candidates whose k-th value bounds which later entries can
    still enter; the pool is scored exactly at the end.
    """
    n_left, n_right = len(left), len(right)
    k_left, k_right = min(k, n_right), min(k, n_left)
    margin = error_bound(left, right)
    row_positions = np.zeros((n_left, k_left), np.int64)
    row_scores = np.zeros((n_left, k_left), np.float64)
    pool = _ColumnPool(n_right, k_right, margin)
    order, size = _chunks(n_left, n_right, chunk_rows)
    for start in range(0, n_left, size):
        rows = order[start:start + size]
        chunk = left[rows] @ right.T
        pool.raise_bound(_column_bound(chunk, k_right, margin))
        row_threshold = _threshold(_row_bound(chunk, k_left, margin), margin) if k_left else \
            np.full(len(rows), np.inf, np.float32)
        column_threshold = _threshold(pool.bound, margin)
        mask = chunk >= row_threshold[:, None]
        mask |= chunk >= column_threshold[None, :]
        flat = np.flatnonzero(mask.ravel())
        del mask
        local, cols = np.divmod(flat, n_right)
        values = chunk.ravel()[flat]
        del chunk
        if k_left:
            mine = values >= row_threshold[local]
            positions, scores = _rows_top_k(local[mine], cols[mine], values[mine], rows, left, right,
                                            right_ranks, k_left, margin)
            row_positions[rows], row_scores[rows] = positions, scores
        if k_right:
            mine = values >= column_threshold[cols]
            pool.add(cols[mine], rows[local[mine]], values[mine])
    column_rows, column_scores = pool.finish(left, right, left_ranks)
    return TopK(row_positions, row_scores), TopK(column_rows, column_scores)


def _rows_top_k(local, cols, values, rows, left, right, right_ranks, k, margin):
    """Exact top-k of every row of the chunk from its candidates: float32 k-th, then an exact sort near it."""
    # Every entry at or above the row's float32 k-th is a candidate, so this is the row's own k-th.
    kth = _kth_per_group(local, values, k, len(rows)).astype(np.float64)
    keep = values >= _threshold(kth - margin, margin)[local]
    local, cols = local[keep], cols[keep]
    scores = pair_scores(left, right, rows[local], cols)
    return _best_per_group(local, cols, scores, right_ranks, k, len(rows))


class _ColumnPool:
    """Float32 candidates per column, holding every entry that may still be in the column's top k."""

    def __init__(self, n_columns: int, k: int, margin: float) -> None:
        self.n, self.k, self.margin = n_columns, k, margin
        self.bound = np.full(n_columns, -np.inf if k else np.inf)
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._size = 0

    def raise_bound(self, bound: np.ndarray) -> None:
        """Take a better lower bound of each column's k-th best exact score where there is one."""
        np.maximum(self.bound, bound, out=self.bound)

    def add(self, cols: np.ndarray, rows: np.ndarray, values: np.ndarray) -> None:
        """Take new candidates; narrow the pool once it is well beyond k per column."""
        self._parts.append((cols, rows, values))
        self._size += len(cols)
        if self._size > POOL_SLACK * self.k * self.n:
            self._narrow()

    def _narrow(self) -> None:
        """Raise the bounds to the pool's k-th values and drop what fell below."""
        cols, rows, values = (np.concatenate(part) for part in zip(*self._parts))
        order = np.argsort(_descending_keys(cols, values))
        cols, rows, values = cols[order], rows[order], values[order]
        starts = np.searchsorted(cols, np.arange(self.n + 1))
        full = np.flatnonzero(np.diff(starts) >= self.k)
        self.bound[full] = np.maximum(self.bound[full], values[starts[full] + self.k - 1] - self.margin)
        keep = values >= _threshold(self.bound, self.margin)[cols]
        self._parts = [(cols[keep], rows[keep], values[keep])]
        self._size = int(keep.sum())

    def finish(self, left, right, left_ranks) -> tuple[np.ndarray, np.ndarray]:
        """Exact top-k per column from the pool."""
        if self.k == 0:
            return np.zeros((self.n, 0), np.int64), np.zeros((self.n, 0))
        if not self._parts:
            self._parts = [(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))]
        self._narrow()
        cols, rows, _ = self._parts[0]
        scores = pair_scores(left, right, rows, cols)
        return _best_per_group(cols, rows, scores, left_ranks, self.k, self.n)


def top_k_rows(
    queries: np.ndarray, right: np.ndarray, k: int, right_ranks: np.ndarray, margin: float | None = None
) -> TopK:
    """Exact top-k right rows for a few query rows (one user's ranking), best first.

    `margin` is `error_bound(queries, right)` or any larger value; pass it to skip the norms pass.
    """
    k = min(k, len(right))
    if k == 0 or len(queries) == 0:
        return TopK(np.zeros((len(queries), k), np.int64), np.zeros((len(queries), k)))
    margin = error_bound(queries, right) if margin is None else margin
    chunk = queries @ right.T
    kth = np.partition(chunk, chunk.shape[1] - k, axis=1)[:, chunk.shape[1] - k]
    local, cols = np.nonzero(chunk >= _threshold(kth.astype(np.float64) - margin, margin)[:, None])
    scores = pair_scores(queries, right, local, cols)
    positions, scores = _best_per_group(local, cols, scores, right_ranks, k, len(queries))
    return TopK(positions, scores)


def top_pairs(
    left: np.ndarray,
    right: np.ndarray,
    k: int,
    left_ranks: np.ndarray,
    right_ranks: np.ndarray,
    chunk_rows: int | None = None,
) -> list[tuple[int, int, float]]:
    """The k strongest (left, right) pairs overall, best first; ties by left id, then right id."""
    n_left, n_right = len(left), len(right)
    k = min(k, n_left * n_right)
    if k == 0:
        return []
    margin = error_bound(left, right)
    best_rows = best_cols = np.zeros(0, np.int64)
    best_scores = np.zeros(0, np.float64)
    order, size = _chunks(n_left, n_right, chunk_rows)
    for start in range(0, n_left, size):
        rows = order[start:start + size]
        chunk = left[rows] @ right.T
        bound = best_scores[-1] if len(best_scores) == k else -np.inf
        if len(best_scores) < k:
            picked = chunk[:, ::max(1, chunk.size // (ROW_SAMPLE * 2**20))].ravel()
            if picked.size >= k:
                bound = float(np.partition(picked, picked.size - k)[picked.size - k]) - margin
        local, cols = np.nonzero(chunk >= _threshold(bound, margin))
        found = pair_scores(left, right, rows[local], cols)
        best_rows = np.concatenate([best_rows, rows[local]])
        best_cols = np.concatenate([best_cols, cols])
        best_scores = np.concatenate([best_scores, found])
        best = np.lexsort((right_ranks[best_cols], left_ranks[best_rows], -best_scores))[:k]
        best_rows, best_cols, best_scores = best_rows[best], best_cols[best], best_scores[best]
    return [(int(r), int(c), float(s)) for r, c, s in zip(best_rows, best_cols, best_scores)]
