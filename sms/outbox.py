"""The outbox's states: claiming due messages, recording what the gateway did, delivery
reports, and back-off. One outbox for every message that leaves: SMS and email (the row's
channel) share these states, leases and retries; only the gateway differs.

queued -> sending (claimed) -> calling (in a gateway call) -> sent -> delivered | failed, or
back to queued for a retry.
A send that timed out (the gateway's "unknown": it may have gone out) becomes `unknown` and
waits its delivery-report window (SMS_UNKNOWN_WINDOW_MINUTES, in next_attempt_at): a report
settles it (record_report, matched by phone number, as the row has no provider id); at the
window's end it is queued once more, flagged resent_after_unknown, and never resent again.
A claimed row's next_attempt_at is its lease: if a worker dies while sending, the row is
queued again once the lease runs out (unknown if its call had started), so nothing is stuck
and nothing is lost. A result is recorded only on a row still under the claim that sent it
(status sending or calling, same attempt).

Claimed SMS with the same text go to Africa's Talking together, up to MAX_RECIPIENTS
numbers per call (calls()); each row still gets its own result. An email is a call of its
own: its text is personal (a private link), and its Message-ID is made from the row's id,
so a resend after a lost lease is the same message to the receiving side.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

from mrejesho import feedback
from mrejesho.extensions import db
from mrejesho.models import OutboundMessage as Outbound
from mrejesho.timeutil import utcnow

from .gateways import SendResult

LEASE = timedelta(minutes=5)
MAX_RECIPIENTS = 100  # numbers per Africa's Talking call: one slow call risks few messages
MAX_ATTEMPTS = 8  # with the back-off below, about two hours of trying
FIRST_DELAY_SECONDS, MAX_DELAY_SECONDS = 30, 3600
FINAL = ("delivered", "failed")
UNKNOWN_WINDOW = timedelta(minutes=60)  # SMS_UNKNOWN_WINDOW_MINUTES's default
# Africa's Talking delivery report statuses: final success, final failure; the rest
# (Sent, Submitted, Buffered) say the message is still on its way.
DELIVERED_REPORTS = {"Success"}
FAILED_REPORTS = {"Rejected", "Failed", "AbsentSubscriber", "Expired"}


class Claimed(NamedTuple):
    """A message this worker owns until it records the result."""

    id: int
    to: str
    text: str
    attempts: int  # with the id, the claim: a requeued and reclaimed row has another
    channel: str = "sms"
    subject: str | None = None


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 30 s, 1 min, 2 min... at most an hour."""
    seconds = FIRST_DELAY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, MAX_DELAY_SECONDS))


