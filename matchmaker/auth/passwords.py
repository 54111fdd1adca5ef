"""The password policy: long enough, and not one of the passwords attackers try first."""
from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

from flask_babel import gettext as _, lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_OWN_CHARACTERS = 4
_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "azertyuiop",
                  "abcdefghijklmnopqrstuvwxyz")
TOO_COMMON = _l("This password is too common; attackers try it first. Choose a less predictable one.")
SEQUENCE = _l("This password is a keyboard or number sequence. Choose a less predictable one.")
PERSONAL = _l("This password is just your name or email. Choose a less predictable one.")


@functools.cache
def common_passwords() -> tuple[str, ...]:
    """The shipped list, longest first so that removing them from a password takes the biggest bites."""
    text = resources.files("matchmaker.auth").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    entries = {_fold(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return tuple(sorted(entries, key=len, reverse=True))


@functools.cache
def _keyboard_runs() -> tuple[str, ...]:
    runs = set()
    for row in _KEYBOARD_ROWS:
        for text in (row, row[::-1]):
            runs.update(text[start:start + size] for size in range(MIN_OWN_CHARACTERS, len(text) + 1)
                        for start in range(len(text) - size + 1))
    return tuple(sorted(runs, key=len, reverse=True))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _without(text: str, parts) -> str:
    for part in parts:
        if len(part) >= MIN_OWN_CHARACTERS:
            text = text.replace(part, "")
    return text


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why this password is refused, in words for the user, or None when it is acceptable.

    What is left once common passwords, keyboard runs, digits, symbols and the user's own name and email
    are taken out must still be at least four characters: "Password2026!" leaves nothing.
    """
    if len(password) < MIN_LENGTH:
        return _("Use at least %(count)d characters.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Use at most %(count)d characters.", count=MAX_LENGTH)
    folded = _fold(password)
    if folded in common_passwords() or len(set(folded)) <= 2:
        return str(TOO_COMMON)
    if any(folded in row * 3 or folded in (row * 3)[::-1] for row in _KEYBOARD_ROWS):
        return str(SEQUENCE)
    letters = lambda text: re.sub(r"[\W\d_]+", "", text)  # noqa: E731
    rest = letters(_without(folded, common_passwords()))
    if len(rest) < MIN_OWN_CHARACTERS:
        return str(TOO_COMMON)
    rest = _without(rest, _keyboard_runs())
    if len(rest) < MIN_OWN_CHARACTERS:
        return str(SEQUENCE)
    personal = sorted(re.split(r"[\W_]+", _fold(f"{email.split('@')[0]} {name}")), key=len, reverse=True)
    if len(_without(rest, personal)) < MIN_OWN_CHARACTERS:
        return str(PERSONAL)
    return None
