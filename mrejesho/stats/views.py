"""The public statistics page: the transparency promised to citizens."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, render_template, request

from ..timeutil import utcnow
from . import cache, figures, urgent

bp = Blueprint("stats", __name__, url_prefix="/stats")

PERIODS = {"year": 365, "quarter": 91, "all": None}


@bp.get("/")
def index():
    """Per institution: received, resolved, share resolved on time, average rating; and per
    region of the feedback's place: received, open, overdue, share resolved on time."""
    period = request.args.get("period", "year")
    if period not in PERIODS:
        period = "year"
    days = PERIODS[period]

    def compute():
        now = utcnow()
        since = now - timedelta(days=days) if days else None
        return (figures.per_institution(now, since=since), figures.per_region(now, since=since),
                urgent.public(since))

    # Every row of the period is read: kept briefly, as the dashboard's figures are.
    rows, regions, (urgent_total, urgent_rows) = cache.remembered(("stats", period), compute)
    return render_template("stats/index.html", rows=rows, total=figures.totals(rows),
                           regions=regions, period=period, periods=PERIODS,
                           urgent=urgent_total, urgent_rows=urgent_rows)
