"""Read challenges and capabilities from the datasets' JSON-lines files, and their qrels."""

from __future__ import annotations

import json
from pathlib import Path

from matchmaker.matching.documents import LANGUAGES, Document


class InputError(ValueError):
    """Malformed input; the message names the file and the line."""


def read_documents(path: str | Path) -> list[Document]:
    """One Document per non-blank line; unknown fields are ignored, `language` is optional."""
    path = Path(path)
    documents: list[Document] = []
    seen: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        document = _parse_line(line, f"{path}:{number}")
        if document.id in seen:
            raise InputError(f"{path}:{number}: duplicate id {document.id!r}")
        seen.add(document.id)
        documents.append(document)
    return documents


def _parse_line(line: str, where: str) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{where}: invalid JSON: {error.msg} (column {error.colno})") from error
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    for field in ("id", "title", "description"):
        if field not in record:
            raise InputError(f"{where}: missing field {field!r}")
        if not isinstance(record[field], str):
            raise InputError(f"{where}: field {field!r} must be a string")
    if not record["id"].strip():
        raise InputError(f"{where}: field 'id' is empty")
    keywords = record.get("keywords") or []
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise InputError(f"{where}: field 'keywords' must be a list of strings")
    language = record.get("language")
    if language is not None and language not in LANGUAGES:
        raise InputError(f"{where}: field 'language' must be one of {', '.join(LANGUAGES)}")
    return Document(
        id=record["id"],
        title=record["title"],
        description=record["description"],
        keywords=tuple(keywords),
        language=language,
    )


def read_qrels(path: str | Path) -> dict[str, dict[str, int]]:
    """challenge id -> {capability id: grade} from a `challenge_id<TAB>capability_id<TAB>grade` file."""
    path = Path(path)
    qrels: dict[str, dict[str, int]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from error
    for number, line in enumerate(lines, start=1):
        fields = line.split("\t")
        if not line.strip() or (number == 1 and fields[0] == "challenge_id"):
            continue
        if len(fields) != 3 or not fields[2].strip().lstrip("-").isdigit():
            raise InputError(f"{path}:{number}: expected challenge_id<TAB>capability_id<TAB>grade")
        qrels.setdefault(fields[0], {})[fields[1]] = int(fields[2])
    return qrels
