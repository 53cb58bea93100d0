"""Per-institution figures, computed by one GROUP BY query; shared by the public statistics
page and the admin dashboard."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..extensions import db
from ..models import Feedback, Institution

CLOCK_RUNNING = ("new", "in_progress", "reopened")
RESOLVED = ("resolved", "closed")


@dataclass
class InstitutionFigures:
    institution: Institution
    received: int
    resolved: int
    on_time: int
    overdue: int
    ratings: int
    average_rating: float | None

    @property
    def on_time_share(self) -> float | None:
        """Share of resolved items that were resolved by their due date."""
        return self.on_time / self.resolved if self.resolved else None


def _sum(condition) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def per_institution(now: datetime, since: datetime | None = None,
                    where: sa.ColumnElement[bool] | None = None) -> list[InstitutionFigures]:
    """Figures of every institution with feedback created since `since`, busiest first."""
    resolved = sa.and_(Feedback.status.in_(RESOLVED), Feedback.resolved_at.is_not(None))
    stmt = (
        sa.select(
            Feedback.institution_id, sa.func.count(Feedback.id), _sum(resolved),
            _sum(sa.and_(resolved, Feedback.resolved_at <= Feedback.due_at)),
            _sum(sa.and_(Feedback.status.in_(CLOCK_RUNNING), Feedback.due_at < now)),
            sa.func.count(Feedback.rating), sa.func.avg(Feedback.rating),
        )
        .group_by(Feedback.institution_id)
        .order_by(sa.func.count(Feedback.id).desc())
    )
    if since is not None:
        stmt = stmt.where(Feedback.created_at >= since)
    if where is not None:
        stmt = stmt.where(where)
    rows = db.session.execute(stmt).all()
    institutions = {
        inst.id: inst for inst in db.session.scalars(
            sa.select(Institution).where(Institution.id.in_([row[0] for row in rows])))
    }
    return [
        InstitutionFigures(
            institution=institutions[row[0]], received=row[1], resolved=int(row[2]),
            on_time=int(row[3]), overdue=int(row[4]), ratings=row[5],
            average_rating=float(row[6]) if row[6] is not None else None,
        )
        for row in rows
    ]


def totals(rows: list[InstitutionFigures]) -> InstitutionFigures:
    """The national line: sums, and the rating averaged over every rating given."""
    ratings = sum(row.ratings for row in rows)
    weighted = sum((row.average_rating or 0) * row.ratings for row in rows)
    return InstitutionFigures(
        institution=None, received=sum(row.received for row in rows),
        resolved=sum(row.resolved for row in rows), on_time=sum(row.on_time for row in rows),
        overdue=sum(row.overdue for row in rows), ratings=ratings,
        average_rating=weighted / ratings if ratings else None,
    )
