"""The match index: fit once on challenges and capabilities, then rank both ways and explain.

A pair's score is the cosine of two vectors made of three L2-normalised blocks, each weighted by the
square root of its share (shares sum to 1), so the score is a weighted mean of three cosines in [0, 1]:
word stems, character n-grams of words (cognates across languages), and shared concepts from the
vocabulary. Challenge concepts also switch on the technologies linked to them. A capability written for
another field (automotive, medicine, astronomy...) is scaled down by a domain factor in (0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from matchmaker.matching import blocks
from matchmaker.matching.analysis import Analyzer
from matchmaker.matching.concepts import ConceptSpace
from matchmaker.matching.documents import Document, Match
from matchmaker.matching.explanations import explain_pair
from matchmaker.matching.features import Bags, document_bags
from matchmaker.matching.topk import select_top_k, top_k_both_ways, top_pairs
from matchmaker.matching.vocabulary import FEATURE_KINDS, ConceptMatcher, load_vocabulary


@dataclass(frozen=True)
class Settings:
    """Weights of the engine, chosen on the dev set and checked on the validation set.

    The three shares are normalised to sum to 1; `keep_*` bound the features kept per document so that
    sparse products stay cheap on large corpora (None keeps all).
    """

    word_share: float = 0.35
    char_share: float = 0.15
    concept_share: float = 0.50
    expansion: float = 0.6
    kind_weights: dict = field(
        default_factory=lambda: {"technology": 1.0, "problem": 1.0, "object": 0.4, "product": 0.4}
    )
    domain_penalty: float = 0.5
    char_range: tuple[int, int] = (3, 5)
    keep_words: int | None = 120
    keep_chars: int | None = 300


class MatchIndex:
    """Challenges x capabilities, scored on demand from sparse vectors; see the module docstring."""

    def __init__(self, challenges, capabilities, left, right, right_t, space, columns, settings) -> None:
        self.challenges: dict[str, Document] = {d.id: d for d in challenges}
        self.capabilities: dict[str, Document] = {d.id: d for d in capabilities}
        self.challenge_ids = [d.id for d in challenges]
        self.capability_ids = [d.id for d in capabilities]
        self._row = {id_: i for i, id_ in enumerate(self.challenge_ids)}
        self._col = {id_: j for j, id_ in enumerate(self.capability_ids)}
        self._left_ranks = _ranks(self.challenge_ids)
        self._right_ranks = _ranks(self.capability_ids)
        self._left, self._right, self._right_t = left, right, right_t
        self.space: ConceptSpace = space
        self._columns = columns
        self.settings = settings
        self.languages: dict[str, str] = {}

    @classmethod
    def fit(
        cls, challenges: Sequence[Document], capabilities: Sequence[Document], settings: Settings = Settings()
    ) -> "MatchIndex":
        """Analyse both sides and build their vectors; ids must be unique within each side."""
        for side in (challenges, capabilities):
            if len({d.id for d in side}) != len(side):
                raise ValueError("document ids must be unique within challenges and within capabilities")
        analyzer = Analyzer()
        vocabulary = load_vocabulary()
        matcher = ConceptMatcher(vocabulary, analyzer)
        rows = _Rows()
        for side, read_limits in ((challenges, False), (capabilities, True)):
            for document in side:
                rows.add(document, document_bags(document, analyzer, matcher, read_limits=read_limits))
        index = cls._from_rows(challenges, capabilities, rows, vocabulary, settings)
        index._analyzer, index._matcher = analyzer, matcher
        return index

    @classmethod
    def _from_rows(cls, challenges, capabilities, rows: "_Rows", vocabulary, settings) -> "MatchIndex":
        n_left = len(challenges)
        stems = rows.stems.matrix()
        words = blocks.tfidf(stems, blocks.smooth_idf(stems), settings.keep_words)
        del stems
        grams, _ = blocks.word_ngram_matrix(rows.words.columns, *settings.char_range)
        char_counts = sp.csr_matrix(rows.words.matrix() @ grams)
        del grams
        chars = blocks.tfidf(char_counts, blocks.smooth_idf(char_counts), settings.keep_chars)
        del char_counts
        space = ConceptSpace(vocabulary, settings.kind_weights, settings.expansion)
        concepts = space.vectors(rows.concepts.matrix(), n_left)
        shares = np.array([settings.word_share, settings.char_share, settings.concept_share])
        shares = np.sqrt(shares / shares.sum())
        stacked = sp.hstack([shares[0] * words, shares[1] * chars, shares[2] * concepts], format="csr")
        factors = space.domain_factors(rows.domains[n_left:], settings.domain_penalty)
        left = stacked[:n_left]
        right = sp.csr_matrix(sp.diags(factors) @ stacked[n_left:])
        columns = {"words": rows.stems.columns, "n_words": words.shape[1], "n_chars": chars.shape[1]}
        index = cls(challenges, capabilities, left, right, right.T.tocsr(), space, columns, settings)
        index.languages = dict(zip([d.id for d in (*challenges, *capabilities)], rows.languages))
        return index

    # -- scores and rankings -------------------------------------------------------------------------

    def score(self, challenge_id: str, capability_id: str) -> float:
        """Cosine score of one pair, in [0, 1]."""
        row, col = self._row[challenge_id], self._col[capability_id]
        return float((self._left[row] @ self._right_t[:, [col]]).toarray()[0, 0])

    def top_capabilities(
        self, challenge_id: str, k: int = 10, allowed: Iterable[str] | None = None, lang: str | None = None
    ) -> list[Match]:
        """Best capabilities for one challenge; `allowed` restricts candidates before taking the top k."""
        row = self._row[challenge_id]
        scores = (self._left[row] @ self._right_t).toarray()[0]
        columns = self._allowed(allowed, self._col)
        best = columns[select_top_k(scores[None, columns], self._right_ranks[None, columns], k)[0]]
        return [self._match(row, int(col), float(scores[col]), lang) for col in best]

    def top_challenges(
        self, capability_id: str, k: int = 10, allowed: Iterable[str] | None = None, lang: str | None = None
    ) -> list[Match]:
        """Best challenges for one capability; filter confidential ones out with `allowed`."""
        col = self._col[capability_id]
        scores = (self._left @ self._right_t[:, [col]]).toarray()[:, 0]
        rows = self._allowed(allowed, self._row)
        best = rows[select_top_k(scores[None, rows], self._left_ranks[None, rows], k)[0]]
        return [self._match(int(row), col, float(scores[row]), lang) for row in best]

    def top_pairs(self, k: int = 10, lang: str | None = None) -> list[Match]:
        """The k strongest challenge-capability pairs overall."""
        pairs = top_pairs(self._left, self._right_t, k, self._left_ranks, self._right_ranks)
        return [self._match(row, col, score, lang) for row, col, score in pairs]

    def all_top_k(self, k: int = 10, chunk_rows: int = 512):
        """(best capabilities per challenge, best challenges per capability) as id -> [(id, score)]."""
        by_row, by_col = top_k_both_ways(
            self._left, self._right_t, k, self._left_ranks, self._right_ranks, chunk_rows
        )
        forward = {
            self.challenge_ids[i]: [(self.capability_ids[j], float(s)) for j, s in zip(p, sc)]
            for i, (p, sc) in enumerate(zip(by_row.positions, by_row.scores))
        }
        backward = {
            self.capability_ids[j]: [(self.challenge_ids[i], float(s)) for i, s in zip(p, sc)]
            for j, (p, sc) in enumerate(zip(by_col.positions, by_col.scores))
        }
        return forward, backward

    def score_matrix(self) -> np.ndarray:
        """The dense N x M score matrix: only for tests and tiny corpora."""
        return (self._left @ self._right_t).toarray()

    # -- explanations --------------------------------------------------------------------------------

    def explain(self, challenge_id: str, capability_id: str, lang: str | None = None) -> tuple[str, ...]:
        """The few concepts and words that add most to this pair's score, in `lang` where known."""
        row, col = self._row[challenge_id], self._col[capability_id]
        challenge = self.challenges[challenge_id]
        bags = self._bags(challenge, read_limits=False)
        return explain_pair(
            self._left[row], self._right[col], bags, self.space, self._columns, lang or bags.language
        )

    def _bags(self, document: Document, *, read_limits: bool) -> Bags:
        if not hasattr(self, "_analyzer"):
            self._analyzer = Analyzer()
            self._matcher = ConceptMatcher(load_vocabulary(), self._analyzer)
        cache = self.__dict__.setdefault("_bag_cache", {})
        key = (document.id, read_limits)
        if key not in cache:
            if len(cache) > 256:  # explanations come in bursts for one document; keep memory flat
                cache.clear()
            cache[key] = document_bags(document, self._analyzer, self._matcher, read_limits=read_limits)
        return cache[key]

    def _match(self, row: int, col: int, score: float, lang: str | None) -> Match:
        challenge_id, capability_id = self.challenge_ids[row], self.capability_ids[col]
        why = self.explain(challenge_id, capability_id, lang) if score > 0 else ()
        return Match(challenge_id, capability_id, min(max(score, 0.0), 1.0), why)

    @staticmethod
    def _allowed(allowed: Iterable[str] | None, positions: dict[str, int]) -> np.ndarray:
        if allowed is None:
            return np.arange(len(positions))
        return np.array(sorted(positions[id_] for id_ in set(allowed) if id_ in positions), dtype=np.int64)


