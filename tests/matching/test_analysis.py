from matchmaker.matching.analysis import Analyzer, fold, stop_words, tokens


def test_fold_strips_accents_and_sharp_s():
    assert fold("Fêlures Heißsiegel Óptica") == "felures heisssiegel optica"


def test_tokens_split_hyphens_and_apostrophes():
    assert tokens("L'oxygène du PET-G, 2 mm") == ["l", "oxygène", "du", "pet", "g", "2", "mm"]


def test_stems_are_language_aware_and_folded():
    analyzer = Analyzer()
    assert analyzer.stems(["seals", "sealing"], "en") == ["seal", "seal"]
    assert analyzer.stems(["fugas", "fuga"], "es") == ["fug", "fug"]
    assert analyzer.stems(["fêlures", "fêlure"], "fr") == ["felur", "felur"]
    assert analyzer.stems(["Siegelnähte".lower(), "siegelnaht"], "de") == ["siegelnaht", "siegelnaht"]


def test_each_word_is_stemmed_once():
    analyzer = Analyzer()
    analyzer.stems(["bottles", "bottles", "bottle"], "en")
    assert analyzer._stems["en"] == {"bottles": "bottl", "bottle": "bottl"}


def test_content_stems_drop_stop_words_numbers_and_single_letters():
    analyzer = Analyzer()
    assert analyzer.content_stems(["the", "leaks", "of", "2", "x", "pouches"], "en") == ["leak", "pouch"]


def test_stop_words_exist_for_all_four_languages():
    assert {"the", "und", "les", "los"} <= stop_words("en") | stop_words("de") | stop_words("fr") | stop_words("es")
    assert "und" in stop_words("de") and "und" not in stop_words("en")
