"""Who may see and touch what in the staff workspace: every scoping rule lives here.

- an officer sees its own institution's feedback;
- a manager also sees feedback escalated from its child institutions (Institution.parent_id)
  and may act on it like the child's own staff: note, reply, set status, assign to one of
  the child's officers, or transfer it (for example to its own institution, to take over);
  it manages its own institution's officers and canned responses;
- an admin sees and manages everything.
Anything else answers 404 (or 403 for a page of a role the user lacks), so the URL of
another institution's case reveals nothing.
"""
from __future__ import annotations

from functools import wraps

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from ..extensions import db
from ..models import ROLES, CannedResponse, Event, Feedback, Institution, StaffUser

ADMIN, MANAGER, OFFICER = "admin", "manager", "officer"
MANAGERS = (MANAGER, ADMIN)


def role_required(*roles: str):
    """Decorator: answer 403 unless the signed-in user has one of these roles."""

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorator


def permissions(user) -> dict[str, bool]:
    """What the menu and the pages may offer this user (anonymous visitors get nothing)."""
    role = getattr(user, "role", None)
    return {"manage": role in MANAGERS, "administer": role == ADMIN,
            "every_institution": role == ADMIN}


# --- feedback ------------------------------------------------------------------------------

def child_institutions(user: StaffUser) -> sa.Select:
    """Ids of the institutions whose escalations reach this user's institution."""
    return sa.select(Institution.id).where(Institution.parent_id == user.institution_id)


def own_institution(user: StaffUser) -> sa.ColumnElement[bool]:
    """Feedback of the user's own institution (of every institution for an admin)."""
    if user.role == ADMIN:
        return sa.true()
    return Feedback.institution_id == user.institution_id


def escalated_from_children(user: StaffUser) -> sa.ColumnElement[bool]:
    """Feedback escalated to a manager from the institutions it oversees (none for others)."""
    if user.role != MANAGER:
        return sa.false()
    return sa.and_(Feedback.escalated_at.is_not(None),
                   Feedback.institution_id.in_(child_institutions(user)))


def scopes(user: StaffUser) -> list[sa.ColumnElement[bool]]:
    """Disjoint WHERE clauses whose union is what this user may see.

    Kept apart (rather than OR-ed) so the queue can query each one along the
    ix_feedback_queue index (institution_id, status, due_at, id).
    """
    if user.role == MANAGER:
        return [own_institution(user), escalated_from_children(user)]
    return [own_institution(user)]


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


class MovedAway(Exception):
    """The feedback left the user's queue a moment ago: it was transferred to institution."""

    def __init__(self, institution: str):
        super().__init__(institution)
        self.institution = institution


def feedback_for_action(user: StaffUser, feedback_id: int) -> Feedback:
    """Like feedback_or_404, for a form posted from the case page. When a colleague has
    meanwhile transferred the feedback away from the user's institution, raise MovedAway
    so the officer is told why instead of getting a bare 404: they saw the case a moment
    ago, and learn only where it went."""
    item = db.session.scalar(visible_feedback(user).where(Feedback.id == feedback_id))
    if item is not None:
        return item
    moved_to = db.session.scalar(
        sa.select(Event.to_value).where(
            Event.feedback_id == feedback_id, Event.type == "transferred",
            Event.from_value == user.institution.code,
        ).order_by(Event.id.desc()).limit(1)
    )
    if moved_to is None:
        abort(404)
    raise MovedAway(moved_to)


def by_reference(user: StaffUser, reference: str) -> Feedback | None:
    """The visible feedback with this (normalized) reference, or None."""
    return db.session.scalar(visible_feedback(user).where(Feedback.reference == reference))


def by_id(user: StaffUser, feedback_id: int | None) -> Feedback | None:
    """The visible feedback with this id, or None (also for no id)."""
    if feedback_id is None:
        return None
    return db.session.scalar(visible_feedback(user).where(Feedback.id == feedback_id))


def sees_many_institutions(user: StaffUser) -> bool:
    """True when the queue should show an institution column and filter."""
    if user.role == ADMIN:
        return True
    if user.role == MANAGER:
        return db.session.scalar(child_institutions(user).limit(1)) is not None
    return False


