"""Words of every language mapped onto shared English pivot words, so texts in different languages share words.

A Spanish packer writes "botella", a German laser firm "Flasche": with the lexicon both texts contain the
pivot word "=bottl" (the English stem of the pivot, marked so it never meets an English stem of a word the
lexicon does not know). The lexicon (`vocabulary/lexicon/*.tsv`, one meaning per line: English pivot, then
the Spanish, French and German ways to say it) is general domain knowledge of packaging, food, quality
control and photonics, written as a bilingual dictionary would be; words it does not know keep their own stem.
Phrases are matched like the concept vocabulary's terms (stems, longest first; `*` for German compounds).
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from importlib import resources

from matchmaker.matching.analysis import Analyzer, tokens
from matchmaker.matching.vocabulary import ConceptMatcher, Vocabulary

COLUMNS = ("en", "es", "fr", "de")
#: Marks a pivot token: never equal to a stem of any language.
PIVOT = "="


def parse_lexicon(name: str, text: str) -> dict[tuple[str, str], tuple[str, ...]]:
    """(English pivot phrase, language) -> terms of one lexicon file; errors name the file and line."""
    terms: dict[tuple[str, str], tuple[str, ...]] = defaultdict(tuple)
    rows = [(n, line.split("\t")) for n, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.startswith("#")]
    for number, row in rows[1:]:  # the first row is the column header
        cells = [[t.strip() for t in cell.split("|") if t.strip()] for cell in row]
        if len(cells) != len(COLUMNS) or not all(cells):
            raise ValueError(f"lexicon/{name}:{number}: expected en, es, fr and de terms")
        for language, found in zip(COLUMNS, cells):
            for term in found:
                if "*" in term and (" " in term or "-" in term or "*" in term.strip("*")):
                    raise ValueError(f"lexicon/{name}:{number}: wildcard term {term!r} must be one word")
            terms[cells[0][0], language] += tuple(found)
    return dict(terms)


@lru_cache(maxsize=1)
def lexicon_terms() -> dict[tuple[str, str], tuple[str, ...]]:
    """All lexicon files merged: a pivot named in several files gathers the terms of each."""
    terms: dict[tuple[str, str], tuple[str, ...]] = defaultdict(tuple)
    folder = resources.files("matchmaker.matching").joinpath("vocabulary/lexicon")
    for path in sorted((p for p in folder.iterdir() if p.name.endswith(".tsv")), key=lambda p: p.name):
        for key, found in parse_lexicon(path.name, path.read_text("utf-8")).items():
            terms[key] += found
    return dict(terms)


class Lexicon:
    """Finds lexicon phrases in analysed text and gives their pivot tokens."""

    def __init__(self, analyzer: Analyzer, terms: dict[tuple[str, str], tuple[str, ...]] | None = None) -> None:
        terms = lexicon_terms() if terms is None else terms
        # "*flasche" names the last part of a compound, which German inflects (Glasflaschen): any ending goes.
        inflected = {key: tuple(t + "*" if t.startswith("*") and not t.endswith("*") else t for t in found)
                     for key, found in terms.items()}
        self._matcher = ConceptMatcher(Vocabulary(concepts={}, terms=inflected), analyzer)
        self._pivots = {pivot: tuple(dict.fromkeys(PIVOT + stem for stem in analyzer.content_stems(tokens(pivot), "en")))
                        for pivot, _ in terms}
        self._tokens: dict[tuple[str, ...], tuple[str, ...]] = {}
        # A one-word pivot's token -> its first term in each language, for explanations in the reader's language.
        self._words: dict[str, dict[str, str]] = {}
        for (pivot, language), found in terms.items():
            if len(self._pivots[pivot]) == 1 and found and "*" not in found[0]:
                self._words.setdefault(self._pivots[pivot][0], {}).setdefault(language, found[0])

    def word(self, token: str, language: str) -> str | None:
        """How a reader of `language` says a pivot token ("=bottl" -> "Flasche"), if the lexicon knows."""
        return self._words.get(token, {}).get(language)

    def tokens(self, words: list[str], stems: list[str], language: str) -> dict[int, tuple[str, ...]]:
        """Position -> the tokens that stand for it: the pivots of a phrase starting there, nothing for the
        rest of that phrase; positions the lexicon does not cover are absent (they keep their own stem)."""
        replaced: dict[int, tuple[str, ...]] = {}
        covered_until = 0
        for position, (length, pivots) in self._matcher.spans(words, stems, language).items():  # in order
            if position < covered_until:
                continue
            found = self._tokens.get(pivots)
            if found is None:
                found = self._tokens[pivots] = tuple(dict.fromkeys(t for p in pivots for t in self._pivots[p]))
            replaced[position] = found
            for inside in range(position + 1, position + length):
                replaced[inside] = ()
            covered_until = position + length
        return replaced


@lru_cache(maxsize=1)
def packaged_lexicon() -> Lexicon:
    """The lexicon of the packaged files, built once per process (about 0.1 s); stems do not depend on who asks."""
    return Lexicon(Analyzer())
