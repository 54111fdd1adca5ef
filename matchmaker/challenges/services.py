"""Posting and changing challenges (``submissions`` closes and deletes). Services flush; the request commits once."""
from __future__ import annotations

from matchmaker.challenges.models import Challenge
from matchmaker.enums import Category, Status, Visibility
from matchmaker.submissions import save_submission, store_text_fields


def _fill(challenge: Challenge, data: dict) -> None:
    store_text_fields(challenge, data, ("title", "description", "keywords", "packaging_format", "material"))
    challenge.category = Category(data["category"])
    challenge.trl_target = int(data["trl_target"])
    challenge.visibility = Visibility(data["visibility"])
    challenge.anonymous = bool(data.get("anonymous"))
    challenge.status = Status(data["status"])


def create_challenge(author, data: dict) -> Challenge:
    return save_submission(Challenge(organisation_id=author.organisation_id, author_id=author.id), data, _fill)


def update_challenge(challenge: Challenge, data: dict) -> Challenge:
    return save_submission(challenge, data, _fill)
