"""What the JSON API shows of a challenge or capability: allow-listed fields, through the policy."""
from __future__ import annotations

from matchmaker import permissions
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge


def organisation_json(user, item: Challenge | Capability) -> dict | None:
    if not permissions.shows_organisation(user, item):
        return None
    organisation = item.organisation
    return {"id": organisation.id, "name": organisation.name, "country": organisation.country,
            "cluster": organisation.cluster, "website": organisation.website}


def challenge_json(user, challenge: Challenge) -> dict:
    return {
        "id": challenge.id,
        "title": challenge.title,
        "description": challenge.description,
        "keywords": challenge.keyword_list,
        "category": challenge.category.value,
        "packaging_format": challenge.packaging_format,
        "material": challenge.material,
        "trl_target": challenge.trl_target,
        "visibility": challenge.visibility.value,
        "anonymous": challenge.anonymous,
        "status": challenge.status.value,
        "language": challenge.language,
        "organisation": organisation_json(user, challenge),
        "created_at": challenge.created_at.isoformat(),
        "updated_at": challenge.updated_at.isoformat(),
    }


def capability_json(user, capability: Capability) -> dict:
    return {
        "id": capability.id,
        "title": capability.title,
        "description": capability.description,
        "keywords": capability.keyword_list,
        "technologies": [technology.value for technology in capability.technologies],
        "applications": capability.applications,
        "trl": capability.trl,
        "status": capability.status.value,
        "language": capability.language,
        "organisation": organisation_json(user, capability),
        "created_at": capability.created_at.isoformat(),
        "updated_at": capability.updated_at.isoformat(),
    }
