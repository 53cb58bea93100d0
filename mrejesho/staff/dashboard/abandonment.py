"""Where USSD callers give up: sessions that ended without filing feedback, per screen and
per East Africa day (or week), from ussd_abandonment (ussd.sessions.record_end counts them).
Sessions belong to no institution, so only admins and the central desk see this."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ...models import UssdAbandonment
from ...ops.replica import reading
from ...timeutil import to_local

# The menu's screens (ussd.menu) as a desk officer would name them.
SCREEN_NAMES = {
    "home": _l("Home menu"), "kind": _l("Kind of feedback"), "sector": _l("List of sectors"),
    "institution": _l("List of institutions"), "council": _l("List of councils"),
    "area_region": _l("List of regions"), "area_district": _l("List of districts"),
    "message": _l("Typing the message"), "anonymous": _l("Hide the number?"),
    "confirm": _l("Confirming the feedback"), "track": _l("Typing a reference number"),
    "recent": _l("List of my feedback"), "detail": _l("Details of one feedback"),
    "act_text": _l("Typing an answer, information or dispute"), "rate": _l("Choosing a rating"),
    "act_confirm": _l("Confirming an answer, dispute or rating"),
    "language": _l("Choosing the language"), "help": _l("Help"),
    "done": _l("Final screen"), "acted": _l("Final screen"), "refused": _l("Final screen"),
    "none": _l("Before the first screen"),
}


@dataclass
class Abandonment:
    """Abandoned sessions of a period: per screen (most first) and per day or week."""

    total: int = 0
    by_screen: list[tuple[str, int]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    by_day: list[int] = field(default_factory=list)


def screen_name(screen: str) -> str:
    """What the dashboard calls a screen (its code when it is not known)."""
    return str(SCREEN_NAMES.get(screen, screen))


def abandonment(now: datetime, days: int) -> Abandonment:
    """The period's last `days` East Africa days: one query of at most days x screens rows
    (the primary key, day first, bounds it)."""
    today = to_local(now).date()
    first = today - timedelta(days=days - 1)
    rows = reading().execute(
        sa.select(UssdAbandonment.day, UssdAbandonment.screen, UssdAbandonment.sessions)
        .where(UssdAbandonment.day >= first)
    ).all()
    step = 1 if days <= 31 else 7
    buckets = (days + step - 1) // step
    starts = [today - timedelta(days=step * (buckets - 1 - i) + step - 1)
              for i in range(buckets)]
    result = Abandonment(labels=[start.strftime("%d/%m") for start in starts],
                         by_day=[0] * buckets)
    per_screen: dict[str, int] = {}
    for day, screen, count in rows:
        index = buckets - 1 - (today - day).days // step
        if 0 <= index < buckets:
            result.by_day[index] += count
            per_screen[screen] = per_screen.get(screen, 0) + count
            result.total += count
    result.by_screen = sorted(per_screen.items(), key=lambda item: (-item[1], item[0]))
    return result
