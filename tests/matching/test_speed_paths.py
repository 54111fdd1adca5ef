"""The fast paths of analysis and concept matching against the plain versions they replace (blocks: test_blocks)."""

import re
import unicodedata
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.matching import vocabulary
from matchmaker.matching.analysis import Analyzer, fold, sentences, stop_words, tokens
from matchmaker.matching.documents import Document
from matchmaker.matching.features import (AGAINST_KINDS, KEYWORD_WEIGHT, LIMIT_WEIGHT, NEGATION_REACH, TARGET_KINDS,
                                          TITLE_WEIGHT, _NEGATIONS, Bags, document_bags, states_limit)
from matchmaker.matching.lexicon import lexicon_terms, packaged_lexicon
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


# -- mentions, pivots and whole documents against the token-by-token, part-by-part versions they replace ------

ANALYZER = Analyzer()
#: Shared by all examples, as in a fit: what a matcher learns about a word must hold for every later text.
MATCHERS = (ConceptMatcher(vocabulary.load_vocabulary(), ANALYZER), packaged_lexicon()._matcher)
LIMITS = {"en": ["cannot be measured", "is not designed for"], "es": ["no se puede medir", "no apto para"],
          "fr": ["n'est pas adapté aux", "ne détecte pas les"], "de": ["funktioniert nicht", "nicht geeignet"]}


def word_pool(language):
    """Words of the vocabulary and lexicon terms, function words and negations of one language."""
    terms = [*vocabulary.load_vocabulary().terms.items(), *lexicon_terms().items()]
    words = {w for (_, lang), found in terms if lang in (language, "*") for t in found for w in tokens(t.strip("*"))}
    return sorted(words | stop_words(language) | _NEGATIONS[language] | {"x", "7", "2024", "abc123"})


POOLS = {language: word_pool(language) for language in ("es", "en", "fr", "de")}


def texts(language, size):
    """Token lists of one language: pool words, and compounds of two of them (German writes them as one)."""
    word = st.sampled_from(POOLS[language])
    return st.lists(st.one_of(word, st.tuples(word, word).map("".join)), max_size=size)


languages_and_words = st.sampled_from(sorted(POOLS)).flatmap(lambda lang: st.tuples(st.just(lang), texts(lang, 30)))


def plain_find(matcher, words, stems, language):
    """`find` as it was: at every token, each phrase starting there (longest first), then its wildcard parts."""
    phrases, hits = matcher._phrases[language], []
    for position, (word, stem) in enumerate(zip(words, stems)):
        seen = set()
        for phrase, concept in phrases.get(stem, ()):
            if concept not in seen and tuple(stems[position:position + len(phrase)]) == phrase:
                seen.add(concept)
                hits.append((concept, position))
        for concept in scan_every_substring(matcher, word, language):
            if concept not in seen:
                seen.add(concept)
                hits.append((concept, position))
    return hits


def plain_spans(matcher, words, stems, language):
    """`spans` as it was: at every token, the longest phrase with all its concepts, else its wildcard parts."""
    phrases, found = matcher._phrases[language], {}
    for position, (word, stem) in enumerate(zip(words, stems)):
        entries = phrases.get(stem, [])
        for phrase in dict.fromkeys(p for p, _ in entries):
            if tuple(stems[position:position + len(phrase)]) == phrase:
                found[position] = (len(phrase), tuple(dict.fromkeys(c for p, c in entries if p == phrase)))
                break
        else:
            if wild := scan_every_substring(matcher, word, language):
                found[position] = (1, wild)
    return found


@settings(max_examples=300, deadline=None)
@given(languages_and_words)
def test_mentions_and_spans_equal_the_token_by_token_versions(case):
    language, words = case
    stems = ANALYZER.stems(words, language)
    for matcher in MATCHERS:
        assert matcher.find(words, stems, language) == plain_find(matcher, words, stems, language)
        spans = matcher.spans(words, stems, language)
        assert list(spans.items()) == list(plain_spans(matcher, words, stems, language).items())


@settings(max_examples=100, deadline=None)
@given(languages_and_words)
def test_content_words_are_the_folded_words_that_carry_meaning(case):
    language, words = case
    stop = stop_words(language)
    expected = [fold(w) if len(w) > 1 and w not in stop and not w.isdigit() else None for w in words]
    assert ANALYZER.content_words(words, language) == expected


