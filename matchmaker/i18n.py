"""Which of Matchmaker's four languages the current reader wants."""
from __future__ import annotations

from flask import request
from flask_login import current_user

LANGUAGES = ("en", "es", "fr", "de")


def reader_language() -> str:
    """The user's profile language, else the browser's best match, else English."""
    if current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    return request.accept_languages.best_match(LANGUAGES) or "en"
