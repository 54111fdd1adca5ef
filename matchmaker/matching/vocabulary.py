"""The curated multilingual domain vocabulary: concepts, the words that name them, and problem->technology links.

The data lives in `vocabulary/*.tsv` beside this module so a domain expert can review and extend it
without touching code; the header comments of each file explain its columns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping

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


class ConceptMatcher:
    """Finds concept mentions in analysed text: stemmed phrases, plus wildcard parts of compound words."""

    def __init__(self, vocabulary: Vocabulary, analyzer: Analyzer) -> None:
        self.vocabulary = vocabulary
        self._phrases: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {}
        # wildcard core -> [(concept, must start the word, must end the word)], per language
        self._cores: dict[str, dict[str, list[tuple[str, bool, bool]]]] = {}
        self._wild_cache: dict[str, dict[str, tuple[str, ...]]] = {lang: {} for lang in LANGUAGES}
        self._grouped: dict[str, dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]] = {}
        for language in LANGUAGES:
            phrases: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
            cores: dict[str, list[tuple[str, bool, bool]]] = defaultdict(list)
            stop = stop_words(language)
            for (concept, term_language), terms in vocabulary.terms.items():
                if term_language not in (language, "*"):
                    continue
                for term in terms:
                    if "*" in term:
                        entry = (concept, not term.startswith("*"), not term.endswith("*"))
                        cores[fold(term.strip("*"))].append(entry)
                        continue
                    stems = tuple(analyzer.stems(tokens(term), language))
                    if not stems or (len(stems) == 1 and stems[0] in stop):
                        continue  # a lone function word ("de", "die") would match everywhere; "use-by" stays
                    if (stems, concept) not in phrases[stems[0]]:
                        phrases[stems[0]].append((stems, concept))
            for entries in phrases.values():
                entries.sort(key=lambda entry: -len(entry[0]))
            self._phrases[language] = dict(phrases)
            self._cores[language] = dict(cores)
        lengths = [len(core) for cores in self._cores.values() for core in cores] or [1]
        self._core_lengths = (min(lengths), max(lengths))
        # A core can only start where the word continues with the first `shortest` letters of some core.
        self._core_heads = {lang: {core[: self._core_lengths[0]] for core in cores}
                            for lang, cores in self._cores.items()}

    def _wild(self, word: str, language: str) -> tuple[str, ...]:
        """Concepts whose wildcard terms occur in the word (as prefix, suffix or inside a compound)."""
        cache = self._wild_cache[language]
        if word not in cache:
            cores = self._cores[language]
            folded = fold(word)
            size = len(folded)
            shortest, longest = self._core_lengths
            heads = self._core_heads[language]
            found: list[str] = []
            for start in range(size - shortest + 1):
                if folded[start:start + shortest] not in heads:
                    continue
                for stop in range(start + shortest, min(size, start + longest) + 1):
                    for concept, at_start, at_end in cores.get(folded[start:stop], ()):
                        if (start == 0 or not at_start) and (stop == size or not at_end):
                            found.append(concept)
            cache[word] = tuple(dict.fromkeys(found))
        return cache[word]

    def spans(self, words: list[str], stems: list[str], language: str) -> dict[int, tuple[int, tuple[str, ...]]]:
        """Position -> (tokens covered, concepts) of the longest phrase starting there, else of the word's
        wildcard parts (one token); positions that name nothing are absent."""
        phrases = self._phrases[language]
        wild_cache = self._wild_cache[language]
        for word in set(words).difference(wild_cache):
            self._wild(word, language)
        grouped = self._grouped.setdefault(language, {})
        found: dict[int, tuple[int, tuple[str, ...]]] = {}
        named = [i for i, (word, stem) in enumerate(zip(words, stems)) if stem in phrases or wild_cache[word]]
        for position in named:
            stem = stems[position]
            if stem in phrases and stem not in grouped:  # phrase -> all its concepts, longest phrase first
                grouped[stem] = tuple((phrase, tuple(dict.fromkeys(c for p, c in phrases[stem] if p == phrase)))
                                      for phrase in dict.fromkeys(p for p, _ in phrases[stem]))
            for phrase, concepts in grouped.get(stem, ()):
                if tuple(stems[position:position + len(phrase)]) == phrase:
                    found[position] = (len(phrase), concepts)
                    break
            else:
                if wild_cache[words[position]]:
                    found[position] = (1, wild_cache[words[position]])
        return found

    def find(self, words: list[str], stems: list[str], language: str) -> list[tuple[str, int]]:
        """(concept, token position) for each mention; a concept counts once per position."""
        phrases = self._phrases[language]
        wild_cache = self._wild_cache[language]
        for word in set(words).difference(wild_cache):
            self._wild(word, language)
        hits: list[tuple[str, int]] = []
        # Most tokens name nothing: find the few that may, in one pass, before the per-mention work.
        named = [i for i, (word, stem) in enumerate(zip(words, stems)) if stem in phrases or wild_cache[word]]
        for position in named:
            stem = stems[position]
            candidates = phrases.get(stem)
            wild = wild_cache[words[position]]
            seen: set[str] = set()
            for phrase, concept in candidates or ():
                if concept not in seen and tuple(stems[position:position + len(phrase)]) == phrase:
                    seen.add(concept)
                    hits.append((concept, position))
            for concept in wild:
                if concept not in seen:
                    seen.add(concept)
                    hits.append((concept, position))
        return hits
