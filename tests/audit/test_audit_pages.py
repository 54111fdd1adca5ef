"""Organisers browse the audit log; nobody else does, and nothing edits or deletes an entry."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from matchmaker.audit.models import AuditEntry, AuditLogIsAppendOnly
from matchmaker.audit.services import record
from matchmaker.extensions import db

PACKAGE = Path(__file__).resolve().parents[2] / "matchmaker"


def _entry(action: str, minutes: int, organisation_id=None, summary="") -> AuditEntry:
    entry = AuditEntry(actor_label="command line", action=action, summary=summary, organisation_id=organisation_id,
                       created_at=dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=minutes))
    db.session.add(entry)
    db.session.commit()
    return entry


def test_organisers_browse_the_log_newest_first(client, login_as, make_user):
    _entry("auth.login", 1, summary="first-entry")
    _entry("workshop.status", 2, summary="second-entry")
    login_as(make_user("organiser"))
    page = client.get("/audit/").get_data(as_text=True)
    assert page.index("second-entry") < page.index("first-entry")
    assert "2026-01-01 12:02:00" in page


@pytest.mark.parametrize("role", ["packaging", "photonics"])
def test_firms_may_not_read_the_log(client, login_as, make_user, role):
    login_as(make_user(role))
    assert client.get("/audit/").status_code == 403


def test_visitors_are_sent_to_log_in(client):
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_the_log_filters_by_action_family_and_organisation(client, login_as, make_user, make_organisation):
    firm, other = make_organisation(), make_organisation()
    _entry("challenge.create", 1, firm.id, "firm-challenge")
    _entry("challenge.delete", 2, other.id, "other-challenge")
    _entry("auth.login", 3, firm.id, "firm-login")
    _entry("challengezzz.odd", 4, firm.id, "not-a-challenge-action")
    login_as(make_user("organiser"))

    def shown(query: str) -> list[str]:
        page = client.get("/audit/" + query).get_data(as_text=True)
        return re.findall(r"([a-z-]+-(?:challenge|login|action))</td>", page)

    assert shown("") == ["not-a-challenge-action", "firm-login", "other-challenge", "firm-challenge"]
    assert shown("?action=challenge") == ["other-challenge", "firm-challenge"]
    assert shown(f"?organisation={firm.id}") == ["not-a-challenge-action", "firm-login", "firm-challenge"]
    assert shown(f"?action=challenge&organisation={firm.id}") == ["firm-challenge"]
    assert shown("?action=%25") == ["not-a-challenge-action", "firm-login", "other-challenge", "firm-challenge"]


def test_the_log_is_paginated_and_says_when_empty(client, app, login_as, make_user):
    login_as(make_user("organiser"))
    assert "No entries yet." in client.get("/audit/").get_data(as_text=True)
    for minute in range(app.config["PER_PAGE"] + 1):
        _entry("auth.login", minute, summary=f"entry-{minute:02d}")
    first = client.get("/audit/").get_data(as_text=True)
    second = client.get("/audit/?page=2").get_data(as_text=True)
    assert "entry-20" in first and "entry-00" not in first
    assert "entry-00" in second and "Page 2 of 2" in second


def test_no_route_but_the_list_reaches_the_log_and_none_takes_an_entry_id(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("audit.")]
    assert [(rule.rule, rule.arguments, sorted(rule.methods)) for rule in rules] == [
        ("/audit/", set(), ["GET", "HEAD", "OPTIONS"])]
    assert [rule.rule for rule in app.url_map.iter_rules()
            if any("audit" in name or "entry" in name for name in rule.arguments)] == []


def test_the_orm_refuses_to_change_or_delete_an_entry(app):
    entry = _entry("auth.login", 1, summary="as written")
    entry.summary = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalars(select(AuditEntry.summary)).all() == ["as written"]


def test_the_only_statements_that_change_entries_are_the_erasure_of_a_deleted_account():
    changing = re.compile(r"\b(update|delete)\(\s*AuditEntry\b|audit_entries.*\b(UPDATE|DELETE)\b|"
                          r"\b(UPDATE|DELETE)\b.*audit_entries", re.IGNORECASE)
    found = sorted((str(path.relative_to(PACKAGE)), line.strip()) for path in PACKAGE.rglob("*.py")
                   if "migrations" not in path.parts
                   for line in path.read_text(encoding="utf-8").splitlines() if changing.search(line))
    assert found == [
        ("audit/services.py", 'db.session.execute(update(AuditEntry).where(AuditEntry.actor_id == user_id)'),
        ("audit/services.py", 'db.session.execute(update(AuditEntry).where(AuditEntry.target_type == "user", '
                              'AuditEntry.target_id == user_id)'),
    ]


def test_a_summary_is_cut_to_300_characters(app):
    entry = record("auth.login", summary="x" * 400)
    db.session.commit()
    assert len(entry.summary) == 300
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1
