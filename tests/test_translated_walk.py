"""Every HTML page, for every role, in Spanish, French and German: no English left anywhere a reader looks.

The leak walk's routes (every GET rule × ids of a small world) are fetched as a visitor, a packaging firm, a
photonics firm and an organiser in each language, together with the failed and successful POSTs of the main forms
(form errors, flash messages). Two probes: the English pieces of catalogue entries whose translation differs, and
common English words that are not words of the page's language (to catch text that was never marked at all). The
world's records are written in Spanish, so the readers' own content never looks like English.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from matchmaker.enums import RequestStatus, Status, Visibility, WorkshopStatus
from tests.security.test_leaks import get_urls
from tests.test_translations import LANGUAGES, WORD, catalogue, english_that_should_be_gone
from tests.workshops.conftest import (  # noqa: F401  (fixtures)
    make_meeting, make_pitch, make_registration, make_request, make_workshop)

ROLES = ("visitor", "packaging", "photonics", "organiser")
# Common English words of the interface. Function words count even when a catalogue happens to contain them;
# the others count only when the page's own language never uses them (German says "Workshop", French "Date").
FUNCTION_WORDS = {
    "the", "and", "your", "you", "of", "with", "for", "this", "that", "is", "are", "not", "have", "from", "by",
    "here", "there", "yet", "when", "which", "what", "who", "been", "can", "should", "must", "these", "it",
    "its", "than", "into", "only", "any", "each", "every", "none", "yes", "please", "our", "their", "they",
    "will", "would", "could", "has", "was", "were", "be", "to", "at", "or", "on", "an", "a", "no", "in"}
# Function words that are also words of the page's language ("no" in Spanish, "on" in French, "was" in German).
NATIVE_TOO = {"es": {"no", "a"}, "fr": {"a", "on", "or"}, "de": {"an", "will", "was", "in"}}
INTERFACE_WORDS = {
    "save", "cancel", "delete", "edit", "back", "search", "page", "next", "previous", "show", "hide", "more",
    "challenge", "challenges", "capability", "capabilities", "workshop", "workshops", "meeting", "meetings",
    "register", "registered", "registration", "login", "log", "logout", "sign", "score", "submit", "send", "request",
    "requests", "accept", "accepted", "decline", "declined", "confirm", "shortlist", "schedule", "scheduled",
    "agenda", "table", "tables", "slot", "slots", "firm", "firms", "packaging", "photonics", "organiser",
    "organisers", "participants", "download", "print", "export", "status", "open", "closed", "draft",
    "published", "public", "private", "confidential", "anonymous", "pending", "cancelled", "outcome", "notes",
    "title", "description", "keywords", "category", "applications", "message", "email", "password", "name",
    "country", "website", "language", "profile", "account", "privacy", "home", "dashboard", "matches", "match",
    "strongest", "matrix", "job", "progress", "failed", "done", "running", "queued", "waiting", "error", "warning",
    "help", "unknown", "new", "create", "update", "add", "remove", "withdraw", "organisation", "organisations",
    "deadline", "date", "time", "start", "end", "minutes", "break", "coffee", "lunch", "venue", "city", "theme",
    "timezone", "heat", "map", "interest", "total", "summary", "details", "filter", "sort", "results", "sent",
    "received", "erase", "role", "visitor", "other", "all", "none", "nothing", "yet", "found", "forbidden",
    "allowed", "technologies", "technology", "inspection", "sensing", "level", "target", "readiness", "meets",
    "pitch", "pitches", "reason", "reply", "answer", "accept", "answered", "follow", "contact", "week", "day",
    "hours", "optimal", "gap", "method", "seconds", "per", "minimum", "maximum", "min", "max", "available",
    "availability", "close", "publish", "reopen", "view", "list", "strength", "strong", "weak", "good", "fair",
    "best", "top", "why", "because", "shared", "terms", "term", "words", "word", "similar", "created", "updated",
    "changed", "entry", "entries", "user", "users", "action", "actions", "people", "person", "member", "members",
    "phone", "free", "busy", "pinned", "pin", "unpin", "run", "again", "retry", "plan", "planning", "solver",
}
# Names, acronyms and identifiers a page may show in any language.
PROPER_NAMES = {"Matchmaker", "SECPhO", "TRL", "iCal", "CSV", "XLSX", "JSON", "ESCP", "Europe", "Madrid", "UTC"}
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|\b[\w.-]+\.example\b")
NOT_HTML = re.compile(r"^/api/|^/healthz$|\.(?:ics|csv|xlsx|json)$")
# Pages that may declare a part as English: the audit log keeps each entry as it was written, in English.
ENGLISH_PARTS_ALLOWED = {"/audit/"}
LANGUAGE_NAMES = {"English", "Español", "Français", "Deutsch"}  # the language switch names each in its own tongue


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# Not interface text: scripts and styles, and <code> (random invite codes such as "x-oF_2" would read as "of").
MACHINE_TEXT = ("script", "style", "template", "code")


class VisibleText(HTMLParser):
    """Text a reader sees or hears: text nodes, title/alt/aria-label/placeholder, and the labels of input buttons.

    Parts declared in another language (``lang="en"`` on an element) go to ``foreign`` instead.
    """

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.foreign: list[str] = []
        self._hidden = 0
        self._page_language: str | None = None
        self._foreign_depth = 0

    def _sink(self) -> list[str]:
        return self.foreign if self._foreign_depth else self.parts

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self._page_language = attributes.get("lang")
        elif self._foreign_depth and tag not in VOID:
            self._foreign_depth += 1
        elif attributes.get("lang") not in (None, self._page_language) and tag not in VOID:
            self._foreign_depth = 1
        if tag in MACHINE_TEXT:
            self._hidden += 1
        self._sink().extend(value for name, value in attrs
                            if name in ("title", "alt", "aria-label", "placeholder") and value)
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset") and attributes.get("value"):
            self._sink().append(attributes["value"])

    def handle_endtag(self, tag) -> None:
        if tag in MACHINE_TEXT:
            self._hidden -= 1
        if self._foreign_depth and tag not in VOID:
            self._foreign_depth -= 1

    def handle_data(self, data) -> None:
        if not self._hidden:
            self._sink().append(data)


def visible_text(html: str) -> tuple[str, str]:
    """The page's own visible text, and the visible text it declares to be in another language."""
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split()), " ".join(" ".join(parser.foreign).split())


