"""`python -m bench`: wrk drives the bare Flask ceiling and the real app, both under the same
gunicorn settings, on SQLite (and on PostgreSQL when BENCH_DATABASE_URL names a server);
prints one table, the exactly-once checks and the workers' memory; writes the same as JSON
under bench/results/. Exits non-zero when a check finds a mismatch.

    python -m bench                     every scenario
    python -m bench --only ussd         scenarios whose name starts so (ussd-menu, ussd-session)
    python -m bench --seconds 5         a shorter measured run per scenario
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from . import checks, servers, staff, wrk
from .report import Row, table

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Scenario:
    name: str
    script: str  # in bench/lua
    path: str  # as the table names it
    unit: str = ""  # "sessions" when one unit of work is several requests
    # wrk's Lua state is per thread: a scenario with state between requests (a USSD
    # session) gets one connection per thread, so its steps follow one another.
    one_connection_per_thread: bool = False


WEBHOOKS = (
    Scenario("ussd-menu", "ussd_menu.lua", "USSD menu step (dial, then 1)",
             one_connection_per_thread=True),
    Scenario("ussd-session", "ussd_session.lua", "USSD session filing a complaint (8 steps)",
             unit="sessions", one_connection_per_thread=True),
    Scenario("sms", "sms.lua", "inbound SMS filing a complaint"),
)
STAFF = Scenario("staff", "staff.lua", "staff pages")
NAMES = [scenario.name for scenario in WEBHOOKS] + [STAFF.name]


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    if not wrk.available():
        print("wrk is not installed: `make bench` installs it (apt-get install -y wrk)",
              file=sys.stderr)
        return 2
    chosen = [name for name in NAMES if any(name.startswith(p) for p in args.only)]
    if not chosen:
        print(f"--only matches none of {', '.join(NAMES)}", file=sys.stderr)
        return 2
    heading = (f"e-Mrejesho benchmark: {os.cpu_count()} CPUs (load "
               f"{os.getloadavg()[0]:.1f}), {servers.SETTINGS}; wrk -t{args.threads} "
               f"-c{args.connections} (USSD: -t{args.connections} -c{args.connections}), "
               f"{args.warmup:g} s warm-up + {args.seconds:g} s per row, all on 127.0.0.1")
    print(heading, flush=True)
    bench = Bench(args)
    for backend, database in backends():
        with database as url:
            bench.backend(backend, url, chosen)
    return bench.finish(heading)


def options(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="measured seconds per row (default 10)")
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="warm-up seconds before each row (default 2)")
    parser.add_argument("--only", type=lambda text: [p for p in text.split(",") if p],
                        default=[""], help=f"comma-separated name prefixes of {NAMES}")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=32,
                        help="wrk connections (default 32)")
    parser.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_ROWS", 100_000)),
                        help="feedback rows for the staff pages (default BENCH_ROWS or 100000)")
    return parser.parse_args(argv)


def backends() -> list[tuple[str, object]]:
    """The databases to run on: SQLite always, PostgreSQL when BENCH_DATABASE_URL is set."""
    found = [("sqlite", servers.sqlite_database())]
    if os.environ.get("BENCH_DATABASE_URL"):
        name = "pg+redis" if servers.redis_url() else "postgresql"
        found.append((name, servers.postgres_database(os.environ["BENCH_DATABASE_URL"])))
    return found


class Bench:
    """The rows, checks and memory figures of one run."""

    def __init__(self, args):
        self.args = args
        self.rows: list[Row] = []
        self.checks: list[checks.Check] = []
        self.memory: dict[str, list[int]] = {}
        self.notes: list[str] = []

    def load(self, one_connection_per_thread: bool, seconds: float) -> wrk.Load:
        connections = self.args.connections
        threads = connections if one_connection_per_thread else self.args.threads
        return wrk.Load(threads, connections, seconds)

    def measure(self, script: str, url: str, single: bool, args: dict,
                headers: dict | None = None, name: str = "") -> tuple[wrk.Outcome, wrk.Outcome]:
        """A warm-up run, then the measured run; both outcomes."""
        label = f"{script} {name}".strip()
        say(f"  {label}: warm-up {self.args.warmup:g} s, then {self.args.seconds:g} s")
        warm = wrk.run(script, url, self.load(single, self.args.warmup),
                       {**args, "run": "w"}, headers)
        measured = wrk.run(script, url, self.load(single, self.args.seconds),
                           {**args, "run": "m"}, headers)
        unanswered = warm.unanswered + measured.unanswered
        if unanswered or warm.cut_threads or measured.cut_threads:
            self.notes.append(f"{label}: {unanswered} requests sent got no answer (the "
                              "server may have done them; exact checks may not hold)")
        return warm, measured

    def backend(self, backend: str, url: str, chosen: list[str]) -> None:
        say(f"{backend}: bare Flask ceiling")
        shapes = {s.one_connection_per_thread for s in WEBHOOKS if s.name in chosen}
        if STAFF.name in chosen:
            shapes.add(False)
        ceilings = {}
        with servers.gunicorn("bench.bare:app") as bare_url:
            for single in sorted(shapes):
                load = self.load(single, 0)
                _, outcome = self.measure("bare.lua", bare_url, single,
                                          {"token": servers.TOKEN})
                ceilings[single] = outcome.per_second
                self.rows.append(Row(backend, f"bare Flask POST (-t{load.threads} "
                                     f"-c{load.connections})", outcome, outcome.per_second))
            self.memory[f"{backend}: bare Flask"] = servers.worker_memory()
        webhooks = [s for s in WEBHOOKS if s.name in chosen]
        if webhooks:
            self.webhooks(backend, url, webhooks, ceilings)
        if STAFF.name in chosen:
            self.staff(backend, url, ceilings[False])

    def webhooks(self, backend, url, scenarios, ceilings) -> None:
        answered = {}
        with servers.gunicorn("wsgi:app", servers.app_environment(url)) as app_url:
            for scenario in scenarios:
                single = scenario.one_connection_per_thread
                runs = self.measure(scenario.script, app_url, single, {"token": servers.TOKEN})
                answered[scenario.name] = {
                    "ok": sum(run.ok for run in runs),
                    "finished": sum(run.finished for run in runs)}
                self.rows.append(Row(backend, scenario.path, runs[1], ceilings[single],
                                     scenario.unit))
            self.memory[f"{backend}: app after webhooks"] = servers.worker_memory()
        self.checks += checks.webhooks(backend, url, answered)

    def staff(self, backend, url, ceiling) -> None:
        say(f"{backend}: loading {self.args.rows:,} feedback rows")
        started = time.monotonic()
        how = staff.fill(url, self.args.rows)
        self.notes.append(f"{backend}: {self.args.rows:,} rows loaded by {how} in "
                          f"{time.monotonic() - started:.0f} s")
        pages = staff.prepare(url)
        rows = f"{self.args.rows:,} rows"
        targets = [
            (f"staff queue, first page ({rows})", [pages.queue_first]),
            (f"staff queue, page {pages.deep_page} ({rows})", [pages.queue_deep]),
            (f"staff case page ({rows})", pages.cases),
            (f"staff dashboard ({rows})", [pages.dashboard]),
        ]
        with servers.gunicorn("wsgi:app", servers.app_environment(url)) as app_url:
            cookie = {"Cookie": staff.sign_in(app_url)}
            for path, paths in targets:
                _, outcome = self.measure("staff.lua", app_url, False,
                                          {"paths": ",".join(paths)}, cookie, path)
                self.rows.append(Row(backend, path, outcome, ceiling))
            self.memory[f"{backend}: app after staff pages"] = servers.worker_memory()
        self.notes.append(f"{backend}: staff pages as an officer of {pages.institution} "
                          f"({pages.open_rows:,} open)")

    def finish(self, heading: str) -> int:
        printed = table(self.rows)
        print(printed)
        print()
        print("Every answered request did its work exactly once:")
        for check in self.checks:
            print(f"  {check.line()}")
        print("gunicorn workers' resident memory after the run (MB, from /proc):")
        for server, sizes in self.memory.items():
            print(f"  {server}: {', '.join(map(str, sizes))}")
        for note in self.notes:
            print(f"note: {note}")
        RESULTS.mkdir(exist_ok=True)  # git-ignored: figures belong to the machine they ran on
        stamp = time.strftime("%Y%m%d-%H%M%S")
        (RESULTS / f"bench-{stamp}.json").write_text(json.dumps({
            "heading": heading, "rows": [row.as_dict() for row in self.rows],
            "checks": [{**asdict(check), "passed": check.passed} for check in self.checks],
            "memory_mb": self.memory, "notes": self.notes,
        }, indent=2, default=str) + "\n")
        print(f"written: bench/results/bench-{stamp}.json")
        return 0 if all(check.passed for check in self.checks) else 1


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
