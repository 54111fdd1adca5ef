"""Read-only JSON API, version 1, under the same permission policy as the pages."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request
from flask_login import current_user

from matchmaker import permissions
from matchmaker.api.serializers import capability_json, challenge_json
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
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
