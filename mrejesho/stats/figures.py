"""The figures of how feedback is handled: received, open, overdue, resolved (and on time),
ratings, median response and resolution times, in all, per institution and per region. One
module for the public statistics page and the staff dashboard, so both count the same way;
the status sets are the lifecycle's."""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..lifecycle import CLOCK_RUNNING, OPEN, RESOLVED
from ..models import Feedback, Institution, Region
from ..ops.replica import reading

MEDIAN_SAMPLE = 20_000  # medians come from at most this many recent items


@dataclass(frozen=True)
class InstitutionLabel:
    """What a table row shows of its institution: plain values, safe to keep between
    requests (mrejesho.stats.cache), unlike an ORM object bound to one session."""

    id: int
    code: str
    name_sw: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sw


@dataclass(frozen=True)
class RegionLabel:
    """A table row's region as plain values; key "" is feedback without a known place."""

    key: str
    name: str

    @property
    def known(self) -> bool:
        return bool(self.key)


NOT_KNOWN = RegionLabel("", "")


@dataclass
class Figures:
    received: int = 0
    resolved: int = 0
    on_time: int = 0
    overdue: int = 0
    ratings: int = 0
    average_rating: float | None = None
    open: int = 0
    first_response_hours: float | None = None
    resolution_hours: float | None = None
    institution: InstitutionLabel | None = None
    region: RegionLabel | None = None

    @property
    def on_time_share(self) -> float | None:
        """Share of resolved items that were resolved by their due date."""
        return self.on_time / self.resolved if self.resolved else None


def _count(condition) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def overdue(now: datetime) -> sa.ColumnElement[bool]:
    """Past its due date while the clock runs (an item awaiting the citizen is paused)."""
    return sa.and_(Feedback.status.in_(sorted(CLOCK_RUNNING)), Feedback.due_at < now)


def resolved(since: datetime | None = None) -> sa.ColumnElement[bool]:
    """Resolved (or closed after that), since a moment if given."""
    when = Feedback.resolved_at >= since if since else Feedback.resolved_at.is_not(None)
    return sa.and_(Feedback.status.in_(sorted(RESOLVED)), when)


def on_time(since: datetime | None = None) -> sa.ColumnElement[bool]:
    """Resolved by its due date."""
    return sa.and_(resolved(since), Feedback.resolved_at <= Feedback.due_at)


def summary(scope, since: datetime, now: datetime) -> Figures:
    """The dashboard's figures for a scope (a WHERE clause): what was received, resolved and
    rated since `since`, and what is open and overdue now.

    Three bounded parts in one statement, each along its own index rather than one pass
    over every row the scope ever had: received and rated by creation time
    (ix_feedback_institution_created), resolved by resolution time
    (ix_feedback_institution_resolved), open and overdue by status (ix_feedback_queue).
    """
    received = (sa.select(sa.func.count(), sa.func.count(Feedback.rating),
                          sa.func.avg(Feedback.rating))
                .where(scope, Feedback.created_at >= since).subquery())
    done = (sa.select(sa.func.count().label("resolved"),
                      _count(Feedback.resolved_at <= Feedback.due_at).label("on_time"))
            .where(scope, resolved(since)).subquery())
    running = (sa.select(sa.func.count().label("open"), _count(overdue(now)).label("overdue"))
               .where(scope, Feedback.status.in_(sorted(OPEN))).subquery())
    row = reading().execute(sa.select(
        *received.c, done.c.resolved, done.c.on_time, running.c.open, running.c.overdue,
    ).select_from(received).join(done, sa.true()).join(running, sa.true())).one()
    count, ratings, average, resolved_count, on_time_count, open_count, overdue_count = row
    first, resolution = medians(scope, since)
    return Figures(received=int(count), resolved=int(resolved_count or 0),
                   on_time=int(on_time_count or 0), overdue=int(overdue_count or 0),
                   ratings=int(ratings), average_rating=float(average) if average is not None
                   else None, open=int(open_count or 0), first_response_hours=first,
                   resolution_hours=resolution)


def hours_between(start, end) -> sa.ColumnElement[float]:
    """SQL for the hours from one stored UTC time to another (NULL when either is)."""
    if reading().get_bind().dialect.name == "sqlite":
        return (sa.func.julianday(end) - sa.func.julianday(start)) * 24
    return sa.extract("epoch", end - start) / 3600


