"""The match index: fit once on challenges and capabilities, then rank both ways and explain.

A pair's score is the dot product of two vectors made of three L2-normalised blocks, each weighted by the
square root of its share (shares sum to 1), so the score is a weighted mean of three cosines: word stems,
character n-grams of words (cognates across languages), and shared concepts from the vocabulary.
Challenge concepts also switch on the technologies linked to them. A capability written for another
field (automotive, medicine, astronomy...) is scaled down by a domain factor in (0, 1]. Four corrections
may lower a pair: a need, material or product that a capability names only in its stated limits
("cannot read black plastics") counts against challenges that name it; an offer whose title is specific
to packs or foods (a wall gauge for glass containers) loses a little on challenges about other ones; an
offer with a property that the challenge's requirements rule out (destructive for a non-destructive need,
a sensor in every pack when nothing may be added, see `vocabulary/conflicts.tsv`) loses a fixed amount;
and every same-language pair loses the mean word and character score of that language's pairs (one column
per language, see `fitting`), so answers in another language are not outranked by texts that merely share
a language.

The word and character blocks are stored in a dense low-rank form (`dense.project`), exact while the
corpus has no more documents than the block's rank; beyond that a projection can make a cosine slightly
negative, so scores are clipped to [0, 1], and values under 1e-6 (rounding noise) count as 0. Every
score is computed exactly from the stored vectors, so a pair scores the same in a ranking, a block or
alone (see `dense` and `topk`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

from matchmaker.matching import dense, topk
from matchmaker.matching.concepts import ConceptSpace
from matchmaker.matching.documents import Document, Match
from matchmaker.matching.explanations import explain_pair
from matchmaker.matching.fitting import Fitted, Rows, fit_vectors
from matchmaker.matching.parallel import analyse
from matchmaker.matching.vocabulary import load_vocabulary


@dataclass(frozen=True)
class Settings:
    """Weights of the engine, chosen on the dev set and the team's `benchmarks/datasets/extra`, checked on the
    validation set and once on `benchmarks/datasets/sealed`.

    The three shares are normalised to sum to 1; `keep_*` bound the features kept per document (None
    keeps all); `*_rank` set the size of the dense form that rankings are computed on. With the lexicon, words
    carry across languages too, so they weigh more than when only concepts did (0.35 words, 0.50 concepts).
    """

    word_share: float = 0.55
    char_share: float = 0.10
    concept_share: float = 0.35
    expansion: float = 0.8
    kind_weights: dict = field(
        default_factory=lambda: {"technology": 1.0, "problem": 1.0, "object": 0.4, "product": 0.5}
    )
    domain_penalty: float = 0.5
    #: Share of the mean same-language word and character score taken off every same-language pair
    #: (see `fitting._language_prior`).
    language_prior: float = 1.0
    #: How much a need, material or product that an offer's stated limits rule out counts against a pair.
    against: float = 0.6
    #: What a pair loses when its offer has a property the challenge's requirements rule out (`conflicts.tsv`).
    conflict: float = 0.05
    #: What a pair loses at most when its offer's title names packs or foods the challenge does not name.
    other_target: float = 0.04
    char_range: tuple[int, int] = (3, 5)
    keep_words: int | None = 120
    keep_chars: int | None = 300
    #: Dimensions kept of the word and character blocks. Lossless up to this many documents; beyond, the
    #: best rank-D fit of the corpus (see `benchmarks/bench_rank.py` for time against agreement with the
    #: full sparse scores). The concept block (~110 columns) stays exact.
    word_rank: int = 128
    char_rank: int = 96
    #: Documents the low-rank bases are fitted on (an even sample), so fitting cost does not grow with N.
    rank_sample: int = 8000
    #: Map the words of every language onto shared English pivot words (`lexicon`).
    lexicon: bool = True


class MatchIndex:
    """Challenges x capabilities as dense pair vectors, ranked exactly on demand; see the module docstring."""

    def __init__(self, challenges, capabilities, fitted: Fitted, languages: list[str], settings) -> None:
        self.challenges: dict[str, Document] = {d.id: d for d in challenges}
        self.capabilities: dict[str, Document] = {d.id: d for d in capabilities}
        self.challenge_ids = [d.id for d in challenges]
        self.capability_ids = [d.id for d in capabilities]
        self._row = {id_: i for i, id_ in enumerate(self.challenge_ids)}
        self._col = {id_: j for j, id_ in enumerate(self.capability_ids)}
        self._left_ranks = _ranks(self.challenge_ids)
        self._right_ranks = _ranks(self.capability_ids)
        self._left, self._right = fitted.left, fitted.right
        self._margin = dense.error_bound(self._left, self._right)  # bounds any sub-matrix's error too
        self._evidence = fitted.evidence
        self.space: ConceptSpace = fitted.space
        self.settings = settings
        self.languages: dict[str, str] = dict(zip([*self.challenge_ids, *self.capability_ids], languages))

    @classmethod
    def fit(
        cls, challenges: Sequence[Document], capabilities: Sequence[Document], settings: Settings = Settings()
    ) -> "MatchIndex":
        """Analyse both sides (large corpora on every core, see `parallel`) and build their vectors; ids must be
        unique within each side."""
        for side in (challenges, capabilities):
            if len({d.id for d in side}) != len(side):
                raise ValueError("document ids must be unique within challenges and within capabilities")
        vocabulary = load_vocabulary()
        rows = Rows(vocabulary)
        # Capabilities state limits of their technology; challenges state needs negatively.
        readings = [(document, False) for document in challenges] + [(document, True) for document in capabilities]
        # Large corpora are analysed on every core; the bags come back in this order either way (`analyse`
        # comes first so that it runs to its end, which stops its worker processes).
        for bags, (_, read_limits) in zip(analyse(readings, vocabulary, lexicon=settings.lexicon), readings):
            rows.add(bags, challenge=not read_limits)
        fitted = fit_vectors(rows, len(challenges), vocabulary, settings)
        return cls(challenges, capabilities, fitted, rows.languages, settings)

    # -- scores and rankings -------------------------------------------------------------------------

    def score(self, challenge_id: str, capability_id: str) -> float:
        """Score of one pair, in [0, 1]."""
        row, col = self._row[challenge_id], self._col[capability_id]
        return float(topk.pair_scores(self._left, self._right, np.array([row]), np.array([col]))[0])

    def score_block(self, challenge_ids: Sequence[str], capability_ids: Sequence[str]) -> np.ndarray:
        """Scores of the given challenges (rows) against the given capabilities (columns), as float64.

        Meant for an organiser's match matrix, a few thousand ids per side; equal to `score` pair by pair.
        """
        rows = np.array([self._row[id_] for id_ in challenge_ids], np.int64)
        cols = np.array([self._col[id_] for id_ in capability_ids], np.int64)
        return dense.exact_scores(self._left[rows], self._right[cols])

    def top_capabilities(
        self, challenge_id: str, k: int = 10, allowed: Iterable[str] | None = None, lang: str | None = None
    ) -> list[Match]:
        """Best capabilities for one challenge; `allowed` restricts candidates before taking the top k."""
        row = self._row[challenge_id]
        cols = self._allowed(allowed, self._col)
        right = self._right if cols is None else self._right[cols]
        ranks = self._right_ranks if cols is None else self._right_ranks[cols]
        best = topk.top_k_rows(self._left[[row]], right, k, ranks, self._margin)
        found = best.positions[0] if cols is None else cols[best.positions[0]]
        return [self._match(row, int(col), float(score), lang) for col, score in zip(found, best.scores[0])]

    def top_challenges(
        self, capability_id: str, k: int = 10, allowed: Iterable[str] | None = None, lang: str | None = None
    ) -> list[Match]:
        """Best challenges for one capability; filter confidential ones out with `allowed`."""
        col = self._col[capability_id]
        rows = self._allowed(allowed, self._row)
        left = self._left if rows is None else self._left[rows]
        ranks = self._left_ranks if rows is None else self._left_ranks[rows]
        best = topk.top_k_rows(self._right[[col]], left, k, ranks, self._margin)
        found = best.positions[0] if rows is None else rows[best.positions[0]]
        return [self._match(int(row), col, float(score), lang) for row, score in zip(found, best.scores[0])]

    def top_pairs(
        self,
        k: int = 10,
        *,
        allowed_challenges: Iterable[str] | None = None,
        allowed_capabilities: Iterable[str] | None = None,
        lang: str | None = None,
    ) -> list[Match]:
        """The k strongest challenge-capability pairs among the allowed ones (filtered before ranking)."""
        rows = self._allowed(allowed_challenges, self._row)
        cols = self._allowed(allowed_capabilities, self._col)
        left = self._left if rows is None else self._left[rows]
        right = self._right if cols is None else self._right[cols]
        left_ranks = self._left_ranks if rows is None else self._left_ranks[rows]
        right_ranks = self._right_ranks if cols is None else self._right_ranks[cols]
        pairs = topk.top_pairs(left, right, k, left_ranks, right_ranks)
        return [
            self._match(row if rows is None else int(rows[row]), col if cols is None else int(cols[col]), score, lang)
            for row, col, score in pairs
        ]

    def all_top_k(self, k: int = 10, chunk_rows: int | None = None):
        """(best capabilities per challenge, best challenges per capability) as id -> [(id, score)]."""
        by_row, by_col = topk.top_k_both_ways(
            self._left, self._right, k, self._left_ranks, self._right_ranks, chunk_rows
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
        return self.score_block(self.challenge_ids, self.capability_ids)

    # -- explanations --------------------------------------------------------------------------------

    def explain(self, challenge_id: str, capability_id: str, lang: str | None = None) -> tuple[str, ...]:
        """The few concepts and words that add most to this pair's score, in `lang` (default: the challenge's)."""
        row, col = self._row[challenge_id], self._col[capability_id]
        return explain_pair(self._evidence, row, col, self.space, lang or self.languages[challenge_id])

    def _match(self, row: int, col: int, score: float, lang: str | None) -> Match:
        challenge_id, capability_id = self.challenge_ids[row], self.capability_ids[col]
        why = self.explain(challenge_id, capability_id, lang) if score > 0 else ()
        return Match(challenge_id, capability_id, min(max(score, 0.0), 1.0), why)

    @staticmethod
    def _allowed(allowed: Iterable[str] | None, positions: dict[str, int]) -> np.ndarray | None:
        """Sorted positions of the allowed ids (unknown ids are ignored); None when all are allowed."""
        if allowed is None:
            return None
        return np.array(sorted(positions[id_] for id_ in set(allowed) if id_ in positions), dtype=np.int64)


def _ranks(ids: list[str]) -> np.ndarray:
    ranks = np.empty(len(ids), np.int64)
    ranks[np.argsort(np.array(ids, dtype=object), kind="stable")] = np.arange(len(ids))
    return ranks
