"""The queue's tabs: each is a set of statuses plus at most one flag (mine, unassigned,
overdue, escalated), so one declaration serves the page query, the counts and the export."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ...lifecycle import ALL, CLOCK_RUNNING, OPEN, RESOLVED, Status
from ...models import Feedback, StaffUser

FLAGS = ("mine", "unassigned", "overdue", "escalated")


@dataclass(frozen=True)
class Tab:
    statuses: tuple[Status, ...]
    flag: str | None = None


def _in_order(statuses) -> tuple[Status, ...]:
    return tuple(status for status in ALL if status in statuses)


TABS = {
    "open": Tab(_in_order(OPEN)),
    "new": Tab((Status.NEW,)),
    "mine": Tab(_in_order(OPEN), "mine"),
    "unassigned": Tab(_in_order(OPEN), "unassigned"),
    "in_progress": Tab((Status.IN_PROGRESS, Status.REOPENED)),
    "awaiting": Tab((Status.AWAITING_CITIZEN,)),
    # Only where the clock runs: a paused item (awaiting the citizen) is never overdue.
    "overdue": Tab(_in_order(CLOCK_RUNNING), "overdue"),
    "escalated": Tab(_in_order(OPEN), "escalated"),
    "resolved": Tab(_in_order(RESOLVED)),
    "all": Tab(ALL),
}


def flag_condition(flag: str | None, user: StaffUser, now: datetime):
    """The WHERE clause of a tab's flag (True when the tab has none)."""
    return {
        None: sa.true(),
        "mine": Feedback.assigned_to_id == user.id,
        "unassigned": Feedback.assigned_to_id.is_(None),
        "overdue": Feedback.due_at < now,
        "escalated": Feedback.escalated_at.is_not(None),
    }[flag]


def tab_condition(tab: str, user: StaffUser, now: datetime) -> sa.ColumnElement[bool]:
    """The WHERE clause of one tab (for the CSV export, which reads the whole tab)."""
    spec = TABS[tab]
    return sa.and_(Feedback.status.in_(spec.statuses), flag_condition(spec.flag, user, now))
