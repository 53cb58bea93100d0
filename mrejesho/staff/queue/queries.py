"""The queue: counts per tab in one GROUP BY query, and keyset pagination on (due_at, id),
which costs the same on the first page and the five-hundredth.

A page is read as one small ordered branch per status of the tab (and per scope of the
user), each walking the ix_feedback_queue index (institution_id, status, due_at, id) from
the cursor, merged with UNION ALL: no sort of the whole queue, at any depth.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...lifecycle import NOT_OPEN, OPEN
from ...models import Feedback, StaffUser
from ..access import scopes, visibility
from .filters import QueueFilter, clauses
from .tabs import FLAGS, TABS, flag_condition

PAGE_SIZE = 50


def tab_counts(user: StaffUser, filters: QueueFilter, now: datetime) -> dict[str, int]:
    """How many items each tab holds, from one GROUP BY status query.

    Open rows are counted with their flags; finished rows (the long history) only by
    status, which the index answers without reading the rows themselves.
    """
    where = [visibility(user), *clauses(filters)]
    flags = [sa.func.sum(sa.case((flag_condition(flag, user, now), 1), else_=0)).label(flag)
             for flag in FLAGS]
    open_part = (sa.select(Feedback.status, sa.func.count().label("total"), *flags)
                 .where(*where, Feedback.status.in_(sorted(OPEN))).group_by(Feedback.status))
    done_part = (sa.select(Feedback.status, sa.func.count().label("total"),
                           *[sa.literal(0).label(flag) for flag in FLAGS])
                 .where(*where, Feedback.status.in_(sorted(NOT_OPEN)))
                 .group_by(Feedback.status))
    rows = db.session.execute(sa.union_all(open_part, done_part)).all()
    counts = {}
    for name, spec in TABS.items():
        column = spec.flag or "total"
        counts[name] = sum(int(getattr(row, column) or 0) for row in rows
                           if row.status in spec.statuses)
    return counts


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


def _page_ids(user, filters, now, cursor, backwards: bool) -> sa.Select:
    """Ids of the next PAGE_SIZE + 1 items, merged from one index walk per scope and status."""
    spec, key = TABS[filters.tab], sa.tuple_(Feedback.due_at, Feedback.id)
    order = ((Feedback.due_at.desc(), Feedback.id.desc()) if backwards
             else (Feedback.due_at, Feedback.id))
    common = [*clauses(filters), flag_condition(spec.flag, user, now)]
    if cursor:
        common.append(key < sa.tuple_(*cursor) if backwards else key > sa.tuple_(*cursor))
    branches = [
        sa.select(sa.select(Feedback.id, Feedback.due_at)
                  .where(scope, Feedback.status == status, *common)
                  .order_by(*order).limit(PAGE_SIZE + 1).subquery())
        for scope in scopes(user) for status in spec.statuses
    ]
    merged = sa.union_all(*branches).subquery()
    ordering = ((merged.c.due_at.desc(), merged.c.id.desc()) if backwards
                else (merged.c.due_at, merged.c.id))
    return sa.select(merged.c.id).order_by(*ordering).limit(PAGE_SIZE + 1)


def queue_page(user: StaffUser, filters: QueueFilter, now: datetime, *,
               after: str | None = None, before: str | None = None) -> Page:
    """The page after (or before) a cursor, sorted by due date, then id."""
    before_key, after_key = decode_cursor(before), decode_cursor(after)
    backwards = before_key is not None
    ids = _page_ids(user, filters, now, before_key or after_key, backwards)
    stmt = (sa.select(Feedback).where(Feedback.id.in_(ids))
            .options(joinedload(Feedback.assigned_to)).order_by(Feedback.due_at, Feedback.id))
    rows = list(db.session.scalars(stmt).unique())
    more = len(rows) > PAGE_SIZE
    if backwards and not more:
        # Back at the start: show a full first page rather than the few rows before.
        return queue_page(user, filters, now)
    rows = rows[1:] if backwards and more else rows[:PAGE_SIZE]
    page = Page(items=rows)
    if rows:
        if more or backwards:
            page.next_cursor = encode_cursor(rows[-1])
        if backwards or after_key:
            page.prev_cursor = encode_cursor(rows[0])
    return page
