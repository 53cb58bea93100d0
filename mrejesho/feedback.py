"""The domain core: every change to a feedback happens here.

Each operation locks the feedback row, re-checks its rule on what it then sees, changes the
row, writes the timeline event and queues the citizen's notification, and flushes. None of
them commits: the caller's unit of work (a request, a webhook call, one item of a job)
commits all of it at once or rolls all of it back (mrejesho.unit_of_work).

Races are decided here. An operation that conflicts with others on the same feedback (a
status change, a transfer, an assignment, marking a duplicate) may be given the `version`
the officer saw; if the row has changed since, it raises Conflict and changes nothing. A
rating is given once. Notes, replies and follow-ups do not conflict: they wait their turn on
the lock and all apply. Refusals are codes (FeedbackError.code); mrejesho.texts words them.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from . import notify, outhooks, preferences, references, routing, sla, urgency
from .extensions import db
from .lifecycle import (
    CITIZEN_TOLD,
    CLOCK_RUNNING,
    FINISHED,
    NEEDS_MESSAGE,
    OPEN,
    RESOLVED,
    TRANSFER_RESETS_TO,
    WAITING_FOR_WORK,
    Status,
    can_move,
)
from .models import CaseView, Event, Feedback, Institution, StaffUser
from .timeutil import utcnow
from .unit_of_work import hold_write_lock


class FeedbackError(ValueError):
    """A requested change is not allowed; code says why (texts.error words it)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


class Conflict(FeedbackError):
    """Someone else changed the feedback after the actor last saw it."""

    def __init__(self):
        super().__init__("changed")


# --- locking --------------------------------------------------------------------------------

def lock(feedback: Feedback, version: int | None = None) -> Feedback:
    """Hold this feedback's row until the unit of work ends, and read it afresh.

    On PostgreSQL this is SELECT ... FOR UPDATE; on SQLite the database's write lock is taken
    first (BEGIN IMMEDIATE, unit_of_work.hold_write_lock). version is what the actor saw: if the
    row has moved on since, raise Conflict before anything is written.
    """
    # Only the feedback row: joined to its institution, PostgreSQL would re-check a row
    # changed meanwhile against the institution row it had read before, and a transfer
    # would come back with no institution at all. Relations load afresh when used.
    hold_write_lock()
    fresh = db.session.scalar(
        db.select(Feedback).where(Feedback.id == feedback.id).options(lazyload("*"))
        .with_for_update(of=Feedback).execution_options(populate_existing=True)
    )
    if fresh is None:
        raise FeedbackError("not_found")
    if version is not None and fresh.version != version:
        raise Conflict()
    return fresh


def _event(feedback: Feedback, type_: str, *, actor: StaffUser | None = None,
           citizen: bool = False, text: str | None = None, from_value: str | None = None,
           to_value: str | None = None, public: bool = False) -> Event:
    event = Event(
        feedback=feedback, type=type_, text=text, from_value=from_value, to_value=to_value,
        public=public, staff=actor,
        actor_type="citizen" if citizen else ("staff" if actor else "system"),
        created_at=utcnow(),
    )
    db.session.add(event)
    outhooks.queue(feedback, event)  # the institution's own systems hear of it (webhooks)
    return event


def _require_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise FeedbackError("empty_text")
    return text


# --- citizens -------------------------------------------------------------------------------

