"""`python -m bench.sms_worker`: messages per second that SMS worker processes send from the
outbox through the africastalking SDK to the fake Africa's Talking, on PostgreSQL, and
whether any message was sent twice.

Runs on a private database of the server in BENCH_DATABASE_URL (default: the local
PostgreSQL). First a yardstick: --workers processes that only call the unmodified SDK (a new
connection per call, no database) against the same fake server, one recipient per call,
then --max-recipients per call; the worker keeps its connections alive, so it may beat it.
Then, for each traffic mix, --messages queued rows drained by --workers processes of
sms.worker.Worker (CPU per message is the figure least disturbed by a busy machine):
  unique   every text different, as receipts are (the reference is in the text)
  mixed    30% share a few texts (help, how-to-write answers), 70% unique
  shared   a few texts for everyone (a notice)
and `mixed` again with one recipient per call (the worker as it was before batching).
After each run: every number got its message exactly once at the fake server, and every
row is `sent` after one attempt with its own provider id. Start-up is not timed.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
MIXES = {"unique": 0.0, "mixed": 0.3, "shared": 1.0}  # share of rows with a common text
COMMON_TEXTS = 5


def _settings(url: str, fake_url: str) -> dict:
    from tests.fake_at import API_KEY, USERNAME

    return {"SQLALCHEMY_DATABASE_URI": url, "SMS_GATEWAY": "africastalking",
            "AT_API_BASE_URL": fake_url, "AT_USERNAME": USERNAME, "AT_API_KEY": API_KEY,
            "AT_SENDER_ID": "MREJESHO", "SMS_SEND_TIMEOUT": 30, "MREJESHO_ENV": "development"}


def _work(settings: dict, options: dict, start, results) -> None:
    """One worker process: build the app, wait for the start, drain the outbox."""
    from mrejesho import create_app
    from sms.worker import Worker

    worker = Worker(create_app(settings), **options)
    start.wait()
    began, cpu = time.perf_counter(), time.process_time()
    counts = worker.drain()
    results.put((os.getpid(), began, time.perf_counter(),
                 {**counts, "cpu": time.process_time() - cpu}))


def _call_sdk(fake_url: str, calls: int, recipients: int, offset: int, start, results) -> None:
    """One yardstick process: the SDK's send in a loop, no database."""
    import africastalking

    from tests.fake_at import API_KEY, USERNAME

    service = africastalking.SMSService(USERNAME, API_KEY)
    service._baseUrl = fake_url + "/version1"
    start.wait()
    began = time.perf_counter()
    for call in range(calls):
        first = offset + call * recipients
        numbers = [f"+2556{n:08d}" for n in range(first, first + recipients)]
        service.send(f"e-Mrejesho: ceiling {first}", numbers, sender_id="MREJESHO")
    results.put((os.getpid(), began, time.perf_counter(), {"sent": calls * recipients}))


