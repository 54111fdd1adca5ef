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

from matchmaker.matching.blocks import in_threads

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


def project(block, n_left: int, rank: int, *, sample: int, seed: int = 0, out: np.ndarray | None = None) -> np.ndarray:
    """Documents x min(rank, documents, shared terms) coordinates whose dot products approximate the block's.

    The basis is fitted by randomized SVD on at most `sample` documents (evenly spread), so fitting
    costs the same at any corpus size and projecting is linear in it. `block` is a CSR matrix, or
    `blocks.ProductRows` over shared terms only, whose rows are made when needed: then only the sample
    is held whole. The coordinates are written into `out` if given.
    """
    if sp.issparse(block):
        shared = shared_columns(block, n_left)
        if len(shared) < block.shape[1]:  # `blocks.tfidf_of_product` may have kept only these already
            block = block[:, shared].tocsr()
    documents, terms = block.shape
    if not sp.issparse(block) and (terms <= rank or documents <= max(rank, sample)):
        block = block[0:documents]
    if terms <= rank or documents <= rank:
        coordinates = block.toarray() if terms <= rank else _gram_coordinates(block)
        if out is None:
            return coordinates
        out[...] = coordinates
        return out
    fit_rows = block if documents <= sample else block[np.linspace(0, documents - 1, sample).astype(np.int64)]
    basis = leading_directions(fit_rows, rank, seed=seed)
    del fit_rows
    return times(block, basis, out=out)


def leading_directions(rows: sp.csr_matrix, rank: int, *, seed: int, oversample: int = 10, power: int = 2):
    """Terms x rank: orthonormal columns spanning (approximately) the top `rank` right singular vectors of `rows`.

    Halko et al.'s randomized range finder on the document side (few documents x many terms), then the
    small SVD through the (rank + oversample)^2 Gram matrix instead of a dense SVD as wide as the terms,
    which is what makes scikit-learn's randomized_svd slow here. The basis is made a slice of terms at a
    time, already laid out as projecting reads it, so it is never held twice.
    """
    width = min(rank + oversample, *rows.shape)
    # X.T as CSR: X.T @ Q then sums each term's products in document order, as the column-wise product of
    # the transposed view does, but writes each row of the result once instead of scattering over all of them.
    columns = rows.T.tocsr()
    sketch = times(rows, np.random.default_rng(seed).standard_normal((rows.shape[1], width)))
    for _ in range(power):
        sketch = times(rows, times(columns, np.linalg.qr(sketch)[0]))
    products = times(columns, np.linalg.qr(sketch)[0])  # terms x width
    small = products.T
    weights, vectors = np.linalg.eigh(small @ small.T)
    top = np.argsort(weights)[::-1][:rank]
    top = top[weights[top] > weights.max(initial=0.0) * 1e-12]
    left = np.ascontiguousarray(vectors[:, top].T)  # a C-ordered left factor is far faster here
    norms = np.sqrt(weights[top])[:, None]
    # Rows of the basis are no longer than those of `products`, so each slice of them can overwrite the
    # rows it was made from (and earlier ones), never rows still to be read.
    n_terms = small.shape[1]
    basis = products.reshape(-1)[:n_terms * len(top)].reshape(n_terms, len(top))
    bounds = np.linspace(0, n_terms, max(1, n_terms // 8192) + 1).astype(np.int64)  # slices of 8,192 or more
    for first, last in zip(bounds[:-1], bounds[1:]):
        part = left @ small[:, first:last]
        part /= norms
        basis[first:last] = part.T
    return basis


def times(matrix, other: np.ndarray, block_rows: int = 2048, out: np.ndarray | None = None) -> np.ndarray:
    """`matrix @ other` for a dense `other`, blocks of rows on all cores (each row's sum is as in one product).

    `matrix` is anything whose row slices are CSR matrices; the product is written into `out` if given.
    """
    other = np.ascontiguousarray(other)
    if out is None:
        out = np.empty((matrix.shape[0], other.shape[1]), np.result_type(matrix.dtype, other.dtype))
    starts = range(0, matrix.shape[0], block_rows)

    def block(start: int) -> None:
        out[start:start + block_rows] = matrix[start:start + block_rows] @ other

    in_threads(block, starts)
    return out


def _gram_coordinates(block: sp.csr_matrix) -> np.ndarray:
    """Exact coordinates of few documents: G = X X^T = Q diag(w) Q^T gives rows Q sqrt(w), whose products are G."""
    gram = (block @ block.T).toarray()
    weights, vectors = np.linalg.eigh(gram)
    return vectors * np.sqrt(np.clip(weights, 0.0, None))


def quantise(vectors: np.ndarray, *, overwrite: bool = False, out: np.ndarray | None = None) -> np.ndarray:
    """Round to multiples of 2**-QUANTUM_BITS, as float32 (exactly representable); see the module docstring.

    `overwrite` rounds a float64 array in place before the float32 copy, saving two temporaries as large;
    the copy is written into `out` if given.
    """
    scale = float(2**QUANTUM_BITS)
    if not overwrite:
        rounded = np.rint(np.clip(vectors, -1.0, 1.0) * scale) / scale
    else:
        np.clip(vectors, -1.0, 1.0, out=vectors)
        vectors *= scale
        np.rint(vectors, out=vectors)
        vectors /= scale
        rounded = vectors
    if out is None:
        return rounded.astype(np.float32)
    out[...] = rounded
    return out


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
