"""Fill the es/fr/de catalogues' empty translations from the helpers' .po fragments, then say what is still missing.

Usage (after `make translations` has extracted the strings and updated the catalogues)::

    .venv/bin/python tools/merge_translations.py /tmp/i18n/*/
    .venv/bin/pybabel compile -d matchmaker/translations

Each fragment directory holds es.po, fr.po and de.po. A translation already in a catalogue is kept; a fragment's
entry for a msgid the code no longer uses is ignored. Fuzzy fragment entries are not taken. Exits 1 when any msgid
of the template is still untranslated (or its translation drops a %(name)s placeholder) in some language.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "matchmaker" / "translations"
LANGUAGES = ("es", "fr", "de")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _strings(value) -> tuple[str, ...]:
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return (value,) if value else ()


def translated(message: Message) -> bool:
    """Every form is filled in, and the entry is not marked fuzzy."""
    strings = _strings(message.string)
    return bool(strings) and all(strings) and not message.fuzzy


def placeholders(text) -> set[str]:
    return set(PLACEHOLDER.findall(" ".join(_strings(text))))


def placeholders_match(message: Message) -> bool:
    """A translation uses the msgid's named placeholders: exactly, or, for plurals, all of them across its forms
    (a singular form may say "one" instead of "%(num)s") and no others."""
    wanted = placeholders(message.id)
    forms = [placeholders(form) for form in _strings(message.string)]
    if not message.pluralizable:
        return forms == [wanted]
    return set().union(*forms) == wanted


def read_fragments(directories: list[Path], language: str) -> dict[str, Message]:
    """msgid -> translated fragment entry, first directory wins."""
    found: dict[str, Message] = {}
    for directory in directories:
        path = directory / f"{language}.po"
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if message.id and translated(message):
                key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
                found.setdefault(key, message)
    return found


def merge(catalog: Catalog, fragments: dict[str, Message]) -> int:
    """Copy fragment translations into empty entries of ``catalog``; how many were filled."""
    filled = 0
    for message in catalog:
        if not message.id or translated(message):
            continue
        key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        source = fragments.get(key)
        if source is None or isinstance(source.string, (tuple, list)) != message.pluralizable:
            continue
        if message.pluralizable:
            forms = list(source.string) + [source.string[-1]] * (catalog.num_plurals - len(source.string))
            message.string = tuple(forms[:catalog.num_plurals])
        else:
            message.string = source.string
        message.flags.discard("fuzzy")
        filled += 1
    return filled


def missing(catalog: Catalog) -> list[str]:
    """msgids without a usable translation: empty, fuzzy, or with other placeholders than the English."""
    return [str(message.id) for message in catalog
            if message.id and not (translated(message) and placeholders_match(message))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fragments", nargs="+", type=Path, help="directories holding es.po, fr.po and de.po")
    parser.add_argument("--translations", type=Path, default=TRANSLATIONS, help="the catalogues' directory")
    args = parser.parse_args(argv)
    status = 0
    for language in LANGUAGES:
        path = args.translations / language / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        filled = merge(catalog, read_fragments(args.fragments, language))
        with path.open("wb") as handle:
            write_po(handle, catalog, width=120)
        still = missing(catalog)
        print(f"{language}: filled {filled}, still missing {len(still)}")
        for msgid in still:
            print(f"  {msgid!r}")
        status = status or (1 if still else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
