"""Feedback received over time, per East Africa day (or week), by channel and by kind: the
dashboard's volume charts. Its other figures come from mrejesho.stats.figures."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from ...models import CHANNELS, DESK_CHANNELS, KINDS, Feedback
from ...ops.replica import reading
from ...timeutil import to_local

LOCAL_OFFSET = timedelta(hours=3)  # East Africa Time has no daylight saving


@dataclass
class Volume:
    labels: list[str] = field(default_factory=list)
    by_channel: dict[str, list[int]] = field(default_factory=dict)
    by_kind: dict[str, list[int]] = field(default_factory=dict)


def local_day(column):
    """SQL for the East Africa Time calendar day of a stored UTC time."""
    if reading().get_bind().dialect.name == "sqlite":
        return sa.func.date(column, "+3 hours")
    return sa.cast(column + LOCAL_OFFSET, sa.Date)


def volume(scope, since: datetime, now: datetime, days: int) -> Volume:
    """Feedback received per day (or per week over long periods), by channel and by kind."""
    day = local_day(Feedback.created_at).label("day")
    rows = reading().execute(
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
    # The desk's channels (a call, a visit...) only where the desk recorded some.
    shown = CHANNELS + tuple(key for key in DESK_CHANNELS if key in result.by_channel)
    result.by_channel = {key: result.by_channel[key] for key in shown}
    result.by_kind = {key: result.by_kind[key] for key in KINDS}
    return result
