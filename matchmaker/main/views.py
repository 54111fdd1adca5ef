"""Home page, each user's dashboard, and the health check."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select, text

from matchmaker import permissions
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.enums import Role, Status
from matchmaker.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    counts = {
        model.__tablename__: db.session.scalar(
            select(func.count()).select_from(model)
            .where(permissions.visible_clause(current_user, model), model.status == Status.OPEN))
        for model in (Challenge, Capability)
    }
    return render_template("index.html", counts=counts)


@bp.get("/dashboard")
@login_required
def dashboard():
    if current_user.role == Role.PACKAGING:
        return redirect(url_for("challenges.my_challenges"))
    if current_user.role == Role.PHOTONICS:
        return redirect(url_for("capabilities.my_capabilities"))
    return redirect(url_for("matches.strongest"))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure makes the service unhealthy, whatever its kind
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
