"""Dense low-rank forms of the sparse blocks, so that scoring all pairs is one BLAS product per row chunk.

A block (documents x terms, unit rows) is projected onto an orthonormal basis of its leading right
singular vectors, so dot products are kept as far as `rank` dimensions allow. Two exact shortcuts:
only terms used on both sides are kept (the others never add to a challenge-capability product), and
when the corpus has at most `rank` documents (or terms) the projection spans everything and is lossless.

Embeddings are rounded to multiples of 2**-QUANTUM_BITS. Then every product of two components is a
multiple of 2**-(2 * QUANTUM_BITS) and every float64 sum of them is exact, whatever the order: a score
is the same number however it is computed (one pair, a block, a BLAS chunk), which makes ties exact.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

#: Components are multiples of 2**-23: they fit float32 exactly (|x| <= 1) and their float64 dot products,
#: bounded by 1 in absolute value, stay below 2**47 units of 2**-46, so they are exact.
QUANTUM_BITS = 23
#: Scores below this are rounding noise of the projection (pairs that share no term score ~1e-8): they count as 0.
FLOOR = 2.0**-20


def shared_columns(block: sp.csr_matrix, n_left: int) -> np.ndarray:
    """Terms used by at least one challenge and one capability: the only ones that reach a pair's score."""
    left = np.bincount(block[:n_left].indices, minlength=block.shape[1]) > 0
    right = np.bincount(block[n_left:].indices, minlength=block.shape[1]) > 0
    return np.flatnonzero(left & right)


def project(block: sp.csr_matrix, n_left: int, rank: int, *, sample: int, seed: int = 0) -> np.ndarray:
    """Documents x min(rank, documents, shared terms) coordinates whose dot products approximate the block's.

    The basis is fitted by randomized SVD on at most `sample` documents (evenly spread), so fitting
    costs the same at any corpus size and projecting is linear in it.
    """
    shared = shared_columns(block, n_left)
    if len(shared) < block.shape[1]:  # `blocks.tfidf_of_product` may have kept only these already
        block = block[:, shared].tocsr()
    documents, terms = block.shape
    if terms <= rank:
        return block.toarray()
    if documents <= rank:
        return _gram_coordinates(block)
    fit_rows = block if documents <= sample else block[np.linspace(0, documents - 1, sample).astype(np.int64)]
    basis = leading_directions(fit_rows, rank, seed=seed)
    return np.asarray(block @ basis.T)


def leading_directions(rows: sp.csr_matrix, rank: int, *, seed: int, oversample: int = 10, power: int = 2):
    """Orthonormal rows spanning (approximately) the top `rank` right singular vectors of `rows`.

    Halko et al.'s randomized range finder on the document side (few documents x many terms), then the
    small SVD through the (rank + oversample)^2 Gram matrix instead of a dense SVD as wide as the terms,
    which is what makes scikit-learn's randomized_svd slow here.
    """
    width = min(rank + oversample, *rows.shape)
    sketch = rows @ np.random.default_rng(seed).standard_normal((rows.shape[1], width))
    for _ in range(power):
        sketch = rows @ (rows.T @ np.linalg.qr(sketch)[0])
    range_ = np.linalg.qr(sketch)[0]
    small = np.asarray((rows.T @ range_).T)  # width x terms
    weights, vectors = np.linalg.eigh(small @ small.T)
    top = np.argsort(weights)[::-1][:rank]
    top = top[weights[top] > weights.max(initial=0.0) * 1e-12]
    return (vectors[:, top].T @ small) / np.sqrt(weights[top])[:, None]


def _gram_coordinates(block: sp.csr_matrix) -> np.ndarray:
    """Exact coordinates of few documents: G = X X^T = Q diag(w) Q^T gives rows Q sqrt(w), whose products are G."""
    gram = (block @ block.T).toarray()
    weights, vectors = np.linalg.eigh(gram)
    return vectors * np.sqrt(np.clip(weights, 0.0, None))


def quantise(vectors: np.ndarray, *, overwrite: bool = False) -> np.ndarray:
    """Round to multiples of 2**-QUANTUM_BITS, as float32 (exactly representable); see the module docstring.

    `overwrite` rounds a float64 array in place before the float32 copy, saving two temporaries as large.
    """
    scale = float(2**QUANTUM_BITS)
    if not overwrite:
        return (np.rint(np.clip(vectors, -1.0, 1.0) * scale) / scale).astype(np.float32)
    np.clip(vectors, -1.0, 1.0, out=vectors)
    vectors *= scale
    np.rint(vectors, out=vectors)
    vectors /= scale
    return vectors.astype(np.float32)


def exact_scores(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Scores of all pairs of quantised rows, left x right, exact as float64 (see the module docstring)."""
    return clip_scores(left.astype(np.float64) @ right.astype(np.float64).T)


def clip_scores(dots: np.ndarray) -> np.ndarray:
    """Scores from exact dot products, in place: noise below FLOOR and negative projections become 0, at most 1.

    The map is non-decreasing, so ranking by score keeps the order of the dot products (ties aside).
    """
    dots[dots < FLOOR] = 0.0
    return np.minimum(dots, 1.0, out=dots)


def error_bound(left: np.ndarray, right: np.ndarray) -> float:
    """How far a float32 BLAS dot product of any left row and any right row can be from the exact one.

    Higham's bound for a sum of D products in any order, gamma_D * |a| |b| with unit roundoff 2**-24,
    doubled for safety.
    """
    dimension = max(left.shape[1], 1)
    unit = 2.0**-24
    gamma = dimension * unit / (1.0 - dimension * unit)
    norms = [float(np.sqrt((m.astype(np.float64) ** 2).sum(axis=1)).max(initial=0.0)) for m in (left, right)]
    return 2.0 * gamma * norms[0] * norms[1] + 2.0**-40
