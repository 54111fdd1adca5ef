"""Organisers' view of all pairings: the strongest pairs and the match matrix."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import format_decimal
from flask_login import current_user, login_required

from matchmaker.charts import heatmap
from matchmaker.i18n import reader_language
from matchmaker.matches.services import MAX_TOP, match_matrix, strongest_pairs

bp = Blueprint("matches", __name__, url_prefix="/matches")


@bp.get("/")
@login_required
def strongest():
    top = min(max(request.args.get("top", 20, type=int) or 20, 1), MAX_TOP)
    pairs = strongest_pairs(current_user, top=top, lang=reader_language())
    return render_template("matches/strongest.html", pairs=pairs, top=top)


@bp.get("/matrix")
@login_required
def matrix():
    matrix = match_matrix(current_user)
    heat = heatmap(matrix.scores, format_value=lambda score: format_decimal(score, "0.00"))
    return render_template("matches/matrix.html", matrix=matrix, heat=heat)
