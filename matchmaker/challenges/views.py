"""Pages for packaging firms' challenges: list, detail, post, edit, close, delete."""
from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from matchmaker import submission_views as pages
from matchmaker.challenges.forms import ChallengeForm
from matchmaker.challenges.models import Challenge
from matchmaker.challenges.services import create_challenge, update_challenge
from matchmaker.matches.services import rank_capabilities_for

bp = Blueprint("challenges", __name__, url_prefix="/challenges")
CHALLENGES = pages.Kind(
    Challenge, ChallengeForm, name="challenge", plural="challenges",
    saved=_l("Your challenge is saved."),
    closed=_l("The challenge is closed: it stays visible but takes no new proposals."),
    deleted=_l("The challenge “%(title)s” was deleted."),
)


@bp.get("/")
def list_challenges():
    return pages.list_page(CHALLENGES)


@bp.get("/mine")
@login_required
def my_challenges():
    return pages.mine_page(CHALLENGES)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_challenge():
    return pages.new_page(CHALLENGES, create_challenge)


@bp.get("/<int:challenge_id>")
def show_challenge(challenge_id: int):
    return pages.show_page(CHALLENGES, challenge_id, rank_capabilities_for)


@bp.route("/<int:challenge_id>/edit", methods=["GET", "POST"])
@login_required
def edit_challenge(challenge_id: int):
    return pages.edit_page(CHALLENGES, challenge_id, update_challenge)


@bp.post("/<int:challenge_id>/close")
@login_required
def close(challenge_id: int):
    return pages.close(CHALLENGES, challenge_id)


@bp.route("/<int:challenge_id>/delete", methods=["GET", "POST"])
@login_required
def delete(challenge_id: int):
    return pages.delete(CHALLENGES, challenge_id)
