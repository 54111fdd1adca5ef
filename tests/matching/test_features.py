from collections import Counter

import pytest

from matchmaker.matching.analysis import Analyzer
from matchmaker.matching.documents import Document
from matchmaker.matching.features import document_bags, states_limit
from matchmaker.matching.vocabulary import ConceptMatcher, load_vocabulary


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
        ("Codes are permanent, cannot smear and resist condensation.", "en"),
        ("The marks cannot be removed or altered without visible traces.", "en"),
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


@pytest.fixture(scope="module")
def analysis():
    analyzer = Analyzer()
    return analyzer, ConceptMatcher(load_vocabulary(), analyzer)


def test_a_material_named_only_in_a_limit_counts_against_the_offer(analysis):
    document = Document("P", "Raman sorting of plastic flakes",
                        "We sort flakes by polymer. Black trays cannot be measured.", language="en")
    bags = document_bags(document, *analysis, read_limits=True)
    assert bags.against == Counter({"black_plastics": 1.0, "tray": 1.0})
    assert "tray" not in bags.concepts and "black_plastics" not in bags.concepts
    assert bags.concepts["raman"] == 3.0


def test_a_material_also_named_as_a_use_does_not_count_against_the_offer(analysis):
    document = Document("P", "Inspection of trays",
                        "We inspect trays at line speed. Black trays cannot be measured.", language="en")
    bags = document_bags(document, *analysis, read_limits=True)
    assert bags.against == Counter({"black_plastics": 1.0})  # black ones stay out of reach
    assert bags.concepts["tray"] == pytest.approx(3.0 + 1.0 + 0.2)


def test_a_challenge_states_no_limits(analysis):
    document = Document("C", "Black trays", "Our sorter cannot identify black trays.", language="en")
    assert document_bags(document, *analysis, read_limits=False).against == Counter()
