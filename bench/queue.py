"""Staff queue scenario: with 100,000 feedback rows, the queue's first and 500th page, one
feedback page, the dashboard, and the CSV export of all 100,000 rows, signed in as an officer.

It needs rows and an account the shared bench database does not hold, so it prepares its
own database (same backend as the target) and its own gunicorn with bench.servers.
"""
from __future__ import annotations

import os
import random
import re
import time
from contextlib import ExitStack
from datetime import timedelta
from urllib.parse import urlencode

from . import servers
from .bulk import insert_feedback
from .load import Connection, run
from .report import Row, Target

ROWS = 100_000
PASSWORD = "bench password 1"
OPEN = ("new", "in_progress", "awaiting_citizen", "reopened")
STATUSES = OPEN + ("new", "in_progress", "resolved", "closed", "new", "in_progress")
COLUMNS = ("reference", "kind", "channel", "institution_id", "body", "status", "language",
           "anonymous", "citizen_phone", "created_at", "updated_at", "due_at",
           "escalation_level", "assigned_to_id")


def run_scenario(target: Target) -> list[Row]:
    """Seed 100,000 rows on a database of target.backend, then time the staff pages."""
    with ExitStack() as stack:
        if target.backend == "postgresql":
            url = stack.enter_context(servers.postgres_database(os.environ["BENCH_DATABASE_URL"]))
        else:
            url = stack.enter_context(servers.sqlite_database())
        email, after_499, ids = prepare(url)
        app_url = stack.enter_context(servers.gunicorn("wsgi:app", servers.app_environment(url)))
        cookie = sign_in(app_url, email)
        pages = {"page 1": "/staff/?tab=open",
                 "page 500": "/staff/?" + urlencode({"tab": "open", "after": after_499})}
        kwargs = {"threads": target.threads, "seconds": target.seconds, "warmup": 3}
        rows = []
        for label, path in pages.items():
            result = run(app_url, lambda conn, p=path, lb=label: get(conn, p, cookie, lb),
                         **kwargs)
            rows.append(Row(target.backend, f"staff queue {label} of {ROWS:,}", "request",
                            result, label))
        case = run(app_url, lambda conn: get(conn, f"/staff/feedback/{random.choice(ids)}",
                                             cookie, "case"), **kwargs)
        rows.append(Row(target.backend, "staff feedback page", "request", case, "case"))
        board = run(app_url, lambda conn: get(conn, "/staff/dashboard", cookie, "board"),
                    **{**kwargs, "threads": 2})
        rows.append(Row(target.backend, "staff dashboard (30 days)", "request", board, "board"))
        export = run(app_url, lambda conn: get(conn, "/staff/export.csv?tab=all", cookie,
                                               "export"), threads=1, seconds=0.1,
                     max_operations=1, warmup=0)
        rows.append(Row(target.backend, f"staff CSV export of {ROWS:,} rows", "request",
                        export, "export"))
        return rows


def prepare(url: str) -> tuple[str, str, list[int]]:
    """Create an officer and ROWS feedback rows; return its email, the cursor that opens
    page 500 of the open tab, and some feedback ids."""
    from mrejesho import create_app, references
    from mrejesho.extensions import db
    from mrejesho.seed import create_staff
    from mrejesho.timeutil import utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        officer = create_staff("bench@tanesco.go.tz", "Bench Officer", "officer", "TANESCO",
                               PASSWORD)
        now = utcnow()
        rows = (
            (f"{n + 100_000_000:09d}" + references.check_digit(f"{n + 100_000_000:09d}"),
             ("complaint", "enquiry")[n % 2], ("web", "sms", "ussd", "api")[n % 4],
             officer.institution_id, f"Malalamiko namba {n} kuhusu huduma ya umeme.",
             STATUSES[n % 10], "sw", n % 5 == 0, f"+2557{n:08d}", now - timedelta(minutes=n),
             now, now + timedelta(minutes=7 * (n % 40_000), seconds=n % 97), 0,
             officer.id if n % 3 == 0 else None)
            for n in range(ROWS)
        )
        insert_feedback(db, COLUMNS, rows)
        found = db.session.execute(db.text(
            "SELECT id, due_at FROM feedback WHERE status IN ('new', 'in_progress', "
            "'awaiting_citizen', 'reopened') ORDER BY due_at, id LIMIT 1 OFFSET 24949")).one()
        due = found.due_at if not isinstance(found.due_at, str) else _parse(found.due_at)
        ids = list(db.session.scalars(db.text("SELECT id FROM feedback LIMIT 1000")))
        db.engine.dispose()
    return "bench@tanesco.go.tz", f"{due:%Y%m%d%H%M%S%f}.{found.id}", ids


def _parse(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text)


def sign_in(base_url: str, email: str) -> str:
    """Sign in through the real form (CSRF token included); return the session cookie."""
    conn = Connection(base_url).conn
    conn.request("GET", "/staff/login")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = _cookie(response)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    body = urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
    conn.request("POST", "/staff/login", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    if response.status != 302:
        raise RuntimeError(f"bench sign-in failed: {response.status}")
    return _cookie(response)


def _cookie(response) -> str:
    """The session cookie among the Set-Cookie headers, as "session=..."."""
    for header in response.msg.get_all("Set-Cookie") or []:
        if header.startswith("session="):
            return header.split(";", 1)[0]
    raise RuntimeError("no session cookie")


def get(conn: Connection, path: str, cookie: str, label: str) -> None:
    """GET a staff page with the session cookie, reading the whole body; time it."""
    started = time.perf_counter()
    try:
        conn.conn.request("GET", path, headers={"Cookie": cookie})
        response = conn.conn.getresponse()
        while response.read(65536):
            pass
    except (ConnectionError, OSError):
        conn.errors += 1
        conn.conn.close()
        return
    conn.record(label, time.perf_counter() - started)
    if response.status != 200:
        conn.errors += 1
