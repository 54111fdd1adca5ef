"""Coverage of the domain vocabulary: everyday problem wording in each language maps to the expected concept,
and words from other senses (stop words, look-alike fields) do not."""

import pytest

from matchmaker.matching.analysis import Analyzer, fold, stop_words, tokens
from matchmaker.matching.vocabulary import ConceptMatcher, load_vocabulary

_ANALYZER = Analyzer()


@pytest.fixture(scope="module")
def matcher():
    return ConceptMatcher(load_vocabulary(), _ANALYZER)


def concepts_in(matcher, text, language):
    words = tokens(text)
    return {concept for concept, _ in matcher.find(words, _ANALYZER.stems(words, language), language)}


CASES = [
    # leaks and seals
    ("leaks", "en", "a few leakers per shift soil the shipping cases"),
    ("leaks", "es", "la bolsa gotea y aparecen cajas mojadas"),
    ("leaks", "fr", "les sachets suintent, cartons mouillés chez le client"),
    ("leaks", "de", "undichte Beutel und Blasentest im Labor"),
    ("seal_integrity", "en", "weak seals and creases in the seal area"),
    ("seal_integrity", "es", "sellado débil en la pestaña"),
    ("seal_integrity", "fr", "soudures faibles sur les sachets"),
    ("seal_integrity", "de", "Siegelfehler an der Längsnaht"),
    # swollen packs
    ("swelling", "en", "swollen yoghurt pots with domed lids"),
    ("swelling", "es", "envases hinchados en el lineal"),
    ("swelling", "fr", "barquettes gonflées avant la DLC"),
    ("swelling", "de", "aufgeblähte Packungen im Kühlregal"),
    # cans
    ("can_defects", "en", "double seam defects on the seamer"),
    ("can_defects", "es", "defectos de cierre en el doble cierre"),
    ("can_defects", "fr", "défauts de sertissage des boîtes"),
    ("can_defects", "de", "Falzfehler am Doppelfalz"),
    ("deformation", "en", "dented cans and crushed cases"),
    ("deformation", "es", "latas abolladas"),
    ("deformation", "fr", "boîtes cabossées"),
    ("deformation", "de", "verbeulte Dosen"),
    # closures and tamper evidence
    ("closure", "en", "cocked caps and low application torque"),
    ("closure", "es", "tapones torcidos en la taponadora"),
    ("closure", "fr", "bouchons de travers et couple de serrage"),
    ("closure", "de", "Schiefsitz des Verschlusses und Drehmoment"),
    ("tamper", "en", "missing tamper band"),
    ("tamper", "es", "banda de garantía rota"),
    ("tamper", "fr", "bande d'inviolabilité absente"),
    ("tamper", "de", "Garantieband fehlt"),
    # fill level and completeness
    ("fill_level", "en", "short fills and slack fill"),
    ("fill_level", "es", "falta de llenado en las botellas"),
    ("fill_level", "fr", "manque de remplissage des bouteilles"),
    ("fill_level", "de", "Unterfüllung der Flaschen"),
    ("completeness", "en", "missing items in the multipack"),
    ("completeness", "es", "alvéolos vacíos en la caja de bombones"),
    ("completeness", "fr", "produits manquants dans le coffret"),
    ("completeness", "de", "fehlende Produkte in der Sammelpackung"),
    # beverages
    ("carbonation", "en", "loss of carbonation in the bottles"),
    ("carbonation", "es", "carbonatación de los refrescos"),
    ("carbonation", "fr", "gazéification des sodas"),
    ("carbonation", "de", "Kohlensäuregehalt der Limonade"),
    ("turbidity", "en", "haze and sediment in bottled beer"),
    ("turbidity", "es", "turbidez en el zumo"),
    ("turbidity", "fr", "trouble et sédiment dans le cidre"),
    ("turbidity", "de", "Trübung im Apfelsaft"),
    # spoilage and shelf life
    ("oxidation", "en", "rancid nuts"),
    ("oxidation", "es", "enranciamiento de las patatas fritas"),
    ("oxidation", "fr", "rancissement des biscuits"),
    ("oxidation", "de", "ranzige Nüsse"),
    ("temperature", "en", "temperature abuse in the cold chain"),
    ("temperature", "es", "rotura de la cadena de frío"),
    ("temperature", "fr", "rupture de la chaîne du froid"),
    ("temperature", "de", "Kühlkettenunterbrechung beim Transport"),
    ("moisture", "en", "freezer burn on frozen fish"),
    ("moisture", "es", "quemadura por congelación"),
    ("moisture", "fr", "brûlure de congélation"),
    ("moisture", "de", "Gefrierbrand an Tiefkühlware"),
    # foreign bodies and contaminants
    ("foreign_body", "en", "metal shavings and glass pieces"),
    ("foreign_body", "es", "trozos de vidrio y virutas metálicas"),
    ("foreign_body", "fr", "morceaux de verre et particules métalliques"),
    ("foreign_body", "de", "Metallsplitter und Glassplitter"),
    ("chemical_residues", "en", "pesticide residues and acrylamide"),
    ("chemical_residues", "es", "residuos de plaguicidas"),
    ("chemical_residues", "fr", "résidus de pesticides"),
    ("chemical_residues", "de", "Pestizidrückstände"),
    ("allergens", "en", "allergen cross-contact"),
    ("allergens", "es", "contaminación cruzada de alérgenos"),
    ("allergens", "fr", "contamination croisée"),
    ("allergens", "de", "Kreuzkontamination mit Allergenen"),
    # codes, labels, print
    ("legibility", "en", "no-reads at the scanner"),
    ("legibility", "es", "códigos ilegibles"),
    ("legibility", "fr", "codes illisibles"),
    ("legibility", "de", "unleserliche Codes"),
    ("label_check", "en", "wrong lids on the yoghurt pots"),
    ("label_check", "es", "etiquetas torcidas"),
    ("label_check", "fr", "étiquettes de travers"),
    ("label_check", "de", "Verwechslung von Etiketten"),
    ("print_defects", "en", "colour deviation from brand colours"),
    ("print_defects", "es", "desviación de color"),
    ("print_defects", "fr", "écarts de couleur"),
    ("print_defects", "de", "Farbabweichung im Druck"),
    ("traceability", "en", "track and trace with unique codes"),
    ("traceability", "es", "trazabilidad por lote"),
    ("traceability", "fr", "traçabilité des lots"),
    ("traceability", "de", "Rückverfolgbarkeit der Chargen"),
    # materials
    ("delamination", "en", "delamination of the laminate"),
    ("delamination", "es", "delaminación del complejo"),
    ("delamination", "fr", "délaminage du complexe"),
    ("delamination", "de", "Delamination der Verbundfolie"),
    ("recycling", "en", "recycled content of rPET"),
    ("recycling", "es", "contenido reciclado"),
    ("recycling", "fr", "contenu recyclé"),
    ("recycling", "de", "Rezyklatanteil der Flasche"),
    # eggs, pallets
    ("egg_quality", "en", "blood spots in eggs"),
    ("egg_quality", "es", "manchas de sangre en huevos"),
    ("egg_quality", "fr", "taches de sang dans les œufs"),
    ("egg_quality", "de", "Blutflecken im Ei"),
    ("pallet_load", "en", "leaning pallets and load shift"),
    ("pallet_load", "es", "palés inclinados"),
    ("pallet_load", "fr", "palettes penchées"),
    ("pallet_load", "de", "Ladungsverschiebung auf der Palette"),
    # products
    ("baby_food", "en", "infant formula tins"),
    ("baby_food", "es", "leche infantil en polvo"),
    ("baby_food", "fr", "lait infantile"),
    ("baby_food", "de", "Säuglingsnahrung in Dosen"),
    ("frozen_food", "fr", "légumes surgelés"),
    ("frozen_food", "de", "Tiefkühlpizza"),
    ("coffee_tea", "de", "Kaffeekapseln"),
    ("snacks", "es", "bolsas de patatas fritas"),
    ("oils", "es", "aceite de oliva virgen extra"),
    # technologies
    ("light_scattering", "en", "inline turbidimeter"),
    ("refractometry", "de", "Inline-Refraktometer für Brix"),
    ("colour_measurement", "fr", "spectrophotomètre et mesure de la couleur"),
    ("blue_light", "es", "luz azul de 405 nm"),
    ("thermography", "de", "Pyrometer und Wärmebildkamera"),
    ("xray", "es", "equipo de rayos X de doble energía"),
    ("vision_3d", "fr", "caméra stéréo et scanner 3D"),
    # cutting and scoring food without blades
    ("food_cutting", "en", "the blades drag the dough and the incisions vary"),
    ("food_cutting", "es", "las cuchillas arrastran la masa y la incisión varía"),
    ("food_cutting", "fr", "les lames accrochent et les grignes sont irrégulières"),
    ("food_cutting", "de", "die Klingen reißen den Teig, der Einschnitt schwankt"),
    # enrichment by light
    ("light_enrichment", "en", "a vitamin D claim for mushrooms"),
    ("light_enrichment", "es", "declaración de vitamina D en setas"),
    ("light_enrichment", "fr", "teneur en vitamine D des champignons"),
    ("light_enrichment", "de", "Vitamingehalt von Pilzen erhöhen"),
    # returnable containers
    ("returnable", "en", "returnable bottles come back from consumers"),
    ("returnable", "es", "botellas retornables que vuelven del consumidor"),
    ("returnable", "fr", "bouteilles consignées rapportées par les clients"),
    ("returnable", "de", "Mehrwegflaschen vor der Flaschenwäsche prüfen"),
    # infrared heating and line heat processes
    ("ir_heating", "en", "short-wave infrared emitters dry the coating"),
    ("ir_heating", "es", "emisores infrarrojos para el secado"),
    ("ir_heating", "fr", "émetteurs infrarouges pour le séchage"),
    ("ir_heating", "de", "Infrarotstrahler zur Trocknung"),
    ("heat_process", "en", "the shrink tunnel wrinkles the sleeves"),
    ("heat_process", "es", "el túnel de retracción arruga la manga"),
    ("heat_process", "fr", "le tunnel de rétraction froisse le manchon"),
    ("heat_process", "de", "der Schrumpftunnel verzieht die Banderole"),
    ("thickness", "fr", "des zones trop minces à l'épaule"),
    ("thickness", "de", "die Wandstärke der Hülle schwankt"),
]