def _ranks(ids: list[str]) -> np.ndarray:
    ranks = np.empty(len(ids), np.int64)
    ranks[np.argsort(np.array(ids, dtype=object), kind="stable")] = np.arange(len(ids))
    return ranks




class _Rows:
    """What fitting keeps of each analysed document: compact rows per block, language and domain counts."""

    def __init__(self) -> None:
        vocabulary = load_vocabulary()
        self.kinds = {c.id: c.kind for c in vocabulary.concepts.values()}
        feature_columns = {c.id: i for i, c in enumerate(c for c in vocabulary.concepts.values()
                                                          if c.kind in FEATURE_KINDS)}
        self.stems, self.words = blocks.RowBuilder(), blocks.RowBuilder()
        self.concepts = blocks.RowBuilder(feature_columns, grow=False)
        self.languages: list[str] = []
        self.domains: list[tuple[float, float]] = []

    def add(self, document: Document, bags: Bags) -> None:
        self.stems.add(bags.stems)
        self.words.add(bags.words)
        self.concepts.add(bags.concepts)
        self.languages.append(bags.language)
        food = sum(w for c, w in bags.concepts.items() if self.kinds[c] in ("food", "product"))
        elsewhere = sum(w for c, w in bags.concepts.items() if self.kinds[c] == "elsewhere")
        self.domains.append((food, elsewhere))
