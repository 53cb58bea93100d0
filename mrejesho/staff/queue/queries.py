"""The queue: capped counts per tab in one query, and keyset pagination on (priority,
due_at, id), which costs the same on the first page and the five-hundredth: urgent items
first, then high, normal and low, each by due date.

A page is read as small ordered branches per status of the tab (and per scope of the
user), merged with UNION ALL: no sort of the whole queue, at any depth. Normal items (nearly
all) walk the ix_feedback_queue index (institution_id, status, due_at, id) from the cursor;
the few others walk the partial ix_feedback_prioritized (institution_id, status, priority,
due_at, id) WHERE priority <> 3.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ... import edge, urgency
from ...extensions import db
from ...models import CaseView, Feedback, Institution, StaffUser
from ..access import scopes
from .filters import QueueFilter, clauses, is_answered
from .tabs import TABS, flag_condition

PAGE_SIZE = 50
COUNT_CAP = 1000  # a tab's count stops here and shows "999+"


def tab_counts(user: StaffUser, filters: QueueFilter, now: datetime) -> dict[str, int]:
    """How many items each tab holds, up to COUNT_CAP (shown as "999+"), in one query.

    Each tab is counted over a LIMIT COUNT_CAP subquery per scope of the user, so a tab
    costs at most COUNT_CAP index entries however long the backlog: an exact count of
    a national institution's open rows read every one of them on every page view.
    """
    common = clauses(filters, user)

    def capped(spec) -> sa.ScalarSelect:
        condition = flag_condition(spec.flag, user, now)
        branches = [sa.select(sa.literal(1).label("one"))
                    .where(scope, Feedback.status.in_(spec.statuses), condition, *common)
                    .limit(COUNT_CAP) for scope in scopes(user)]
        if len(branches) == 1:
            rows = branches[0]
        else:  # a manager: its own institution, and what its children escalated to it
            merged = sa.union_all(*[sa.select(b.subquery()) for b in branches]).subquery()
            rows = sa.select(merged.c.one).limit(COUNT_CAP)
        return sa.select(sa.func.count()).select_from(rows.subquery()).scalar_subquery()

    row = db.session.execute(sa.select(*[capped(spec).label(name)
                                         for name, spec in TABS.items()])).one()
    return {name: int(row._mapping[name] or 0) for name in TABS}


def shown_count(count: int) -> str:
    """A tab's count as the page shows it: "999+" once it reaches the cap."""
    return f"{COUNT_CAP - 1}+" if count >= COUNT_CAP else str(count)


@dataclass
class Page:
    """One page of the queue and the cursors of its neighbours."""

    items: list[Feedback] = field(default_factory=list)
    # Ids of the rows the citizen wrote on since the user last opened them.
    answered: set[int] = field(default_factory=set)
    next_cursor: str | None = None
    prev_cursor: str | None = None


def encode_cursor(item: Feedback) -> str:
    return f"{item.priority}.{item.due_at:%Y%m%d%H%M%S%f}.{item.id}"


def decode_cursor(text: str | None) -> tuple[int, datetime, int] | None:
    """The (priority, due_at, id) in a cursor, or None when it is missing or malformed; a
    cursor of before priorities ("due.id") is read as a normal item's."""
    if not text:
        return None
    parts = text.split(".")
    if len(parts) == 2:
        parts = [str(urgency.NORMAL), *parts]
    if len(parts) != 3 or parts[0] not in {str(p) for p in urgency.PRIORITIES}:
        return None
    try:
        key = int(parts[0]), datetime.strptime(parts[1], "%Y%m%d%H%M%S%f"), edge.small_int(
            parts[2])
    except ValueError:
        return None
    return key if key[2] is not None else None  # an id no INTEGER column holds: no cursor


# Literal constants, so SQLite sees the partial index's own WHERE in the query.
_NORMAL = Feedback.priority == sa.literal_column(str(urgency.NORMAL))
_PRIORITIZED = Feedback.priority != sa.literal_column(str(urgency.NORMAL))


