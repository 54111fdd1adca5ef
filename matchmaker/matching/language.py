"""Guess whether a text is Spanish, English, French or German, without asking the user.

Three light signals, summed per language: function words (shared ones split their vote),
letters only one language uses (ñ, ß, ç...), and typical word endings (-ción, -ung, -ing, -eux).
Endings keep short titles without function words ("Thermografische Inline-Prüfung") decidable.
"""

from __future__ import annotations

import re

from matchmaker.matching.analysis import stop_words, tokens
from matchmaker.matching.documents import LANGUAGES

DEFAULT_LANGUAGE = "en"

_LETTERS = {
    "es": {"ñ": 2.0, "á": 1.0, "í": 1.0, "ó": 1.0, "ú": 1.0, "¿": 3.0, "¡": 3.0},
    "fr": {"ç": 1.5, "è": 1.0, "ê": 1.0, "à": 1.0, "â": 1.0, "î": 1.0, "ô": 1.0, "û": 1.0,
           "ë": 1.0, "ï": 1.0, "œ": 2.0, "é": 0.6},
    "de": {"ä": 1.5, "ö": 1.5, "ß": 2.0, "ü": 1.0},
    "en": {},
}
_ENDINGS = {
    "es": re.compile(r"(ción|ciones|sión|siones|dad|dades|mente|ado|ada|ados|adas|ido|ida|idos|idas"
                     r"|ería|ico|ica|icos|icas|oso|osa|aje|ajes|ores|oras|ales|encias?|ías?)$"),
    "fr": re.compile(r"(eux|euse|eurs?|ées|ée|ique|iques|aux|elle|elles|ette|oire|ières?|age|ance|ences?|iennes?|ement)$"),
    "de": re.compile(r"(ung|ungen|keit|heit|lich|liche|lichen|isch|ische|ischen|schaft|sch|tz|ck)$"
                     r"|^(ge|ver|zer|ent|be)[a-zäöü]{4,}(en|t)$"),
    "en": re.compile(r"(ing|ings|ness|ed|ly|ity|ship|ful|ght|th|ous)$"),
}


def language_scores(text: str) -> dict[str, float]:
    """Evidence per language; larger is more likely. Exposed for tests and tuning."""
    scores = dict.fromkeys(LANGUAGES, 0.0)
    words = tokens(text)
    lists = {lang: stop_words(lang) for lang in LANGUAGES}
    for word in words:
        owners = [lang for lang in LANGUAGES if word in lists[lang]]
        for lang in owners:
            scores[lang] += 1.0 / len(owners)
        if not owners and len(word) > 3:
            for lang, ending in _ENDINGS.items():
                if ending.search(word):
                    scores[lang] += 0.5
    lowered = text.lower()
    for lang, letters in _LETTERS.items():
        scores[lang] += sum(weight * lowered.count(letter) for letter, weight in letters.items())
    # German capitalises nouns: many capitalised words that do not start a sentence hint at German.
    capitals = re.findall(r"(?<=[^.!?:\s] )[A-ZÄÖÜ][a-zäöüß]{3,}", text)
    scores["de"] += 0.3 * len(capitals)
    return scores


def detect_language(text: str) -> str:
    """'es', 'en', 'fr' or 'de'; English when there is no evidence at all (empty text, codes)."""
    scores = language_scores(text)
    best = max(LANGUAGES, key=lambda lang: (scores[lang], lang == DEFAULT_LANGUAGE))
    return best if scores[best] > 0 else DEFAULT_LANGUAGE
