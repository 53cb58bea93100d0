"""The public statistics page: the transparency promised to citizens."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, render_template, request

from ..timeutil import utcnow
from . import cache, figures

bp = Blueprint("stats", __name__, url_prefix="/stats")

PERIODS = {"year": 365, "quarter": 91, "all": None}


@bp.get("/")
def index():
    """Per institution: received, resolved, share resolved on time, average rating."""
    period = request.args.get("period", "year")
    if period not in PERIODS:
        period = "year"
    days = PERIODS[period]

    def compute():
        now = utcnow()
        return figures.per_institution(now, since=now - timedelta(days=days) if days else None)

    # Every row of the period is read: kept briefly, as the dashboard's figures are.
    rows = cache.remembered(("stats", period), compute)
    return render_template("stats/index.html", rows=rows, total=figures.totals(rows),
                           period=period, periods=PERIODS)
