"""The queue: capped counts per tab in one query, and keyset pagination on (due_at, id),
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

from ... import edge
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
    return f"{item.due_at:%Y%m%d%H%M%S%f}.{item.id}"


def decode_cursor(text: str | None) -> tuple[datetime, int] | None:
    """The (due_at, id) in a cursor, or None when it is missing or malformed."""
    if not text:
        return None
    stamp, _, ident = text.partition(".")
    try:
        key = datetime.strptime(stamp, "%Y%m%d%H%M%S%f"), edge.small_int(ident)
    except ValueError:
        return None
    return key if key[1] is not None else None  # an id no INTEGER column holds: no cursor


def _page_ids(user, filters, now, cursor, backwards: bool) -> sa.Select:
    """Ids of the next PAGE_SIZE + 1 items, merged from one index walk per scope and status."""
    spec, key = TABS[filters.tab], sa.tuple_(Feedback.due_at, Feedback.id)
    order = ((Feedback.due_at.desc(), Feedback.id.desc()) if backwards
             else (Feedback.due_at, Feedback.id))
    common = [*clauses(filters, user), flag_condition(spec.flag, user, now)]
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
            .order_by(Feedback.due_at, Feedback.id))
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