def native_texts(language: str) -> list[str]:
    """Every translation in the language's catalogue."""
    texts = []
    for message in catalogue(language):
        texts += [string for string in (message.string if isinstance(message.string, (tuple, list))
                                        else (message.string,)) if string]
    return texts


def native_words(language: str) -> set[str]:
    """Words the language's own catalogue uses: an interface word found there is not English on that page."""
    return {word.casefold() for text in native_texts(language) for word in WORD.findall(text)}


class Probe:
    """Finds English on a page in one language."""

    def __init__(self, language: str) -> None:
        native_text = " ".join(native_texts(language)).casefold()
        self.pieces = [(piece, re.compile(rf"(?<!\w){re.escape(piece)}(?!\w)"))  # French says "Table" too
                       for piece in english_that_should_be_gone(language)
                       if not re.search(rf"(?<!\w){re.escape(piece.casefold())}(?!\w)", native_text)]
        self.english = (FUNCTION_WORDS - NATIVE_TOO[language]) | (INTERFACE_WORDS - native_words(language))

    def english_in(self, text: str) -> list[str]:
        text = ADDRESSES.sub(" ", text)
        found = [piece for piece, pattern in self.pieces if piece in text and pattern.search(text)]
        words = {word for word in WORD.findall(text) if word not in PROPER_NAMES and word.casefold() in self.english}
        return found + sorted(words)


@pytest.fixture()
def world(make_user, make_organisation, make_challenge, make_capability, make_workshop, make_registration,
          make_request, make_meeting, make_pitch):
    """A published workshop with two firms, their records, a request, a pitch, meetings and two background jobs."""
    packaging = make_user("packaging", name="Lucía Pérez", organisation=make_organisation(
        "packaging", name="Envases Valdeluz", website="https://valdeluz.example"))
    photonics = make_user("photonics", name="Jon Arrieta", organisation=make_organisation(
        "photonics", name="Termografía Óptica", website="https://termografia.example"))
    other = make_user("packaging", name="Ane Zubia", organisation=make_organisation(
        "packaging", name="Conservas Ibaia", website="https://ibaia.example"))
    people = {"visitor": None, "packaging": packaging, "photonics": photonics,
              "organiser": make_user("organiser", name="Marta Gil")}
    spanish = {"description": "Las bandejas termoselladas pierden el vacío tras una semana en cámara.",
               "keywords": "sellado, fuga, bandeja"}
    secret = make_challenge(packaging, title="Fugas en el sellado de bandejas", visibility=Visibility.ORGANISERS,
                            **spanish)
    public = make_challenge(packaging, title="Termosellado de bandejas", **spanish)
    draft = make_challenge(packaging, title="Cuerpos extraños", status=Status.DRAFT, **spanish)
    other_challenge = make_challenge(other, title="Códigos de fecha ilegibles", anonymous=True, **spanish)
    capability = make_capability(photonics, title="Termografía activa del sellado",
                                 description="La termografía activa detecta defectos de sellado en línea.",
                                 keywords="termografía", applications="inspección de sellos")
    workshop = make_workshop(status=WorkshopStatus.PUBLISHED, title="Envase y fotónica", theme="Inspección",
                             city="Alicante", venue="Parque Científico", breaks="2:10")
    registrations = [make_registration(workshop, packaging, [secret, public]),
                     make_registration(workshop, other, [other_challenge]),
                     make_registration(workshop, photonics, [capability])]
    request = make_request(workshop, photonics, packaging, status=RequestStatus.PENDING, message="Hablemos.")
    make_pitch(workshop, photonics, public, message="Medimos sellos en línea.")
    meetings = [make_meeting(workshop, packaging, photonics, slot=1, table=1, challenge=public, capability=capability),
                make_meeting(workshop, other, photonics, slot=2, table=1, challenge=other_challenge,
                             capability=capability)]
    open_workshop = make_workshop(status=WorkshopStatus.OPEN, title="Taller abierto", theme="Trazabilidad",
                                  city="Elche", venue="Sala Uno", breaks="3:10")
    make_registration(open_workshop, packaging, [public])
    make_registration(open_workshop, photonics, [capability])
    open_request = make_request(open_workshop, packaging, photonics, status=RequestStatus.PENDING, message="¿Hablamos?")
    ids = {"challenge_id": [public.id, secret.id, draft.id], "capability_id": [capability.id],
           "workshop_id": [workshop.id], "meeting_id": [meeting.id for meeting in meetings],
           "registration_id": [registrations[0].id], "request_id": [request.id],
           "organisation_id": [packaging.organisation_id], "target": ["open", "published", "closed"],
           "job_id": _jobs(people, workshop), "open_workshop": open_workshop.id, "open_request": open_request.id}
    return people, ids


