"""Rankings as a given user may see them: the engine scores, the permission policy filters first."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

from matchmaker import permissions
from matchmaker.auth.models import Organisation
from matchmaker.capabilities.models import Capability, CapabilityTechnology
from matchmaker.challenges.models import Challenge
from matchmaker.enums import Category, Status, Technology
from matchmaker.extensions import db
from matchmaker.matches.index import index_cache

DEFAULT_TOP = 10
MAX_TOP = 50
MATRIX_MAX = 40
MATRIX_CHUNK = 512


@dataclass(frozen=True)
class RankedItem:
    """One partner in a ranking: the challenge or capability, its score in [0, 1] and why."""

    item: Challenge | Capability
    score: float
    why: tuple[str, ...]


@dataclass(frozen=True)
class MatchMatrix:
    """The strongest rows and columns first; the totals say how many the organiser may see in all."""

    challenges: list[Challenge]
    capabilities: list[Capability]
    scores: list[list[float]]
    total_challenges: int
    total_capabilities: int

    @property
    def truncated(self) -> bool:
        return len(self.challenges) < self.total_challenges or len(self.capabilities) < self.total_capabilities


def candidate_ids(model, user, filters: dict) -> set[str]:
    """Ids of the open items of `model` this user may see that pass the ranking filters."""
    query = (select(model.id).join(Organisation, model.organisation_id == Organisation.id)
             .where(permissions.visible_clause(user, model), model.status == Status.OPEN))
    if filters.get("country"):
        query = query.where(Organisation.country == filters["country"],
                            permissions.organisation_shown_clause(user, model))
    if model is Capability:
        if filters.get("cluster"):
            query = query.where(Organisation.cluster == filters["cluster"])
        if filters.get("technology"):
            query = query.where(Capability.technology_links.any(
                CapabilityTechnology.technology == Technology(filters["technology"])))
        if filters.get("trl_min"):
            query = query.where(Capability.trl >= filters["trl_min"])
    else:
        if filters.get("category"):
            query = query.where(Challenge.category == Category(filters["category"]))
        if filters.get("trl_min"):
            query = query.where(Challenge.trl_target >= filters["trl_min"])
    return {str(item_id) for item_id in db.session.scalars(query)}


def _load_in_order(model, matches, id_of) -> list[RankedItem]:
    ids = [int(id_of(match)) for match in matches]
    items = {item.id: item for item in db.session.scalars(select(model).where(model.id.in_(ids)))}
    return [RankedItem(items[int(id_of(match))], match.score, match.why) for match in matches
            if int(id_of(match)) in items]


def _ranked_by(rank, item_id: str, **options) -> list:
    """``rank(item_id)``, or nothing while the index (being refitted, see ``index``) does not know the item yet."""
    try:
        return rank(item_id, **options)
    except KeyError:
        return []


def rank_capabilities_for(challenge: Challenge, user, *, top: int = DEFAULT_TOP, filters: dict | None = None,
                          lang: str | None = None) -> list[RankedItem]:
    """The capabilities that may solve this challenge, best first, among those the user may see."""
    allowed = candidate_ids(Capability, user, filters or {})
    matches = _ranked_by(index_cache().current().top_capabilities, str(challenge.id), k=top, allowed=allowed,
                         lang=lang)
    return _load_in_order(Capability, matches, lambda match: match.capability_id)


def rank_challenges_for(capability: Capability, user, *, top: int = DEFAULT_TOP, filters: dict | None = None,
                        lang: str | None = None) -> list[RankedItem]:
    """The open challenges this capability may solve, best first, among those the user may see."""
    allowed = candidate_ids(Challenge, user, filters or {})
    matches = _ranked_by(index_cache().current().top_challenges, str(capability.id), k=top, allowed=allowed,
                         lang=lang)
    return _load_in_order(Challenge, matches, lambda match: match.challenge_id)


def strongest_pairs(user, *, top: int = 20, lang: str | None = None) -> list[tuple[RankedItem, RankedItem]]:
    """The strongest open pairs overall (organisers' view)."""
    permissions.require_organiser(user)
    index = index_cache().current()
    allowed_challenges = candidate_ids(Challenge, user, {})
    allowed_capabilities = candidate_ids(Capability, user, {})
    pairs = index.top_pairs(k=top, allowed_challenges=allowed_challenges,
                            allowed_capabilities=allowed_capabilities, lang=lang)
    challenges = _load_in_order(Challenge, pairs, lambda match: match.challenge_id)
    capabilities = _load_in_order(Capability, pairs, lambda match: match.capability_id)
    return list(zip(challenges, capabilities))


def _strongest_first(ids: list[str], best, size: int) -> list[str]:
    return [ids[i] for i in sorted(range(len(ids)), key=lambda i: (-best[i], int(ids[i])))[:size]]


def match_matrix(user, *, size: int = MATRIX_MAX) -> MatchMatrix:
    """The `size` open challenges and capabilities (organiser's view) with the best scores, strongest first."""
    permissions.require_organiser(user)
    challenge_ids = sorted(candidate_ids(Challenge, user, {}), key=int)
    capability_ids = sorted(candidate_ids(Capability, user, {}), key=int)
    totals = len(challenge_ids), len(capability_ids)
    if not challenge_ids or not capability_ids:
        return MatchMatrix([], [], [], *totals)
    index = index_cache().current()
    # A stale index (a refit is under way) does not know the newest items yet: they join after the refit.
    challenge_ids = [i for i in challenge_ids if i in index.challenges]
    capability_ids = [i for i in capability_ids if i in index.capabilities]
    if not challenge_ids or not capability_ids:
        return MatchMatrix([], [], [], *totals)
    row_best, column_best = np.zeros(len(challenge_ids)), np.zeros(len(capability_ids))
    for start in range(0, len(challenge_ids), MATRIX_CHUNK):  # bounded memory for thousands of items
        block = index.score_block(challenge_ids[start:start + MATRIX_CHUNK], capability_ids)
        row_best[start:start + len(block)] = block.max(axis=1)
        column_best = np.maximum(column_best, block.max(axis=0))
    challenge_ids = _strongest_first(challenge_ids, row_best, size)
    capability_ids = _strongest_first(capability_ids, column_best, size)
    scores = index.score_block(challenge_ids, capability_ids)
    challenges = {c.id: c for c in db.session.scalars(select(Challenge).where(
        Challenge.id.in_([int(i) for i in challenge_ids])))}
    capabilities = {c.id: c for c in db.session.scalars(select(Capability).where(
        Capability.id.in_([int(i) for i in capability_ids])))}
    return MatchMatrix([challenges[int(i)] for i in challenge_ids], [capabilities[int(i)] for i in capability_ids],
                       [[round(float(score), 4) for score in row] for row in scores], *totals)
