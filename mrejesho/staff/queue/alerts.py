"""What managers and admins are told when work runs late: the overdue and escalated items
that `flask escalate` flagged, and the urgent items nobody has taken yet (issue 16), shown
as a banner on the queue and the dashboard."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ... import urgency
from ...extensions import db
from ...lifecycle import CLOCK_RUNNING, OPEN, Status
from ...models import Feedback, StaffUser
from .. import access


@dataclass
class Alerts:
    overdue: int = 0
    escalated: int = 0
    from_children: int = 0
    urgent: int = 0

    def __bool__(self) -> bool:
        return bool(self.overdue or self.escalated or self.from_children or self.urgent)


def manager_alerts(user: StaffUser, now: datetime) -> Alerts:
    """Counts of late work for a manager's or admin's banner; nothing for officers."""
    if not access.permissions(user)["manage"]:
        return Alerts()
    own = access.own_institution(user)
    children = access.escalated_from_children(user)
    # Flagged once the due date passed; a paused item (awaiting the citizen) is not late.
    flagged = _count(own, Feedback.status.in_(sorted(CLOCK_RUNNING)),
                     Feedback.overdue_flagged_at.is_not(None))
    # Both along ix_feedback_escalated, which holds only escalated rows.
    escalated = _count(own, Feedback.status.in_(sorted(OPEN)), Feedback.escalated_at.is_not(None))
    from_children = _count(children, Feedback.status.in_(sorted(OPEN)))
    # New and urgent: along ix_feedback_prioritized, which holds only non-normal rows.
    urgent = _count(own, Feedback.status == Status.NEW,
                    Feedback.priority == sa.literal_column(str(urgency.URGENT)),
                    Feedback.priority != sa.literal_column(str(urgency.NORMAL)))
    row = db.session.execute(sa.select(flagged, escalated, from_children, urgent)).one()
    return Alerts(*[int(value or 0) for value in row])


def _count(*where) -> sa.ScalarSelect[int]:
    """Rows matching where, counted on their own: each count walks the index of its own
    conditions, not every row of the institution as one pass with CASE did."""
    return sa.select(sa.func.count()).select_from(Feedback).where(*where).scalar_subquery()
