"""Urgent items' time to first response, apart from the rest (issue 16): a national
institution's median hides the one fallen power line among a thousand late refunds.

Only urgent rows are read, along the partial ix_feedback_prioritized indexes (priority <> 3),
so this costs little however large the scope."""
from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from .. import urgency
from ..models import Feedback
from ..ops.replica import reading
from .figures import hours_between

# Literal constants, so SQLite sees the partial index's own WHERE in the query.
_URGENT = sa.and_(Feedback.priority == sa.literal_column(str(urgency.URGENT)),
                  Feedback.priority != sa.literal_column(str(urgency.NORMAL)))


@dataclass(frozen=True)
class Urgent:
    """Urgent items received, how many were answered, and the median hours to the answer."""

    received: int = 0
    answered: int = 0
    first_response_hours: float | None = None


def _rows(where, since: datetime | None) -> list[sa.Row]:
    stmt = sa.select(Feedback.institution_id,
                     hours_between(Feedback.created_at, Feedback.first_response_at)
                     ).where(_URGENT, where)
    if since is not None:
        stmt = stmt.where(Feedback.created_at >= since)
    return reading().execute(stmt).all()


def _figures(hours: list[float | None]) -> Urgent:
    answered = [float(value) for value in hours if value is not None]
    return Urgent(len(hours), len(answered),
                  statistics.median(answered) if answered else None)


def first_response(scope, since: datetime | None) -> Urgent:
    """The urgent items of a scope (a WHERE clause) received since `since`."""
    return _figures([row[1] for row in _rows(scope, since)])


def public(since: datetime | None) -> tuple[Urgent, dict[int, Urgent]]:
    """Every institution's urgent items together, and per institution id (those that
    received any), from one read of the urgent rows."""
    rows = _rows(sa.true(), since)
    grouped: dict[int, list] = defaultdict(list)
    for institution_id, hours in rows:
        grouped[institution_id].append(hours)
    return (_figures([row[1] for row in rows]),
            {key: _figures(values) for key, values in grouped.items()})
