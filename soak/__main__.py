"""`python -m soak` (make soak): the whole system under a mixed load for SOAK_SECONDS
(default 180), with faults on a schedule: kill -9 an app worker, kill -9 an SMS worker
(and start another), restart PostgreSQL, Africa's Talking timing out then failing for a
while. Afterwards it checks that nothing acknowledged was lost or duplicated and prints a
table; it exits non-zero on any loss, duplicate, stuck message or slow recovery."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from mrejesho.timeutil import utcnow

from . import checks, load, report
from .gateway import Reporter, SoakAT
from .stack import TOKEN, Stack


def options(argv):
    parser = argparse.ArgumentParser(prog="python -m soak", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float,
                        default=float(os.environ.get("SOAK_SECONDS", "180")))
    parser.add_argument("--window", type=float, default=1.0,
                        help="SMS_UNKNOWN_WINDOW_MINUTES for the run (default 1: short, so "
                             "that unknown sends settle or are resent within the run)")
    parser.add_argument("--keep", action="store_true", help="keep the logs' folder")
    return parser.parse_args(argv)


def schedule(seconds: float) -> list[tuple[float, str]]:
    """(seconds after the start, fault): spread over the run, each with room after it."""
    return [(0.10 * seconds, "kill -9 an app worker"),
            (0.24 * seconds, "kill -9 an SMS worker, start another"),
            (0.38 * seconds, "restart PostgreSQL (immediate)"),
            (0.50 * seconds, f"Africa's Talking times out, then 500s ({outage(seconds):.0f} s)")]


def outage(seconds: float) -> float:
    """How long Africa's Talking fails: a minute in the default 3-minute run."""
    return min(60.0, seconds / 3)


class Monitor(threading.Thread):
    """Samples the outbox by status each second (for the backlog after the AT outage)."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.engine = sa.create_engine(url, pool_pre_ping=True)
        self.samples: list[tuple[float, Counter]] = []
        self.halt = threading.Event()

    def run(self):
        while not self.halt.wait(1.0):
            try:
                with self.engine.connect() as conn:
                    counts = Counter(dict(conn.execute(sa.text(
                        "SELECT status, count(*) FROM outbound_message GROUP BY status")).all()))
                self.samples.append((time.monotonic(), counts))
            except sa.exc.SQLAlchemyError:
                pass  # the database is restarting


def main(argv=None) -> int:
    args = options(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (make soak installs it)", file=sys.stderr)
        return 2
    logs = Path(tempfile.mkdtemp(prefix="mrejesho-soak-load-"))
    fake = SoakAT().start()
    stack = Stack(fake.url, args.window)
    try:
        return run(args, stack, fake, logs)
    finally:
        stack.stop()
        fake.stop()
        if not args.keep:
            shutil.rmtree(logs, ignore_errors=True)
            shutil.rmtree(stack.folder, ignore_errors=True)
        else:
            print(f"logs kept in {logs} and {stack.folder}", file=sys.stderr)


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def run(args, stack: Stack, fake: SoakAT, logs: Path) -> int:
    say("starting PostgreSQL (private cluster), 2 gunicorn instances, 2 SMS workers")
    stack.start()
    stack.flask("create-staff", "--email", load.STAFF_EMAIL, "--name", "Soak Officer",
                "--institution", "TANESCO", "--password", load.STAFF_PASSWORD)
    cookie, csrf = load.sign_in(stack.urls[0])
    reporter = Reporter(fake, stack.urls, TOKEN)
    reporter.start()
    monitor = Monitor(stack.database_url)
    monitor.start()
    say(f"load for {args.seconds:.0f} s on {', '.join(stack.urls)}: {load.MIX} per instance")
    started = time.monotonic()
    wrks = load.start(stack.urls, args.seconds, logs, TOKEN, cookie, csrf)
    faults = inject(stack, fake, started, args.seconds)
    for process in wrks:
        process.wait(timeout=args.seconds + 60)
    ended = time.monotonic()
    say("load over; settling: reprocessing stored SMS, draining the outbox, reports")
    stack.flask("sms-reprocess")
    settle(monitor, limit=90)
    left = reporter.stop()
    settle(monitor, limit=30)
    codes = stack.stop_workers()
    monitor.halt.set()
    lines = load.read(logs)
    verdict = verify(stack, fake, lines)
    print_report(args, lines, started, ended, faults, verdict, monitor, codes, left, stack)
    bad_recovery = [f for f in faults if f.recovery is not None
                    and f.recovery > report.RECOVERY_LIMIT]
    return 0 if verdict.ok and not bad_recovery and not any(codes) else 1


def inject(stack: Stack, fake: SoakAT, started: float, seconds: float) -> list[report.Fault]:
    """Do each fault at its time; returns when the last is over."""
    faults = []
    for at, name in schedule(seconds):
        time.sleep(max(0.0, started + at - time.monotonic()))  # waiting for the schedule
        say(name)
        begin = time.monotonic()
        note = ""
        if name.startswith("kill -9 an app"):
            note = f"pid {stack.kill_app_worker()}"
        elif name.startswith("kill -9 an SMS"):
            note = f"pid {stack.kill_sms_worker()}"
        elif name.startswith("restart"):
            stack.restart_database()
            note = f"down {time.monotonic() - begin:.1f} s"
        else:
            fake.set_mode("timeout")
            time.sleep(outage(seconds) / 2)  # the outage lasts this long
            fake.set_mode("error")
            time.sleep(outage(seconds) / 2)
            fake.set_mode("accept")
        faults.append(report.Fault(name, begin, time.monotonic(), note=note))
    return faults


def settle(monitor: Monitor, limit: float) -> None:
    """Wait (at most limit seconds) until nothing is queued, sending or calling."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        time.sleep(1)  # the worker polls; the monitor samples each second
        if monitor.samples:
            counts = monitor.samples[-1][1]
            if not (counts["queued"] + counts["sending"] + counts["calling"]):
                return


