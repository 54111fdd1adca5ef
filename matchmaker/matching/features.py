"""Turn one document into weighted bags: word stems, surface words (for character n-grams) and concepts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from matchmaker.matching.analysis import Analyzer, fold, sentences, stop_words, tokens
from matchmaker.matching.documents import Document
from matchmaker.matching.language import detect_language
from matchmaker.matching.lexicon import Lexicon
from matchmaker.matching.vocabulary import ConceptMatcher

#: How much a title or keyword mention counts compared with one in the description.
TITLE_WEIGHT = 3.0
KEYWORD_WEIGHT = 2.0
#: Concepts named in a sentence that states a limit ("cannot read carbon-black plastics") count this much.
LIMIT_WEIGHT = 0.2
#: Kinds of concept that a capability can state as outside its reach: a need, material or product named only
#: in its limits ("cannot read black plastics", "not designed for food contact") counts against a pair.
AGAINST_KINDS = frozenset({"problem", "object", "product", "food"})
#: Kinds that say what an offer is made for: packs, materials and foods.
TARGET_KINDS = frozenset({"object", "product"})

# Phrases that mark a stated limitation, per language, matched on folded sentences. Kept to clear negations
# of ability so that requirements such as "without opening" or "no destructivo" are not taken as limits.
_LIMITS = {
    "en": r"\b((cannot|can ?not|can't)(?! (be )?(smear|smeared|fade|faded|rub off|rubbed off|wash off|washed off|peel off"
          r"|come off|be removed|removed|erased|altered|forged|copied|counterfeited|tampered)\b)|could not|unable to|fails? to|failed to|fail on|does not work|do not work"
          r"|(does|do|did) not (detect|measure|see|read|identify|distinguish|inspect|analy[sz]e|penetrate|reach"
          r"|cover|separate|apply|suit)|not (suitable|designed|intended|adapted|possible|reliabl\w*|seen|detected"
          r"|measured|identified|visible|detectable|measurable|treated|inspected)|(is|are) missed|no signal"
          r"|weak signal|impossible|limits?:|limitations?:)",
    "es": r"\b(no (se )?(puede|pueden|funciona|funcionan|detecta|detectan|detectamos|permite|lee|leen|sirve|ve|ven"
          r"|distingue|distinguen|mide|miden|medimos|es posible|identifica|identifican|identificamos|analiza"
          r"|analizan|separa|separan|inspecciona|inspeccionan|basta|bastan|penetra|atraviesa|esta pensad\w*"
          r"|esta disenad\w*|es apt\w*|es adecuad\w*|son apt\w*|son adecuad\w*)"
          r"|imposible|no apto|no apta|limitaciones?:|limites?:)",
    "fr": r"\b(ne|n)[' ]?(peut|peuvent|fonctionne|fonctionnent|detecte|detectent|permet|lit|lisent|voit|voient"
          r"|distingue|distinguent|mesure|mesurent|sont|est|donne|analyse|identifie|identifions|convient|traite"
          r"|penetre|traverse|separe|inspecte|vise)\b[^.]{0,30}\b(pas|ni|rien|que)\b"
          r"|\bimpossible\b|\baucun signal\b|\blimites? ?:",
    "de": r"\b(nicht (zuverlassig|moglich|messbar|erkennbar|geeignet|sichtbar|nachweisbar|ubertragbar|ausgelegt"
          r"|vorgesehen)|nicht (erkannt|gemessen|erfasst|gepruft|nachgewiesen|unterschieden|gesehen)"
          r"|(funktioniert|funktionieren|misst|messen|erkennt|erkennen|erfasst|erfassen|sieht|sehen|unterscheidet"
          r"|eignet|eignen|dringt|durchdringt|ersetzt)\b[^.]{0,60}\b(nicht|weder|kein\w*)\b"
          r"|(lasst|lassen) sich [^.]{0,60}\bnicht\b|kein signal|unmoglich|grenzen:|einschrankungen:)",
}
_LIMIT_PATTERNS = {lang: re.compile(pattern) for lang, pattern in _LIMITS.items()}

#: Words that, up to NEGATION_REACH tokens before a property, say it is absent or avoided:
#: "nothing placed inside the pack", "sans ouvrir", "instead of destructive sampling" (folded forms).
NEGATION_REACH = 4
_NEGATIONS = {
    "en": frozenset("no not nothing without never non unlike instead rather avoids avoid avoiding replaces "
                    "replace replacing eliminates neither nor".split()),
    "es": frozenset("no sin ni nada ningun ninguna ninguno nunca evita evitar sustituye sustituir reemplaza "
                    "reemplazar lugar diferencia".split()),
    "fr": frozenset("sans aucun aucune ni pas rien non jamais evite eviter remplace remplacer lieu "
                    "contrairement".split()),
    "de": frozenset("kein keine keinen keinem keiner keines ohne nicht nichts statt anstatt anstelle ersetzt "
                    "ersetzen vermeidet vermeiden weder".split()),
}


@dataclass(frozen=True)
class Bags:
    """What the vectorisers need from one document, each a mapping term -> weight."""

    language: str
    stems: Counter
    words: Counter
    concepts: Counter
    surface: dict  # stem -> a word as written, for explanations
    #: Concepts of `AGAINST_KINDS` named only in sentences that state a limit (capabilities only).
    against: Counter = field(default_factory=Counter)
    #: Requirements named, and properties named as absent or avoided ("nothing placed inside the pack").
    requires: frozenset = frozenset()
    #: Properties named as present (a capability's traits, limits included).
    properties: frozenset = frozenset()
    #: Packs, materials and foods its title names, unless the title also names food or packaging in general
    #: ("laser coding for food and beverage packaging"): what an offer is specific to.
    headline: frozenset = frozenset()


def states_limit(sentence: str, language: str) -> bool:
    """True if the sentence says what a technology cannot do."""
    return bool(_LIMIT_PATTERNS[language].search(fold(sentence)))


def document_bags(
    document: Document, analyzer: Analyzer, matcher: ConceptMatcher, *, read_limits: bool,
    lexicon: Lexicon | None = None,
) -> Bags:
    """Weighted stems, words and concepts of the title, keywords and description.

    `read_limits` damps concepts in sentences that state a limit; the engine sets it for capabilities,
    because a challenge states its need negatively ("sorting plants cannot identify them"). With a `lexicon`,
    the stems of the words it knows are replaced by their English pivots (see `lexicon`).
    """
    language = document.language or detect_language(
        " ".join([document.title, " ".join(document.keywords), document.description])
    )
    stems: Counter = Counter()
    words: Counter = Counter()
    concepts: Counter = Counter()
    limited: Counter = Counter()
    requires: set[str] = set()
    properties: set[str] = set()
    kinds = matcher.vocabulary.concepts
    negations = _NEGATIONS[language]
    surface: dict[str, str] = {}
    stop = stop_words(language)
    parts = [(document.title, TITLE_WEIGHT)]
    parts += [(keyword, KEYWORD_WEIGHT) for keyword in document.keywords]
    for sentence in sentences(document.description):
        parts.append((sentence, -1.0 if read_limits and states_limit(sentence, language) else 1.0))
    headline: set[str] = set()
    for number, (text, weight) in enumerate(parts):
        stated_limit = weight < 0
        concept_weight = LIMIT_WEIGHT if stated_limit else weight
        weight = abs(weight)
        found = tokens(text)
        all_stems = analyzer.stems(found, language)
        for concept, position in matcher.find(found, all_stems, language):
            kind = kinds[concept].kind
            if kind in ("requirement", "property"):
                negated = any(analyzer.fold(word) in negations
                              for word in found[max(0, position - NEGATION_REACH):position])
                if kind == "property" and not negated:
                    properties.add(concept)  # a limit states a property as surely as a claim does
                elif not stated_limit:  # "cannot work inline" claims no requirement
                    requires.add(concept)
                continue
            if number == 0 and (kind in TARGET_KINDS or kind == "food"):
                headline.add(concept)
            if stated_limit:
                limited[concept] += 1.0
            concepts[concept] += concept_weight
        # Words the lexicon knows count as their English pivots, which texts in every language share.
        pivots = lexicon.tokens(found, all_stems, language) if lexicon is not None else {}
        for position, (word, stem) in enumerate(zip(found, all_stems)):
            if len(word) > 1 and not word.isdigit() and word not in stop:
                words[analyzer.fold(word)] += weight
                for token in pivots.get(position, (stem,)):
                    stems[token] += weight
                    surface.setdefault(token, word)
    against: Counter = Counter()
    for concept, mentions in limited.items():
        if kinds[concept].kind in AGAINST_KINDS and concepts[concept] <= LIMIT_WEIGHT * mentions + 1e-9:
            against[concept] = mentions
            del concepts[concept]
    generic = any(kinds[c].kind == "food" for c in headline)
    return Bags(language, stems, words, concepts, surface, against, frozenset(requires), frozenset(properties),
                frozenset() if generic else frozenset(headline))
