"""Loads the demo workshop written for Matchmaker (fictional firms) into the database."""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from matchmaker.auth.models import Organisation, User
from matchmaker.auth.services import find_organisation, find_user
from matchmaker.capabilities.models import Capability
from matchmaker.capabilities.services import create_capability
from matchmaker.challenges.models import Challenge
from matchmaker.challenges.services import create_challenge
from matchmaker.enums import OrganisationKind, Role
from matchmaker.extensions import db

DATA_FILE = Path(__file__).with_name("demo_data.json")
DEMO_PASSWORD = "matchmaker-demo-2026"
DEMO_LOGINS = ("organiser@matchmaker.example", "packaging@matchmaker.example", "photonics@matchmaker.example")


def read_demo_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(Challenge)) and not db.session.scalar(
        select(func.count()).select_from(User))


def demo_logins() -> list[tuple[str, str]]:
    return [(user.email, user.role.value) for email in DEMO_LOGINS if (user := find_user(email))]


def load_demo() -> dict[str, int]:
    """Add the demo organisations, users, challenges and capabilities that are not there yet."""
    data = read_demo_data()
    organisations = {}
    for record in data["organisations"]:
        organisation = find_organisation(record["name"]) or Organisation(
            name=record["name"], kind=OrganisationKind(record["kind"]), country=record["country"],
            cluster=record.get("cluster", ""), website=record.get("website", ""),
            description=record.get("description", ""))
        db.session.add(organisation)
        organisations[record["name"]] = organisation
    db.session.flush()
    authors = {}
    password_hash = generate_password_hash(DEMO_PASSWORD)  # hashed once: every demo login shares it
    for record in data["users"]:
        user = find_user(record["email"])
        if user is None:
            organisation = organisations.get(record.get("organisation") or "")
            user = User(email=record["email"], name=record["name"], role=Role(record["role"]),
                        organisation=organisation, locale=record.get("locale", "en"), password_hash=password_hash)
            db.session.add(user)
        if user.organisation is not None:
            authors.setdefault(user.organisation.name, user)
    db.session.flush()
    counts = {"organisations": len(organisations), "challenges": 0, "capabilities": 0}
    for kind, model, create in (("challenges", Challenge, create_challenge),
                                ("capabilities", Capability, create_capability)):
        for record in data[kind]:
            author = authors[record["organisation"]]
            if db.session.scalar(select(model.id).where(model.organisation_id == author.organisation_id,
                                                        model.title == record["title"])):
                continue
            form_data = dict(record, keywords=", ".join(record.get("keywords", [])))
            create(author, form_data)
            counts[kind] += 1
    from matchmaker.demo.workshops import load_demo_workshops

    counts["workshops"] = load_demo_workshops()
    return counts