def verify(stack: Stack, fake: SoakAT, lines) -> checks.Verdict:
    engine = sa.create_engine(stack.database_url, pool_pre_ping=True)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT reference, body, citizen_phone FROM feedback")).all()
        feedback = {row.reference: row.body for row in rows}
        phones = {row.reference: row.citizen_phone for row in rows}
        with_sms = set(conn.execute(sa.text(
            "SELECT DISTINCT f.reference FROM feedback f JOIN outbound_message o "
            "ON o.feedback_id = f.id WHERE o.channel = 'sms'")).scalars())
        outbox = [dict(row._mapping) for row in conn.execute(sa.text(
            "SELECT id, \"to\", text, status, next_attempt_at, resent_after_unknown "
            "FROM outbound_message WHERE channel = 'sms'"))]
        stored_sms = set(conn.execute(sa.text("SELECT provider_id FROM inbound_sms")).scalars())
    engine.dispose()
    verdict = checks.Verdict()
    acks, replies = [], []
    for line in lines:
        if line.kind != "ack":
            continue
        if line.scenario == "ussd":
            acks.append(("ussd", line.ids[0], line.ids[1]))
        elif line.scenario == "web":
            acks.append(("web", line.ids[0], line.ids[1]))
        elif line.scenario == "staff":
            replies.append(line.ids[0])
        elif line.scenario == "sms":
            if line.ids[0] not in stored_sms:
                verdict.lost.append(f"inbound SMS {line.ids[0]} answered 200, not stored")
            acks.append(("sms", line.ids[0].removeprefix("soak-sms-"), None))
    acks = list(dict.fromkeys(acks))  # an SMS acknowledged twice (retried) is one submission
    checks.submissions(verdict, acks, feedback, checks.marks(list(feedback.values())))
    by_token = {token: reference for reference, body in feedback.items()
                for token in checks.MARK.findall(body or "")}
    acked = [reference or by_token.get(token) for _channel, token, reference in acks]
    checks.acknowledgements(verdict, [r for r in acked if r], phones, with_sms)
    checks.replies(verdict, replies, checks.marks([row["text"] for row in outbox]))
    accepted = Counter((number, text) for number, text, _ in fake.accepted)
    checks.outbox(verdict, outbox, accepted, utcnow())
    return verdict


def print_report(args, lines, started, ended, faults, verdict, monitor, codes, left, stack):
    load_cpu = os.getloadavg()[0]
    print(f"\ne-Mrejesho soak: {args.seconds:.0f} s, {os.cpu_count()} CPUs (load {load_cpu:.1f}),"
          f" 2 gunicorn x 2 workers x 4 threads, 2 SMS workers, private PostgreSQL, "
          f"all on 127.0.0.1; mix per instance {load.MIX} (wrk connections)")
    for row in report.table(lines, started, faults, ended):
        print(row)
    for fault in faults:
        if fault.note:
            print(f"  {fault.name}: {fault.note}")
    outage = next((f for f in faults if "Africa" in f.name), None)
    if outage:
        print(f"  outbox backlog after the outage: {backlog(monitor, outage.end)}")
    print(f"acknowledged submissions: {dict(verdict.acknowledged)}")
    print(f"acknowledgement SMS by outcome: {dict(verdict.sms)}")
    print(f"lost: {len(verdict.lost)}   duplicated: {len(verdict.duplicated)}   "
          f"stuck in sending: {len(verdict.stuck)}")
    for item in (verdict.lost + verdict.duplicated + verdict.stuck)[:20]:
        print(f"  {item}")
    print(f"SMS workers stopped by SIGTERM, exit codes {codes}; "
          f"delivery reports not posted: {left}")
    for path in stack.logs_with_tracebacks():
        print(f"  (tracebacks in {path.name}: see --keep)")
    print("PASS" if verdict.ok else "FAIL")


def backlog(monitor: Monitor, since: float) -> str:
    """Queued+calling+sending when AT came back, and seconds until it was empty."""
    after = [(t, c) for t, c in monitor.samples if t >= since]
    if not after:
        return "no samples"
    depth = lambda c: c["queued"] + c["sending"] + c["calling"]  # noqa: E731
    empty = next((t for t, c in after if depth(c) == 0), None)
    drained = f"empty {empty - since:.0f} s later" if empty else "not empty by the end"
    return f"{depth(after[0][1])} messages, {drained} (unknown now: {after[-1][1]['unknown']})"


if __name__ == "__main__":
    sys.exit(main())
