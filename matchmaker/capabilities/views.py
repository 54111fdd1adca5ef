"""Pages for photonics members' capabilities: list, detail, post, edit, close, delete."""
from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from matchmaker import submission_views as pages
from matchmaker.capabilities.forms import CapabilityForm
from matchmaker.capabilities.models import Capability
from matchmaker.capabilities.services import create_capability, update_capability
from matchmaker.matches.services import rank_challenges_for

bp = Blueprint("capabilities", __name__, url_prefix="/capabilities")
CAPABILITIES = pages.Kind(
    Capability, CapabilityForm, name="capability", plural="capabilities",
    saved=_l("Your capability is saved."),
    closed=_l("The capability is closed: it stays visible but takes no new proposals."),
    deleted=_l("The capability “%(title)s” was deleted."),
)


@bp.get("/")
def list_capabilities():
    return pages.list_page(CAPABILITIES)


@bp.get("/mine")
@login_required
def my_capabilities():
    return pages.mine_page(CAPABILITIES)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_capability():
    return pages.new_page(CAPABILITIES, create_capability)


@bp.get("/<int:capability_id>")
def show_capability(capability_id: int):
    return pages.show_page(CAPABILITIES, capability_id, rank_challenges_for)


@bp.route("/<int:capability_id>/edit", methods=["GET", "POST"])
@login_required
def edit_capability(capability_id: int):
    return pages.edit_page(CAPABILITIES, capability_id, update_capability)


@bp.post("/<int:capability_id>/close")
@login_required
def close(capability_id: int):
    return pages.close(CAPABILITIES, capability_id)


@bp.route("/<int:capability_id>/delete", methods=["GET", "POST"])
@login_required
def delete(capability_id: int):
    return pages.delete(CAPABILITIES, capability_id)
