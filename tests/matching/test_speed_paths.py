"""The fast paths of analysis and concept matching against the plain versions they replace (blocks: test_blocks)."""

import re
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.matching import vocabulary
from matchmaker.matching.analysis import Analyzer, fold, tokens
from matchmaker.matching.vocabulary import Concept, ConceptMatcher, Vocabulary


SPECIAL_FOLDS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "’": "'"})


def plain_fold(text):
    text = text.lower().translate(SPECIAL_FOLDS)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([chr(c) for c in range(0x20, 0x3000) if not 0xD800 <= c < 0xE000]
                                        + list("aeEß \u0301\u0327"))))
def test_fold_run_by_run_equals_folding_the_whole_text(text):
    assert fold(text) == plain_fold(text)
    assert tokens(text) == re.findall(r"[^\W_]+", text.lower().translate(SPECIAL_FOLDS))


def test_fold_of_every_character_in_context():
    text = "".join(chr(c) + "e" + chr(c) + chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000)
    assert fold(text) == plain_fold(text)


def small_vocabulary(terms):
    concepts = {c: Concept(c, "technology", {"en": c, "es": c, "fr": c, "de": c}) for c, _, _ in terms}
    grouped: dict = {}
    for concept, language, term in terms:
        grouped[concept, language] = grouped.get((concept, language), ()) + (term,)
    return Vocabulary(concepts, grouped, {})


def test_wildcards_match_as_prefix_suffix_and_inside_compounds():
    matcher = ConceptMatcher(small_vocabulary([
        ("rontgen", "de", "röntgen*"), ("kamera", "de", "*kamera"), ("laser", "*", "*laser*"), ("uv", "*", "uv")
    ]), Analyzer())
    words = tokens("Röntgenprüfung mit Zeilenkamera und Kamerasystem, Laserscanner, Diodenlaser, UV")
    stems = Analyzer().stems(words, "de")
    assert matcher.find(words, stems, "de") == [
        ("rontgen", 0), ("kamera", 2), ("laser", 5), ("laser", 6), ("uv", 7)
    ]


def test_a_term_that_is_a_function_word_never_matches():
    matcher = ConceptMatcher(small_vocabulary([("label", "es", "de"), ("label", "es", "etiqueta de")]), Analyzer())
    words = tokens("control de calidad de la etiqueta de envase")
    assert matcher.find(words, Analyzer().stems(words, "es"), "es") == [("label", 5)]


def test_wildcard_terms_with_a_space_or_hyphen_are_rejected(monkeypatch):
    real_rows = vocabulary._rows

    def rows(name):
        found = real_rows(name)
        if name == "terms.tsv":
            concept = found[0][1][0]
            found = [*found, (999, [concept, "en", "x-ray*"])]
        return found

    monkeypatch.setattr(vocabulary, "_rows", rows)
    with pytest.raises(ValueError, match=r"terms.tsv:999: wildcard term 'x-ray\*'"):
        vocabulary.load_vocabulary.__wrapped__()


def scan_every_substring(matcher, word, language):
    """The reference for `_wild`: look up every substring of the folded word."""
    cores, folded, found = matcher._cores[language], fold(word), []
    for start in range(len(folded)):
        for stop in range(start + 1, len(folded) + 1):
            for concept, at_start, at_end in cores.get(folded[start:stop], ()):
                if (start == 0 or not at_start) and (stop == len(folded) or not at_end):
                    found.append(concept)
    return tuple(dict.fromkeys(found))


@pytest.mark.parametrize("language", ["es", "en", "fr", "de"])
def test_wildcard_index_finds_what_a_full_scan_finds(language):
    matcher = ConceptMatcher(vocabulary.load_vocabulary(), Analyzer())
    cores = sorted(matcher._cores[language]) or ["laser"]
    rng = np.random.default_rng(11)
    words = [cores[i] for i in rng.integers(0, len(cores), 200)]
    words += ["".join(cores[i] for i in rng.integers(0, len(cores), 3)) for _ in range(200)]
    words += ["x" + core[1:] + "ung" for core in cores[:100]] + ["Röntgenprüfstand", "a", ""]
    for word in words:
        assert matcher._wild(word, language) == scan_every_substring(matcher, word, language), word
