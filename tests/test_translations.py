"""Matchmaker speaks Spanish, French and German: no English left in templates, catalogues complete, pages translated.

Three guards: every template's visible text goes through gettext; every marked string has a translation in
es, fr and de with the same placeholders; and the main pages, fetched in each language, show none of the English
strings that have a different translation. Form errors follow the reader too; JSON errors stay English.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from matchmaker import PACKAGE_DIR, ROOT_DIR
from matchmaker.enums import Category, Status, Visibility

TEMPLATES = ROOT_DIR / "templates"
TRANSLATIONS = PACKAGE_DIR / "translations"
LANGUAGES = ("es", "fr", "de")

# Words a template may show as they are, in every language: names, acronyms and file formats.
ALLOWED_WORDS = {"Matchmaker", "TRL", "iCal", "CSV", "XLSX", "JSON", "ESCP", "SECPhO"}
GETTEXT_CALLS = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
VISIBLE_ATTRIBUTES = re.compile(r"""\b(?:title|alt|aria-label|placeholder)\s*=\s*(["'])(.*?)\1""", re.S | re.I)
BUTTON_VALUE = re.compile(r"""\bvalue\s*=\s*(["'])(.*?)\1""", re.S | re.I)
BUTTON_INPUT = re.compile(r"""^<input\b[^>]*\btype\s*=\s*["']?(?:submit|button|reset)\b""", re.I)
TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
ENTITY = re.compile(r"&#?\w+;")
WORD = re.compile(r"[^\W\d_]+")
# Expression strings made of Unicode date-pattern letters ('yyyy-MM-dd HH:mm') are formats, not words.
DATE_PATTERN = re.compile(r"^[yMdHhmsaEGLkKzZ:\-/., ']+$")
MARK = "\x1f"  # stands for a {{ }}/{% %}/{# #} tag or a {% trans %} block when the template's text is put together
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def template_names() -> list[str]:
    return sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html"))


def _untranslated_strings(tokens) -> list[tuple[int, str]]:
    """String constants in {{ }} and {% %} that read like words and are not the argument of a gettext call."""
    found, calls, previous = [], [], None
    for lineno, kind, value in tokens:  # the lexer's raw tokens: brackets are "operator" tokens
        if kind == "operator" and value in ("(", "[", "{"):
            calls.append(value == "(" and previous in GETTEXT_CALLS)
        elif kind == "operator" and value in (")", "]", "}") and calls:
            calls.pop()
        elif (kind == "string" and not any(calls) and re.search(r"[^\W\d_]{2,}\s+[^\W\d_]{2,}", value[1:-1])
              and not DATE_PATTERN.match(value[1:-1])):
            found.append((lineno, value[1:-1]))
        previous = value if kind == "name" else None
    return found


def _template_text(source: str, environment) -> tuple[str, list[tuple[int, int]], list[tuple[int, str]]]:
    """The template's own text with every tag and {% trans %} block replaced by MARK, where each piece starts, and
    the suspicious strings inside expressions."""
    text, starts, expression_tokens = [], [], []
    in_trans, after_block_begin, offset = False, False, 0
    for lineno, kind, value in environment.lex(source):
        if kind == "whitespace":
            continue
        if kind == "name" and after_block_begin:
            if value == "trans":
                in_trans = True
            elif value == "endtrans":
                in_trans = False
        after_block_begin = kind == "block_begin"
        if kind not in ("data", "block_begin", "block_end", "variable_begin", "variable_end"):
            expression_tokens.append((lineno, kind, value))
        piece = value if kind == "data" and not in_trans else MARK
        if kind == "data" or piece != (text[-1] if text else None):
            starts.append((offset, lineno))
            text.append(piece)
            offset += len(piece)
    return "".join(text), starts, _untranslated_strings(expression_tokens)


def _line_at(text: str, starts: list[tuple[int, int]], position: int) -> int:
    start, lineno = max((item for item in starts if item[0] <= position), default=(0, 1))
    return lineno + text.count("\n", start, position)


def _words_left(fragment: str) -> str | None:
    """The fragment's text if it still holds a word someone must translate."""
    cleaned = ENTITY.sub(" ", fragment.replace(MARK, " "))
    words = [word for word in WORD.findall(cleaned) if word not in ALLOWED_WORDS]
    return " ".join(cleaned.split()) if words else None


def literals_in(source: str, environment) -> list[tuple[int, str]]:
    """(line, text) for each piece of visible English written straight into a template's source."""
    text, starts, strings = _template_text(source, environment)
    problems = []
    for match in TAG.finditer(text):
        tag = match.group(0)
        values = [value for _quote, value in VISIBLE_ATTRIBUTES.findall(tag)]
        if BUTTON_INPUT.match(tag):
            values += [value for _quote, value in BUTTON_VALUE.findall(tag)]
        for value in values:
            if (words := _words_left(value)) is not None:
                problems.append((_line_at(text, starts, match.start()), words))
    blank = lambda match: re.sub(r"[^\n]", " ", match.group(0))  # noqa: E731  (keeps offsets and line breaks)
    without_tags = ENTITY.sub(blank, TAG.sub(blank, text))
    for match in re.finditer(rf"[^{MARK}]+", without_tags):
        if (words := _words_left(match.group(0))) is not None:
            first = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            problems.append((_line_at(text, starts, first), words))
    problems += [(lineno, f"{value!r} (a string in an expression)") for lineno, value in strings]
    return sorted(problems)


@pytest.mark.parametrize("name", template_names())
def test_template_has_no_untranslated_text(app, name):
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert [f"templates/{name}:{line}: {text}" for line, text in literals_in(source, app.jinja_env)] == []


def test_the_literal_check_finds_english_and_spares_marked_text(app):
    source = ('<h1 title="Big title">Hello {{ user }}</h1>\n<p>{{ _("Fine") }} · TRL {{ level }}</p>\n'
              '{% trans n=3 %}Also fine{% endtrans %}<input type="submit" value="Send">\n'
              '<img alt="{{ _(\'ok\') }}"><span>{{ "Plain words here" if x else _("Marked text") }}</span>\n'
              '<time>{{ when|datetimeformat("yyyy-MM-dd HH:mm") }}</time><!-- a comment -->&nbsp;<b>\n  Bold</b>')
    assert literals_in(source, app.jinja_env) == [
        (1, "Big title"), (1, "Hello"), (3, "Send"), (4, "\'Plain words here\' (a string in an expression)"),
        (6, "Bold")]


# The catalogues -----------------------------------------------------------------------------------------------

def _ids(message_id) -> tuple[str, ...]:
    return tuple(message_id) if isinstance(message_id, (tuple, list)) else (message_id,)


@pytest.fixture(scope="module")
def source_messages() -> dict[str, tuple[str, ...]]:
    """Every msgid the code and templates mark today (as `make translations` extracts them), with its plural."""
    with (ROOT_DIR / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = dict(DEFAULT_KEYWORDS, _l=None, lazy_gettext=None)
    found: dict[str, tuple[str, ...]] = {}
    for directory in (PACKAGE_DIR, TEMPLATES):
        for _file, _line, message, _comments, _context in extract_from_dir(
                directory, method_map, options_map, keywords=keywords):
            ids = _ids(message)
            found[ids[0]] = ids
    return found


def catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _problem(ids: tuple[str, ...], message) -> str | None:
    if message is None:
        return "not in the catalogue (run `make translations`)"
    strings = _ids(message.string)
    if message.fuzzy:
        return "fuzzy"
    if not strings or not all(strings):
        return "untranslated"
    wanted = set(PLACEHOLDER.findall(" ".join(ids)))
    forms = [set(PLACEHOLDER.findall(form)) for form in strings]
    # A plural's singular may say "one" instead of "%(num)s"; together the forms use exactly the English ones.
    if (set().union(*forms) != wanted) if len(ids) > 1 else (forms != [wanted]):
        return f"placeholders differ from {sorted(wanted)}: {strings}"
    return None


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_translated(source_messages, language):
    translations = catalogue(language)
    problems = [f"{ids[0]!r}: {problem}" for ids in source_messages.values()
                if (problem := _problem(ids, translations.get(ids[0]))) is not None]
    assert problems == []


# The pages ----------------------------------------------------------------------------------------------------

class VisibleText(HTMLParser):
    """Text a reader sees or hears: text nodes and the title, alt, aria-label and placeholder attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in ("title", "alt", "aria-label", "placeholder") and value]

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_that_should_be_gone(language: str) -> list[str]:
    """English text pieces longer than three characters whose translation in ``language`` differs from them."""
    pieces = set()
    for message in catalogue(language):
        if not message.id or message.fuzzy:
            continue
        for english, translated in zip(_ids(message.id), _ids(message.string) + _ids(message.string)[-1:]):
            if not translated or translated == english:
                continue
            for piece in re.split(r"%\(\w+\)[sd]|<[^>]+>", english):
                piece = " ".join(piece.split()).strip(" .,:;()“”\"'")
                if len(piece) > 3 and WORD.search(piece) and piece not in translated:
                    pieces.add(piece)
    return sorted(pieces, key=len, reverse=True)


@pytest.fixture()
def world(make_user, make_organisation, make_challenge, make_capability):
    """A packaging firm with a challenge, a photonics firm with a capability, and an organiser, all in Spanish text."""
    packaging = make_user("packaging", organisation=make_organisation("packaging", name="Envases Valdeluz"),
                          name="Lucía Pérez")
    photonics = make_user("photonics", organisation=make_organisation("photonics", name="Termografía Óptica SL"),
                          name="Jon Arrieta")
    organiser = make_user("organiser", name="Marta Gil")
    challenge = make_challenge(packaging, title="Fugas en el sellado de bandejas",
                               description="Las bandejas termoselladas pierden el vacío tras una semana en cámara.",
                               keywords="sellado, fuga", category=Category.INSPECTION,
                               visibility=Visibility.PUBLIC, status=Status.OPEN)
    capability = make_capability(photonics, title="Termografía activa del sellado",
                                 description="La termografía lock-in detecta defectos de sellado en línea.",
                                 keywords="termografía", applications="inspección de sellos")
    return {"packaging": packaging, "photonics": photonics, "organiser": organiser,
            "challenge": challenge, "capability": capability}


PAGES = [  # (who, path): None is a visitor
    (None, "/"), (None, "/auth/login"), (None, "/auth/register"), (None, "/privacy"),
    (None, "/challenges/"), (None, "/challenges/{challenge}"), (None, "/capabilities/"),
    (None, "/capabilities/{capability}"), (None, "/no-such-page"),
    ("packaging", "/challenges/mine"), ("packaging", "/challenges/new"), ("packaging", "/challenges/{challenge}/edit"),
    ("packaging", "/account/"),
    ("photonics", "/capabilities/mine"), ("photonics", "/capabilities/new"),
    ("photonics", "/capabilities/{capability}/edit"),
    ("organiser", "/matches/"),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_are_in_the_readers_language(client, login_as, world, language):
    from matchmaker.extensions import db

    gone = english_that_should_be_gone(language)
    nav = catalogue(language).get("Challenges").string
    leaks = []
    for who, path in PAGES:
        if who is not None:
            world[who].locale = language  # a logged-in reader's profile language wins over the browser's
            db.session.commit()
        login_as(world[who] if who else None)
        url = path.format(challenge=world["challenge"].id, capability=world["capability"].id)
        response = client.get(url, headers={"Accept-Language": language})
        assert response.status_code == (404 if url == "/no-such-page" else 200), url
        text = visible_text(response.get_data(as_text=True))
        assert f'<html lang="{language}">' in response.get_data(as_text=True) and nav in text, url
        leaks += [f"{url}: {english!r}" for english in gone
                  if re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text)]
    assert leaks == []


REQUIRED = {"es": "Este campo es obligatorio.", "fr": "Ce champ est requis.", "de": "Dieses Feld wird benötigt."}


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_are_in_the_readers_language(client, language):
    """WTForms' own messages (its shipped catalogues) and Matchmaker's validators both follow the reader."""
    response = client.post("/auth/register", data={"role": "packaging", "password": "short", "confirm": "short"},
                           headers={"Accept-Language": language})
    text = visible_text(response.get_data(as_text=True))
    assert response.status_code == 200
    assert REQUIRED[language] in text
    assert "This field is required." not in text and "Use at least 12 characters." not in text


def test_json_errors_stay_english_whatever_the_language(client):
    response = client.get("/api/no-such-thing", headers={"Accept-Language": "de"})
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "There is nothing here, or you are not allowed to see it."
