"""The queue: tabs, filters, counts per tab in one query, and keyset pagination on
(due_at, id), which costs the same on the first page and the five-hundredth."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from .. import phones, references
from ..extensions import db
from ..models import OPEN_STATUSES, Feedback, Institution, StaffUser
from .access import visibility
from .filters import TAB_NAMES, QueueFilter

PAGE_SIZE = 50
TABS = TAB_NAMES
# The clock runs in these statuses; awaiting_citizen is paused, so it is never overdue.
CLOCK_RUNNING = ("new", "in_progress", "reopened")


def tab_condition(tab: str, user: StaffUser, now: datetime) -> sa.ColumnElement[bool]:
    """The WHERE clause of one tab."""
    is_open = Feedback.status.in_(OPEN_STATUSES)
    conditions = {
        "open": is_open,
        "new": Feedback.status == "new",
        "mine": sa.and_(is_open, Feedback.assigned_to_id == user.id),
        "unassigned": sa.and_(is_open, Feedback.assigned_to_id.is_(None)),
        "in_progress": Feedback.status.in_(("in_progress", "reopened")),
        "awaiting": Feedback.status == "awaiting_citizen",
        "overdue": sa.and_(Feedback.status.in_(CLOCK_RUNNING), Feedback.due_at < now),
        "escalated": sa.and_(is_open, Feedback.escalated_at.is_not(None)),
        "resolved": Feedback.status.in_(("resolved", "closed")),
        "all": sa.true(),
    }
    return conditions[tab]


def filtered(user: StaffUser, filters: QueueFilter) -> list[sa.ColumnElement[bool]]:
    """The WHERE clauses of everything but the tab: visibility, kind, channel, dates, text."""
    clauses = [visibility(user)]
    if filters.kind:
        clauses.append(Feedback.kind == filters.kind)
    if filters.channel:
        clauses.append(Feedback.channel == filters.channel)
    if filters.institution:
        clauses.append(Feedback.institution_id == sa.select(Institution.id).where(
            Institution.code == filters.institution).scalar_subquery())
    if filters.created_from:
        clauses.append(Feedback.created_at >= filters.created_from)
    if filters.created_until:
        clauses.append(Feedback.created_at < filters.created_until)
    if filters.q:
        clauses.append(_search(filters.q))
    return clauses


def _search(text: str) -> sa.ColumnElement[bool]:
    """A reference, a phone number (never of anonymous citizens) or words of the text."""
    reference = references.normalize(text)
    if reference:
        return Feedback.reference == reference
    try:
        phone = phones.normalize(text)
    except phones.InvalidPhone:
        phone = None
    if phone and any(ch.isdigit() for ch in text):
        return sa.and_(Feedback.citizen_phone == phone, Feedback.anonymous.is_(False))
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return sa.or_(
        Feedback.subject.ilike(pattern, escape="\\"),
        Feedback.body.ilike(pattern, escape="\\"),
        sa.and_(Feedback.anonymous.is_(False), Feedback.citizen_name.ilike(pattern, escape="\\")),
    )


def tab_counts(user: StaffUser, filters: QueueFilter, now: datetime) -> dict[str, int]:
    """How many items each tab holds, in one aggregate query."""
    columns = [
        sa.func.coalesce(sa.func.sum(sa.case((tab_condition(tab, user, now), 1), else_=0)), 0)
        .label(tab) for tab in TABS
    ]
    row = db.session.execute(sa.select(*columns).where(*filtered(user, filters))).one()
    return dict(row._mapping)


@dataclass
class Page:
    """One page of the queue and the cursors of its neighbours."""

    items: list[Feedback] = field(default_factory=list)
    next_cursor: str | None = None
    prev_cursor: str | None = None


def encode_cursor(item: Feedback) -> str:
    return f"{item.due_at:%Y%m%d%H%M%S%f}.{item.id}"


def decode_cursor(text: str | None) -> tuple[datetime, int] | None:
    """The (due_at, id) in a cursor, or None when it is missing or malformed."""
    if not text:
        return None
    stamp, _, ident = text.partition(".")
    try:
        return datetime.strptime(stamp, "%Y%m%d%H%M%S%f"), int(ident)
    except ValueError:
        return None


def queue_page(user: StaffUser, filters: QueueFilter, now: datetime, *,
               after: str | None = None, before: str | None = None) -> Page:
    """The page after (or before) a cursor, sorted by due date, then id."""
    key = sa.tuple_(Feedback.due_at, Feedback.id)
    stmt = (
        sa.select(Feedback)
        .where(*filtered(user, filters), tab_condition(filters.tab, user, now))
        .options(joinedload(Feedback.assigned_to))
        .limit(PAGE_SIZE + 1)
    )
    before_key, after_key = decode_cursor(before), decode_cursor(after)
    if before_key:
        stmt = stmt.where(key < sa.tuple_(*before_key))
        stmt = stmt.order_by(Feedback.due_at.desc(), Feedback.id.desc())
    else:
        if after_key:
            stmt = stmt.where(key > sa.tuple_(*after_key))
        stmt = stmt.order_by(Feedback.due_at, Feedback.id)
    rows = list(db.session.scalars(stmt).unique())
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    if before_key and not more:
        # Back at the start: show a full first page rather than the few rows before.
        return queue_page(user, filters, now)
    if before_key:
        rows.reverse()
    page = Page(items=rows)
    if rows:
        if more or before_key:
            page.next_cursor = encode_cursor(rows[-1])
        if (more and before_key) or after_key:
            page.prev_cursor = encode_cursor(rows[0])
    return page
