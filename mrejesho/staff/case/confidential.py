"""Who saw a case and the citizen's number (issue 15): every opening of the case page is
audited (at most once an hour per officer and case), the page lists who opened it, and the
citizen's phone is shown only on request ("show number", audited) to an officer of the
case's own institution while the case is open; otherwise it stays masked."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from ... import phones
from ...audit import AuditEntry, record
from ...extensions import db
from ...models import Feedback, Institution, StaffUser
from ...timeutil import utcnow
from .. import access
from ..blueprint import bp
from ..forms import ButtonForm

VIEW = "case.view"
REVEAL = "phone.reveal"
VIEW_EVERY = timedelta(hours=1)  # one view entry per officer and case in this time
VIEWERS_SHOWN = 50


def record_view(item: Feedback, officer: StaffUser) -> None:
    """Audit this opening of the case unless the officer opened it within the hour."""
    recent = db.session.scalar(sa.select(AuditEntry.id).where(
        AuditEntry.feedback_id == item.id, AuditEntry.action == VIEW,
        AuditEntry.actor_id == officer.id,
        AuditEntry.created_at > utcnow() - VIEW_EVERY).limit(1))
    if recent is None:
        record(VIEW, actor=officer, feedback_id=item.id)


def viewers(item: Feedback, events) -> list[tuple[str, str, object]]:
    """(name, institution code, when) of each audited opening, newest first; officers who
    opened the case before the audit log existed, from their first-view timeline line."""
    rows = db.session.execute(
        sa.select(AuditEntry.actor_id, AuditEntry.actor_name, Institution.code,
                  AuditEntry.created_at)
        .outerjoin(StaffUser, StaffUser.id == AuditEntry.actor_id)
        .outerjoin(Institution, Institution.id == StaffUser.institution_id)
        .where(AuditEntry.feedback_id == item.id, AuditEntry.action == VIEW)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(VIEWERS_SHOWN)).all()
    audited = {row.actor_id for row in rows}
    earlier = [(event.staff.name, event.staff.institution.code, event.created_at)
               for event in events if event.type == "viewed" and event.staff is not None
               and event.staff_id not in audited]
    return [(row.actor_name or "?", row.code or "", row.created_at) for row in rows] + earlier


def may_reveal(item: Feedback, user) -> bool:
    """True when this user may see the citizen's number: its own institution's open case,
    a named citizen who gave one."""
    return bool(item.citizen_phone and not item.anonymous and item.is_open
                and item.institution_id == user.institution_id)


def citizen_phone(item: Feedback, user, revealed: bool = False) -> dict:
    """What the page shows of the number: the masked form, the full one once revealed, and
    whether the "show number" button is offered."""
    allowed = may_reveal(item, user)
    shown = revealed and allowed
    return {"text": item.citizen_phone if shown else phones.mask(item.citizen_phone),
            "revealed": shown, "button": ButtonForm(formdata=None) if allowed and not shown
            else None}


@bp.post("/feedback/<int:feedback_id>/phone")
def reveal_phone(feedback_id: int):
    """Show the citizen's number to an officer allowed to see it; each reveal is audited."""
    from .page import render_case  # page imports this module

    item = access.feedback_or_404(current_user, feedback_id)
    if not ButtonForm().validate_on_submit() or not may_reveal(item, current_user):
        abort(403)
    record(REVEAL, actor=current_user, feedback_id=item.id, phone=item.citizen_phone)
    return render_case(item, revealed=True)
