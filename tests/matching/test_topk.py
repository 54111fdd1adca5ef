import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.matching.topk import select_top_k, top_k_both_ways, top_pairs


def brute_force(scores, ranks, k):
    return [sorted(range(len(row)), key=lambda j: (-row[j], ranks[j]))[:k] for row in scores]


# Few distinct values so that ties (including many zeros) are common.
values = st.sampled_from([0.0, 0.0, 0.0, 0.25, 0.5, 0.5, 1.0])


@given(
    st.integers(1, 6).flatmap(
        lambda rows: st.integers(1, 9).flatmap(
            lambda cols: st.tuples(
                st.lists(st.lists(values, min_size=cols, max_size=cols), min_size=rows, max_size=rows),
                st.permutations(list(range(cols))),
                st.integers(1, 12),
            )
        )
    )
)
def test_select_top_k_equals_sorting_with_ties_broken_by_rank(case):
    scores, ranks, k = case
    scores, ranks = np.array(scores), np.array(ranks)
    chosen = select_top_k(scores, np.broadcast_to(ranks, scores.shape), k)
    assert chosen.tolist() == brute_force(scores, ranks, k)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 7),
    st.integers(1, 7),
    st.integers(1, 5),
    st.integers(1, 4),
    st.integers(0, 10_000),
)
def test_chunked_top_k_both_ways_equals_dense_brute_force(n_left, n_right, k, chunk_rows, seed):
    rng = np.random.default_rng(seed)
    left = sp.random(n_left, 6, density=0.5, random_state=rng, format="csr")
    right = sp.random(n_right, 6, density=0.5, random_state=rng, format="csr")
    left.data = np.round(left.data, 1)  # coarse values make equal scores likely
    right.data = np.round(right.data, 1)
    left_ranks, right_ranks = rng.permutation(n_left), rng.permutation(n_right)
    dense = (left @ right.T.tocsr()).toarray()
    by_row, by_col = top_k_both_ways(left, right.T.tocsr(), k, left_ranks, right_ranks, chunk_rows)
    assert by_row.positions.tolist() == brute_force(dense, right_ranks, k)
    assert by_col.positions.tolist() == brute_force(dense.T, left_ranks, k)
    assert np.array_equal(by_row.scores, np.take_along_axis(dense, by_row.positions, 1))
    pairs = top_pairs(left, right.T.tocsr(), k, left_ranks, right_ranks, chunk_rows)
    everything = sorted(
        ((i, j) for i in range(n_left) for j in range(n_right)),
        key=lambda p: (-dense[p], left_ranks[p[0]], right_ranks[p[1]]),
    )
    assert [(i, j) for i, j, _ in pairs] == everything[:k]
