"""Turn analysed documents into what the index keeps: dense pair vectors and the evidence for explanations."""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matchmaker.matching import blocks, dense
from matchmaker.matching.concepts import ConceptSpace
from matchmaker.matching.explanations import Evidence, names
from matchmaker.matching.features import TARGET_KINDS, Bags
from matchmaker.matching.vocabulary import FEATURE_KINDS, Vocabulary


class Rows:
    """What fitting keeps of each analysed document: compact rows per block, language and domain counts.

    Challenges must be added before capabilities; only challenges keep the spelling of their stems,
    which is all explanations show.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.kinds = {c.id: c.kind for c in vocabulary.concepts.values()}
        feature_columns = {c.id: i for i, c in enumerate(c for c in vocabulary.concepts.values()
                                                          if c.kind in FEATURE_KINDS)}
        self.stems, self.words = blocks.RowBuilder(), blocks.RowBuilder()
        self.concepts = blocks.RowBuilder(feature_columns, grow=False)
        self.against = blocks.RowBuilder(feature_columns, grow=False)
        self._vocabulary = vocabulary
        #: Per document, over packs, materials and foods: all a challenge names, what a capability's title names.
        self.targets = blocks.RowBuilder({c.id: i for i, c in enumerate(
            c for c in vocabulary.concepts.values() if c.kind in TARGET_KINDS)}, grow=False)
        #: Per document, over the property concepts: what a challenge rules out, what a capability has.
        self.conflicts = blocks.RowBuilder({c.id: i for i, c in enumerate(
            c for c in vocabulary.concepts.values() if c.kind == "property")}, grow=False)
        self.languages: list[str] = []
        self.domains: list[tuple[float, float]] = []
        self.spellings: dict[str, int] = {}
        self._surface = array("i")

    def add(self, bags: Bags, *, challenge: bool) -> None:
        self.stems.add(bags.stems)
        self.words.add(bags.words)
        self.concepts.add(bags.concepts)
        self.against.add(bags.against)
        ruled_out = self._vocabulary.ruled_out(bags.requires) if bags.requires else {}
        if challenge:
            self.targets.add({c: 1.0 for c in bags.concepts if self.kinds[c] in TARGET_KINDS})
            self.conflicts.add(ruled_out)
        else:  # an offer that claims a requirement ("inline version") is not held to what it rules out
            self.targets.add({c: 1.0 / len(bags.headline) for c in bags.headline})
            self.conflicts.add({p: 1.0 for p in bags.properties if p not in ruled_out})
        self.languages.append(bags.language)
        if challenge:  # in the order RowBuilder.add keeps the stems
            spellings = self.spellings
            self._surface.extend(spellings.setdefault(bags.surface[stem], len(spellings)) + 1
                                 for stem, weight in bags.stems.items() if weight > 0)
        food = sum(w for c, w in bags.concepts.items() if self.kinds[c] in ("food", "product"))
        elsewhere = sum(w for c, w in bags.concepts.items() if self.kinds[c] == "elsewhere")
        # An offer that names food or packs only to rule them out ("not for food contact") is written elsewhere.
        elsewhere += sum(w for c, w in bags.against.items() if self.kinds[c] in ("food", "product"))
        self.domains.append((food, elsewhere))

    def surface(self, n_left: int) -> sp.csr_matrix:
        """Challenges x stem columns: 1 + the spelling id of each stem (see `Evidence`)."""
        stems = self.stems.matrix()
        indptr = stems.indptr[: n_left + 1]
        matrix = sp.csr_matrix((np.frombuffer(self._surface, np.int32), stems.indices[: indptr[-1]], indptr),
                               shape=(n_left, stems.shape[1]))
        matrix.sort_indices()
        return matrix


@dataclass(frozen=True)
class Fitted:
    """Dense pair vectors of both sides (quantised float32, see `dense`), the concept space and the evidence."""

    left: np.ndarray
    right: np.ndarray
    space: ConceptSpace
    evidence: Evidence


def fit_vectors(rows: Rows, n_left: int, vocabulary: Vocabulary, settings) -> Fitted:
    """TF-IDF blocks of all documents, their dense forms, and the evidence explanations read."""
    stems = rows.stems.matrix()
    words = blocks.tfidf(stems, blocks.smooth_idf(stems), settings.keep_words)
    del stems
    project = dict(n_left=n_left, sample=settings.rank_sample)
    grams = blocks.word_ngram_matrix(rows.words.columns, *settings.char_range)[0]  # not the n-gram names
    chars = blocks.tfidf_of_product(rows.words.matrix(), grams, settings.keep_chars, n_left=n_left)
    del grams
    char_coordinates = dense.project(chars, rank=settings.char_rank, **project)  # the block is only needed here
    del chars
    space = ConceptSpace(vocabulary, settings.kind_weights, settings.expansion)
    concept_counts = rows.concepts.matrix()
    concepts = space.vectors(concept_counts, n_left)
    if settings.against > 0:
        concepts = concepts + _stated_limits(space, rows.against.matrix(), n_left, settings.against)
    shares = np.array([settings.word_share, settings.char_share, settings.concept_share])
    shares = np.sqrt(shares / shares.sum())
    factors = space.domain_factors(rows.domains[n_left:], settings.domain_penalty)
    vectors = np.hstack([
        shares[0] * dense.project(words, rank=settings.word_rank, **project),
        shares[1] * char_coordinates,
        shares[2] * concepts.toarray(),
    ])
    del char_coordinates
    vectors[n_left:] *= factors[:, None]
    text_columns = vectors.shape[1] - concepts.shape[1]  # the word and character blocks
    vectors = np.hstack([vectors, _language_prior(vectors[:, :text_columns], rows.languages, n_left,
                                                  settings.language_prior),
                         _conflicts(rows.conflicts.matrix(), n_left, settings.conflict),
                         _other_targets(rows.targets.matrix(), n_left, settings.other_target)])
    vectors = dense.quantise(vectors, overwrite=True)
    left, right = vectors[:n_left], vectors[n_left:]
    del vectors
    right_scale = sp.diags(factors)
    evidence = Evidence(
        stems=names(rows.stems.columns),
        left_words=sp.csr_matrix(shares[0] * words[:n_left]),
        right_words=sp.csr_matrix(right_scale @ (shares[0] * words[n_left:])),
        left_concepts=sp.csr_matrix(shares[2] * concepts[:n_left]),
        right_concepts=sp.csr_matrix(right_scale @ (shares[2] * concepts[n_left:])),
        surface=rows.surface(n_left),
        surface_words=names(rows.spellings),
        link_source=_link_sources(space, concept_counts[:n_left]),
    )
    return Fitted(left, right, space, evidence)


def _stated_limits(space: ConceptSpace, counts: sp.csr_matrix, n_left: int, strength: float) -> sp.csr_matrix:
    """Negative concept weights of capabilities for what their limits rule out, unit rows times -`strength`.

    A challenge that names black plastics then loses `strength` x its own black-plastics weight on a
    pair with an offer that says it cannot read them; challenges get no such row.
    """
    capabilities = blocks.l2_rows(sp.csr_matrix(space.direct(counts[n_left:])))
    return -strength * sp.vstack([sp.csr_matrix((n_left, counts.shape[1])), capabilities], format="csr")


def _language_prior(text: np.ndarray, languages: list[str], n_left: int, strength: float) -> np.ndarray:
    """Columns that take from a same-language pair the score any two documents of that language share.

    Two texts in one language share common words and word pieces whatever they are about, which lifts
    same-language pairs above cross-language ones that share only concepts. For each language L the
    offset is `strength` x the mean word and character score of L-challenge x L-capability pairs (the
    product of the two mean rows of `text`, those blocks only): a challenge row gets -offset in column L,
    a capability row 1, so pairs in different languages are untouched. Concepts are left out of the mean
    because they are shared across languages alike; counting them took from same-language pairs what
    cross-language pairs keep, and pushed same-language answers with only word evidence to 0.
    """
    codes = sorted(set(languages))
    columns = np.zeros((len(languages), len(codes)))
    if strength <= 0:
        return columns[:, :0]
    side = np.array(languages, dtype=object)
    for number, code in enumerate(codes):
        left = np.flatnonzero(side[:n_left] == code)
        right = n_left + np.flatnonzero(side[n_left:] == code)
        if len(left) and len(right):
            offset = float(text[left].mean(axis=0) @ text[right].mean(axis=0))
            columns[left, number] = -min(strength * offset, 1.0)
            columns[right, number] = 1.0
    return columns


def _conflicts(conflicts: sp.csr_matrix, n_left: int, strength: float) -> np.ndarray:
    """Columns that take `strength` x the conflict weight from a pair whose offer has a property ruled out.

    A challenge row holds -`strength` x weight per property it rules out, a capability row 1 per property it
    has, so the product is the penalty and pairs without a conflict are untouched. Only properties both
    sides name are kept as columns.
    """
    if strength <= 0:
        return np.zeros((conflicts.shape[0], 0))
    used = dense.shared_columns(conflicts, n_left)
    columns = conflicts[:, used].toarray()
    columns[:n_left] *= -strength
    return columns


def _other_targets(targets: sp.csr_matrix, n_left: int, strength: float) -> np.ndarray:
    """Columns that take up to `strength` from a pair whose offer is made for packs or foods not named.

    A capability row of `targets` spreads 1 over what its title names (a glass wall gauge: glass), or is
    empty for an offer whose title is generic; a challenge row marks every pack, material and food it
    names. A challenge that names some loses `strength` x the share of the offer's title targets it does
    not name: columns [-strength, strength x named] for challenges, [1 if specific, shares] for capabilities.
    """
    if strength <= 0 or not targets[n_left:].nnz:  # no offer is specific: nothing to take
        return np.zeros((targets.shape[0], 0))
    used = dense.shared_columns(targets, n_left)
    named = targets[:, used].toarray()
    names_any = (targets.getnnz(axis=1) > 0)[:, None].astype(float)
    challenge = np.hstack([-strength * names_any[:n_left], strength * named[:n_left]])
    capability = np.hstack([names_any[n_left:], named[n_left:]])
    return np.vstack([challenge, capability])


def _link_sources(space: ConceptSpace, counts: sp.csr_matrix) -> np.ndarray:
    """Per challenge and concept, the problem it borrowed the concept from, if borrowing outweighs naming it."""
    direct = space.direct(counts)
    borrowed, source = space.expanded(direct)
    return np.where(space.expansion * borrowed > direct, source, -1).astype(np.int16)