@pytest.mark.parametrize(("concept", "language", "text"), CASES)
def test_problem_wording_maps_to_concept(matcher, concept, language, text):
    assert concept in concepts_in(matcher, text, language)


@pytest.mark.parametrize(
    ("concept", "language", "text"),
    [
        ("leaks", "es", "se envasa por la mañana por turnos"),  # "poros" stems to the preposition "por"
        ("can", "en", "the system can detect it and can reject it"),  # the modal verb, not a tin can
        ("bakery", "es", "más rápido y más preciso"),  # "masa" stems to "más"
        ("food", "en", "if the line stops"),  # "IFS" stems to "if"
        ("machine_vision", "en", "a hyperspectral camera"),  # a camera alone is not machine vision
        ("carbonation", "en", "CO2 laser marking of the film"),  # a CO2 laser is not carbonation
        ("nuts", "en", "best-before dates"),  # dates are not the fruit here
        ("foreign_body", "fr", "spectroscopie VIS-NIR"),  # "vis" is not a screw here
        ("snacks", "en", "photonic chips"),
        ("residual_oxygen", "en", "oxygen barrier of the film"),
        ("carbonation", "en", "carbon-black filled trays"),  # "carbonated" stems to "carbon"
        ("fish", "de", "spezifische thermografische Prüfung"),  # "-fisch" ends many adjectives
        ("infrastructure", "en", "the cooling tunnel and the guide rail"),  # parts of a food line
        ("infrastructure", "fr", "le tunnel de congélation"),
        ("infrastructure", "es", "el túnel de enfriamiento"),
        ("infrastructure", "de", "im Induktionstunnel"),
        ("roads", "de", "eine glatte Oberfläche"),
        ("roads", "fr", "du givre dans les sachets surgelés"),
        ("livestock", "en", "milk and milk powder"),  # "milking" stems to "milk"
        ("electronics", "en", "chocolate wafers"),
        ("pharma", "es", "carne de vacuno"),  # "vacunas" stems like "vacuno"
        ("foreign_body", "es", "jamón de cerdo"),  # "cerdas" (bristles) stems like "cerdo"
        ("pet_food", "fr", "la pâte à pain"),
        ("taint", "en", "laser engraving of corks"),
        ("heritage", "en", "label artwork approval"),
        ("food_cutting", "de", "Durchmesser der Flasche"),
        ("heat_process", "en", "cured ham slices"),
        ("returnable", "fr", "la consigne de température"),  # a setpoint, not a deposit
        ("light_enrichment", "es", "atmósfera enriquecida en CO2"),
    ],
)
def test_other_senses_do_not_fire(matcher, concept, language, text):
    assert concept not in concepts_in(matcher, text, language)


def test_no_single_word_term_stems_to_a_stop_word():
    vocabulary = load_vocabulary()
    offenders = []
    for (concept, language), terms in vocabulary.terms.items():
        for language_ in ("en", "es", "fr", "de") if language == "*" else (language,):
            stop = stop_words(language_)
            for term in terms:
                words = tokens(term)
                if "*" in term or len(words) != 1 or words[0] in stop:
                    continue
                if _ANALYZER.stems(words, language_)[0] in stop:
                    offenders.append((concept, language_, term))
    assert offenders == []


def test_wildcards_are_single_words_without_hyphens():
    """Tokens never contain a hyphen or a space, so such a wildcard could never match."""
    vocabulary = load_vocabulary()
    dead = [
        (concept, term)
        for (concept, _), terms in vocabulary.terms.items()
        for term in terms
        if "*" in term and any(ch in fold(term.strip("*")) for ch in "- *")
    ]
    assert dead == []


def test_every_concept_has_terms_in_all_four_languages():
    vocabulary = load_vocabulary()
    for concept in vocabulary.concepts:
        languages = {language for (c, language) in vocabulary.terms if c == concept}
        assert {"en", "es", "fr", "de"} <= languages or "*" in languages, concept