def medians(scope, since: datetime) -> tuple[float | None, float | None]:
    """Median hours from receipt to the first response and to resolution.

    The differences are computed by the database: the rows come back as two numbers, not
    three timestamps to parse (which cost more than the query at a national institution).
    """
    rows = reading().execute(
        sa.select(hours_between(Feedback.created_at, Feedback.first_response_at),
                  hours_between(Feedback.created_at, Feedback.resolved_at))
        .where(scope, Feedback.created_at >= since,
               sa.or_(Feedback.first_response_at.is_not(None),
                      Feedback.resolved_at.is_not(None)))
        .order_by(Feedback.created_at.desc()).limit(MEDIAN_SAMPLE)
    ).all()
    first = [float(row[0]) for row in rows if row[0] is not None]
    resolution = [float(row[1]) for row in rows if row[1] is not None]
    return (statistics.median(first) if first else None,
            statistics.median(resolution) if resolution else None)


def _grouped(column, now: datetime, since: datetime | None,
             where: sa.ColumnElement[bool] | None) -> list[sa.Row]:
    """One grouped pass over the feedback created since `since` (and matching where), busiest
    group first: (group, received, resolved, on time, overdue, ratings, average, open)."""
    stmt = (
        sa.select(
            column, sa.func.count(), _count(resolved()),
            _count(on_time()), _count(overdue(now)),
            sa.func.count(Feedback.rating), sa.func.avg(Feedback.rating),
            _count(Feedback.status.in_(sorted(OPEN))),
        )
        .group_by(column)
        .order_by(sa.func.count().desc())
    )
    if since is not None:
        stmt = stmt.where(Feedback.created_at >= since)
    if where is not None:
        stmt = stmt.where(where)
    return reading().execute(stmt).all()


def _figures(row: sa.Row, **label) -> Figures:
    return Figures(received=row[1], resolved=int(row[2]), on_time=int(row[3]),
                   overdue=int(row[4]), ratings=row[5],
                   average_rating=float(row[6]) if row[6] is not None else None,
                   open=int(row[7]), **label)


def per_institution(now: datetime, since: datetime | None = None,
                    where: sa.ColumnElement[bool] | None = None) -> list[Figures]:
    """Figures of every institution with feedback created since `since`, busiest first:
    of that feedback, how much was resolved (on time), is overdue now, and was rated."""
    rows = _grouped(Feedback.institution_id, now, since, where)
    institutions = {
        row.id: InstitutionLabel(*row) for row in reading().execute(
            sa.select(Institution.id, Institution.code, Institution.name_sw,
                      Institution.name_en).where(Institution.id.in_([row[0] for row in rows])))
    }
    return [_figures(row, institution=institutions[row[0]]) for row in rows]


def per_region(now: datetime, since: datetime | None = None,
               where: sa.ColumnElement[bool] | None = None) -> list[Figures]:
    """The same figures per region of the feedback's place, busiest first, and last the
    feedback without a known place (region NOT_KNOWN). For one institution it is read from
    ix_feedback_institution_created alone (migration 0009)."""
    rows = _grouped(Feedback.region_id, now, since, where)
    regions = {
        row.id: RegionLabel(row.key, row.name) for row in reading().execute(
            sa.select(Region.id, Region.key, Region.name)
            .where(Region.id.in_([row[0] for row in rows if row[0] is not None])))
    }
    known = [_figures(row, region=regions[row[0]]) for row in rows if row[0] is not None]
    return known + [_figures(row, region=NOT_KNOWN) for row in rows if row[0] is None]


def totals(rows: list[Figures]) -> Figures:
    """The national line: sums, and the rating averaged over every rating given."""
    ratings = sum(row.ratings for row in rows)
    weighted = sum((row.average_rating or 0) * row.ratings for row in rows)
    return Figures(
        received=sum(row.received for row in rows), resolved=sum(row.resolved for row in rows),
        on_time=sum(row.on_time for row in rows), overdue=sum(row.overdue for row in rows),
        ratings=ratings, average_rating=weighted / ratings if ratings else None,
        open=sum(row.open for row in rows),
    )
