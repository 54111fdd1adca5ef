"""Read-only JSON API, version 1, under the same permission policy as the pages."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request
from flask_login import current_user

from matchmaker import permissions
from matchmaker.api.serializers import capability_json, challenge_json, organisation_json
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.i18n import reader_language
from matchmaker.matches.services import DEFAULT_TOP, MAX_TOP, rank_capabilities_for, rank_challenges_for
from matchmaker.search import ListFilterForm, paginate, search_query

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _listing(model, serialize):
    filters = ListFilterForm(request.args)
    data = filters.clean_data()
    if filters.errors:
        abort(400)
    page = paginate(search_query(model, current_user, data), request.args, current_app.config["PER_PAGE"])
    return jsonify(items=[serialize(current_user, item) for item in page.items],
                   page=page.page, per_page=page.per_page, total=page.total, pages=page.pages)


@bp.get("/challenges")
def list_challenges():
    return _listing(Challenge, challenge_json)


@bp.get("/challenges/<int:challenge_id>")
def get_challenge(challenge_id: int):
    return jsonify(challenge_json(current_user, permissions.get_or_404(Challenge, challenge_id, current_user)))


@bp.get("/capabilities")
def list_capabilities():
    return _listing(Capability, capability_json)


@bp.get("/capabilities/<int:capability_id>")
def get_capability(capability_id: int):
    return jsonify(capability_json(current_user, permissions.get_or_404(Capability, capability_id, current_user)))


def _top_argument() -> int:
    raw = request.args.get("top", str(DEFAULT_TOP))
    if len(raw) > 3 or not raw.isdecimal() or not 1 <= int(raw) <= MAX_TOP:
        abort(400)
    return int(raw)


@bp.get("/challenges/<int:challenge_id>/matches")
def challenge_matches(challenge_id: int):
    challenge = permissions.get_or_404(Challenge, challenge_id, current_user)
    ranking = rank_capabilities_for(challenge, current_user, top=_top_argument(), lang=reader_language())
    return jsonify(challenge_id=challenge.id, matches=[
        {"capability_id": ranked.item.id, "title": ranked.item.title, "score": round(ranked.score, 4),
         "why": list(ranked.why), "organisation": organisation_json(current_user, ranked.item)}
        for ranked in ranking])


@bp.get("/capabilities/<int:capability_id>/matches")
def capability_matches(capability_id: int):
    capability = permissions.get_or_404(Capability, capability_id, current_user)
    ranking = rank_challenges_for(capability, current_user, top=_top_argument(), lang=reader_language())
    return jsonify(capability_id=capability.id, matches=[
        {"challenge_id": ranked.item.id, "title": ranked.item.title, "score": round(ranked.score, 4),
         "why": list(ranked.why), "organisation": organisation_json(current_user, ranked.item)}
        for ranked in ranking])
