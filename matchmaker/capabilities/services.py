"""Posting and changing capabilities (``submissions`` closes and deletes). Services flush; the request commits once."""
from __future__ import annotations

from matchmaker.capabilities.models import Capability
from matchmaker.enums import Status
from matchmaker.submissions import save_submission, store_text_fields


def _fill(capability: Capability, data: dict) -> None:
    store_text_fields(capability, data, ("title", "description", "keywords", "applications"))
    capability.technologies = data["technologies"]
    capability.trl = int(data["trl"])
    capability.status = Status(data["status"])


def create_capability(author, data: dict) -> Capability:
    return save_submission(Capability(organisation_id=author.organisation_id, author_id=author.id), data, _fill)


def update_capability(capability: Capability, data: dict) -> Capability:
    return save_submission(capability, data, _fill)
