"""The organisers' workshop dashboard page."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from matchmaker import permissions
from matchmaker.workshops.dashboard import dashboard_charts, workshop_dashboard

bp = Blueprint("workshop_dashboard", __name__, url_prefix="/workshops")


@bp.get("/<int:workshop_id>/dashboard")
@login_required
def dashboard(workshop_id: int):
    """Charts of one workshop for its organisers: 404 for a draft others may not see, 403 for non-organisers."""
    workshop = permissions.get_workshop_or_404(workshop_id, current_user, manage=True)
    stats = workshop_dashboard(workshop)
    return render_template("workshops/dashboard.html", workshop=workshop, stats=stats,
                           charts=dashboard_charts(workshop, stats))
