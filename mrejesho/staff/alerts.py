"""What managers and admins are told when work runs late: the overdue and escalated items
that `flask escalate` flagged, shown as a banner on the queue and the dashboard."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..extensions import db
from ..models import OPEN_STATUSES, Feedback, StaffUser
from .access import child_institutions


@dataclass
class Alerts:
    overdue: int = 0
    escalated: int = 0
    from_children: int = 0

    def __bool__(self) -> bool:
        return bool(self.overdue or self.escalated or self.from_children)


def manager_alerts(user: StaffUser, now: datetime) -> Alerts:
    """Counts of late work for a manager's or admin's banner; nothing for officers."""
    if user.role not in ("manager", "admin"):
        return Alerts()
    is_open = Feedback.status.in_(OPEN_STATUSES)
    own = sa.true() if user.role == "admin" else Feedback.institution_id == user.institution_id
    flagged = sa.and_(is_open, Feedback.overdue_flagged_at.is_not(None),
                      Feedback.status != "awaiting_citizen")
    escalated = sa.and_(is_open, Feedback.escalated_at.is_not(None))
    if user.role == "manager":
        children = sa.and_(escalated, Feedback.institution_id.in_(child_institutions(user)))
    else:
        children = sa.false()
    row = db.session.execute(sa.select(
        _count(sa.and_(own, flagged)), _count(sa.and_(own, escalated)), _count(children),
    ).where(sa.or_(own, children))).one()
    return Alerts(*[int(value or 0) for value in row])


def _count(condition) -> sa.ColumnElement[int]:
    return sa.func.sum(sa.case((condition, 1), else_=0))
