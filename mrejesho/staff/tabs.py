"""The queue's tabs: each is a set of statuses plus at most one flag (mine, unassigned,
overdue, escalated), so one declaration serves the page query, the counts and the export."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..models import OPEN_STATUSES, STATUSES, Feedback, StaffUser

# The clock runs in these statuses; awaiting_citizen is paused, so it is never overdue.
CLOCK_RUNNING = ("new", "in_progress", "reopened")
FINISHED = tuple(status for status in STATUSES if status not in OPEN_STATUSES)
FLAGS = ("mine", "unassigned", "overdue", "escalated")


@dataclass(frozen=True)
class Tab:
    statuses: tuple[str, ...]
    flag: str | None = None


TABS = {
    "open": Tab(OPEN_STATUSES),
    "new": Tab(("new",)),
    "mine": Tab(OPEN_STATUSES, "mine"),
    "unassigned": Tab(OPEN_STATUSES, "unassigned"),
    "in_progress": Tab(("in_progress", "reopened")),
    "awaiting": Tab(("awaiting_citizen",)),
    "overdue": Tab(CLOCK_RUNNING, "overdue"),
    "escalated": Tab(OPEN_STATUSES, "escalated"),
    "resolved": Tab(("resolved", "closed")),
    "all": Tab(STATUSES),
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


