"""Which of Matchmaker's four languages the current reader wants, and the header's language switch."""
from __future__ import annotations

import json

from flask import Blueprint, Flask, has_request_context, redirect, request, session
from flask_babel import gettext, ngettext
from flask_login import current_user

from matchmaker.extensions import db

LANGUAGES = ("en", "es", "fr", "de")
LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "de": "Deutsch"}

bp = Blueprint("language", __name__)


def reader_language() -> str:
    """The user's profile language, else the visitor's choice in the header, else the browser's, else English."""
    if not has_request_context():  # the command line and background work speak English
        return "en"
    if current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    if session.get("language") in LANGUAGES:
        return session["language"]
    return request.accept_languages.best_match(LANGUAGES) or "en"


def formatting_locale() -> str:
    """The Babel locale for translations and for dates and numbers: English readers get British formats."""
    language = reader_language()
    return "en_GB" if language == "en" else language


@bp.post("/language")
def switch_language():
    """Remember the chosen language (in the profile when logged in) and go back to the page the reader was on."""
    language = request.form.get("language", "")
    if language in LANGUAGES:
        session["language"] = language
        if current_user.is_authenticated and current_user.locale != language:
            current_user.locale = language
            db.session.commit()
    return redirect(_local_path(request.form.get("next", "")))


def _local_path(target: str) -> str:
    """Only a path on this site: never an open redirect to another host."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def message_of(sentence) -> dict | None:
    """A pure core's English ``Sentence`` (its msgid, values and plural forms) as plain data; None for other text."""
    if not isinstance(sentence, str) or getattr(sentence, "message", None) is None:
        return None
    return {"message": sentence.message, "plural": sentence.plural,
            "params": {name: message_of(value) or value for name, value in sentence.params.items()}}


def stored(sentence) -> str:
    """A line to store (a job's details): a ``Sentence`` keeps its msgid as JSON, for each reader to get translated."""
    data = message_of(sentence)
    if data is None:
        return " ".join(str(sentence).splitlines())
    return json.dumps(data, ensure_ascii=False, default=lambda value: value.item())  # numpy numbers


def _translate(data: dict) -> str:
    params = {name: _translate(value) if isinstance(value, dict) else value for name, value in data["params"].items()}
    message, plural = data["message"], data.get("plural")  # names, not literals: nothing here for the catalogues
    if plural:
        return ngettext(plural[0], plural[1], params.pop("num"), **params)
    return gettext(message, **params)


def translated(sentence) -> str:
    """A ``Sentence``, or a line written by ``stored``, in the reader's language; any other text as it is."""
    data = message_of(sentence)
    if data is None and isinstance(sentence, str) and sentence.startswith('{"message": '):
        try:
            data = json.loads(sentence)
        except ValueError:
            data = None
    return _translate(data) if data else sentence


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(LANGUAGE_NAMES=LANGUAGE_NAMES, reader_language=reader_language)
    app.jinja_env.filters["translated"] = translated
