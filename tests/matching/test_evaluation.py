import math

import pytest

from matchmaker.matching.documents import Document
from matchmaker.matching.evaluation import evaluate, ndcg, tfidf_baseline


def test_ndcg_uses_exponential_gain():
    gains = {"a": 3, "b": 1}
    assert ndcg(["a", "b"], gains, 10) == 1.0
    expected = (1 / 1 + 7 / math.log2(3)) / (7 / 1 + 1 / math.log2(3))
    assert ndcg(["b", "a"], gains, 10) == pytest.approx(expected)
    assert ndcg(["x", "y"], gains, 10) == 0.0


def test_measures_count_grade_two_and_above_as_relevant():
    scores = evaluate({"C": ["P1", "P2", "P3"]}, {"C": {"P1": 1, "P2": 2}})
    assert scores.values["P@1"] == 0.0
    assert scores.values["MRR"] == 0.5
    assert scores.values["recall@10"] == 1.0


def test_cross_lingual_ranking_drops_same_language_capabilities():
    same_language = {"P1"}
    keep = lambda challenge, capability: capability not in same_language  # noqa: E731
    rankings, qrels = {"C": ["P1", "P2"]}, {"C": {"P1": 3, "P2": 3}}
    assert evaluate(rankings, qrels, keep, rank_kept_only=True).values["P@1"] == 1.0
    assert evaluate(rankings, qrels, keep).values["P@1"] == 0.0


def test_baseline_ranks_by_shared_words_with_ties_by_id():
    challenges = [Document("C", "leak", "seal leak")]
    capabilities = [Document("P2", "other", "thing"), Document("P1", "seal", "leak test"), Document("P0", "x", "y")]
    assert tfidf_baseline(challenges, capabilities) == {"C": ["P1", "P0", "P2"]}