def _jobs(people, workshop) -> list[int]:
    """A schedule job of the organiser's that failed with the scheduler's reasons, and one still waiting."""
    from matchmaker.extensions import db
    from matchmaker.jobs.services import N_, fail_job, start_job
    from matchmaker.workshops.scheduling_problem import Sentence, ngettext

    failed = start_job("workshop.schedule", user=people["organiser"], target_type="workshop", target_id=workshop.id)
    reasons = [Sentence("Unpinning %(pair)s is enough", pair="Envases Valdeluz–Termografía Óptica"),
               Sentence("%(who)s must have at least %(meetings)s but its maximum is %(most)s", who="Conservas Ibaia",
                        meetings=ngettext("%(num)s meeting", "%(num)s meetings", 3), most=2)]
    fail_job(failed, N_("No schedule meets every pin and minimum. Nothing was changed."), details=reasons)
    waiting = start_job("workshop.shortlist", user=people["organiser"], target_type="workshop",
                        target_id=workshop.id)
    db.session.commit()
    return [failed.id, waiting.id]


def _english_on(probe: Probe, path: str, response) -> list[str]:
    text, foreign = visible_text(response.get_data(as_text=True))
    english = probe.english_in(text)
    if set(foreign.split()) - LANGUAGE_NAMES and path not in ENGLISH_PARTS_ALLOWED:
        english.append(f"a part declared English: {foreign[:200]!r}")
    return english


def _fetch_all(app, client, login_as, people, ids, language) -> dict[str, list[str]]:
    """'url as role' -> English found, for every HTML GET page."""
    from matchmaker.extensions import db

    probe, found = Probe(language), {}
    urls = [url for url in get_urls(app, ids) if not NOT_HTML.search(url.split("?")[0])]
    urls += [f"/workshops/{ids['open_workshop']}{page}"  # the forms only an open workshop shows
             for page in ("", "/register", "/mine", "/shortlist", "/schedule")]
    for role in ROLES:
        if people[role] is not None:
            people[role].locale = language  # a logged-in reader's profile language wins over the browser's
            db.session.commit()
        login_as(people[role])
        for url in urls:
            response = client.get(url, headers={"Accept-Language": language})
            if 300 <= response.status_code < 400:
                continue
            assert response.content_type.startswith("text/html"), url
            if english := _english_on(probe, url.split("?")[0], response):
                found[f"{url} as {role}"] = english
    return found


