"""The curated multilingual domain vocabulary: concepts, the words that name them, and problem->technology links.

The data lives in `vocabulary/*.tsv` beside this module so a domain expert can review and extend it
without touching code; the header comments of each file explain its columns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count
from importlib import resources
from types import MappingProxyType
from typing import Iterator, Mapping

from matchmaker.matching.analysis import Analyzer, fold, stop_words, tokens
from matchmaker.matching.documents import LANGUAGES

KINDS = ("technology", "problem", "object", "product", "food", "elsewhere", "requirement", "property")
#: Kinds that become features of the shared concept language; `food` and `elsewhere` only steer the domain
#: factor, `requirement` and `property` only the conflicts (see `conflicts.tsv`).
FEATURE_KINDS = ("technology", "problem", "object", "product")


@dataclass(frozen=True)
class Concept:
    """One shared idea, with its display label in each language."""

    id: str
    kind: str
    labels: Mapping[str, str]

    def label(self, language: str | None) -> str:
        return self.labels.get(language or "en") or self.labels["en"]


@dataclass(frozen=True)
class Vocabulary:
    """Concepts by id, terms per (concept, language), weighted links from problems to technologies, and
    weighted conflicts from challenge requirements to offer properties."""

    concepts: Mapping[str, Concept]
    terms: Mapping[tuple[str, str], tuple[str, ...]]
    links: Mapping[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    conflicts: Mapping[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)

    def ruled_out(self, requires) -> dict[str, float]:
        """Property -> weight that the given requirements rule out; a property named among them counts 1."""
        weights: dict[str, float] = {}
        for concept in requires:
            if self.concepts[concept].kind == "property":
                weights[concept] = 1.0
            for prop, weight in self.conflicts.get(concept, ()):
                weights[prop] = max(weights.get(prop, 0.0), weight)
        return weights


def _rows(name: str) -> list[tuple[int, list[str]]]:
    text = resources.files("matchmaker.matching").joinpath(f"vocabulary/{name}").read_text("utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            rows.append((number, line.split("\t")))
    return rows[1:]  # the first data row is the column header


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """Read and check the packaged vocabulary files; errors name the file and line."""
    concepts: dict[str, Concept] = {}
    for number, row in _rows("concepts.tsv"):
        if len(row) != 6 or row[1] not in KINDS:
            raise ValueError(f"concepts.tsv:{number}: expected id, kind, en, es, fr, de")
        concepts[row[0]] = Concept(row[0], row[1], MappingProxyType(dict(zip(("en", "es", "fr", "de"), row[2:]))))
    terms: dict[tuple[str, str], tuple[str, ...]] = defaultdict(tuple)
    for number, row in _rows("terms.tsv"):
        if len(row) != 3 or row[0] not in concepts or row[1] not in (*LANGUAGES, "*"):
            raise ValueError(f"terms.tsv:{number}: expected a known concept, a language and terms")
        found = tuple(t.strip().lower() for t in row[2].split("|") if t.strip())
        for term in found:
            if "*" in term and (" " in term or "-" in term):
                raise ValueError(f"terms.tsv:{number}: wildcard term {term!r} must be one word (no space or hyphen)")
        terms[row[0], row[1]] += found
    links: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for number, row in _rows("links.tsv"):
        if len(row) != 3 or row[0] not in concepts or row[1] not in concepts:
            raise ValueError(f"links.tsv:{number}: expected two known concepts and a weight")
        links[row[0]].append((row[1], float(row[2])))
    conflicts: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for number, row in _rows("conflicts.tsv"):
        kinds = [concepts[c].kind if c in concepts else None for c in row[:2]]
        if len(row) != 3 or kinds != ["requirement", "property"] or not 0 < float(row[2]) <= 1:
            raise ValueError(f"conflicts.tsv:{number}: expected a requirement, a property and a weight in (0, 1]")
        conflicts[row[0]].append((row[1], float(row[2])))
    return Vocabulary(
        concepts=MappingProxyType(concepts),
        terms=MappingProxyType(dict(terms)),
        links=MappingProxyType({k: tuple(v) for k, v in links.items()}),
        conflicts=MappingProxyType({k: tuple(v) for k, v in conflicts.items()}),
    )


def _phrase_index(phrases: dict[str, list[tuple[tuple[str, ...], str]]]) -> tuple[dict, dict, dict]:
    """From first stem -> [(phrase, concept)] longest first: first stem -> second stem -> the phrases of two
    words or more with their concepts, as `find` lists them and grouped by phrase as `spans` does; and first
    stem -> the concepts of its one-word phrase. Keyed on the second stem, only phrases that may match are
    compared; a one-word phrase always matches."""
    longer: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = defaultdict(lambda: defaultdict(list))
    for stem, entries in phrases.items():
        for phrase, concept in entries:
            if len(phrase) > 1:
                longer[stem][phrase[1]].append((phrase, concept))
    listed = {stem: {second: tuple(found) for second, found in by_second.items()} for stem, by_second in longer.items()}
    grouped = {stem: {second: tuple((phrase, tuple(dict.fromkeys(c for p, c in found if p == phrase)))
                                    for phrase in dict.fromkeys(p for p, _ in found))
                      for second, found in by_second.items()}
               for stem, by_second in longer.items()}
    single = {stem: tuple(dict.fromkeys(c for p, c in entries if len(p) == 1))
              for stem, entries in phrases.items() if len(entries[-1][0]) == 1}
    return listed, grouped, single


class ConceptMatcher:
    """Finds concept mentions in analysed text: stemmed phrases, plus wildcard parts of compound words.

    What one word names on its own is worked out once per distinct word and language, so `stems` given to
    `find` and `spans` must be the `Analyzer` stems of the words (a word's stem never changes).
    """

    def __init__(self, vocabulary: Vocabulary, analyzer: Analyzer) -> None:
        self.vocabulary = vocabulary
        self._phrases: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {}
        # wildcard core -> [(concept, must start the word, must end the word)], per language
        self._cores: dict[str, dict[str, list[tuple[str, bool, bool]]]] = {}
        # Per language: first stem -> second stem -> the phrases of two words or more (see `_phrase_index`),
        # and first stem -> the concepts of its one-word phrase.
        self._longer: dict[str, dict[str, dict[str, tuple]]] = {}
        self._longer_grouped: dict[str, dict[str, dict[str, tuple]]] = {}
        self._single: dict[str, dict[str, tuple[str, ...]]] = {}
        # Per language: word -> (what `find` gives for it alone, what `spans` gives for it alone or None, and
        # its stem's longer phrases for each), or None for a word that starts no mention.
        self._alone: dict[str, dict[str, tuple | None]] = {lang: {} for lang in LANGUAGES}
        for language in LANGUAGES:
            phrases: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
            cores: dict[str, list[tuple[str, bool, bool]]] = defaultdict(list)
            stop = stop_words(language)
            worded = []
            for (concept, term_language), terms in vocabulary.terms.items():
                if term_language not in (language, "*"):
                    continue
                for term in terms:
                    if "*" in term:
                        entry = (concept, not term.startswith("*"), not term.endswith("*"))
                        cores[fold(term.strip("*"))].append(entry)
                    else:
                        worded.append((concept, tokens(term)))
            analyzer.stems([word for _, words in worded for word in words], language)  # all new words at once
            for concept, words in worded:
                stems = tuple(analyzer.stems(words, language))
                if not stems or (len(stems) == 1 and stems[0] in stop):
                    continue  # a lone function word ("de", "die") would match everywhere; "use-by" stays
                if (stems, concept) not in phrases[stems[0]]:
                    phrases[stems[0]].append((stems, concept))
            for entries in phrases.values():
                entries.sort(key=lambda entry: -len(entry[0]))
            self._phrases[language] = dict(phrases)
            self._cores[language] = dict(cores)
            self._longer[language], self._longer_grouped[language], self._single[language] = _phrase_index(phrases)
        lengths = [len(core) for cores in self._cores.values() for core in cores] or [1]
        self._core_lengths = (min(lengths), max(lengths))
        # A core can only start where the word continues with the first `shortest` letters of some core, and
        # is no longer than the longest core with those first letters (head -> that length).
        self._core_heads: dict[str, dict[str, int]] = {}
        for language, cores in self._cores.items():
            heads = self._core_heads[language] = {}
            for core in cores:
                head = core[: self._core_lengths[0]]
                heads[head] = max(heads.get(head, 0), len(core))
        #: Concept id -> its kind, read for every mention.
        self.kinds: dict[str, str] = {key: concept.kind for key, concept in vocabulary.concepts.items()}

    def _wild(self, word: str, language: str) -> tuple[str, ...]:
        """Concepts whose wildcard terms occur in the word (as prefix, suffix or inside a compound); `_candidates`
        remembers the answer per word."""
        cores = self._cores[language]
        if not cores:
            return ()
        folded = fold(word)
        size = len(folded)
        shortest = self._core_lengths[0]
        heads = self._core_heads[language]
        found: list[str] = []
        for start in range(size - shortest + 1):
            longest = heads.get(folded[start:start + shortest])
            if longest is None:
                continue
            for stop in range(start + shortest, min(size, start + longest) + 1):
                for concept, at_start, at_end in cores.get(folded[start:stop], ()):
                    if (start == 0 or not at_start) and (stop == size or not at_end):
                        found.append(concept)
        return tuple(dict.fromkeys(found))

    def _candidates(self, words: list[str], stems: list[str], language: str) -> Iterator[tuple[int, tuple]]:
        """(position, what its word names alone) where a mention may start, in order; most tokens name nothing
        and are skipped at C speed."""
        alone = self._alone[language]
        try:  # most texts have no new word: no set to build
            known = list(map(alone.__getitem__, words))
        except KeyError:
            single, longer, grouped = self._single[language], self._longer[language], self._longer_grouped[language]
            stem_of = dict(zip(words, stems))
            for word in set(words).difference(alone):
                stem = stem_of[word]
                wild = self._wild(word, language)
                one = single.get(stem, ())
                # A one-word phrase comes before the word's wildcard parts, and alone wins over them in spans.
                concepts = tuple(dict.fromkeys(one + wild)) if one and wild else one or wild
                span = (1, one) if one else (1, wild) if wild else None
                # None for a word that can start no mention, so that only candidates are kept below.
                may_name = span is not None or stem in longer
                alone[word] = (concepts, span, longer.get(stem), grouped.get(stem)) if may_name else None
            known = list(map(alone.__getitem__, words))
        return zip(compress(count(), known), filter(None, known))

    def spans(self, words: list[str], stems: list[str], language: str) -> dict[int, tuple[int, tuple[str, ...]]]:
        """Position -> (tokens covered, concepts) of the longest phrase starting there, else of the word's
        wildcard parts (one token); positions that name nothing are absent. Positions come in order."""
        found: dict[int, tuple[int, tuple[str, ...]]] = {}
        last = len(words) - 1
        for position, (_, span, _, longer) in self._candidates(words, stems, language):
            if longer is not None and position < last:
                for phrase, concepts in longer.get(stems[position + 1], ()):  # phrase -> its concepts, longest first
                    if tuple(stems[position:position + len(phrase)]) == phrase:
                        span = (len(phrase), concepts)
                        break
            if span is not None:
                found[position] = span
        return found

    def find(self, words: list[str], stems: list[str], language: str) -> list[tuple[str, int]]:
        """(concept, token position) for each mention; a concept counts once per position."""
        hits: list[tuple[str, int]] = []
        last = len(words) - 1
        for position, (concepts, _, longer, _) in self._candidates(words, stems, language):
            if longer is not None and position < last and stems[position + 1] in longer:
                seen: set[str] = set()
                for phrase, concept in longer[stems[position + 1]]:
                    if concept not in seen and tuple(stems[position:position + len(phrase)]) == phrase:
                        seen.add(concept)
                        hits.append((concept, position))
                hits += ((concept, position) for concept in concepts if concept not in seen)
            else:
                hits += [(concept, position) for concept in concepts]
        return hits
