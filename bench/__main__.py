"""`python -m bench`: the bare Flask yardstick, then every scenario against the real app on
SQLite (and on PostgreSQL when BENCH_DATABASE_URL names a server), printed as one table.

Options: --seconds per measured run (default 8), --threads of the load generator (8).
Another area adds its scenario with one line in SCENARIOS: a module whose
run_scenario(target: report.Target) returns a list of report.Row.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from contextlib import ExitStack
from importlib import import_module
from pathlib import Path

from . import servers
from .load import run
from .report import Row, Target, table

RESULTS = Path(__file__).resolve().parent / "results"
SCENARIOS = [
    "bench.ussd",
    "bench.queue",
]


def bare_flask(seconds: float, threads: int) -> Row:
    """Time the bare Flask app answering the same kind of POST."""
    fields = {"sessionId": "bench", "serviceCode": "*152*00#", "phoneNumber": "+255712345678",
              "networkCode": "64002", "text": "1*1"}
    with servers.gunicorn("bench.bare:app") as url:
        result = run(url, lambda conn: conn.post("/ussd", fields, "bare"), threads=threads,
                     seconds=seconds)
    return Row("-", "bare Flask POST", "request", result, "bare")


def backends() -> list[tuple[str, object]]:
    """The databases to run on: SQLite always, PostgreSQL when BENCH_DATABASE_URL is set."""
    found = [("sqlite", servers.sqlite_database())]
    if os.environ.get("BENCH_DATABASE_URL"):
        found.append(("postgresql", servers.postgres_database(os.environ["BENCH_DATABASE_URL"])))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)
    heading = (f"e-Mrejesho benchmark: {os.cpu_count()} CPUs (load {os.getloadavg()[0]:.1f}), "
               f"gunicorn {servers.WORKERS} workers x {servers.THREADS} threads, "
               f"{args.threads} client threads with keep-alive, {args.seconds:g} s per run, "
               "all on 127.0.0.1")
    print(heading, flush=True)
    baseline = bare_flask(args.seconds, args.threads)
    rows = [baseline]
    for backend, database in backends():
        with ExitStack() as stack:
            url = stack.enter_context(database)
            app_url = stack.enter_context(
                servers.gunicorn("wsgi:app", servers.app_environment(url)))
            target = Target(backend, app_url, servers.TOKEN, args.seconds, args.threads)
            for name in SCENARIOS:
                print(f"  running {name} on {backend}...", file=sys.stderr, flush=True)
                rows += import_module(name).run_scenario(target)
    printed = table(rows, baseline)
    print(printed)
    RESULTS.mkdir(exist_ok=True)  # git-ignored: figures belong to the machine they ran on
    (RESULTS / time.strftime("bench-%Y%m%d-%H%M%S.txt")).write_text(f"{heading}\n{printed}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
