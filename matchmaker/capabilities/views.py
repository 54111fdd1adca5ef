"""Pages for photonics members' capabilities: list, detail, post, edit, close, delete."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker import permissions
from matchmaker.capabilities.forms import CapabilityForm
from matchmaker.capabilities.models import Capability
from matchmaker.capabilities.services import close_capability, create_capability, delete_capability, update_capability
from matchmaker.extensions import db
from matchmaker.i18n import reader_language
from matchmaker.matches.forms import RankingFilterForm
from matchmaker.matches.services import DEFAULT_TOP, rank_challenges_for
from matchmaker.search import ListFilterForm, paginate, search_query

bp = Blueprint("capabilities", __name__, url_prefix="/capabilities")


@bp.get("/")
def list_capabilities():
    filters = ListFilterForm(request.args)
    page = paginate(search_query(Capability, current_user, filters.clean_data()), request.args,
                    current_app.config["PER_PAGE"])
    return render_template("capabilities/list.html", page=page, filters=filters)


@bp.get("/mine")
@login_required
def my_capabilities():
    permissions.require_create(current_user, Capability)
    items = db.session.scalars(
        db.select(Capability).where(Capability.organisation_id == current_user.organisation_id)
        .order_by(Capability.updated_at.desc(), Capability.id.desc())
    ).all()
    return render_template("capabilities/mine.html", items=items)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_capability():
    permissions.require_create(current_user, Capability)
    form = CapabilityForm()
    if form.validate_on_submit():
        capability = create_capability(current_user, form.data)
        db.session.commit()
        flash(_("Your capability is saved."), "success")
        return redirect(url_for(".show_capability", capability_id=capability.id))
    return render_template("capabilities/form.html", form=form, capability=None)


@bp.get("/<int:capability_id>")
def show_capability(capability_id: int):
    capability = permissions.get_or_404(Capability, capability_id, current_user)
    filters = RankingFilterForm(request.args)
    criteria = filters.clean_data()
    ranking = rank_challenges_for(capability, current_user, top=criteria.pop("top", DEFAULT_TOP), filters=criteria,
                    lang=reader_language())
    return render_template("capabilities/detail.html", capability=capability, ranking=ranking, filters=filters)


@bp.route("/<int:capability_id>/edit", methods=["GET", "POST"])
@login_required
def edit_capability(capability_id: int):
    capability = permissions.get_or_404(Capability, capability_id, current_user, for_edit=True)
    form = CapabilityForm(obj=capability)
    if form.validate_on_submit():
        update_capability(capability, form.data)
        db.session.commit()
        flash(_("Your changes are saved."), "success")
        return redirect(url_for(".show_capability", capability_id=capability.id))
    return render_template("capabilities/form.html", form=form, capability=capability)


@bp.post("/<int:capability_id>/close")
@login_required
def close(capability_id: int):
    capability = permissions.get_or_404(Capability, capability_id, current_user, for_edit=True)
    close_capability(capability)
    db.session.commit()
    flash(_("The capability is closed: it stays visible but takes no new proposals."), "info")
    return redirect(url_for(".show_capability", capability_id=capability.id))


@bp.route("/<int:capability_id>/delete", methods=["GET", "POST"])
@login_required
def delete(capability_id: int):
    capability = permissions.get_or_404(Capability, capability_id, current_user, for_edit=True)
    if request.method == "GET":
        return render_template("confirm_delete.html", item=capability, kind="capability",
                               cancel_url=url_for(".show_capability", capability_id=capability.id))
    delete_capability(capability)
    db.session.commit()
    flash(_("The capability “%(title)s” was deleted.", title=capability.title), "info")
    return redirect(url_for(".my_capabilities") if permissions.can_create(current_user, Capability)
                    else url_for(".list_capabilities"))
