"""Who may see which feedback. Every staff route reads feedback through this module.

- an officer sees its own institution's feedback;
- a manager also sees feedback escalated from its child institutions (Institution.parent_id)
  and may act on it like the child's own staff: note, reply, set status, assign to one of
  the child's officers, or transfer it (for example to its own institution, to take over);
- an admin sees everything.
Anything else answers 404, so the URL of another institution's case reveals nothing.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from ..extensions import db
from ..models import Feedback, Institution, StaffUser


def child_institutions(user: StaffUser) -> sa.Select:
    """Ids of the institutions whose escalations reach this user's institution."""
    return sa.select(Institution.id).where(Institution.parent_id == user.institution_id)


def scopes(user: StaffUser) -> list[sa.ColumnElement[bool]]:
    """Disjoint WHERE clauses whose union is what this user may see.

    Kept apart (rather than OR-ed) so the queue can query each one along the
    ix_feedback_queue index (institution_id, status, due_at, id).
    """
    if user.role == "admin":
        return [sa.true()]
    own = Feedback.institution_id == user.institution_id
    if user.role == "manager":
        escalated = sa.and_(
            Feedback.escalated_at.is_not(None),
            Feedback.institution_id.in_(child_institutions(user)),
        )
        return [own, escalated]
    return [own]


def visibility(user: StaffUser) -> sa.ColumnElement[bool]:
    """The WHERE clause limiting Feedback to what this user may see."""
    return sa.or_(*scopes(user))


def visible_feedback(user: StaffUser) -> sa.Select:
    """A SELECT of the Feedback this user may see; add filters and order to it."""
    return sa.select(Feedback).where(visibility(user))


def feedback_or_404(user: StaffUser, feedback_id: int) -> Feedback:
    """The feedback with this id if the user may see it; otherwise abort with 404."""
    item = db.session.scalar(visible_feedback(user).where(Feedback.id == feedback_id))
    if item is None:
        abort(404)
    return item


def by_reference(user: StaffUser, reference: str) -> Feedback | None:
    """The visible feedback with this (normalized) reference, or None."""
    return db.session.scalar(visible_feedback(user).where(Feedback.reference == reference))


def sees_many_institutions(user: StaffUser) -> bool:
    """True when the queue should show an institution column."""
    if user.role == "admin":
        return True
    if user.role == "manager":
        return db.session.scalar(child_institutions(user).limit(1)) is not None
    return False
