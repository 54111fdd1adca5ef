import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.matching.dense import exact_scores, quantise
from matchmaker.matching.topk import top_k_both_ways, top_k_rows, top_pairs


def brute_force(scores, ranks, k):
    return [sorted(range(len(row)), key=lambda j: (-row[j], ranks[j]))[:k] for row in scores]


def embeddings(rng, rows, dimension, coarse):
    """Unit-ish rows; coarse ones repeat values so that equal and zero scores are common."""
    if coarse:
        vectors = rng.choice([0.0, 0.0, 0.5, -0.25, 0.25], size=(rows, dimension))
    else:
        vectors = rng.standard_normal((rows, dimension)) + 0.3
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return quantise(vectors / np.where(norms > 0, norms, 1.0))


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 9),
    st.integers(1, 9),
    st.integers(1, 6),
    st.integers(1, 4),
    st.integers(1, 5),
    st.booleans(),
    st.integers(0, 10_000),
)
def test_chunked_top_k_both_ways_equals_dense_brute_force(n_left, n_right, dimension, k, chunk_rows, coarse, seed):
    rng = np.random.default_rng(seed)
    left, right = embeddings(rng, n_left, dimension, coarse), embeddings(rng, n_right, dimension, coarse)
    left_ranks, right_ranks = rng.permutation(n_left), rng.permutation(n_right)
    dense = exact_scores(left, right)
    by_row, by_col = top_k_both_ways(left, right, k, left_ranks, right_ranks, chunk_rows)
    assert by_row.positions.tolist() == brute_force(dense, right_ranks, k)
    assert by_col.positions.tolist() == brute_force(dense.T, left_ranks, k)
    assert np.array_equal(by_row.scores, np.take_along_axis(dense, by_row.positions, 1))
    assert np.array_equal(by_col.scores, np.take_along_axis(dense.T, by_col.positions, 1))
    single = top_k_rows(left[:2], right, k, right_ranks)
    assert single.positions.tolist() == brute_force(dense[:2], right_ranks, k)
    pairs = top_pairs(left, right, k, left_ranks, right_ranks, chunk_rows)
    everything = sorted(
        ((i, j) for i in range(n_left) for j in range(n_right)),
        key=lambda p: (-dense[p], left_ranks[p[0]], right_ranks[p[1]]),
    )
    assert [(i, j) for i, j, _ in pairs] == everything[:k]
    assert [score for _, _, score in pairs] == [dense[p] for p in everything[:k]]


def test_large_chunked_rankings_equal_the_exact_matrix():
    rng = np.random.default_rng(3)
    left, right = embeddings(rng, 700, 24, False), embeddings(rng, 900, 24, False)
    right[450] = right[17]  # an exact duplicate ties with its original everywhere
    left_ranks, right_ranks = np.arange(700), rng.permutation(900)
    dense = exact_scores(left, right)
    by_row, by_col = top_k_both_ways(left, right, 10, left_ranks, right_ranks, chunk_rows=128)
    assert by_row.positions.tolist() == brute_force(dense, right_ranks, 10)
    assert by_col.positions.tolist() == brute_force(dense.T, left_ranks, 10)
