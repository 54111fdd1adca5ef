"""Which of Matchmaker's four languages the current reader wants, and the header's language switch."""
from __future__ import annotations

from flask import Blueprint, Flask, has_request_context, redirect, request, session
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


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(LANGUAGE_NAMES=LANGUAGE_NAMES, reader_language=reader_language)
