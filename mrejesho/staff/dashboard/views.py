"""The dashboard: volume over time by channel and kind, open versus overdue, share resolved
within the SLA, median response and resolution times, ratings; per region of the feedback's
place (narrowed to one region if asked); per institution for those who see every
institution; where USSD callers give up, for admins and the central desk."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import texts
from ...models import KINDS, Feedback, Region
from ...router import gazetteer as places_of_tanzania
from ...stats import cache, figures, urgent
from ...templating import current_language
from ...timeutil import to_local, utcnow
from .. import access
from ..blueprint import bp
from ..queue.alerts import manager_alerts
from ..words import channel_names
from . import charts, volume
from .abandonment import Abandonment, abandonment, screen_name

PERIODS = (30, 90, 365)


@dataclass
class Computed:
    """The dashboard's figures for one scope and period, and when they were computed."""

    summary: figures.Figures
    counted: volume.Volume
    table: list[figures.Figures]
    regions: list[figures.Figures]
    at: datetime
    ussd: Abandonment | None = None
    urgent: urgent.Urgent = urgent.Urgent()  # urgent items apart (issue 16)


def compute(scope, days: int, every: bool, sessions: bool = False) -> Computed:
    """Every figure the dashboard shows; the bounded queries of figures and volume, and one
    grouped query per table (regions; institutions for those who see every one; abandoned
    USSD sessions for those who see sessions)."""
    now = utcnow()
    since = now - timedelta(days=days)
    return Computed(summary=figures.summary(scope, since, now),
                    counted=volume.volume(scope, since, now, days),
                    table=figures.per_institution(now, since=since) if every else [],
                    regions=figures.per_region(now, since=since, where=scope),
                    at=now, ussd=abandonment(now, days) if sessions else None,
                    urgent=urgent.first_response(scope, since))


def sees_sessions(user) -> bool:
    """USSD sessions belong to no institution: admins and the central desk (the triage
    institution's staff) see where callers give up."""
    return (access.permissions(user)["every_institution"]
            or getattr(user.institution, "kind", None) == "triage")


def abandonment_charts(ussd: Abandonment | None) -> dict:
    """The abandoned sessions per screen and per day, drawn; nothing without figures."""
    if not ussd or not ussd.total:
        return {}
    name = _("Sessions abandoned")
    return {
        "by_screen": charts.horizontal_bars(
            [screen_name(screen) for screen, _count in ussd.by_screen],
            [("abandoned", name, [count for _screen, count in ussd.by_screen])],
            title=_("USSD sessions abandoned, by screen")),
        "by_day": charts.stacked_bars(ussd.labels, [("abandoned", name, ussd.by_day)],
                                      title=_("USSD sessions abandoned, by day")),
    }


def read_region(text: str) -> tuple[str, list[str]]:
    """A region key of the gazetteer from the query string, or "" with a message about an
    unknown one (as the queue's filter reads it)."""
    region = text.strip().upper()
    if region and region not in places_of_tanzania.load().regions:
        return "", [_("Unknown region; showing every region.")]
    return region, []


def in_region(scope, region: str):
    """The scope narrowed to the feedback placed in a region (a gazetteer key)."""
    if not region:
        return scope
    return sa.and_(scope, Feedback.region_id == sa.select(Region.id).where(
        Region.key == region).scalar_subquery())


PLACEHOLDER = "REGION-KEY-HERE"


def queue_link(institution: str, since: datetime):
    """url(region key, tab) of the queue showing a region's feedback of the period (the
    queue filters by East Africa day: from the period's first day)."""
    first_day = to_local(since).date().isoformat()
    made: dict[str, str] = {}

    def url(region: str, tab: str) -> str:
        # url_for once per tab, then the region put in: 30 regions x 3 links cost a third of
        # the page's rendering through url_for each (profiled).
        if tab not in made:
            args = {"tab": tab, "region": PLACEHOLDER, "from": first_day,
                    "institution": institution}
            made[tab] = url_for("staff.queue",
                                **{key: value for key, value in args.items() if value})
        return made[tab].replace(PLACEHOLDER, quote(region, safe=""))

    return url


def region_chart(rows: list[figures.Figures]):
    """Each region's feedback of the period as a bar: overdue, open on time, and done."""
    labels = [row.region.name if row.region.known else _("Not known") for row in rows]
    return charts.horizontal_bars(labels, [
        ("overdue", _("Overdue"), [row.overdue for row in rows]),
        ("open", _("Open, on time"), [row.open - row.overdue for row in rows]),
        ("done", _("Done"), [row.received - row.open for row in rows]),
    ], title=_("Feedback received by region"))


@bp.get("/dashboard")
def dashboard():
    """Charts and figures of the user's institution (all institutions for admins), kept
    briefly per institution and period (mrejesho.stats.cache); the page says as of when."""
    days = request.args.get("days", 30, type=int)
    days = days if days in PERIODS else 30
    every = access.permissions(current_user)["every_institution"]
    code = request.args.get("institution", "").strip().upper() if every else ""
    region, errors = read_region(request.args.get("region", ""))
    scope = in_region(access.dashboard_scope(current_user, code), region)
    cache_key = ("dashboard", "code", code) if every else (
        "dashboard", "institution", current_user.institution_id)
    sessions = sees_sessions(current_user)
    computed = cache.remembered((*cache_key, region, days, sessions),
                                lambda: compute(scope, days, every, sessions))
    summary, counted = computed.summary, computed.counted
    lang = current_language()
    channels = channel_names()
    kinds = {kind: texts.kind_label(kind, lang) for kind in KINDS}
    return render_template(
        "staff/dashboard.html", days=days, periods=PERIODS, summary=summary,
        urgent=computed.urgent,
        table=computed.table, computed_at=computed.at,
        institution=code, alerts=manager_alerts(current_user, utcnow()),
        region=region, errors=errors, regions=places_of_tanzania.listing()[0],
        region_rows=computed.regions, region_chart=region_chart(computed.regions),
        queue_url=queue_link(code if every else current_user.institution.code,
                             computed.at - timedelta(days=days)),
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
        ussd=computed.ussd, ussd_charts=abandonment_charts(computed.ussd),
        screen_name=screen_name,
    )