def submit(data: dict, *, channel: str, source_key: str | None = None,
           attachment: dict | None = None, officer: StaffUser | None = None) -> Feedback:
    """Create feedback from validated data (see mrejesho.intake); idempotent on source_key:
    a retried or raced delivery of one message returns the feedback the first one made.
    officer: who recorded it at the feedback desk for the citizen (a call, a visit...)."""
    if source_key:
        existing = _by_source_key(source_key)
        if existing is not None:
            return existing
    desk = routing.route(data.get("institution"))
    now = utcnow()
    priority = data.get("priority") or urgency.NORMAL
    feedback = Feedback(
        reference=_unused_reference(), kind=data["kind"], channel=channel,
        institution_id=desk.id, subject=data.get("subject"), body=data["body"],
        status=Status.NEW, language=data.get("language") or "sw",
        citizen_name=data.get("name"), citizen_phone=data.get("phone"),
        citizen_email=data.get("email"), anonymous=bool(data.get("anonymous")),
        created_at=now, updated_at=now,
        due_at=_due(now, desk, data["kind"], priority), priority=priority,
        priority_reason=data.get("priority_reason"), source_key=source_key,
        **_attachment_columns(attachment),
        region_id=data.get("region_id"), district_id=data.get("district_id"),
        ward_id=data.get("ward_id"), routing_confidence=data.get("routing_confidence"),
        routing_reasons=data.get("routing_reasons"),
    )
    try:
        # A savepoint: if a twin delivery inserted the same source_key first, only this
        # insert is undone, not the rest of the caller's unit of work.
        with db.session.begin_nested():
            db.session.add(feedback)
            db.session.flush()
    except IntegrityError:
        existing = _by_source_key(source_key) if source_key else None
        if existing is None:
            raise
        return existing
    if officer is not None:  # taken at the desk: the timeline names the officer and how
        _event(feedback, "created", actor=officer, from_value=channel, to_value=desk.code,
               public=True)
    else:
        _event(feedback, "created", citizen=True, to_value=desk.code, public=True)
    if priority != urgency.NORMAL:
        _event(feedback, "priority", actor=officer, to_value=urgency.NAMES[priority],
               text=data.get("priority_reason"))
    notify.citizen(feedback, "received")
    if priority == urgency.URGENT:
        notify.urgent(feedback)
    db.session.flush()
    return feedback


def _due(start: datetime, desk, kind: str, priority: int) -> datetime:
    """The due date for an item of this kind and priority at this institution (a Desk or
    an Institution); the urgent hours are read only for an urgent item."""
    hours = None
    if priority == urgency.URGENT:
        hours = db.session.scalar(sa.select(Institution.urgent_sla_hours)
                                  .where(Institution.id == desk.id))
    return sla.due_at(start, working_days=desk.sla_for(kind), priority=priority,
                      urgent_hours=hours)


# Plain reads on the submission path, run on the connection rather than through the ORM.
_SOURCE_KEY = sa.select(Feedback.id).where(Feedback.source_key == sa.bindparam("key"))
_REFERENCE = sa.select(Feedback.id).where(Feedback.reference == sa.bindparam("ref"))


def _by_source_key(source_key: str) -> Feedback | None:
    found = db.session.connection().execute(_SOURCE_KEY, {"key": source_key}).scalar()
    return db.session.get(Feedback, found) if found is not None else None


def _unused_reference() -> str:
    connection = db.session.connection()
    while True:
        candidate = references.new_reference()
        if connection.execute(_REFERENCE, {"ref": candidate}).scalar() is None:
            return candidate


def _attachment_columns(attachment: dict | None) -> dict:
    if not attachment:
        return {}
    return {"attachment_path": attachment["path"], "attachment_name": attachment["name"],
            "attachment_mime": attachment["mime"]}


def find(reference: str) -> Feedback | None:
    """The feedback with this reference, typed with or without separators."""
    normalized = references.normalize(reference)
    if normalized is None:
        return None
    return db.session.scalar(db.select(Feedback).filter_by(reference=normalized))


def recent_for_phone(phone: str, limit: int = 5) -> list[Feedback]:
    """The newest feedback sent from this phone number (E.164), newest first."""
    return list(db.session.scalars(
        db.select(Feedback).filter_by(citizen_phone=phone)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(limit)
    ))


def latest_preferences(phone: str) -> tuple[str | None, int | None, int | None]:
    """The language, region id and district id this phone number chose or last wrote with
    (mrejesho.preferences; Nones when nothing is known)."""
    found = preferences.get(phone)
    return found.language, found.region_id, found.district_id


def to_rate(phone: str) -> Feedback | None:
    """What a bare rating from this phone is about: its most recently resolved feedback
    that has no rating yet, else its most recently resolved one (which rate() then refuses
    as already rated)."""
    return db.session.scalar(
        db.select(Feedback)
        .where(Feedback.citizen_phone == phone, Feedback.status.in_(RESOLVED),
               Feedback.resolved_at.is_not(None))
        .order_by(Feedback.rating.is_(None).desc(), Feedback.resolved_at.desc(),
                  Feedback.id.desc()).limit(1)
    )


