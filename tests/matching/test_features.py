import pytest

from matchmaker.matching.features import states_limit


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Opaque aluminium laminates cannot be measured.", "en"),
        ("Fragments hidden under the film are not seen.", "en"),
        ("The method does not detect trace contaminants at mg/kg levels.", "en"),
        ("Limits: only the visible surface is assessed.", "en"),
        ("La luz penetra pocos milímetros y no identificamos plásticos negros.", "es"),
        ("El equipo no está pensado para líneas continuas.", "es"),
        ("Limitaciones: la medida debe hacerse en caliente.", "es"),
        ("Le système n'est pas adapté aux chairs pigmentées.", "fr"),
        ("Il ne détecte ni les charges ni les substitutions.", "fr"),
        ("Limites : chaque emballage doit recevoir une pastille.", "fr"),
        ("Das Verfahren lässt sich nicht auf Kunststoffe übertragen.", "de"),
        ("Für dunkle Linien funktioniert die Methode nicht.", "de"),
        ("UV-C dringt nicht in das Produkt ein.", "de"),
    ],
)
def test_stated_limits_are_caught_in_each_language(sentence, language):
    assert states_limit(sentence, language) is True


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("The app returns a pass, warn or fail result within ten seconds.", "en"),
        ("Inspection works without opening the pack.", "en"),
        ("El código no se corre con la condensación.", "es"),
        ("Buscamos un ensayo no destructivo.", "es"),
        ("Le marquage n'ajoute aucune substance.", "fr"),
        ("Die Strahlung ist nicht ionisierend.", "de"),
        ("Die LEDs enthalten kein Quecksilber.", "de"),
    ],
)
def test_benefits_and_requirements_are_not_taken_as_limits(sentence, language):
    assert states_limit(sentence, language) is False
