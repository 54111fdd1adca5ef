"""Measure rankings against graded qrels: nDCG@5, nDCG@10, MRR, recall@10 and P@1, overall and cross-lingual.

Definitions (a pair is *relevant* when its grade is >= 2):

- nDCG@k: sum of (2^grade - 1) / log2(rank + 1) over the top k, divided by the same sum for the ideal
  order (exponential gain, the usual TREC/LETOR form; it gives the baseline figures quoted for the sets).
- MRR: 1 / rank of the first relevant capability (0 if none is ranked); recall@10: share of the relevant
  capabilities found in the top 10; P@1: 1 if the first capability is relevant.
- cross-lingual: per challenge, only capabilities written in another language than the challenge are
  ranked (same-language ones are removed from its ranking) and only their qrels count. This asks "does the
  engine find the answers written in other languages, and in the right order?"; a perfect ranker scores 1.
- cross-lingual-full: the same gains, but scored on the full ranking, where same-language capabilities
  keep their places with gain 0. A perfect ranker scores less than 1 here (0.81 nDCG@10 on dev), because
  good same-language answers rightly take the top places.
- Challenges without a cross-lingual qrel (for nDCG) or relevant pair (for the others) are skipped.

Every measure is the mean over challenges. Languages come from the documents, else from detection.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matchmaker.matching.documents import Document

RELEVANT = 2
MEASURES = ("nDCG@5", "nDCG@10", "MRR", "recall@10", "P@1")
Ranker = Callable[[Sequence[Document], Sequence[Document]], dict[str, list[str]]]


def ndcg(ranking: Sequence[str], gains: Mapping[str, int], k: int) -> float:
    ideal = sorted(gains.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    found = sum((2 ** gains.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(ranking[:k]))
    return found / best if best > 0 else 0.0


def reciprocal_rank(ranking: Sequence[str], relevant: set[str]) -> float:
    return next((1.0 / (i + 1) for i, doc in enumerate(ranking) if doc in relevant), 0.0)


def recall(ranking: Sequence[str], relevant: set[str], k: int) -> float:
    return len(relevant.intersection(ranking[:k])) / len(relevant) if relevant else 0.0


@dataclass(frozen=True)
class Scores:
    """Mean measures and how many challenges each mean covers."""

    values: dict[str, float]
    challenges: int


def evaluate(
    rankings: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Mapping[str, int]],
    keep: Callable[[str, str], bool] = lambda challenge, capability: True,
    *,
    rank_kept_only: bool = False,
) -> Scores:
    """Mean measures over the challenges in `qrels`; `keep(challenge, capability)` selects gains.

    With `rank_kept_only`, capabilities that `keep` rejects are also removed from the rankings.
    """
    totals = dict.fromkeys(MEASURES, 0.0)
    counted = dict.fromkeys(MEASURES, 0)
    for challenge, graded in qrels.items():
        gains = {cap: g for cap, g in graded.items() if g > 0 and keep(challenge, cap)}
        relevant = {cap for cap, g in gains.items() if g >= RELEVANT}
        ranking = list(rankings.get(challenge, ()))
        if rank_kept_only:
            ranking = [cap for cap in ranking if keep(challenge, cap)]
        if gains:
            for k in (5, 10):
                totals[f"nDCG@{k}"] += ndcg(ranking, gains, k)
                counted[f"nDCG@{k}"] += 1
        if relevant:
            totals["MRR"] += reciprocal_rank(ranking, relevant)
            totals["recall@10"] += recall(ranking, relevant, 10)
            totals["P@1"] += 1.0 if ranking[:1] and ranking[0] in relevant else 0.0
            for name in ("MRR", "recall@10", "P@1"):
                counted[name] += 1
    values = {m: totals[m] / counted[m] if counted[m] else 0.0 for m in MEASURES}
    return Scores(values, counted["nDCG@10"])


def order(scores: np.ndarray, ids: Sequence[str]) -> list[str]:
    """Ids by score descending, ties by id."""
    return [ids[i] for i in sorted(range(len(ids)), key=lambda i: (-scores[i], ids[i]))]


def tfidf_baseline(challenges: Sequence[Document], capabilities: Sequence[Document]) -> dict[str, list[str]]:
    """Plain scikit-learn TfidfVectorizer() with defaults on title + description + keywords, cosine ranking."""
    def text(d: Document) -> str:
        return " ".join([d.title, d.description, " ".join(d.keywords)])

    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform([text(d) for d in [*challenges, *capabilities]])
    left, right = matrix[: len(challenges)], matrix[len(challenges):]
    scores = (left @ right.T).toarray()
    ids = [d.id for d in capabilities]
    return {c.id: order(scores[i], ids) for i, c in enumerate(challenges)}


def engine_rankings(challenges: Sequence[Document], capabilities: Sequence[Document]) -> dict[str, list[str]]:
    """Full rankings from the matching engine."""
    from matchmaker.matching.engine import MatchIndex

    index = MatchIndex.fit(challenges, capabilities)
    scores = index.score_matrix()
    return {c.id: order(scores[i], index.capability_ids) for i, c in enumerate(challenges)}


def document_languages(documents: Sequence[Document]) -> dict[str, str]:
    """Each document's language: the given one, else the detected one."""
    from matchmaker.matching.language import detect_language

    return {
        d.id: d.language or detect_language(" ".join([d.title, " ".join(d.keywords), d.description]))
        for d in documents
    }


def per_challenge(
    rankings: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Mapping[str, int]],
    languages: Mapping[str, str],
    top: int = 5,
) -> list[tuple[str, float, float | None, list[str]]]:
    """Per challenge in `qrels`: nDCG@10, cross-lingual-full nDCG@10 (None without a cross-lingual qrel)
    and its top capabilities as "id:grade", with "=" for one in the challenge's own language."""
    rows = []
    for challenge, graded in qrels.items():
        ranking = list(rankings.get(challenge, ()))
        gains = {cap: g for cap, g in graded.items() if g > 0}
        cross = {cap: g for cap, g in gains.items() if languages.get(cap) != languages.get(challenge)}
        shown = [f"{cap}:{graded.get(cap, 0)}{'=' if languages.get(cap) == languages.get(challenge) else ''}"
                 for cap in ranking[:top]]
        rows.append((challenge, ndcg(ranking, gains, 10), ndcg(ranking, cross, 10) if cross else None, shown))
    return rows


def compare(
    challenges: Sequence[Document],
    capabilities: Sequence[Document],
    qrels: Mapping[str, Mapping[str, int]],
    systems: Mapping[str, Ranker],
) -> dict[tuple[str, str], Scores]:
    """(system, "all" | "cross-lingual" | "cross-lingual-full") -> Scores for each named ranker on the same data."""
    languages = document_languages([*challenges, *capabilities])

    def cross(challenge: str, capability: str) -> bool:
        return languages.get(challenge) != languages.get(capability)

    results = {}
    for name, ranker in systems.items():
        rankings = ranker(challenges, capabilities)
        results[name, "all"] = evaluate(rankings, qrels)
        results[name, "cross-lingual"] = evaluate(rankings, qrels, cross, rank_kept_only=True)
        results[name, "cross-lingual-full"] = evaluate(rankings, qrels, cross)
    return results
