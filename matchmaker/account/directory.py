"""The organisers' list of organisations, with what each holds counted."""
from __future__ import annotations

from sqlalchemy import func, select

from matchmaker.auth.models import Organisation, User
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.extensions import db


def _count(model, column):
    return select(func.count()).select_from(model).where(column == Organisation.id).scalar_subquery()


def organisation_rows() -> list:
    """(organisation, members, challenges, capabilities) for every organisation, by name."""
    return list(db.session.execute(select(
        Organisation, _count(User, User.organisation_id).label("members"),
        _count(Challenge, Challenge.organisation_id).label("challenges"),
        _count(Capability, Capability.organisation_id).label("capabilities"),
    ).order_by(Organisation.name)))
