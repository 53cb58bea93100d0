"""The dashboard: volume over time by channel and kind, open versus overdue, share resolved
within the SLA, median response and resolution times, ratings; per institution for admins."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..models import Feedback
from ..notify import KIND_WORDS
from ..routing import by_code
from ..stats import figures
from ..templating import current_language
from ..timeutil import utcnow
from . import charts, metrics
from .alerts import manager_alerts
from .blueprint import bp

PERIODS = (30, 90, 365)


def scope_of(user, institution_code: str = "") -> sa.ColumnElement[bool]:
    """What the dashboard counts: admins all (or one institution), others their own."""
    if user.role == "admin":
        if institution_code:
            chosen = by_code(institution_code)
            return Feedback.institution_id == (chosen.id if chosen else -1)
        return sa.true()
    return Feedback.institution_id == user.institution_id


@bp.get("/dashboard")
def dashboard():
    """Charts and figures of the user's institution (all institutions for admins)."""
    days = request.args.get("days", 30, type=int)
    days = days if days in PERIODS else 30
    code = request.args.get("institution", "").strip().upper()
    now = utcnow()
    since = now - timedelta(days=days)
    scope = scope_of(current_user, code)
    summary = metrics.summary(scope, since, now)
    volume = metrics.volume(scope, since, now, days)
    lang = current_language()
    channel_names = {"web": _("Web"), "sms": "SMS", "ussd": "USSD", "api": "API"}
    table = figures.per_institution(now, since=since) if current_user.role == "admin" else []
    return render_template(
        "staff/dashboard.html", days=days, periods=PERIODS, summary=summary, table=table,
        institution=code if current_user.role == "admin" else "",
        alerts=manager_alerts(current_user, now),
        channel_chart=charts.stacked_bars(
            volume.labels,
            [(key, channel_names[key], values) for key, values in volume.by_channel.items()],
            title=_("Feedback received by channel")),
        kind_chart=charts.stacked_bars(
            volume.labels,
            [(key, KIND_WORDS[lang][key], values) for key, values in volume.by_kind.items()],
            title=_("Feedback received by kind")),
        open_chart=charts.split_bar(
            [("on_time", _("Open, on time"), summary.open - summary.overdue),
             ("overdue", _("Overdue"), summary.overdue)], title=_("Open and overdue")),
        sla_chart=charts.meter(summary.on_time_share, title=_("Resolved within the SLA")),
        channel_names=channel_names, kind_names=KIND_WORDS[lang], color=charts.color,
    )
