"""Pages for packaging firms' challenges: list, detail, post, edit, close, delete."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker import permissions
from matchmaker.challenges.forms import ChallengeForm
from matchmaker.challenges.models import Challenge
from matchmaker.challenges.services import close_challenge, create_challenge, delete_challenge, update_challenge
from matchmaker.extensions import db
from matchmaker.i18n import reader_language
from matchmaker.matches.forms import RankingFilterForm
from matchmaker.matches.services import DEFAULT_TOP, rank_capabilities_for
from matchmaker.search import ListFilterForm, paginate, search_query

bp = Blueprint("challenges", __name__, url_prefix="/challenges")


@bp.get("/")
def list_challenges():
    filters = ListFilterForm(request.args)
    page = paginate(search_query(Challenge, current_user, filters.clean_data()), request.args,
                    current_app.config["PER_PAGE"])
    return render_template("challenges/list.html", page=page, filters=filters)


@bp.get("/mine")
@login_required
def my_challenges():
    permissions.require_create(current_user, Challenge)
    items = db.session.scalars(
        db.select(Challenge).where(Challenge.organisation_id == current_user.organisation_id)
        .order_by(Challenge.updated_at.desc(), Challenge.id.desc())
    ).all()
    return render_template("challenges/mine.html", items=items)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_challenge():
    permissions.require_create(current_user, Challenge)
    form = ChallengeForm()
    if form.validate_on_submit():
        challenge = create_challenge(current_user, form.data)
        db.session.commit()
        flash(_("Your challenge is saved."), "success")
        return redirect(url_for(".show_challenge", challenge_id=challenge.id))
    return render_template("challenges/form.html", form=form, challenge=None)


@bp.get("/<int:challenge_id>")
def show_challenge(challenge_id: int):
    challenge = permissions.get_or_404(Challenge, challenge_id, current_user)
    filters = RankingFilterForm(request.args)
    criteria = filters.clean_data()
    ranking = rank_capabilities_for(challenge, current_user, top=criteria.pop("top", DEFAULT_TOP), filters=criteria,
                    lang=reader_language())
    return render_template("challenges/detail.html", challenge=challenge, ranking=ranking, filters=filters)


@bp.route("/<int:challenge_id>/edit", methods=["GET", "POST"])
@login_required
def edit_challenge(challenge_id: int):
    challenge = permissions.get_or_404(Challenge, challenge_id, current_user, for_edit=True)
    form = ChallengeForm(obj=challenge)
    if form.validate_on_submit():
        update_challenge(challenge, form.data)
        db.session.commit()
        flash(_("Your changes are saved."), "success")
        return redirect(url_for(".show_challenge", challenge_id=challenge.id))
    return render_template("challenges/form.html", form=form, challenge=challenge)


@bp.post("/<int:challenge_id>/close")
@login_required
def close(challenge_id: int):
    challenge = permissions.get_or_404(Challenge, challenge_id, current_user, for_edit=True)
    close_challenge(challenge)
    db.session.commit()
    flash(_("The challenge is closed: it stays visible but takes no new proposals."), "info")
    return redirect(url_for(".show_challenge", challenge_id=challenge.id))


@bp.route("/<int:challenge_id>/delete", methods=["GET", "POST"])
@login_required
def delete(challenge_id: int):
    challenge = permissions.get_or_404(Challenge, challenge_id, current_user, for_edit=True)
    if request.method == "GET":
        return render_template("confirm_delete.html", item=challenge, kind="challenge",
                               cancel_url=url_for(".show_challenge", challenge_id=challenge.id))
    delete_challenge(challenge)
    db.session.commit()
    flash(_("The challenge “%(title)s” was deleted.", title=challenge.title), "info")
    return redirect(url_for(".my_challenges") if permissions.can_create(current_user, Challenge)
                    else url_for(".list_challenges"))
