import pytest

from matchmaker.matching.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Restos de salsa atrapados en la soldadura de bolsas", "es"),
        ("Microperforación láser", "es"),
        ("Checking residual oxygen in every pack", "en"),
        ("Laser coding and marking systems", "en"),
        ("Fêlures et glaçures invisibles sur les bocaux", "fr"),
        ("Évaluer la fraîcheur du poisson emballé", "fr"),
        ("Dicke der Barriereschicht inline überwachen", "de"),
        ("Thermografische Inline-Prüfung von Heißsiegelungen", "de"),
    ],
)
def test_detects_each_language_from_a_short_title(text, expected):
    assert detect_language(text) == expected


def test_text_without_any_evidence_defaults_to_english():
    assert detect_language("PET 2024 / 3 mm") == "en"
    assert detect_language("") == "en"


def test_long_description_is_detected_despite_english_loanwords():
    text = "Wir brauchen eine Inline-Messung mit Deep Learning und Machine Vision für unsere Schalen."
    assert detect_language(text) == "de"
