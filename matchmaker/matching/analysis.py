"""Language-aware text analysis: tokens, accent folding, stop words and cached Snowball stems."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import Stemmer

from matchmaker.matching.documents import LANGUAGES

_SNOWBALL = {"es": "spanish", "en": "english", "fr": "french", "de": "german"}
_TOKEN = re.compile(r"[^\W_]+")
_SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n+")
_SPECIAL_FOLDS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "’": "'"})


_SPECIAL = re.compile("[" + "".join(chr(c) for c in _SPECIAL_FOLDS) + "]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_FOLDED_RUNS: dict[str, str] = {}


def _fold_run(match: re.Match) -> str:
    """Accents stripped from one run of non-ASCII characters, remembered for short runs (letters like 'ü')."""
    run = match.group()
    folded = _FOLDED_RUNS.get(run)
    if folded is None:
        folded = "".join(c for c in unicodedata.normalize("NFKD", run) if not unicodedata.combining(c))
        if len(run) <= 4:
            _FOLDED_RUNS[run] = folded
    return folded


def _lower(text: str) -> str:
    """Lower-case with the special folds; translate only when needed (it is slow on non-ASCII text)."""
    text = text.lower()
    if text.isascii():  # the special letters are all non-ASCII
        return text
    return text.translate(_SPECIAL_FOLDS) if _SPECIAL.search(text) else text


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'Fêlures', 'felures' and 'FÊLURES' meet.

    Only runs of non-ASCII characters are decomposed: ASCII characters are starters that NFKD leaves
    alone and never reorders marks across, so folding run by run equals folding the whole text.
    """
    text = _lower(text)
    if text.isascii():
        return text
    return _NON_ASCII.sub(_fold_run, text)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; hyphens, apostrophes and punctuation split words."""
    return _TOKEN.findall(_lower(text))


def sentences(text: str) -> list[str]:
    """Split a description at sentence ends; good enough for spotting stated limits."""
    return [part for part in _SENTENCE.split(text) if part.strip()]


@lru_cache(maxsize=None)
def stop_words(language: str) -> frozenset[str]:
    """Function words of one language, read from stopwords/<language>.txt (accents folded too)."""
    text = resources.files("matchmaker.matching").joinpath(f"stopwords/{language}.txt").read_text("utf-8")
    words = {w for line in text.splitlines() if not line.startswith("#") for w in line.split()}
    return frozenset(words | {fold(w) for w in words})


class Analyzer:
    """Stems tokens per language, remembering every stem so no word is stemmed twice."""

    def __init__(self) -> None:
        self._stemmers = {lang: Stemmer.Stemmer(name) for lang, name in _SNOWBALL.items()}
        self._stems: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
        self._folded: dict[str, str] = {}
        # word -> its folded form if it carries meaning, else None; per language, as stop words differ
        self._content: dict[str, dict[str, str | None]] = {lang: {} for lang in LANGUAGES}

    def fold(self, word: str) -> str:
        """`fold`, remembered per word."""
        folded = self._folded.get(word)
        if folded is None:
            folded = self._folded[word] = fold(word)
        return folded

    def stems(self, words: list[str], language: str) -> list[str]:
        """Folded stems of lower-cased tokens; stop words and numbers are kept but not stemmed."""
        cache = self._stems[language]
        try:  # most texts have no new word: no set to build
            return list(map(cache.__getitem__, words))
        except KeyError:
            pass
        missing = list(set(words).difference(cache))
        stop = stop_words(language)
        stemmed = self._stemmers[language].stemWords(missing)
        for word, stem in zip(missing, stemmed):
            cache[word] = fold(word) if word in stop or word.isdigit() else fold(stem)
        return list(map(cache.__getitem__, words))

    def content_stems(self, words: list[str], language: str) -> list[str]:
        """Stems of the words that carry meaning: no stop words, no bare numbers, no single letters."""
        stop = stop_words(language)
        kept = [w for w in words if len(w) > 1 and w not in stop and not w.isdigit()]
        return self.stems(kept, language)

    def content_words(self, words: list[str], language: str) -> list[str | None]:
        """Per token, its folded form if it carries meaning (see `content_stems`), else None; decided once per word."""
        cache = self._content[language]
        try:
            return list(map(cache.__getitem__, words))
        except KeyError:
            pass
        stop = stop_words(language)
        for word in set(words).difference(cache):
            cache[word] = self.fold(word) if len(word) > 1 and word not in stop and not word.isdigit() else None
        return list(map(cache.__getitem__, words))
