"""The page steps challenges and capabilities share; each feature's ``views.py`` keeps its routes and calls one step.

A step is a whole view for the kind it is given: load (404), check (403), validate, call the feature's service,
commit once, flash, redirect.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from matchmaker import permissions
from matchmaker.extensions import db
from matchmaker.i18n import reader_language
from matchmaker.matches.forms import RankingFilterForm
from matchmaker.matches.services import DEFAULT_TOP
from matchmaker.search import ListFilterForm, paginate, search_query
from matchmaker.submissions import SubmissionMixin, close_submission, delete_submission


@dataclass(frozen=True)
class Kind:
    """Challenges or capabilities: the model, its form, and the messages its pages flash (marked in its views).

    ``name`` ("challenge") is the item's variable in templates, its id in URLs ("challenge_id") and the show
    endpoint ("show_challenge"); ``plural`` ("challenges") is the template folder and the list endpoints.
    """

    model: type[SubmissionMixin]
    form: type[FlaskForm]
    name: str
    plural: str
    saved: LazyString
    closed: LazyString
    deleted: LazyString  # takes %(title)s

    def template(self, page: str) -> str:
        return f"{self.plural}/{page}.html"

    def show_url(self, item: SubmissionMixin) -> str:
        return url_for(f".show_{self.name}", **{f"{self.name}_id": item.id})


def list_page(kind: Kind):
    filters = ListFilterForm(request.args)
    page = paginate(search_query(kind.model, current_user, filters.clean_data()), request.args,
                    current_app.config["PER_PAGE"])
    return render_template(kind.template("list"), page=page, filters=filters)


def mine_page(kind: Kind):
    """The firm's own items, recently changed first; 403 for those who may not post this kind."""
    permissions.require_create(current_user, kind.model)
    items = db.session.scalars(
        db.select(kind.model).where(kind.model.organisation_id == current_user.organisation_id)
        .order_by(kind.model.updated_at.desc(), kind.model.id.desc())
    ).all()
    return render_template(kind.template("mine"), items=items)


def new_page(kind: Kind, create: Callable):
    permissions.require_create(current_user, kind.model)
    form = kind.form()
    if form.validate_on_submit():
        item = create(current_user, form.data)
        db.session.commit()
        flash(str(kind.saved), "success")
        return redirect(kind.show_url(item))
    return render_template(kind.template("form"), form=form, **{kind.name: None})


def show_page(kind: Kind, item_id: int, rank: Callable):
    """The item and ``rank``'s best matches for it among what the reader may see."""
    item = permissions.get_or_404(kind.model, item_id, current_user)
    filters = RankingFilterForm(request.args)
    criteria = filters.clean_data()
    ranking = rank(item, current_user, top=criteria.pop("top", DEFAULT_TOP), filters=criteria,
                   lang=reader_language())
    return render_template(kind.template("detail"), **{kind.name: item}, ranking=ranking, filters=filters)


def edit_page(kind: Kind, item_id: int, update: Callable):
    item = permissions.get_or_404(kind.model, item_id, current_user, for_edit=True)
    form = kind.form(obj=item)
    if form.validate_on_submit():
        update(item, form.data)
        db.session.commit()
        flash(_("Your changes are saved."), "success")
        return redirect(kind.show_url(item))
    return render_template(kind.template("form"), form=form, **{kind.name: item})


def close(kind: Kind, item_id: int):
    item = permissions.get_or_404(kind.model, item_id, current_user, for_edit=True)
    close_submission(item)
    db.session.commit()
    flash(str(kind.closed), "info")
    return redirect(kind.show_url(item))


def delete(kind: Kind, item_id: int):
    """GET asks to confirm; POST deletes and returns to the firm's own list, or the public one."""
    item = permissions.get_or_404(kind.model, item_id, current_user, for_edit=True)
    if request.method == "GET":
        return render_template("confirm_delete.html", item=item, kind=kind.name, cancel_url=kind.show_url(item))
    delete_submission(item)
    db.session.commit()
    flash(kind.deleted % {"title": item.title}, "info")
    return redirect(url_for(f".my_{kind.plural}") if permissions.can_create(current_user, kind.model)
                    else url_for(f".list_{kind.plural}"))
