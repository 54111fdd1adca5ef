"""Exact top-k over dense embeddings, in row chunks, never holding the full N x M score matrix.

The score of a pair is its dot product a . b, computed exactly and clipped (see `dense`). Each chunk of scores is
first computed with float32 BLAS, whose error is at most `error_bound`; a vectorised comparison with a
lower bound of each row's (and column's) k-th best score keeps only a few candidates, and only those
are scored exactly and sorted. Order is always: higher score first, then the smaller id (given as a
rank in id order), so results are identical to sorting the exact dense matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matchmaker.matching.dense import FLOOR, clip_scores, error_bound

#: Scores held at once: 50 M float32 entries = 200 MB.
CHUNK_ENTRIES = 50_000_000
#: Rows per chunk at most; the first chunk also sets the column bounds, so it must stay cheap to sort.
MAX_CHUNK_ROWS = 1024
#: One column in ROW_SAMPLE gives each row its first lower bound (fewer: faster bound, more candidates).
ROW_SAMPLE = 8


@dataclass(frozen=True)
class TopK:
    """Best partners per row: positions into the other side and their scores, best first."""

    positions: np.ndarray
    scores: np.ndarray


def pair_scores(left: np.ndarray, right: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Exact clipped scores of the pairs (left[rows[i]], right[cols[i]]), in batches to bound memory."""
    out = np.empty(len(rows), np.float64)
    step = max(1, 2**22 // max(left.shape[1], 1))
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


def _kth_per_group(groups, values, k, n_groups):
    """The k-th largest value per group (groups sorted ascending, each with at least k values)."""
    order = np.lexsort((-values, groups))
    starts = np.searchsorted(groups[order], np.arange(n_groups))
    return values[order][starts + k - 1]


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
    sample = np.arange(0, n_right, max(1, min(ROW_SAMPLE, n_right // max(k_left, 1))))
    order, size = _chunks(n_left, n_right, chunk_rows)
    for number, start in enumerate(range(0, n_left, size)):
        rows = order[start:start + size]
        chunk = left[rows] @ right.T
        if number == 0:
            pool.first_bound(chunk)
        row_threshold = _row_threshold(chunk, sample, k_left, margin)
        column_threshold = _threshold(pool.bound, margin)
        mask = chunk >= row_threshold[:, None]
        mask |= chunk >= column_threshold[None, :]
        flat = np.flatnonzero(mask.ravel())
        del mask
        local, cols = np.divmod(flat, n_right)
        values = chunk.ravel()[flat]
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


def _row_threshold(chunk: np.ndarray, sample: np.ndarray, k: int, margin: float) -> np.ndarray:
    """Per row, the least float32 score of a candidate, from the k-th best of a sample of its columns."""
    picked = chunk[:, sample]
    if k == 0:
        return np.full(len(chunk), np.inf, np.float32)
    if picked.shape[1] < k:
        return np.full(len(chunk), -np.inf, np.float32)
    return _threshold(np.partition(picked, picked.shape[1] - k, axis=1)[:, picked.shape[1] - k] - margin, margin)


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
        self.cols = self.rows = np.zeros(0, np.int64)
        self.values = np.zeros(0, np.float32)

    def first_bound(self, chunk: np.ndarray) -> None:
        """Bound each column's k-th best score by its k-th best float32 value in the first chunk."""
        if self.k and len(chunk) >= self.k:
            kth = np.partition(chunk, len(chunk) - self.k, axis=0)[len(chunk) - self.k]
            self.bound = kth.astype(np.float64) - self.margin

    def add(self, cols: np.ndarray, rows: np.ndarray, values: np.ndarray) -> None:
        """Take new candidates, raise the bounds to the pool's k-th values, drop what fell below."""
        cols, rows = np.concatenate([self.cols, cols]), np.concatenate([self.rows, rows])
        values = np.concatenate([self.values, values])
        order = np.lexsort((-values, cols))
        cols, rows, values = cols[order], rows[order], values[order]
        starts = np.searchsorted(cols, np.arange(self.n + 1))
        full = np.flatnonzero(np.diff(starts) >= self.k)
        self.bound[full] = np.maximum(self.bound[full], values[starts[full] + self.k - 1] - self.margin)
        keep = values >= _threshold(self.bound, self.margin)[cols]
        self.cols, self.rows, self.values = cols[keep], rows[keep], values[keep]

    def finish(self, left, right, left_ranks) -> tuple[np.ndarray, np.ndarray]:
        """Exact top-k per column from the pool."""
        scores = pair_scores(left, right, self.rows, self.cols)
        return _best_per_group(self.cols, self.rows, scores, left_ranks, self.k, self.n)


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
