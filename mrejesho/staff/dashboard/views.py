"""The dashboard: volume over time by channel and kind, open versus overdue, share resolved
within the SLA, median response and resolution times, ratings; per institution for those
who see every institution."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ... import texts
from ...models import KINDS
from ...stats import cache, figures
from ...templating import current_language
from ...timeutil import utcnow
from .. import access
from ..blueprint import bp
from ..queue.alerts import manager_alerts
from ..words import channel_names
from . import charts, volume

PERIODS = (30, 90, 365)


@dataclass
class Computed:
    """The dashboard's figures for one scope and period, and when they were computed."""

    summary: figures.Figures
    counted: volume.Volume
    table: list[figures.Figures]
    at: datetime


def compute(scope, days: int, every: bool) -> Computed:
    """Every figure the dashboard shows; the bounded queries of figures and volume."""
    now = utcnow()
    since = now - timedelta(days=days)
    return Computed(summary=figures.summary(scope, since, now),
                    counted=volume.volume(scope, since, now, days),
                    table=figures.per_institution(now, since=since) if every else [],
                    at=now)


@bp.get("/dashboard")
def dashboard():
    """Charts and figures of the user's institution (all institutions for admins), kept
    briefly per institution and period (mrejesho.stats.cache); the page says as of when."""
    days = request.args.get("days", 30, type=int)
    days = days if days in PERIODS else 30
    every = access.permissions(current_user)["every_institution"]
    code = request.args.get("institution", "").strip().upper() if every else ""
    scope = access.dashboard_scope(current_user, code)
    cache_key = ("dashboard", "code", code) if every else (
        "dashboard", "institution", current_user.institution_id)
    computed = cache.remembered((*cache_key, days), lambda: compute(scope, days, every))
    summary, counted = computed.summary, computed.counted
    lang = current_language()
    channels = channel_names()
    kinds = {kind: texts.kind_label(kind, lang) for kind in KINDS}
    return render_template(
        "staff/dashboard.html", days=days, periods=PERIODS, summary=summary,
        table=computed.table, computed_at=computed.at,
        institution=code, alerts=manager_alerts(current_user, utcnow()),
        channel_chart=charts.stacked_bars(
            counted.labels,
            [(key, channels[key], values) for key, values in counted.by_channel.items()],
            title=_("Feedback received by channel")),
        kind_chart=charts.stacked_bars(
            counted.labels,
            [(key, kinds[key], values) for key, values in counted.by_kind.items()],
            title=_("Feedback received by kind")),
        open_chart=charts.split_bar(
            [("on_time", _("Open, on time"), summary.open - summary.overdue),
             ("overdue", _("Overdue"), summary.overdue)], title=_("Open and overdue")),
        sla_chart=charts.meter(summary.on_time_share, title=_("Resolved within the SLA")),
        channel_names=channels, kind_names=kinds, color=charts.color,
    )