def _branch(where: list, prioritized: bool, cursor, backwards: bool) -> sa.Select | None:
    """One ordered index walk: the normal items, or the others by priority; None when the
    cursor is already past every row it could give."""
    if prioritized:
        key = sa.tuple_(Feedback.priority, Feedback.due_at, Feedback.id)
        columns, bound, after = (Feedback.priority, Feedback.due_at, Feedback.id), cursor, None
    else:
        key = sa.tuple_(Feedback.due_at, Feedback.id)
        columns, bound = (Feedback.due_at, Feedback.id), cursor[1:] if cursor else None
        after = cursor[0] if cursor else None  # the cursor's priority
        if after is not None and (after > urgency.NORMAL if not backwards
                                  else after < urgency.NORMAL):
            return None  # every normal item lies before the cursor
        if after is not None and after != urgency.NORMAL:
            bound = None  # every normal item lies after it
    condition = [*where, _PRIORITIZED if prioritized else _NORMAL]
    if bound:
        condition.append(key < sa.tuple_(*bound) if backwards else key > sa.tuple_(*bound))
    order = [column.desc() for column in columns] if backwards else list(columns)
    return sa.select(sa.select(Feedback.id, Feedback.priority, Feedback.due_at)
                     .where(*condition).order_by(*order).limit(PAGE_SIZE + 1).subquery())


def _page_ids(user, filters, now, cursor, backwards: bool) -> sa.Select:
    """Ids of the next PAGE_SIZE + 1 items, merged from two index walks (normal items, the
    others) per scope and status."""
    spec = TABS[filters.tab]
    common = [*clauses(filters, user), flag_condition(spec.flag, user, now)]
    branches = [
        branch
        for scope in scopes(user) for status in spec.statuses for prioritized in (True, False)
        if (branch := _branch([scope, Feedback.status == status, *common], prioritized, cursor,
                              backwards)) is not None
    ]
    merged = sa.union_all(*branches).subquery()
    columns = (merged.c.priority, merged.c.due_at, merged.c.id)
    ordering = [column.desc() for column in columns] if backwards else list(columns)
    return sa.select(merged.c.id).order_by(*ordering).limit(PAGE_SIZE + 1)


def queue_page(user: StaffUser, filters: QueueFilter, now: datetime, *,
               after: str | None = None, before: str | None = None) -> Page:
    """The page after (or before) a cursor, sorted by due date, then id."""
    before_key, after_key = decode_cursor(before), decode_cursor(after)
    backwards = before_key is not None
    ids = _page_ids(user, filters, now, before_key or after_key, backwards)
    # The rows show their institution's code and their assignee's name only: neither the
    # institutions' JSON settings and sectors nor the assignees' institutions are loaded.
    # When the user last opened each (for the "citizen answered" marker) comes in the same
    # query, from the user's own case_view rows.
    stmt = (sa.select(Feedback, CaseView.seen_at).where(Feedback.id.in_(ids))
            .outerjoin(CaseView, sa.and_(CaseView.feedback_id == Feedback.id,
                                         CaseView.staff_id == user.id))
            .options(joinedload(Feedback.institution).load_only(Institution.code)
                     .lazyload(Institution.sector),
                     joinedload(Feedback.assigned_to).load_only(StaffUser.name)
                     .lazyload(StaffUser.institution))
            .order_by(Feedback.priority, Feedback.due_at, Feedback.id))
    found = db.session.execute(stmt).unique().all()
    rows = [item for item, _seen in found]
    answered = {item.id for item, seen_at in found
                if is_answered(item.citizen_activity_at, seen_at)}
    more = len(rows) > PAGE_SIZE
    if backwards and not more:
        # Back at the start: show a full first page rather than the few rows before.
        return queue_page(user, filters, now)
    rows = rows[1:] if backwards and more else rows[:PAGE_SIZE]
    page = Page(items=rows, answered={item.id for item in rows if item.id in answered})
    if rows:
        if more or backwards:
            page.next_cursor = encode_cursor(rows[-1])
        if backwards or after_key:
            page.prev_cursor = encode_cursor(rows[0])
    return page