def dashboard_scope(user: StaffUser, institution_code: str = "") -> sa.ColumnElement[bool]:
    """What the dashboard counts: an admin everything, or the institution it picked (an
    unknown code counts nothing); others their own institution's feedback."""
    if user.role != ADMIN:
        return Feedback.institution_id == user.institution_id
    if not institution_code:
        return sa.true()
    return Feedback.institution_id == sa.select(Institution.id).where(
        Institution.code == institution_code).scalar_subquery()


def records_for_any(user: StaffUser) -> bool:
    """Whether the user may record desk feedback for any institution (mrejesho.staff.intake):
    admins and the central desk (the triage institution's staff); others only for their own."""
    return user.role == ADMIN or getattr(user.institution, "kind", None) == "triage"


# --- who a case may go to ------------------------------------------------------------------

def assignable_officers(item: Feedback) -> list[StaffUser]:
    """Active staff of the feedback's institution, who may be assigned to it."""
    return db.session.scalars(
        sa.select(StaffUser).where(StaffUser.institution_id == item.institution_id,
                                   StaffUser.active).order_by(StaffUser.name)
    ).all()


def assignee(user_id: int) -> StaffUser | None:
    """The active account with this id, or None (the core refuses one of another
    institution, with its own message)."""
    user = db.session.get(StaffUser, user_id)
    return user if user is not None and user.active else None


def may_be_assigned(user: StaffUser, item: Feedback) -> bool:
    """True when user works at the feedback's institution and is active."""
    return bool(user.active) and user.institution_id == item.institution_id


def transfer_targets(item: Feedback) -> list[Institution]:
    """Active institutions the feedback may be transferred to."""
    return db.session.scalars(
        sa.select(Institution).where(Institution.active, Institution.id != item.institution_id)
        .order_by(Institution.code)
    ).all()


def transfer_target(item: Feedback, code: str) -> Institution | None:
    """The institution with this code if the feedback may be transferred to it, else None."""
    return db.session.scalar(
        sa.select(Institution).where(Institution.code == (code or "").strip().upper(),
                                     Institution.active, Institution.id != item.institution_id))


# --- what managers and admins manage -------------------------------------------------------

def canned_responses(user: StaffUser) -> sa.Select:
    """The canned responses this user manages: an admin all, a manager its institution's."""
    stmt = sa.select(CannedResponse)
    if user.role != ADMIN:
        stmt = stmt.where(CannedResponse.institution_id == user.institution_id)
    return stmt


def canned_for(item: Feedback) -> sa.Select:
    """The canned responses offered when answering this feedback: its institution's."""
    return sa.select(CannedResponse).where(CannedResponse.institution_id == item.institution_id)


def canned_or_404(user: StaffUser, canned_id: int) -> CannedResponse:
    """A canned response this user manages; otherwise abort with 404."""
    row = db.session.scalar(canned_responses(user).where(CannedResponse.id == canned_id))
    if row is None:
        abort(404)
    return row


def institutions_managed(user: StaffUser) -> list[Institution]:
    """Institutions whose accounts and canned responses this user manages."""
    if user.role == ADMIN:
        return db.session.scalars(sa.select(Institution).order_by(Institution.code)).all()
    return [user.institution]


def accounts_managed(user: StaffUser) -> sa.Select:
    """The staff accounts this user may manage: an admin all, a manager its officers."""
    stmt = sa.select(StaffUser)
    if user.role != ADMIN:
        stmt = stmt.where(StaffUser.institution_id == user.institution_id,
                          StaffUser.role == OFFICER)
    return stmt


def account_or_404(user: StaffUser, account_id: int) -> StaffUser:
    """An account this user manages; otherwise abort with 404."""
    account = db.session.scalar(accounts_managed(user).where(StaffUser.id == account_id))
    if account is None:
        abort(404)
    return account


def roles_granted(user: StaffUser) -> tuple[str, ...]:
    """The roles this user may give an account."""
    return ROLES if user.role == ADMIN else (OFFICER,)
