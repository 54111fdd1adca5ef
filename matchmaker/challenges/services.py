"""Posting, changing, closing and deleting challenges. Services flush; the request commits once."""
from __future__ import annotations

from matchmaker.challenges.models import Challenge
from matchmaker.enums import Category, Status, Visibility
from matchmaker.extensions import db
from matchmaker.submissions import store_text_fields


def _apply(challenge: Challenge, data: dict) -> None:
    store_text_fields(challenge, data, ("title", "description", "keywords", "packaging_format", "material"))
    challenge.category = Category(data["category"])
    challenge.trl_target = int(data["trl_target"])
    challenge.visibility = Visibility(data["visibility"])
    challenge.anonymous = bool(data.get("anonymous"))
    challenge.status = Status(data["status"])


def create_challenge(author, data: dict) -> Challenge:
    challenge = Challenge(organisation_id=author.organisation_id, author_id=author.id)
    _apply(challenge, data)
    db.session.add(challenge)
    db.session.flush()
    return challenge


def update_challenge(challenge: Challenge, data: dict) -> Challenge:
    _apply(challenge, data)
    db.session.flush()
    return challenge


def close_challenge(challenge: Challenge) -> None:
    challenge.status = Status.CLOSED
    db.session.flush()


def delete_challenge(challenge: Challenge) -> None:
    db.session.delete(challenge)
    db.session.flush()
