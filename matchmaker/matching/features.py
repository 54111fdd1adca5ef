"""Turn one document into weighted bags: word stems, surface words (for character n-grams) and concepts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from matchmaker.matching.analysis import Analyzer, fold, sentences, tokens
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

    def __reduce__(self):
        """Pickled as plain dicts, about twice as fast as by default: workers send all bags (`parallel`)."""
        return (_unpickle_bags, (self.language, dict(self.stems), dict(self.words), dict(self.concepts), self.surface,
                                 dict(self.against), self.requires, self.properties, self.headline))


def _unpickle_bags(language, stems, words, concepts, surface, against, requires, properties, headline) -> Bags:
    return Bags(language, Counter(stems), Counter(words), Counter(concepts), surface, Counter(against), requires,
                properties, headline)


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
    parts = [(document.title, TITLE_WEIGHT)]
    parts += [(keyword, KEYWORD_WEIGHT) for keyword in document.keywords]
    for sentence in sentences(document.description):
        parts.append((sentence, -1.0 if read_limits and states_limit(sentence, language) else 1.0))
    # All parts in one token list, each followed by an empty token that is no word and no stem, so no phrase
    # runs from one part into the next: stems, concepts and pivots are then looked up once per document.
    found: list[str] = []
    ends: list[int] = []
    for text, _ in parts:
        found += tokens(text)
        ends.append(len(found))
        found.append("")
    weights = [weight for _, weight in parts]
    all_stems = analyzer.stems(found, language)
    concepts, limited, requires, properties, headline = _concepts(
        matcher.find(found, all_stems, language), found, ends, weights, analyzer, matcher.kinds, _NEGATIONS[language])
    # Words the lexicon knows count as their English pivots, which texts in every language share.
    pivots = lexicon.tokens(found, all_stems, language) if lexicon is not None else {}
    stems, words, surface = _terms(found, all_stems, analyzer.content_words(found, language), pivots, ends, weights)
    against: Counter = Counter()
    for concept, mentions in limited.items():
        if matcher.kinds[concept] in AGAINST_KINDS and concepts[concept] <= LIMIT_WEIGHT * mentions + 1e-9:
            against[concept] = mentions
            del concepts[concept]
    generic = any(matcher.kinds[c] == "food" for c in headline)
    return Bags(language, stems, words, concepts, surface, against, frozenset(requires), frozenset(properties),
                frozenset() if generic else frozenset(headline))


def _terms(found: list[str], all_stems: list[str], content: list[str | None], pivots: dict[int, tuple[str, ...]],
           ends: list[int], weights: list[float]) -> tuple[Counter, Counter, dict[str, str]]:
    """Weighted stems (or the pivots that replace them), folded words and the first spelling of each stem, of
    the words that carry meaning (`content`: folded word or None per token)."""
    stems: Counter = Counter()
    words: Counter = Counter()
    surface: dict[str, str] = {}
    # `get` + 0 rather than `+=`: a Counter's missing key costs a Python call; the sums are the same.
    words_get, stems_get = words.get, stems.get
    start = 0
    for end, weight in zip(ends, weights):
        weight = abs(weight)
        for position in range(start, end):
            folded = content[position]
            if folded is None:
                continue
            words[folded] = words_get(folded, 0) + weight
            replaced = pivots.get(position) if pivots else None
            if replaced is None:
                stem = all_stems[position]
                stems[stem] = stems_get(stem, 0) + weight
                if stem not in surface:
                    surface[stem] = found[position]
                continue
            for token in replaced:
                stems[token] = stems_get(token, 0) + weight
                if token not in surface:
                    surface[token] = found[position]
        start = end + 1
    return stems, words, surface


def _concepts(hits: list[tuple[str, int]], found: list[str], ends: list[int], weights: list[float], analyzer: Analyzer,
              kinds: dict[str, str], negations: frozenset[str]) -> tuple[Counter, Counter, set, set, set]:
    """Concepts counted per part weight, those named in stated limits, requirements, properties and the
    packs, materials and foods of the title, from (concept, position) hits in position order."""
    concepts: Counter = Counter()
    limited: Counter = Counter()
    requires: set[str] = set()
    properties: set[str] = set()
    headline: set[str] = set()
    number, start = 0, 0
    for concept, position in hits:
        while position >= ends[number]:
            number, start = number + 1, ends[number] + 1
        weight = weights[number]
        stated_limit = weight < 0
        kind = kinds[concept]
        if kind in ("requirement", "property"):
            negated = any(analyzer.fold(word) in negations
                          for word in found[max(start, position - NEGATION_REACH):position])
            if kind == "property" and not negated:
                properties.add(concept)  # a limit states a property as surely as a claim does
            elif not stated_limit:  # "cannot work inline" claims no requirement
                requires.add(concept)
            continue
        if number == 0 and (kind in TARGET_KINDS or kind == "food"):
            headline.add(concept)
        if stated_limit:
            limited[concept] += 1.0
        concepts[concept] += LIMIT_WEIGHT if stated_limit else weight
    return concepts, limited, requires, properties, headline