def _posts(ids) -> list[tuple[str, str, dict]]:
    """(role, url, form) for the main forms, each failing or succeeding in a way that shows a message."""
    workshop, meeting, public = ids["workshop_id"][0], ids["meeting_id"][0], ids["challenge_id"][0]
    bad_text = {"title": "x", "description": "corta", "keywords": "a" * 90}
    workshop_form = {"title": "Taller", "city": "Elche", "venue": "Sala", "timezone": "Europe/Madrid",
                     "date": "2031-05-06", "first_start": "09:00", "meeting_minutes": "20", "slot_count": "4",
                     "tables": "2", "registration_deadline": "2031-05-01"}
    opened, request = ids["open_workshop"], ids["open_request"]
    return [
        ("photonics", f"/workshops/{opened}/register", {}),
        ("packaging", f"/workshops/{opened}/requests", {"request-recipient": "", "request-message": "x" * 2000}),
        ("photonics", f"/workshops/{opened}/requests/{request}/answer", {"answer-answer": "accept"}),
        ("photonics", f"/workshops/{opened}/requests/{request}/answer", {"answer-answer": "decline"}),
        ("photonics", f"/workshops/{opened}/pitches", {"pitch-challenge": str(public), "pitch-message": "Medimos."}),
        ("photonics", f"/workshops/{opened}/pitches", {"pitch-challenge": str(public), "pitch-message": "Otra vez."}),
        ("organiser", f"/workshops/{opened}/schedule", {}),
        ("visitor", "/auth/login", {"email": "nadie@valdeluz.example", "password": "contraseña-falsa-larga"}),
        ("visitor", "/auth/register", {"role": "organiser", "name": "", "email": "no", "password": "corta",
                                       "confirm": "otra", "website": "ftp:/x"}),
        ("packaging", "/challenges/new", bad_text),
        ("packaging", f"/challenges/{public}/edit", {**bad_text, "trl_target": "11", "category": "nada"}),
        ("packaging", "/account/", {"name": "", "locale": "xx"}),
        ("packaging", "/account/delete", {"password": "contraseña-falsa-larga"}),
        ("photonics", "/capabilities/new", {**bad_text, "trl": "0"}),
        ("organiser", "/workshops/new", {**workshop_form, "breaks": "después del café", "timezone": "Marte/Base"}),
        ("organiser", "/workshops/new", {**workshop_form, "breaks": "9:10 Pausa, 1:5 Pausa, 1:5 Pausa"}),
        ("organiser", "/workshops/new", {**workshop_form, "first_start": "23:00", "slot_count": "8"}),
        ("organiser", "/workshops/new", {**workshop_form, "date": "2031-05-06", "registration_deadline": "2031-06-01"}),
        ("organiser", f"/workshops/{workshop}/edit", {**workshop_form, "meeting_minutes": "500"}),
        ("organiser", f"/workshops/{workshop}/status/open", {}),
        ("organiser", f"/workshops/{workshop}/limits", {"max_meetings": "-1"}),
        ("organiser", f"/workshops/{workshop}/meetings/{meeting}/move", {"slot": "2", "table": "1"}),
        ("organiser", f"/workshops/{workshop}/shortlist/decision", {"packaging": "x", "photonics": "y"}),
        ("organiser", f"/organisations/{ids['organisation_id'][0]}/erase", {}),
    ]


def _post_all(client, login_as, people, ids, language) -> dict[str, list[str]]:
    """'POST #n url as role' -> English found on the page a POST shows (form errors, flash messages)."""
    from matchmaker.extensions import db

    probe, found = Probe(language), {}
    for number, (role, url, form) in enumerate(_posts(ids)):
        if people[role] is not None:
            people[role].locale = language
            db.session.commit()
        login_as(people[role])
        response = client.post(url, data=form, headers={"Accept-Language": language}, follow_redirects=True)
        assert response.status_code < 500, url
        if english := _english_on(probe, url, response):
            found[f"POST #{number} {url} as {role}"] = english
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_for_every_role_is_in_the_readers_language(app, client, login_as, world, language):
    people, ids = world
    found = _fetch_all(app, client, login_as, people, ids, language)
    found.update(_post_all(client, login_as, people, ids, language))
    assert found == {}


def test_the_probe_finds_english_on_an_english_page(client):
    text, foreign = visible_text(client.get("/auth/login", headers={"Accept-Language": "en"}).get_data(as_text=True))
    found = Probe("de").english_in(text)
    assert {"Keep me logged in on this device", "Register your firm", "Password"} <= set(found)
    assert foreign == "Español Français Deutsch"  # the language switch names each language in its own words


def test_the_probe_finds_english_words_no_catalogue_knows():
    found = Probe("fr").english_in("Veuillez patienter. Please wait for the next slot (https://firm.example) · SECPhO")
    assert found == ["Please", "for", "next", "the"]


def test_parts_declared_english_are_kept_apart():
    html = ('<html lang="es"><body><p>Hola <span lang="en">Challenge #3 created</span> '
            '<select><option lang="de">Deutsch</option></select><br>adiós</p></body></html>')
    assert visible_text(html) == ("Hola adiós", "Challenge #3 created Deutsch")


def test_machine_text_in_code_elements_is_not_read_as_english():
    page = '<html lang="es"><body><p>Código de invitación: <code>Qx-oF_the9</code></p></body></html>'
    assert visible_text(page) == ("Código de invitación:", "")
