"""The dashboard: volume over time by channel and kind, open versus overdue, share resolved
within the SLA, median response and resolution times, ratings; per institution for those
who see every institution."""
from __future__ import annotations

from datetime import timedelta

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ... import texts
from ...models import KINDS
from ...stats import figures
from ...templating import current_language
from ...timeutil import utcnow
from .. import access
from ..blueprint import bp
from ..queue.alerts import manager_alerts
from ..words import channel_names
from . import charts, volume

PERIODS = (30, 90, 365)


@bp.get("/dashboard")
def dashboard():
    """Charts and figures of the user's institution (all institutions for admins)."""
    days = request.args.get("days", 30, type=int)
    days = days if days in PERIODS else 30
    every = access.permissions(current_user)["every_institution"]
    code = request.args.get("institution", "").strip().upper() if every else ""
    now = utcnow()
    since = now - timedelta(days=days)
    scope = access.dashboard_scope(current_user, code)
    summary = figures.summary(scope, since, now)
    counted = volume.volume(scope, since, now, days)
    lang = current_language()
    channels = channel_names()
    kinds = {kind: texts.kind_label(kind, lang) for kind in KINDS}
    table = figures.per_institution(now, since=since) if every else []
    return render_template(
        "staff/dashboard.html", days=days, periods=PERIODS, summary=summary, table=table,
        institution=code, alerts=manager_alerts(current_user, now),
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
