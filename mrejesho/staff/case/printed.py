"""A case on paper (issue 16): its facts, message, timeline and the officers who opened it,
on one A4 page for a short case, for the files institutions keep. Internal notes are left
out unless asked for (?notes=1); the citizen's number is masked as on screen."""
from __future__ import annotations

import sqlalchemy as sa
from flask import render_template, request
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import CaseView, Event, Institution, StaffUser
from ...timeutil import utcnow
from .. import access
from ..blueprint import bp


def openers(feedback_id: int) -> list[tuple[str, str, object]]:
    """(name, institution code, when last opened) of each officer who opened the case."""
    return [tuple(row) for row in db.session.execute(
        sa.select(StaffUser.name, Institution.code, CaseView.seen_at)
        .join(StaffUser, StaffUser.id == CaseView.staff_id)
        .join(Institution, Institution.id == StaffUser.institution_id)
        .where(CaseView.feedback_id == feedback_id)
        .order_by(CaseView.seen_at, StaffUser.name))]


@bp.get("/feedback/<int:feedback_id>/print")
def print_case(feedback_id: int):
    """The case as a page to print (A4); internal notes only with ?notes=1."""
    item = access.feedback_or_404(current_user, feedback_id)
    with_notes = request.args.get("notes") == "1"
    query = (sa.select(Event).where(Event.feedback_id == item.id)
             .options(joinedload(Event.staff)).order_by(Event.id))
    if not with_notes:
        query = query.where(Event.type != "note")
    events = db.session.scalars(query).unique().all()
    return render_template("staff/print.html", item=item, events=events, notes=with_notes,
                           openers=openers(item.id), now=utcnow())