def follow_up(feedback: Feedback, text: str, *, channel: str, acknowledge: bool = True,
              attachment: dict | None = None) -> None:
    """The citizen adds information; it resumes a paused clock or disputes a resolution.

    attachment (a stored file, mrejesho.public.attachments.store) is named on the event
    (from_value: its stored file name) and, when the feedback has none yet, becomes the
    feedback's attachment, which the case page shows."""
    text = _require_text(text)
    feedback = lock(feedback)
    feedback.citizen_activity_at = utcnow()
    _event(feedback, "follow_up", citizen=True, text=text, to_value=channel,
           from_value=attachment["path"] if attachment else None)
    if attachment and not feedback.attachment_path:
        for column, value in _attachment_columns(attachment).items():
            setattr(feedback, column, value)
    if feedback.status == Status.AWAITING_CITIZEN:
        _change_status(feedback, None, Status.IN_PROGRESS, citizen=True)
    elif feedback.status == Status.RESOLVED and within_dispute_window(feedback):
        _change_status(feedback, None, Status.REOPENED, citizen=True)
        notify.citizen(feedback, Status.REOPENED)
        acknowledge = False
    if acknowledge:
        notify.citizen(feedback, "follow_up")
    notify.officer(feedback.assigned_to, "citizen_answer", feedback)
    db.session.flush()


def dispute_until(feedback: Feedback) -> datetime | None:
    """Until when the citizen may dispute its resolution (None: nothing to dispute)."""
    if feedback.status != Status.RESOLVED or feedback.resolved_at is None:
        return None
    return feedback.resolved_at + timedelta(days=current_app.config["DISPUTE_DAYS"])


def within_dispute_window(feedback: Feedback) -> bool:
    """Whether a citizen's message now disputes the resolution (every channel asks here)."""
    until = dispute_until(feedback)
    return until is not None and utcnow() <= until


def rate(feedback: Feedback, score: int, comment: str | None = None) -> None:
    """The citizen rates how their resolved feedback was handled (1-5, once)."""
    feedback = lock(feedback)
    if feedback.status not in RESOLVED:
        raise FeedbackError("not_rateable")
    if feedback.rating is not None:
        raise FeedbackError("already_rated")
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise FeedbackError("rating_range")
    feedback.rating = score
    feedback.rating_comment = (comment or "").strip()[:500] or None
    feedback.citizen_activity_at = utcnow()
    _event(feedback, "rated", citizen=True, to_value=str(score), text=feedback.rating_comment)
    notify.citizen(feedback, "rated", text=str(score))
    db.session.flush()


# --- officers -------------------------------------------------------------------------------

def record_view(feedback: Feedback, officer: StaffUser) -> None:
    """Remember that this officer has seen the case as it is now (the queue's "citizen
    answered" marker, CaseView), and note on the timeline the first time each officer opens
    it. Opening it again writes nothing unless the citizen wrote since the last time."""
    seen_at = db.session.scalar(sa.select(CaseView.seen_at).where(
        CaseView.staff_id == officer.id, CaseView.feedback_id == feedback.id))
    activity = feedback.citizen_activity_at
    if seen_at is None or (activity is not None and seen_at < activity):
        now = max(utcnow(), activity) if activity is not None else utcnow()
        insert = (postgresql_insert if db.session.get_bind().dialect.name == "postgresql"
                  else sqlite_insert)
        row = insert(CaseView).values(staff_id=officer.id, feedback_id=feedback.id,
                                      seen_at=now)
        # Upserted: the same officer's first view in two tabs at once must not fail.
        db.session.execute(row.on_conflict_do_update(
            index_elements=[CaseView.staff_id, CaseView.feedback_id], set_={"seen_at": now}))
    seen = db.session.scalar(
        db.select(Event.id).filter_by(feedback_id=feedback.id, type="viewed", staff_id=officer.id)
        .limit(1)
    )
    if seen is None:
        _event(feedback, "viewed", actor=officer)
        db.session.flush()


def reply(feedback: Feedback, officer: StaffUser, text: str) -> None:
    """Send the citizen a public reply; the first one starts work on a new item."""
    text = _require_text(text)
    feedback = lock(feedback)
    if feedback.status in FINISHED:
        raise FeedbackError("closed")
    _event(feedback, "reply", actor=officer, text=text, public=True)
    _first_response(feedback)
    if feedback.status in WAITING_FOR_WORK:
        _change_status(feedback, officer, Status.IN_PROGRESS)
    notify.citizen(feedback, "reply", text=text)
    db.session.flush()


def note(feedback: Feedback, officer: StaffUser, text: str) -> None:
    """Add an internal note the citizen never sees."""
    text = _require_text(text)
    feedback = lock(feedback)
    _event(feedback, "note", actor=officer, text=text)
    db.session.flush()


