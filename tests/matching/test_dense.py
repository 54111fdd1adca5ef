"""Dense forms of the blocks: products in row blocks, projections of rows made on demand, quantisation."""

import numpy as np
import pytest
import scipy.sparse as sp

from matchmaker.matching import blocks, dense


def random_block(rng, n_rows, n_columns, density=0.2):
    block = sp.random(n_rows, n_columns, density=density, format="csr", random_state=rng)
    return blocks.l2_rows(block)


@pytest.mark.parametrize("block_rows", [1, 3, 2048])
def test_times_equals_one_product_bit_for_bit(block_rows):
    rng = np.random.default_rng(1)
    matrix, other = random_block(rng, 50, 30), rng.standard_normal((30, 7))
    expected = matrix @ other
    assert np.array_equal(dense.times(matrix, other, block_rows), expected)
    out = np.full((50, 9), np.nan)
    dense.times(matrix, other, block_rows, out=out[:, 1:8])
    assert np.array_equal(out[:, 1:8], expected) and np.isnan(out[:, [0, 8]]).all()


def test_projecting_rows_made_on_demand_equals_projecting_the_held_block(monkeypatch):
    monkeypatch.setattr(blocks, "TRIM_ROWS", 16)
    rng = np.random.default_rng(2)
    lengths = rng.integers(3, 12, 90)
    indices = np.concatenate([rng.choice(60, n, replace=False) for n in lengths]).astype(np.int32)
    rows = sp.csr_matrix((rng.integers(1, 3, lengths.sum()).astype(float), indices,
                          np.concatenate([[0], np.cumsum(lengths)])), shape=(90, 60))
    terms = sp.random(60, 200, density=0.1, format="csr", random_state=rng)
    terms.data[:] = rng.integers(1, 3, terms.nnz)
    held = blocks.tfidf_of_product(rows, terms, 12, n_left=40)
    made = blocks.tfidf_of_product(rows, terms, 12, n_left=40, hold=0)
    assert isinstance(made, blocks.ProductRows)
    for sample in (30, 90):  # a sample of rows, or all of them
        expected = dense.project(held, n_left=40, rank=5, sample=sample)
        assert expected.shape == (90, 5)
        assert np.array_equal(dense.project(made, n_left=40, rank=5, sample=sample), expected)


def test_a_projection_of_a_block_of_low_rank_keeps_its_dot_products():
    rng = np.random.default_rng(3)
    factors = sp.random(300, 4, density=0.8, random_state=rng) @ sp.random(4, 500, density=0.3, random_state=rng)
    block = blocks.l2_rows(sp.csr_matrix(factors))
    coordinates = dense.project(block, n_left=150, rank=6, sample=200)
    assert coordinates.shape[1] <= 6
    shared = dense.shared_columns(block, 150)
    exact = (block[:, shared] @ block[:, shared].T).toarray()
    assert np.allclose(coordinates @ coordinates.T, exact, atol=1e-10)


def test_projection_writes_into_the_columns_it_is_given():
    rng = np.random.default_rng(4)
    block = random_block(rng, 80, 120)
    expected = dense.project(block, n_left=30, rank=8, sample=50)
    out = np.zeros((80, 10))
    dense.project(block, n_left=30, rank=8, sample=50, out=out[:, 1:9])
    assert np.array_equal(out[:, 1:9], expected) and not out[:, [0, 9]].any()


def test_quantise_into_given_columns_equals_a_fresh_copy():
    rng = np.random.default_rng(5)
    vectors = rng.standard_normal((20, 6)) / 3
    expected = dense.quantise(vectors)
    out = np.zeros((20, 8), np.float32)
    dense.quantise(vectors.copy(), overwrite=True, out=out[:, 2:])
    assert np.array_equal(out[:, 2:], expected) and not out[:, :2].any()
