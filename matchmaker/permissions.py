"""The one permission policy: who may see, change or create which challenge and capability.

Every view, list, JSON endpoint and export asks this module. Single objects go through
``can_view``/``can_edit``; lists through the ``visible_*`` SQL clauses, which say the same thing.
Things a user may not see answer 404 (their existence is not confirmed); things a user may see but
not change answer 403.
"""
from __future__ import annotations

from typing import TypeVar

from flask import abort
from sqlalchemy import ColumnElement, and_, false, or_, true

from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.enums import Role, Status, Visibility
from matchmaker.extensions import db

Item = TypeVar("Item", Challenge, Capability)


def _logged_in(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def is_organiser(user) -> bool:
    return _logged_in(user) and user.role == Role.ORGANISER


def is_owner(user, item: Challenge | Capability) -> bool:
    """Members of the organisation that posted an item own it together."""
    return _logged_in(user) and user.organisation_id is not None and user.organisation_id == item.organisation_id


def can_view(user, item: Challenge | Capability) -> bool:
    if is_organiser(user) or is_owner(user, item):
        return True
    if item.status == Status.DRAFT:
        return False
    if isinstance(item, Capability):
        return True
    if item.visibility == Visibility.PUBLIC:
        return True
    if item.visibility == Visibility.MEMBERS:
        return _logged_in(user)
    return False


def can_edit(user, item: Challenge | Capability) -> bool:
    return is_organiser(user) or is_owner(user, item)


def can_create(user, model: type[Challenge] | type[Capability]) -> bool:
    """Packaging firms post challenges, photonics members post capabilities, each for their organisation."""
    if not _logged_in(user) or user.organisation_id is None:
        return False
    wanted = Role.PACKAGING if model is Challenge else Role.PHOTONICS
    return user.role == wanted


def shows_organisation(user, item: Challenge | Capability) -> bool:
    """Anonymous challenges hide who posted them from everyone but the owner and the organisers."""
    if isinstance(item, Capability) or not item.anonymous:
        return True
    return is_organiser(user) or is_owner(user, item)


def visible_clause(user, model: type[Challenge] | type[Capability]) -> ColumnElement[bool]:
    """The SQL twin of ``can_view`` for lists and searches."""
    if is_organiser(user):
        return true()
    own = model.organisation_id == user.organisation_id if _logged_in(user) and user.organisation_id else false()
    published = model.status != Status.DRAFT
    if model is Capability:
        return or_(own, published)
    levels = [Visibility.PUBLIC, Visibility.MEMBERS] if _logged_in(user) else [Visibility.PUBLIC]
    return or_(own, and_(published, Challenge.visibility.in_(levels)))


def organisation_shown_clause(user, model: type[Challenge] | type[Capability]) -> ColumnElement[bool]:
    """The SQL twin of ``shows_organisation``: filters on the organisation must not unmask anonymous posts."""
    if model is Capability or is_organiser(user):
        return true()
    own = Challenge.organisation_id == user.organisation_id if _logged_in(user) and user.organisation_id else false()
    return or_(own, Challenge.anonymous.is_(False))


def get_or_404(model: type[Item], item_id: int, user, *, for_edit: bool = False) -> Item:
    """Load an item the user may see (else 404) and, with ``for_edit``, may change (else 403)."""
    item = db.session.get(model, item_id)
    if item is None or not can_view(user, item):
        abort(404)
    if for_edit and not can_edit(user, item):
        abort(403)
    return item


def require_create(user, model: type[Challenge] | type[Capability]) -> None:
    """403 for a logged-in user of the wrong role; anonymous visitors are sent to log in by the view."""
    if not can_create(user, model):
        abort(403)
