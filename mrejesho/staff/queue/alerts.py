"""What managers and admins are told when work runs late: the overdue and escalated items
that `flask escalate` flagged, shown as a banner on the queue and the dashboard."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ...extensions import db
from ...lifecycle import CLOCK_RUNNING, OPEN
from ...models import Feedback, StaffUser
from .. import access


@dataclass
class Alerts:
    overdue: int = 0
    escalated: int = 0
    from_children: int = 0

    def __bool__(self) -> bool:
        return bool(self.overdue or self.escalated or self.from_children)


def manager_alerts(user: StaffUser, now: datetime) -> Alerts:
    """Counts of late work for a manager's or admin's banner; nothing for officers."""
    if not access.permissions(user)["manage"]:
        return Alerts()
    own = access.own_institution(user)
    children = access.escalated_from_children(user)
    is_open = Feedback.status.in_(sorted(OPEN))
    # Flagged once the due date passed; a paused item (awaiting the citizen) is not late.
    flagged = sa.and_(Feedback.status.in_(sorted(CLOCK_RUNNING)),
                      Feedback.overdue_flagged_at.is_not(None))
    escalated = sa.and_(is_open, Feedback.escalated_at.is_not(None))
    row = db.session.execute(sa.select(
        _count(sa.and_(own, flagged)), _count(sa.and_(own, escalated)),
        _count(sa.and_(children, is_open)),
    ).where(sa.or_(own, children))).one()
    return Alerts(*[int(value or 0) for value in row])


def _count(condition) -> sa.ColumnElement[int]:
    return sa.func.sum(sa.case((condition, 1), else_=0))
