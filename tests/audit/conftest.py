"""Reading the audit log back in tests."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from matchmaker.audit.models import AuditEntry
from matchmaker.extensions import db


@pytest.fixture()
def audit_entries(app):
    """The entries written so far (optionally one action), oldest first, as the database holds them now."""
    def read(action: str | None = None) -> list[AuditEntry]:
        db.session.expire_all()
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        return list(db.session.scalars(query))
    return read
