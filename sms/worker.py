"""The outbox worker: sends the outbox (SMS through the SMS gateway, email through the
mailer, sms/mail.py), and runs the periodic jobs.

Several workers may run at once (PostgreSQL's SKIP LOCKED keeps them apart). Each pass
claims a batch in a short transaction and sends it outside any transaction: equal texts in
one gateway call (outbox.calls), up to `senders` calls in flight at once, since a call mostly
waits for Africa's Talking. Whatever calls have come back are recorded together in one
transaction as soon as the last recording is done, so an accepted message is recorded
within moments of its call and a worker that dies can resend little. The loop also retries
inbound messages that were stored but never processed, and runs
escalation.escalate_overdue() on a schedule (DESIGN: escalation is the worker's job).
"""
from __future__ import annotations

import logging
import threading
import time
import zlib
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import contextmanager
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from mrejesho import escalation
from mrejesho.extensions import db
from mrejesho.retention import job as retention_job
from mrejesho.router import learning

from . import hooks, inbox, outbox
from .gateways import SendResult, current_gateway
from .mail import current_mailer

log = logging.getLogger(__name__)


@contextmanager
def _alone(job: str):
    """On PostgreSQL, hold an advisory lock so that of several workers only one runs the
    job at a time (two escalations at once would flag items twice). Yields whether we got
    it; SQLite has one machine and no such locks, so there it is always True."""
    if db.engine.dialect.name != "postgresql":
        yield True
        return
    key = zlib.crc32(f"mrejesho:{job}".encode())
    with db.engine.connect() as connection:
        got = connection.scalar(sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
        connection.commit()
        try:
            yield bool(got)
        finally:
            if got:
                connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()


def _outcomes(future, size: int) -> list[SendResult]:
    """A call's results; a gateway that raised has sent nothing we know of: retry its
    messages, and record the other calls' results all the same."""
    try:
        return future.result()
    except Exception as exc:
        log.exception("Gateway call failed")
        return [SendResult("retry", error=f"{type(exc).__name__}: {exc}"[:255])] * size


def _sender(call: list[outbox.Claimed], gateway, mailer):
    """What sends one call: the SMS gateway for all its numbers, or the mailer for one
    email; either gives one SendResult per message of the call."""
    first = call[0]
    if first.channel == "webhook":  # an institution's endpoint (sms/hooks.py)
        return hooks.sender(first)
    if first.channel == "email":
        return lambda: [mailer.send(first.id, first.to, first.subject or "", first.text)]
    return lambda: gateway.send_many(first.text, [message.to for message in call])


class Worker:
    """Sends due outbox rows of one app; run_pass() once, drain() until none, run() forever."""

    def __init__(self, app: Flask, *, batch_size: int = 200, poll_seconds: float = 1.5,
                 max_recipients: int = outbox.MAX_RECIPIENTS, senders: int = 16,
                 escalate_every: float = 600, reprocess_every: float = 60,
                 retain_every: float = 86400,
                 stop: threading.Event | None = None, clock=time.monotonic):
        self.app = app
        self.batch_size = batch_size
        self.max_recipients = max_recipients
        self.senders = senders
        self.poll_seconds = poll_seconds
        self.stop = stop or threading.Event()
        self.clock = clock
        self.counts: Counter = Counter()
        # (seconds between runs, job, next run on self.clock); first runs happen at start.
        self._jobs = [[escalate_every, self._escalate, 0.0],
                      [reprocess_every, self._reprocess, 0.0],
                      [600, learning.run_scheduled, 0.0],  # the router learns from the desk
                      [retain_every, self._retain, 0.0]]  # personal data past its period

    def run_pass(self, now: datetime | None = None) -> int:
        """Claim one batch and send it; returns how many messages were claimed."""
        with self.app.app_context():
            outbox.requeue_stale(now, self._unknown_window())
            outbox.resend_unknown(now)
            lease = timedelta(seconds=self.app.config.get("SMS_LEASE_SECONDS", 300))
            claimed = outbox.claim(self.batch_size, now, lease)
            self._send(outbox.calls(claimed, self.max_recipients), now, lease)
            db.session.remove()
        return len(claimed)

    def _send(self, calls: list[list[outbox.Claimed]], now: datetime | None,
              lease: timedelta = outbox.LEASE) -> None:
        # Calls not started by half the lease are handed back while surely still ours: past
        # the lease another worker may claim them, and both would send (a slow gateway and a
        # big batch can take that long).
        give_back_at = self.clock() + lease.total_seconds() / 2
        gateway, mailer = current_gateway(self.app), current_mailer(self.app)
        # In-process gateways (console, fake) answer at once: one at a time keeps their order.
        networked = any(getattr(gateway if call[0].channel == "sms" else mailer, "networked",
                                False) for call in calls)
        senders = self.senders if networked else 1
        waiting, in_flight = list(reversed(calls)), {}
        with ThreadPoolExecutor(senders, thread_name_prefix="sms-send") as pool:
            while waiting or in_flight:
                late = self.clock() >= give_back_at
                if (self.stop.is_set() or late) and waiting:  # stop, or late: hand them back
                    outbox.release([m.id for call in waiting for m in call], now)
                    waiting = []
                    if not in_flight:
                        break
                while waiting and len(in_flight) < senders:
                    call = waiting.pop()
                    outbox.start_call(call)
                    future = pool.submit(_sender(call, gateway, mailer))
                    in_flight[future] = call
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                results = []
                for future in done:
                    call = in_flight.pop(future)
                    results.extend(zip(call, _outcomes(future, len(call)), strict=True))
                self.counts.update(outbox.record(results, now, self._unknown_window()))

    def _unknown_window(self) -> timedelta:
        minutes = self.app.config.get("SMS_UNKNOWN_WINDOW_MINUTES", 60)
        return timedelta(minutes=float(minutes))

    def drain(self, now: datetime | None = None) -> Counter:
        """Send until nothing is due (`flask sms-worker --once`); returns the counts."""
        while not self.stop.is_set() and self.run_pass(now):
            pass
        return self.counts

    def run(self) -> None:
        """Poll until stop is set (SIGTERM/SIGINT in the command); errors are logged and
        retried after a pause, so a database restart does not end the worker."""
        while not self.stop.is_set():
            try:
                self._run_due_jobs()
                busy = self.run_pass()
            except Exception:
                log.exception("SMS worker pass failed; retrying shortly")
                self._forget_session()
                busy = 0
            if not busy:
                self.stop.wait(self.poll_seconds)

    def _run_due_jobs(self) -> None:
        for job in self._jobs:
            every, action, due = job
            if self.clock() >= due:
                job[2] = self.clock() + every
                with self.app.app_context():
                    try:
                        action()
                    except Exception:  # one failing job must not stop the sending
                        log.exception("SMS worker job %s failed", action.__name__)
                        db.session.rollback()
                    finally:
                        db.session.remove()

    def _escalate(self) -> None:
        with _alone("escalate") as alone:
            if not alone:
                return  # another worker is escalating right now
            counts = escalation.escalate_overdue()
            if any(counts.values()):
                log.info("Escalation: %s", counts)

    def _retain(self) -> None:
        with _alone("retention") as alone:
            if not alone:
                return  # another worker is running it right now
            counts = retention_job.run()
            if any(counts.values()):
                log.info("Retention: %s", counts)

    def _reprocess(self) -> None:
        tried = inbox.reprocess(older_than=timedelta(minutes=1))
        if tried:
            log.info("Reprocessed %d stored inbound SMS", tried)

    def _forget_session(self) -> None:
        with self.app.app_context():
            db.session.rollback()
            db.session.remove()
