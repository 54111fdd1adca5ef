"""Posting, changing, closing and deleting capabilities. Services flush; the request commits once."""
from __future__ import annotations

from matchmaker.capabilities.models import Capability
from matchmaker.enums import Status
from matchmaker.extensions import db
from matchmaker.submissions import store_text_fields


def _apply(capability: Capability, data: dict) -> None:
    store_text_fields(capability, data, ("title", "description", "keywords", "applications"))
    capability.technologies = data["technologies"]
    capability.trl = int(data["trl"])
    capability.status = Status(data["status"])


def create_capability(author, data: dict) -> Capability:
    capability = Capability(organisation_id=author.organisation_id, author_id=author.id)
    _apply(capability, data)
    db.session.add(capability)
    db.session.flush()
    return capability


def update_capability(capability: Capability, data: dict) -> Capability:
    _apply(capability, data)
    db.session.flush()
    return capability


def close_capability(capability: Capability) -> None:
    capability.status = Status.CLOSED
    db.session.flush()


def delete_capability(capability: Capability) -> None:
    db.session.delete(capability)
    db.session.flush()
