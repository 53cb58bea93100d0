"""The queue page: tabs with counts, filters, and one page of feedback sorted by due date."""
from __future__ import annotations

import sqlalchemy as sa
from flask import render_template, request
from flask_login import current_user

from ... import phones, references
from ...audit import record
from ...extensions import db
from ...models import ALL_CHANNELS, KINDS, Institution
from ...router import gazetteer as places_of_tanzania
from ...timeutil import utcnow
from .. import access
from ..blueprint import bp
from . import bulk, queries
from . import filters as queue_filters
from .alerts import manager_alerts
from .tabs import TABS


def read_filters():
    """The filters of this request for the signed-in user, and any messages about them."""
    return queue_filters.parse(request.args, can_pick_institution=access.sees_many_institutions(
        current_user))


def institution_choices() -> list:
    """Codes and names for the institution filter: only for those who see every one."""
    if not access.permissions(current_user)["every_institution"]:
        return []
    return db.session.execute(
        sa.select(Institution.code, Institution.name_sw, Institution.name_en)
        .order_by(Institution.code)
    ).all()


def _audit_phone_search(text: str) -> None:
    """A search for a phone number (not a reference) is an access to personal data: it is
    audited, the number kept as a keyed hash."""
    if text and not references.normalize(text):
        phone = phones.normalize_or_none(text)
        if phone:
            record("queue.phone_search", actor=current_user, phone=phone)


@bp.get("/")
def queue():
    """The officer's queue."""
    filters, errors = read_filters()
    now = utcnow()
    _audit_phone_search(filters.q)
    page = queries.queue_page(current_user, filters, now, after=request.args.get("after"),
                              before=request.args.get("before"))
    many = bool(filters.institution) or access.sees_many_institutions(current_user)
    return render_template(
        "staff/queue.html", filters=filters, errors=errors, page=page, now=now,
        counts=queries.tab_counts(current_user, filters, now), tabs=list(TABS),
        shown_count=queries.shown_count,
        kinds=KINDS, channels=ALL_CHANNELS, show_institution=many,
        regions=places_of_tanzania.listing()[0],
        institutions=institution_choices(), alerts=manager_alerts(current_user, now),
        bulk=bulk.bar_choices(current_user) if page.items else None,
        bulk_max=bulk.MAX_ITEMS, unassign=bulk.UNASSIGN,
    )