def requeue_stale(now: datetime | None = None, unknown_window: timedelta = UNKNOWN_WINDOW) -> int:
    """Queue again the rows whose sender died mid-way (lease expired); returns how many.
    A row it died before calling the gateway for (sending) is queued again; an SMS whose
    call had started (calling) may have gone out, so it is unknown, as a timeout is."""
    now = now or utcnow()
    stale = (Outbound.next_attempt_at < now,)
    result = db.session.execute(
        db.update(Outbound)
        .where(Outbound.status == "sending", *stale)
        .values(status="queued", next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    uncertain = db.session.execute(
        db.update(Outbound)
        .where(Outbound.status == "calling", Outbound.channel == "sms", *stale)
        .values(status="unknown", next_attempt_at=now + unknown_window,
                last_error="The worker sending it stopped during the call")
        .execution_options(synchronize_session=False)
    )
    # An email's Message-ID is made from the row's id: a resend is the same message.
    mails = db.session.execute(
        db.update(Outbound)
        .where(Outbound.status == "calling", Outbound.channel != "sms", *stale)
        .values(status="queued", next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount + uncertain.rowcount + mails.rowcount


def start_call(call: list[Claimed]) -> None:
    """Mark claimed rows as being in a gateway call, just before it: from now on a worker
    that dies leaves them unknown (they may have gone out), not simply queued again."""
    db.session.execute(
        db.update(Outbound)
        .where(Outbound.id.in_([message.id for message in call]), Outbound.status == "sending")
        .values(status="calling")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def resend_unknown(now: datetime | None = None) -> int:
    """Queue once more, flagged, the unknown sends whose window passed with no report;
    returns how many. A row already resent once stays unknown: never a third copy."""
    now = now or utcnow()
    result = db.session.execute(
        db.update(Outbound)
        .where(Outbound.status == "unknown", Outbound.next_attempt_at < now,
               Outbound.resent_after_unknown.is_(False))
        .values(status="queued", next_attempt_at=now, resent_after_unknown=True)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount


def claim(limit: int = 50, now: datetime | None = None,
          lease: timedelta = LEASE) -> list[Claimed]:
    """Take up to limit due messages for this worker, in one short transaction."""
    now = now or utcnow()
    # PostgreSQL: rows another worker is claiming right now are locked, and skipped.
    # SQLite ignores FOR UPDATE; there the status guard of the UPDATE below makes sure a
    # row is claimed once, since SQLite runs one writer at a time.
    due = db.session.scalars(
        db.select(Outbound.id)
        .where(Outbound.status == "queued", Outbound.next_attempt_at <= now)
        .order_by(Outbound.next_attempt_at, Outbound.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if not due:
        db.session.commit()
        return []
    rows = db.session.execute(
        db.update(Outbound)
        .where(Outbound.id.in_(due), Outbound.status == "queued")
        .values(status="sending", attempts=Outbound.attempts + 1,
                next_attempt_at=now + lease)
        .returning(Outbound.id, Outbound.to, Outbound.text, Outbound.attempts,
                   Outbound.channel, Outbound.subject)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(Claimed(*row) for row in rows)


def release(ids: list[int], now: datetime | None = None) -> None:
    """Give back claimed messages that were not sent (the worker is stopping)."""
    if ids:
        db.session.execute(
            db.update(Outbound)
            .where(Outbound.id.in_(ids), Outbound.status == "sending")
            .values(status="queued", attempts=Outbound.attempts - 1,
                    next_attempt_at=now or utcnow())
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def calls(claimed: list[Claimed], max_recipients: int = MAX_RECIPIENTS) -> list[list[Claimed]]:
    """Group claimed messages into gateway calls: equal SMS texts together, at most
    max_recipients each, in the order claimed; a text of its own, and every email, is a
    call of its own."""
    by_text: dict[tuple, list[Claimed]] = {}
    for message in claimed:
        key = ("sms", message.text) if message.channel == "sms" else ("one", message.id)
        by_text.setdefault(key, []).append(message)
    return [group[start:start + max_recipients] for group in by_text.values()
            for start in range(0, len(group), max_recipients)]


def record(results: Iterable[tuple[Claimed, SendResult]], now: datetime | None = None,
           unknown_window: timedelta = UNKNOWN_WINDOW) -> list[str]:
    """Store what the gateway did with claimed messages, in one transaction; returns each
    row's new status, or "lost" for a row whose claim ran out (it was requeued: left be)."""
    now = now or utcnow()
    results = list(results)
    if not results:
        return []
    held = {row.id: row for row in db.session.execute(
        db.select(Outbound.id, Outbound.attempts, Outbound.feedback_id, Outbound.channel)
        .where(Outbound.id.in_([claimed.id for claimed, _ in results]),
               Outbound.status.in_(("sending", "calling")))
        .with_for_update()
    )}
    changes, failures, statuses = [], [], []
    for claimed, result in results:
        row = held.get(claimed.id)
        if row is None or row.attempts != claimed.attempts:
            statuses.append("lost")
            continue
        if result.outcome == "sent":
            change = {"status": "sent", "provider_id": result.provider_id, "sent_at": now,
                      "last_error": None}
        elif result.outcome == "unknown":  # wait for a report; never resent blindly
            change = {"status": "unknown", "next_attempt_at": now + unknown_window,
                      "last_error": result.error}
        elif result.outcome == "retry" and row.attempts < MAX_ATTEMPTS:
            change = {"status": "queued", "next_attempt_at": now + backoff(row.attempts),
                      "last_error": result.error}
        else:
            change = {"status": "failed", "last_error": result.error}
            if row.channel != "webhook":  # the case's timeline tells of the citizen's messages
                failures.append((row.feedback_id, _detail(row.id, result.error, row.channel)))
        changes.append({"row_id": row.id, **change})
        statuses.append(change["status"])
    for keys in {tuple(change) for change in changes}:  # one executemany per kind of change
        table = Outbound.__table__
        db.session.execute(
            table.update().where(table.c.id == db.bindparam("row_id"))
            .values({key: db.bindparam(key) for key in keys if key != "row_id"}),
            [change for change in changes if tuple(change) == keys])
    for feedback_id, detail in failures:
        feedback.record_delivery(feedback_id, "failed", detail)
    db.session.commit()
    return statuses


def record_report(provider_id: str, status: str, reason: str | None = None,
                  phone: str | None = None) -> str:
    """Apply an Africa's Talking delivery report; a repeated report changes nothing.
    Returns what happened: delivered, failed, pending, repeated or unknown. The caller (the
    delivery webhook's request) commits."""
    row = db.session.scalar(db.select(Outbound).filter_by(provider_id=provider_id, channel="sms"))
    if row is None:
        row = _settle_unknown(provider_id, phone) if phone else None
        if row is None:
            return "unknown"
    if status in DELIVERED_REPORTS:
        values = {"status": "delivered", "delivered_at": utcnow()}
    elif status in FAILED_REPORTS:
        values = {"status": "failed", "last_error": (reason or status)[:255]}
    else:
        return "pending"
    # Guarded update: of two copies of one report arriving together, only one applies.
    changed = db.session.execute(
        db.update(Outbound)
        .where(Outbound.id == row.id, Outbound.status.not_in(FINAL))
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        return "repeated"
    db.session.refresh(row)
    detail = None if values["status"] == "delivered" else _detail(row.id, row.last_error)
    feedback.record_delivery(row.feedback_id, values["status"], detail)
    return values["status"]


def _settle_unknown(provider_id: str, phone: str) -> Outbound | None:
    """The oldest unknown send to phone, now known to have gone out as provider_id: a
    report for an id we never stored is the answer the timed-out call did not bring. A row
    still in its call counts too: the report can come before the worker records the timeout
    (the worker's own result is then left be, as for a lost claim). A report names no text:
    with two such rows to the number it could be either, so none is settled (the window
    then resends each once, flagged), never one marked sent that did not go out."""
    rows = db.session.scalars(
        db.select(Outbound)
        .where(Outbound.status.in_(("unknown", "calling")), Outbound.channel == "sms",
               Outbound.to == phone)
        .order_by(Outbound.id).limit(2).with_for_update()).all()
    if len(rows) != 1:
        return None
    row = rows[0]
    # It went out: sent, with its id, whatever the report says next (the guard below).
    changed = db.session.execute(
        db.update(Outbound)
        .where(Outbound.id == row.id, Outbound.status.in_(("unknown", "calling")))
        .values(status="sent", provider_id=provider_id, sent_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    return row if changed else None


def _detail(message_id: int, error: str | None, channel: str = "sms") -> str:
    name = "Email" if channel == "email" else "SMS"
    return f"{name} #{message_id}: {error or 'not delivered'}"
