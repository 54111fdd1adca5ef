import json

import pytest

from matchmaker.matching.documents import Document
from matchmaker.matching.jsonl import InputError, read_documents, read_qrels

GOOD = {"id": "C1", "title": "Leaking seals", "description": "Pouches leak.", "keywords": ["seal"], "language": "en"}


def write(tmp_path, *lines):
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reads_documents_ignoring_unknown_fields_and_optional_language(tmp_path):
    extra = {"id": "C2", "title": "Fugas", "description": "Bolsas con fugas.", "organisation": "X", "trl": 7}
    path = write(tmp_path, json.dumps(GOOD), "", json.dumps(extra, ensure_ascii=False))
    assert read_documents(path) == [
        Document("C1", "Leaking seals", "Pouches leak.", ("seal",), "en"),
        Document("C2", "Fugas", "Bolsas con fugas.", (), None),
    ]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "invalid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"id": "C9", "title": "t"}', "missing field 'description'"),
        ('{"id": 9, "title": "t", "description": "d"}', "field 'id' must be a string"),
        ('{"id": "C9", "title": "t", "description": "d", "keywords": "seal"}', "'keywords' must be a list"),
        ('{"id": "C9", "title": "t", "description": "d", "language": "it"}', "'language' must be one of"),
        ('{"id": "C1", "title": "t", "description": "d"}', "duplicate id 'C1'"),
    ],
)
def test_malformed_line_error_names_file_and_line(tmp_path, bad_line, message):
    path = write(tmp_path, json.dumps(GOOD), bad_line)
    with pytest.raises(InputError) as error:
        read_documents(path)
    assert str(error.value).startswith(f"{path}:2: ")
    assert message in str(error.value)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        read_documents(tmp_path / "absent.jsonl")


def test_reads_qrels_with_header(tmp_path):
    path = tmp_path / "qrels.tsv"
    path.write_text("challenge_id\tcapability_id\tgrade\nC1\tP1\t3\nC1\tP2\t1\n", encoding="utf-8")
    assert read_qrels(path) == {"C1": {"P1": 3, "P2": 1}}


def test_bad_qrels_line_is_named(tmp_path):
    path = tmp_path / "qrels.tsv"
    path.write_text("challenge_id\tcapability_id\tgrade\nC1\tP1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"qrels.tsv:2: "):
        read_qrels(path)
