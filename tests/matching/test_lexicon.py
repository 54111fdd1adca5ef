"""The lexicon maps words of four languages onto shared English pivot tokens."""
import pytest

from matchmaker.matching.analysis import Analyzer, tokens
from matchmaker.matching.lexicon import Lexicon, lexicon_terms, parse_lexicon

TERMS = parse_lexicon("test.tsv", "\n".join([
    "# a comment",
    "en\tes\tfr\tde",
    "bottle\tbotella\tbouteille\tFlasche | *flasche",
    "olive oil\taceite de oliva\thuile d'olive\tOlivenöl",
    "seal seam\tsoldadura\tsoudure\tSiegelnaht",
]))


def pivots(lexicon, analyzer, text, language):
    words = tokens(text)
    return lexicon.tokens(words, analyzer.stems(words, language), language)


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def test_a_word_of_each_language_becomes_the_same_pivot(analyzer):
    lexicon = Lexicon(analyzer, TERMS)
    assert pivots(lexicon, analyzer, "botellas", "es") == {0: ("=bottl",)}
    assert pivots(lexicon, analyzer, "bouteilles", "fr") == {0: ("=bottl",)}
    assert pivots(lexicon, analyzer, "Flaschen", "de") == {0: ("=bottl",)}
    assert pivots(lexicon, analyzer, "bottles", "en") == {0: ("=bottl",)}


def test_a_phrase_gives_its_pivots_once_and_covers_its_other_words(analyzer):
    lexicon = Lexicon(analyzer, TERMS)
    assert pivots(lexicon, analyzer, "las botellas de aceite de oliva", "es") == {
        1: ("=bottl",), 3: ("=oliv", "=oil"), 4: (), 5: ()}
    # a one-word compound can stand for a two-word pivot
    assert pivots(lexicon, analyzer, "die Siegelnaht", "de") == {1: ("=seal", "=seam")}


def test_a_compound_part_matches_inflected_compounds(analyzer):
    lexicon = Lexicon(analyzer, TERMS)
    assert pivots(lexicon, analyzer, "Glasflaschen und PET-Flasche", "de") == {0: ("=bottl",), 3: ("=bottl",)}


def test_words_the_lexicon_does_not_know_are_left_alone(analyzer):
    lexicon = Lexicon(analyzer, TERMS)
    assert pivots(lexicon, analyzer, "the tray leaks", "en") == {}


@pytest.mark.parametrize("line, message", [
    ("bottle\tbotella\tbouteille", "test.tsv:2: expected en, es, fr and de terms"),
    ("bottle\tbotella\t\tFlasche", "test.tsv:2: expected en, es, fr and de terms"),
    ("bottle\tbotella\tbouteille\t*glas flasche", "wildcard term '*glas flasche' must be one word"),
    ("bottle\tbotella\tbouteille\tfl*asche", "wildcard term 'fl*asche' must be one word"),
])
def test_a_malformed_line_is_named(line, message):
    with pytest.raises(ValueError, match=message.replace("*", r"\*")):
        parse_lexicon("test.tsv", "en\tes\tfr\tde\n" + line)


def test_the_packaged_lexicon_loads_with_all_four_languages():
    terms = lexicon_terms()
    pivots = {pivot for pivot, _ in terms}
    assert len(pivots) > 1000
    for pivot in pivots:
        assert all(terms.get((pivot, language)) for language in ("en", "es", "fr", "de")), pivot


def test_texts_in_two_languages_meet_on_the_words_the_lexicon_knows():
    """A Spanish need and a German offer that share no concept of the vocabulary, only everyday words."""
    from dataclasses import replace

    from matchmaker.matching.documents import Document
    from matchmaker.matching.engine import MatchIndex, Settings

    need = Document("need", "Manchas de grasa en el cuello de las botellas",
                    "Las botellas salen de la llenadora con manchas de grasa en el cuello y la etiqueta.", (), "es")
    offer = Document("offer", "Fettflecken am Flaschenhals und auf dem Etikett",
                     "Wir finden Fettflecken auf Flaschen, am Hals und auf dem Etikett.", (), "de")
    elsewhere = Document("elsewhere", "Spiegel für Teleskope",
                         "Wir polieren große Spiegel für Sternwarten und Teleskope.", (), "de")
    without = MatchIndex.fit([need], [offer, elsewhere], replace(Settings(), lexicon=False))
    with_lexicon = MatchIndex.fit([need], [offer, elsewhere], replace(Settings(), lexicon=True))
    assert with_lexicon.score("need", "offer") > without.score("need", "offer") + 0.2
    assert with_lexicon.score("need", "offer") > with_lexicon.score("need", "elsewhere") + 0.2
    # the explanation names the shared words, in the reader's language
    assert {"cuello", "grasa"} <= set(with_lexicon.explain("need", "offer"))
    assert {"Hals", "Fett"} <= set(with_lexicon.explain("need", "offer", "de"))
    assert {"neck", "grease"} <= set(with_lexicon.explain("need", "offer", "en"))
    assert not {"cuello", "grasa"} & set(without.explain("need", "offer"))