def _run_processes(targets: list[tuple]) -> tuple[float, list[dict]]:
    """Start one process per (function, args), release them together; returns the seconds
    from the release to the last one's end, and each one's counts."""
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    processes = [context.Process(target=function, args=(*args, start, results))
                 for function, args in targets]
    for process in processes:
        process.start()
    time.sleep(0.5)  # not a timing assumption: the clock starts at each process's release
    start.set()
    reports = [results.get(timeout=1800) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        if process.exitcode != 0:
            raise SystemExit(f"a benchmark process failed (exit code {process.exitcode})")
    elapsed = max(r[2] for r in reports) - min(r[1] for r in reports)
    return elapsed, [r[3] for r in reports]


def _prepare(url: str) -> None:
    from flask_migrate import upgrade

    from mrejesho import create_app
    from mrejesho.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()


def _queue(engine, count: int, common_share: float) -> list[str]:
    """Queue count messages to distinct numbers; returns the numbers."""
    numbers = [f"+2557{n:08d}" for n in range(count)]
    rows = []
    for i, number in enumerate(numbers):
        reference = f"2026{i:06d}"
        if int((i + 1) * common_share) > int(i * common_share):  # spread among the rest
            text = (f"e-Mrejesho: tuma LALAMIKO <taasisi> <ujumbe> kwa 15200. "
                    f"Msaada: MSAADA ({i % COMMON_TEXTS})")
        else:
            text = (f"e-Mrejesho {reference}: Tumepokea lalamiko lako kwa TANESCO. "
                    f"Fuatilia: tuma HALI {reference} kwa 15200.")
        rows.append({"to": number, "text": text})
    with engine.begin() as connection:
        connection.execute(sa.text("TRUNCATE outbound_message RESTART IDENTITY CASCADE"))
        connection.execute(sa.text(
            "INSERT INTO outbound_message (\"to\", text, status, attempts, next_attempt_at, "
            "created_at) VALUES (:to, :text, 'queued', 0, now() at time zone 'utc' "
            "- interval '1 minute', now() at time zone 'utc')"), rows)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE outbound_message"))
    return numbers


def _check(engine, fake, numbers: list[str]) -> str:
    """Exactly once: at the fake server and in the outbox."""
    sent = Counter(fake.sent_to())
    twice = sum(1 for n in numbers if sent[n] > 1)
    missing = sum(1 for n in numbers if sent[n] == 0)
    with engine.connect() as connection:
        statuses = dict(connection.execute(sa.text(
            "SELECT status, count(*) FROM outbound_message GROUP BY status")).all())
        retried = connection.scalar(
            sa.text("SELECT count(*) FROM outbound_message WHERE attempts <> 1"))
        ids = connection.scalar(sa.text("SELECT count(DISTINCT provider_id) FROM outbound_message"))
    fine = (twice == 0 and missing == 0 and statuses == {"sent": len(numbers)} and retried == 0
            and ids == len(numbers))
    verdict = "OK, none sent twice" if fine else "FAILED"
    return (f"{verdict}: sent twice {twice}, never sent {missing}, rows {statuses}, "
            f"attempts<>1 {retried}, distinct provider ids {ids}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sms_worker",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=None, help="rows claimed per pass")
    parser.add_argument("--max-recipients", type=int, default=None,
                        help="recipients per Africa's Talking call (worker default if unset)")
    parser.add_argument("--senders", type=int, default=None,
                        help="gateway calls in flight per worker (worker default if unset)")
    parser.add_argument("--mixes", default="unique,mixed,shared,mixed/1")
    parser.add_argument("--ceiling-calls", type=int, default=1000,
                        help="SDK calls per process for the yardstick (0 skips it)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from mrejesho.testing.databases import private_postgres
    from tests.fake_at import FakeAfricasTalking

    server_url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SERVER
    print(f"SMS worker benchmark: {os.cpu_count()} CPUs (load {os.getloadavg()[0]:.1f}), "
          f"{args.workers} worker processes, {args.messages} messages per mix, PostgreSQL, "
          "fake Africa's Talking on 127.0.0.1 (in this process)", flush=True)
    fake = FakeAfricasTalking().start()
    try:
        if args.ceiling_calls:
            recipients = args.max_recipients or 100
            for per_call in (1, recipients):
                calls = max(args.ceiling_calls // per_call, 20)
                fake.requests.clear()
                elapsed, _ = _run_processes([
                    (_call_sdk, (fake.url, calls, per_call, w * calls * per_call))
                    for w in range(args.workers)])
                total = args.workers * calls
                print(f"yardstick, bare SDK, {per_call:>3} recipient(s) per call: "
                      f"{total / elapsed:8.0f} calls/s {total * per_call / elapsed:8.0f} "
                      "messages/s", flush=True)
        with private_postgres(server_url, "mrejesho_bench_sms") as url:
            _prepare(url)
            engine = sa.create_engine(url)
            settings = _settings(url, fake.url)
            for mix in filter(None, args.mixes.split(",")):
                name, _, per_call = mix.partition("/")
                options = {"escalate_every": 1e9, "reprocess_every": 1e9}
                if args.batch:
                    options["batch_size"] = args.batch
                if args.senders:
                    options["senders"] = args.senders
                if per_call or args.max_recipients:
                    options["max_recipients"] = int(per_call or args.max_recipients)
                numbers = _queue(engine, args.messages, MIXES[name])
                fake.requests.clear()
                fake_cpu = time.process_time()
                elapsed, counts = _run_processes(
                    [(_work, (settings, options)) for _ in range(args.workers)])
                fake_cpu = time.process_time() - fake_cpu
                worker_cpu = sum(c["cpu"] for c in counts)
                print(f"{mix:>9}: {args.messages / elapsed:6.0f} messages/s, {elapsed:5.1f} s, "
                      f"{len(fake.requests):5} calls, CPU per message: workers "
                      f"{worker_cpu / args.messages * 1e3:.2f} ms, fake "
                      f"{fake_cpu / args.messages * 1e3:.2f} ms; sent per worker "
                      f"{[c.get('sent', 0) for c in counts]}; {_check(engine, fake, numbers)}",
                      flush=True)
            engine.dispose()
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