def assign(feedback: Feedback, officer: StaffUser, assignee: StaffUser | None, *,
           version: int | None = None) -> None:
    """Give the case to an officer of its institution (or take it back to the pool)."""
    feedback = lock(feedback, version)
    if feedback.status not in OPEN:
        raise FeedbackError("not_open")
    if assignee is not None and assignee.institution_id != feedback.institution_id:
        raise FeedbackError("wrong_institution")
    previous = feedback.assigned_to
    feedback.assigned_to = assignee
    feedback.updated_at = utcnow()
    _event(feedback, "assigned", actor=officer,
           from_value=previous.name if previous else None,
           to_value=assignee.name if assignee else None)
    if assignee is not None and feedback.status in WAITING_FOR_WORK:
        _change_status(feedback, officer, Status.IN_PROGRESS)
    if assignee is not None and assignee.id != officer.id:  # taking a case needs no email
        notify.officer(assignee, "assigned", feedback)
    db.session.flush()


def set_status(feedback: Feedback, actor: StaffUser | None, status: str,
               message: str | None = None, *, version: int | None = None) -> None:
    """Move the case along its lifecycle; resolving, rejecting or asking needs a message."""
    message = (message or "").strip() or None
    feedback = lock(feedback, version)
    _check_transition(feedback.status, status)
    status = Status(status)
    if status in NEEDS_MESSAGE and not message:
        raise FeedbackError("message_required")
    _change_status(feedback, actor, status, text=message)
    if message and status in NEEDS_MESSAGE:
        _first_response(feedback)
    if status in CITIZEN_TOLD:
        notify.citizen(feedback, status, text=message or "")
    db.session.flush()


def transfer(feedback: Feedback, actor: StaffUser | None, institution: Institution,
             reason: str, *, version: int | None = None) -> None:
    """Move the case to another institution's queue as new; the citizen is told who."""
    reason = _require_text(reason)
    feedback = lock(feedback, version)
    if feedback.status not in OPEN:
        raise FeedbackError("not_open")
    if institution.id == feedback.institution_id:
        raise FeedbackError("same_institution")
    now = utcnow()
    previous = feedback.institution
    _event(feedback, "transferred", actor=actor, from_value=previous.code,
           to_value=institution.code, text=reason, public=True)
    if feedback.status != TRANSFER_RESETS_TO:
        _event(feedback, "status", actor=actor, from_value=feedback.status,
               to_value=TRANSFER_RESETS_TO)
    feedback.institution = institution
    feedback.status = TRANSFER_RESETS_TO
    feedback.assigned_to = None
    feedback.paused_at = None
    feedback.escalation_level = 0
    feedback.overdue_flagged_at = None
    feedback.escalated_at = None
    feedback.updated_at = now
    feedback.due_at = _due(now, institution, feedback.kind, feedback.priority)
    notify.citizen(feedback, "transferred")
    if feedback.priority == urgency.URGENT:
        notify.urgent(feedback)
    db.session.flush()


def set_priority(feedback: Feedback, officer: StaffUser, priority: int, *,
                 version: int | None = None) -> None:
    """Set how urgent the case is; an urgent one gets its institution's urgent due date
    (if sooner) and alerts its managers, and lowering it gives back the kind's due date."""
    if priority not in urgency.PRIORITIES:
        raise FeedbackError("priority_unknown")
    feedback = lock(feedback, version)
    if feedback.status not in OPEN:
        raise FeedbackError("not_open")
    previous = feedback.priority
    if priority == previous:
        return
    feedback.priority = priority
    feedback.updated_at = utcnow()
    institution = db.session.get(Institution, feedback.institution_id)
    if priority == urgency.URGENT:
        feedback.due_at = min(feedback.due_at, _due(utcnow(), institution, feedback.kind,
                                                    priority))
    elif previous == urgency.URGENT:
        feedback.due_at = max(feedback.due_at, _due(feedback.created_at, institution,
                                                    feedback.kind, priority))
    _event(feedback, "priority", actor=officer, from_value=urgency.NAMES[previous],
           to_value=urgency.NAMES[priority])
    if priority == urgency.URGENT:
        notify.urgent(feedback)
    db.session.flush()


def mark_duplicate(feedback: Feedback, officer: StaffUser, original: Feedback, *,
                   version: int | None = None) -> None:
    """Reject the case as a duplicate of another, telling the citizen which reference."""
    if original.id == feedback.id:
        raise FeedbackError("self_duplicate")
    feedback = lock(feedback, version)
    _check_transition(feedback.status, Status.REJECTED)
    feedback.duplicate_of_id = original.id
    _event(feedback, "duplicate", actor=officer, to_value=original.reference, public=True)
    _change_status(feedback, officer, Status.REJECTED)
    notify.citizen(feedback, "duplicate", text=original.reference)
    db.session.flush()


