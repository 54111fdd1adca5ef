"""Exact top-k over sparse score products, in row chunks, never holding the full N x M matrix.

Order is always: higher score first, then the smaller id (given as a rank in id order), so results are
identical to sorting a brute-force dense matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp


def select_top_k(scores: np.ndarray, ranks: np.ndarray, k: int) -> np.ndarray:
    """Column positions of each row's k best entries, best first; `ranks` (same shape) breaks ties."""
    rows, columns = scores.shape
    k = min(k, columns)
    if k == 0:
        return np.zeros((rows, 0), np.int64)
    if columns > k:
        chosen = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        threshold = np.take_along_axis(scores, chosen, axis=1).min(axis=1)
        # argpartition picks arbitrarily among entries equal to the threshold; redo those rows exactly.
        crowded = np.flatnonzero((scores >= threshold[:, None]).sum(axis=1) > k)
        for row in crowded:
            candidates = np.flatnonzero(scores[row] >= threshold[row])
            best = np.lexsort((ranks[row, candidates], -scores[row, candidates]))[:k]
            chosen[row] = candidates[best]
    else:
        chosen = np.broadcast_to(np.arange(columns), (rows, columns))
    order = np.lexsort((np.take_along_axis(ranks, chosen, 1), -np.take_along_axis(scores, chosen, 1)), axis=1)
    return np.take_along_axis(chosen, order, axis=1)


@dataclass(frozen=True)
class TopK:
    """Best partners per row: positions into the other side and their scores, best first (-1 pads)."""

    positions: np.ndarray
    scores: np.ndarray


def top_k_both_ways(
    left: sp.csr_matrix,
    right_t: sp.csr_matrix,
    k: int,
    left_ranks: np.ndarray,
    right_ranks: np.ndarray,
    chunk_rows: int = 512,
) -> tuple[TopK, TopK]:
    """Top-k right rows for each left row and top-k left rows for each right row.

    Scores are `left @ right_t`, computed `chunk_rows` left rows at a time; each chunk is scored once and
    feeds both directions, the column direction through a running best-k per column.
    """
    n_left, n_right = left.shape[0], right_t.shape[1]
    k_left, k_right = min(k, n_right), min(k, n_left)
    row_positions = np.empty((n_left, k_left), np.int64)
    row_scores = np.empty((n_left, k_left), np.float64)
    best_scores = np.full((n_right, 0), -np.inf)
    best_rows = np.zeros((n_right, 0), np.int64)
    right_rank_rows = np.broadcast_to(right_ranks, (chunk_rows, n_right))
    for start in range(0, n_left, chunk_rows):
        stop = min(start + chunk_rows, n_left)
        chunk = (left[start:stop] @ right_t).toarray()
        chosen = select_top_k(chunk, right_rank_rows[: stop - start], k_left)
        row_positions[start:stop] = chosen
        row_scores[start:stop] = np.take_along_axis(chunk, chosen, axis=1)
        candidates = np.concatenate([best_scores, chunk.T], axis=1)
        candidate_rows = np.concatenate(
            [best_rows, np.broadcast_to(np.arange(start, stop), (n_right, stop - start))], axis=1
        )
        picked = select_top_k(candidates, left_ranks[candidate_rows], k_right)
        best_scores = np.take_along_axis(candidates, picked, axis=1)
        best_rows = np.take_along_axis(candidate_rows, picked, axis=1)
    return TopK(row_positions, row_scores), TopK(best_rows, best_scores)


def top_pairs(
    left: sp.csr_matrix,
    right_t: sp.csr_matrix,
    k: int,
    left_ranks: np.ndarray,
    right_ranks: np.ndarray,
    chunk_rows: int = 512,
) -> list[tuple[int, int, float]]:
    """The k strongest (left, right) pairs overall, best first; ties by left id, then right id."""
    kept: list[tuple[float, int, int]] = []
    n_right = right_t.shape[1]
    for start in range(0, left.shape[0], chunk_rows):
        chunk = (left[start:start + chunk_rows] @ right_t).toarray()
        flat = chunk.ravel()
        take = min(k, flat.size)
        if take == 0:
            continue
        threshold = np.partition(flat, flat.size - take)[flat.size - take]
        for position in np.flatnonzero(flat >= threshold):
            row, column = divmod(int(position), n_right)
            kept.append((float(flat[position]), start + row, column))
        kept.sort(key=lambda item: (-item[0], left_ranks[item[1]], right_ranks[item[2]]))
        del kept[k:]
    return [(row, column, score) for score, row, column in kept]
