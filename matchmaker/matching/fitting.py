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

#: Rows of a dense concept-wide block made at once (8,192 x ~110 concepts x 8 bytes: 7 MB).
BLOCK_ROWS = 8192


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
        matrix = sp.csr_matrix((np.frombuffer(self._surface, np.int32), stems.indices[: indptr[-1]].copy(), indptr),
                               shape=(n_left, stems.shape[1]))  # a copy: sorting must not reorder the stems
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
    """TF-IDF blocks of all documents, their dense forms, and the evidence explanations read.

    Each dense block is rounded into its columns of the float32 result once it is final (`_rounded`).
    """
    stems = rows.stems.matrix()
    words = blocks.tfidf(stems, blocks.smooth_idf(stems), settings.keep_words)
    del stems
    project = dict(n_left=n_left, sample=settings.rank_sample)
    grams = blocks.word_ngram_matrix(rows.words.columns, *settings.char_range)[0]  # not the n-gram names
    chars = blocks.tfidf_of_product(rows.words.matrix(), grams, settings.keep_chars, n_left=n_left)
    char_coordinates = dense.project(chars, rank=settings.char_rank, **project)  # the block is only needed here
    del chars, grams
    space = ConceptSpace(vocabulary, settings.kind_weights, settings.expansion)
    concept_counts = rows.concepts.matrix()
    concepts = space.vectors(concept_counts, n_left)
    if settings.against > 0:
        concepts = concepts + _stated_limits(space, rows.against.matrix(), n_left, settings.against)
    shares = np.array([settings.word_share, settings.char_share, settings.concept_share])
    shares = np.sqrt(shares / shares.sum())
    factors = space.domain_factors(rows.domains[n_left:], settings.domain_penalty)
    text = [dense.project(words, rank=settings.word_rank, **project), char_coordinates]
    del char_coordinates
    for share, coordinates in zip(shares, text):
        coordinates *= share
        coordinates[n_left:] *= factors[:, None]
    del coordinates
    extra = np.hstack([_language_prior(text, rows.languages, n_left, settings.language_prior),
                       _conflicts(rows.conflicts.matrix(), n_left, settings.conflict),
                       _other_targets(rows.targets.matrix(), n_left, settings.other_target)])
    vectors = _rounded(text, concepts, extra, shares[2], factors, n_left)
    del text, extra
    right_scale = sp.diags(factors)
    left_words, right_words = _scaled(words[:n_left], shares[0]), _scaled(words[n_left:], shares[0])
    del words  # before the rest of the evidence is made
    evidence = Evidence(
        stems=names(rows.stems.columns),
        left_words=left_words,
        right_words=sp.csr_matrix(right_scale @ right_words),
        left_concepts=_scaled(concepts[:n_left], shares[2]),
        right_concepts=sp.csr_matrix(right_scale @ _scaled(concepts[n_left:], shares[2])),
        surface=rows.surface(n_left),
        surface_words=names(rows.spellings),
        link_source=_link_sources(space, concept_counts[:n_left]),
    )
    return Fitted(vectors[:n_left], vectors[n_left:], space, evidence)


def _rounded(text: list[np.ndarray], concepts: sp.csr_matrix, extra: np.ndarray, concept_share: float,
             factors: np.ndarray, n_left: int) -> np.ndarray:
    """[text blocks | concept_share x concepts, capability rows x factors | extra], rounded into float32.

    Each part is rounded (`dense.quantise`) straight into its columns: the text blocks are let go one by
    one and the dense concepts are made a block of rows at a time.
    """
    widths = [block.shape[1] for block in text] + [concepts.shape[1], extra.shape[1]]
    bounds = np.cumsum([0] + widths)
    vectors = np.empty((concepts.shape[0], bounds[-1]), np.float32)
    for number in range(len(text)):
        dense.quantise(text[number], overwrite=True, out=vectors[:, bounds[number]:bounds[number + 1]])
        text[number] = None
    columns = vectors[:, bounds[-3]:bounds[-2]]
    for start in range(0, concepts.shape[0], BLOCK_ROWS):
        block = concepts[start:start + BLOCK_ROWS].toarray()
        block *= concept_share
        first = max(n_left, start)  # capabilities from here on
        if first < start + len(block):
            block[first - start:] *= factors[first - n_left:start + len(block) - n_left, None]
        dense.quantise(block, overwrite=True, out=columns[start:start + BLOCK_ROWS])
    dense.quantise(extra, overwrite=True, out=vectors[:, bounds[-2]:])
    return vectors


def _stated_limits(space: ConceptSpace, counts: sp.csr_matrix, n_left: int, strength: float) -> sp.csr_matrix:
    """Negative concept weights of capabilities for what their limits rule out, unit rows times -`strength`.

    A challenge that names black plastics then loses `strength` x its own black-plastics weight on a
    pair with an offer that says it cannot read them; challenges get no such row.
    """
    capabilities = blocks.l2_rows(sp.csr_matrix(space.direct(counts[n_left:])))
    return -strength * sp.vstack([sp.csr_matrix((n_left, counts.shape[1])), capabilities], format="csr")


def _language_prior(text: list[np.ndarray], languages: list[str], n_left: int, strength: float) -> np.ndarray:
    """Columns that take from a same-language pair the score any two documents of that language share.

    Two texts in one language share common words and word pieces whatever they are about, which lifts
    same-language pairs above cross-language ones that share only concepts. For each language L the
    offset is `strength` x the mean word and character score of L-challenge x L-capability pairs (the
    product of the two mean rows of the `text` blocks side by side, those blocks only): a challenge row gets
    -offset in column L, a capability row 1, so pairs in different languages are untouched. Concepts are left
    out of the mean because they are shared across languages alike; counting them took from same-language
    pairs what cross-language pairs keep, and pushed same-language answers with only word evidence to 0.
    The blocks are joined before the mean is taken: numpy sums a block one column wide in another order.
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
            means = [np.hstack([block[members] for block in text]).mean(axis=0) for members in (left, right)]
            offset = float(means[0] @ means[1])
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


def _scaled(part: sp.csr_matrix, factor: float) -> sp.csr_matrix:
    """`factor * part` for a part just sliced off a block: scaled in place rather than copied once more."""
    part.data *= factor
    return part


def _link_sources(space: ConceptSpace, counts: sp.csr_matrix) -> np.ndarray:
    """Per challenge and concept, the problem it borrowed the concept from, if borrowing outweighs naming it.

    A block of challenges at a time: the dense forms this goes through are as wide as all concepts.
    """
    sources = np.empty(counts.shape, np.int16)
    for start in range(0, counts.shape[0], BLOCK_ROWS):
        direct = space.direct(counts[start:start + BLOCK_ROWS])
        borrowed, source = space.expanded(direct)
        sources[start:start + BLOCK_ROWS] = np.where(space.expansion * borrowed > direct, source, -1)
    return sources