# --- the system -----------------------------------------------------------------------------

def record_delivery(feedback_id: int | None, status: str, detail: str | None = None) -> None:
    """Put an SMS delivery outcome on the feedback's timeline."""
    if feedback_id is not None:
        db.session.add(Event(feedback_id=feedback_id, type="sms_delivery", to_value=status,
                             text=detail, actor_type="system", created_at=utcnow()))
        db.session.flush()


def overdue_ids(now: datetime) -> list[int]:
    """Ids of open feedback past its due date that is not yet flagged or escalated."""
    return list(db.session.scalars(
        db.select(Feedback.id).where(
            Feedback.status.in_(CLOCK_RUNNING), Feedback.due_at < now,
            db.or_(Feedback.overdue_flagged_at.is_(None), Feedback.escalated_at.is_(None)),
        ).order_by(Feedback.id)
    ))


def unclosed_ids(now: datetime) -> list[int]:
    """Ids of resolved feedback whose dispute window has passed without a dispute."""
    cutoff = now - timedelta(days=current_app.config["DISPUTE_DAYS"])
    return list(db.session.scalars(
        db.select(Feedback.id).where(Feedback.status == Status.RESOLVED,
                                     Feedback.resolved_at < cutoff).order_by(Feedback.id)
    ))


def flag_or_escalate(feedback_id: int, now: datetime) -> str | None:
    """Flag one overdue item, or escalate it to the parent institution once it is overdue
    past the grace period; returns "flagged", "escalated" or None (nothing to do)."""
    feedback = lock(db.session.get(Feedback, feedback_id))
    if feedback.status not in CLOCK_RUNNING or feedback.due_at >= now:
        return None  # someone acted on it since it was listed
    if feedback.overdue_flagged_at is None:
        feedback.overdue_flagged_at = now
        _event(feedback, "overdue", to_value=feedback.institution.code)
        db.session.flush()
        return "flagged"
    grace = current_app.config["ESCALATION_GRACE_DAYS"]
    if (feedback.escalated_at is None and feedback.institution.parent_id is not None
            and sla.working_days_between(feedback.due_at, now) >= grace):
        feedback.escalation_level += 1
        feedback.escalated_at = now
        _event(feedback, "escalated", from_value=feedback.institution.code,
               to_value=feedback.institution.parent.code, public=True)
        notify.escalated(feedback)
        db.session.flush()
        return "escalated"
    return None


def close_undisputed(feedback_id: int, now: datetime) -> str | None:
    """Close one resolved item nobody disputed within the window; returns "closed" or None."""
    feedback = lock(db.session.get(Feedback, feedback_id))
    cutoff = now - timedelta(days=current_app.config["DISPUTE_DAYS"])
    if feedback.status != Status.RESOLVED or feedback.resolved_at >= cutoff:
        return None
    _change_status(feedback, None, Status.CLOSED)
    notify.citizen(feedback, Status.CLOSED)
    db.session.flush()
    return "closed"


# --- helpers --------------------------------------------------------------------------------

def _check_transition(current: str, target: str) -> None:
    if not can_move(current, target):
        raise FeedbackError("transition", frm=str(current), to=str(target))


def _first_response(feedback: Feedback) -> None:
    if feedback.first_response_at is None:
        feedback.first_response_at = utcnow()


def _change_status(feedback: Feedback, actor: StaffUser | None, status: Status, *,
                   text: str | None = None, citizen: bool = False) -> None:
    """Apply a checked status change and its clock effects to a locked feedback."""
    _check_transition(feedback.status, status)
    now = utcnow()
    previous = feedback.status
    if previous == Status.AWAITING_CITIZEN and feedback.paused_at is not None:
        paused = sla.working_days_between(feedback.paused_at, now)
        feedback.due_at = sla.add_working_days(feedback.due_at, paused)
        feedback.paused_at = None
    if status == Status.AWAITING_CITIZEN:
        feedback.paused_at = now
    if status == Status.RESOLVED:
        feedback.resolved_at = now
    if status == Status.REOPENED:
        feedback.resolved_at = None
        feedback.due_at = max(feedback.due_at, sla.add_working_days(now, 3))
    if status in FINISHED:
        feedback.closed_at = now
    feedback.status = status
    feedback.updated_at = now
    _event(feedback, "status", actor=actor, citizen=citizen, from_value=previous,
           to_value=status, text=text, public=True)