def plain_document_bags(document, analyzer, matcher, *, read_limits, lexicon=None):
    """`document_bags` as it was: tokens, stems, concepts and pivots looked up part by part."""
    language = document.language
    stems, words, concepts, limited, against = Counter(), Counter(), Counter(), Counter(), Counter()
    requires, properties, headline, surface = set(), set(), set(), {}
    kinds, stop = matcher.vocabulary.concepts, stop_words(language)
    parts = [(document.title, TITLE_WEIGHT)] + [(keyword, KEYWORD_WEIGHT) for keyword in document.keywords]
    parts += [(s, -1.0 if read_limits and states_limit(s, language) else 1.0) for s in sentences(document.description)]
    for number, (text, weight) in enumerate(parts):
        stated_limit = weight < 0
        concept_weight = LIMIT_WEIGHT if stated_limit else weight
        weight = abs(weight)
        found = tokens(text)
        all_stems = analyzer.stems(found, language)
        for concept, position in matcher.find(found, all_stems, language):
            kind = kinds[concept].kind
            if kind in ("requirement", "property"):
                negated = any(fold(word) in _NEGATIONS[language]
                              for word in found[max(0, position - NEGATION_REACH):position])
                if kind == "property" and not negated:
                    properties.add(concept)
                elif not stated_limit:
                    requires.add(concept)
                continue
            if number == 0 and (kind in TARGET_KINDS or kind == "food"):
                headline.add(concept)
            if stated_limit:
                limited[concept] += 1.0
            concepts[concept] += concept_weight
        pivots = lexicon.tokens(found, all_stems, language) if lexicon is not None else {}
        for position, (word, stem) in enumerate(zip(found, all_stems)):
            if len(word) > 1 and not word.isdigit() and word not in stop:
                words[fold(word)] += weight
                for token in pivots.get(position, (stem,)):
                    stems[token] += weight
                    surface.setdefault(token, word)
    for concept, mentions in limited.items():
        if kinds[concept].kind in AGAINST_KINDS and concepts[concept] <= LIMIT_WEIGHT * mentions + 1e-9:
            against[concept] = mentions
            del concepts[concept]
    generic = any(kinds[c].kind == "food" for c in headline)
    return Bags(language, stems, words, concepts, surface, against, frozenset(requires), frozenset(properties),
                frozenset() if generic else frozenset(headline))


def traits(language):
    """Terms of requirements and properties: a negation up to NEGATION_REACH words before turns them around."""
    found = vocabulary.load_vocabulary()
    return sorted(t.strip("*") for (c, lang), terms in found.terms.items() for t in terms
                  if lang in (language, "*") and found.concepts[c].kind in ("requirement", "property"))


def sentence(language):
    """Plain, stating a limit, ending with a negation or starting with a requirement or property."""
    plain = texts(language, 12).map(" ".join)
    limit = st.tuples(plain, st.sampled_from(LIMITS[language]), plain).map(" ".join)
    negation = st.tuples(plain, st.sampled_from(sorted(_NEGATIONS[language]))).map(" ".join)
    trait = st.tuples(st.sampled_from(traits(language)), plain).map(" ".join)
    return st.one_of(plain, limit, negation, trait)


def documents(language):
    return st.builds(
        lambda title, keywords, body, ends: Document("D", title, "".join(s + e for s, e in zip(body, ends)),
                                                     tuple(keywords), language),
        texts(language, 8).map(" ".join), st.lists(texts(language, 3).map(" ".join), max_size=3),
        st.lists(sentence(language), max_size=5), st.lists(st.sampled_from([". ", "; ", "\n", "! "]), min_size=5))


def ordered(bags):
    """Everything in bags, in the order it holds it (the order of stems and words sets the index's columns)."""
    fields = ("stems", "words", "concepts", "surface", "against")
    return (bags.language, *(list(getattr(bags, f).items()) for f in fields), bags.requires, bags.properties,
            bags.headline)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(POOLS)).flatmap(documents), st.booleans(), st.booleans())
def test_a_document_read_in_one_pass_gives_the_bags_of_reading_it_part_by_part(document, read_limits, pivots):
    matcher, lexicon = MATCHERS[0], packaged_lexicon() if pivots else None
    expected = plain_document_bags(document, ANALYZER, matcher, read_limits=read_limits, lexicon=lexicon)
    found = document_bags(document, ANALYZER, matcher, read_limits=read_limits, lexicon=lexicon)
    assert ordered(found) == ordered(expected)
