"""The dashboard's numbers, from a few aggregate queries over the user's scope: volume by
day and channel/kind, open and overdue, share resolved within the SLA, median times to the
first response and to resolution, and the average rating."""
from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import CHANNELS, KINDS, OPEN_STATUSES, Feedback
from ..timeutil import to_local

CLOCK_RUNNING = ("new", "in_progress", "reopened")
MEDIAN_SAMPLE = 20_000  # medians come from at most this many recent items
LOCAL_OFFSET = timedelta(hours=3)  # East Africa Time has no daylight saving


@dataclass
class Summary:
    received: int = 0
    open: int = 0
    overdue: int = 0
    resolved: int = 0
    on_time: int = 0
    ratings: int = 0
    average_rating: float | None = None
    first_response_hours: float | None = None
    resolution_hours: float | None = None

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.resolved if self.resolved else None


@dataclass
class Volume:
    labels: list[str] = field(default_factory=list)
    by_channel: dict[str, list[int]] = field(default_factory=dict)
    by_kind: dict[str, list[int]] = field(default_factory=dict)


def _sum(condition) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def summary(scope, since: datetime, now: datetime) -> Summary:
    """Counts and averages for the scope (a WHERE clause) over the period since `since`."""
    recent = Feedback.created_at >= since
    resolved = sa.and_(Feedback.status.in_(("resolved", "closed")),
                       Feedback.resolved_at >= since)
    row = db.session.execute(sa.select(
        _sum(recent), _sum(Feedback.status.in_(OPEN_STATUSES)),
        _sum(sa.and_(Feedback.status.in_(CLOCK_RUNNING), Feedback.due_at < now)),
        _sum(resolved), _sum(sa.and_(resolved, Feedback.resolved_at <= Feedback.due_at)),
        sa.func.count(sa.case((recent, Feedback.rating))),
        sa.func.avg(sa.case((recent, Feedback.rating))),
    ).where(scope)).one()
    result = Summary(*[int(value) for value in row[:6]])
    result.average_rating = float(row[6]) if row[6] is not None else None
    result.first_response_hours, result.resolution_hours = medians(scope, since)
    return result


def medians(scope, since: datetime) -> tuple[float | None, float | None]:
    """Median hours from receipt to the first response and to resolution."""
    rows = db.session.execute(
        sa.select(Feedback.created_at, Feedback.first_response_at, Feedback.resolved_at)
        .where(scope, Feedback.created_at >= since,
               sa.or_(Feedback.first_response_at.is_not(None),
                      Feedback.resolved_at.is_not(None)))
        .order_by(Feedback.created_at.desc()).limit(MEDIAN_SAMPLE)
    ).all()
    first = [(r.first_response_at - r.created_at).total_seconds() / 3600
             for r in rows if r.first_response_at]
    resolution = [(r.resolved_at - r.created_at).total_seconds() / 3600
                  for r in rows if r.resolved_at]
    return (statistics.median(first) if first else None,
            statistics.median(resolution) if resolution else None)


def local_day(column):
    """SQL for the East Africa Time calendar day of a stored UTC time."""
    if db.session.get_bind().dialect.name == "sqlite":
        return sa.func.date(column, "+3 hours")
    return sa.cast(column + LOCAL_OFFSET, sa.Date)


def volume(scope, since: datetime, now: datetime, days: int) -> Volume:
    """Feedback received per day (or per week over long periods), by channel and by kind."""
    day = local_day(Feedback.created_at).label("day")
    rows = db.session.execute(
        sa.select(day, Feedback.channel, Feedback.kind, sa.func.count())
        .where(scope, Feedback.created_at >= since)
        .group_by(day, Feedback.channel, Feedback.kind)
    ).all()
    step = 1 if days <= 31 else 7
    today = to_local(now).date()
    buckets = (days + step - 1) // step
    starts = [today - timedelta(days=step * (buckets - 1 - i) + step - 1) for i in range(buckets)]
    result = Volume(labels=[start.strftime("%d/%m") for start in starts],
                    by_channel=defaultdict(lambda: [0] * buckets),
                    by_kind=defaultdict(lambda: [0] * buckets))
    for value, channel, kind, count in rows:
        when = value if isinstance(value, date) else date.fromisoformat(str(value))
        index = buckets - 1 - (today - when).days // step
        if 0 <= index < buckets:
            result.by_channel[channel][index] += count
            result.by_kind[kind][index] += count
    result.by_channel = {key: result.by_channel[key] for key in CHANNELS}
    result.by_kind = {key: result.by_kind[key] for key in KINDS}
    return result
