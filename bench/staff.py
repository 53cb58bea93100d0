"""The staff pages under load: fill the database with BENCH_ROWS feedback rows
(`flask generate-feedback N`; bench.bulk's loader where that command does not exist),
sign an officer of the busiest institution in, and list the pages to fetch."""
from __future__ import annotations

import itertools
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import timedelta

import requests

from . import servers
from .bulk import insert_feedback

EMAIL = "bench.officer@example.go.tz"
PASSWORD = "bench password 1"
DEEP_PAGE = 500
CASES = 50  # case pages visited in turn


@dataclass(frozen=True)
class Pages:
    """What the staff scenarios fetch, and for whom."""

    queue_first: str
    queue_deep: str
    deep_page: int
    cases: list[str]
    dashboard: str
    institution: str
    open_rows: int


def fill(database_url: str, rows: int) -> str:
    """Load rows feedback rows; returns how ("generate-feedback" or "bench.bulk")."""
    probe = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "generate-feedback",
                            "--help"], cwd=servers.ROOT, env=servers.app_environment(database_url),
                           capture_output=True, text=True)
    if probe.returncode == 0:
        servers.flask(database_url, "generate-feedback", str(rows), show=True)
        return "generate-feedback"
    _bulk_load(database_url, rows)
    return "bench.bulk"


def prepare(database_url: str) -> Pages:
    """Create the officer in the institution with the most open feedback; the pages to load."""
    from mrejesho import create_app
    from mrejesho.extensions import db
    from mrejesho.lifecycle import OPEN
    from mrejesho.models import Feedback, Institution
    from mrejesho.seed import create_staff
    from mrejesho.staff.queue.queries import PAGE_SIZE, encode_cursor

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        open_rows = Feedback.status.in_(sorted(OPEN))
        institution_id, count = db.session.execute(
            db.select(Feedback.institution_id, db.func.count()).where(open_rows)
            .group_by(Feedback.institution_id).order_by(db.func.count().desc()).limit(1)).one()
        code = db.session.get(Institution, institution_id).code
        create_staff(EMAIL, "Bench Officer", "officer", code, PASSWORD)
        pages = max((count - 1) // PAGE_SIZE + 1, 1)
        deep = min(DEEP_PAGE, pages)
        queue = "/staff/?tab=open"
        deep_path = queue
        if deep > 1:
            # Page N opens after the last row of page N-1, in the queue's order.
            before = db.session.execute(
                db.select(Feedback.id, Feedback.priority, Feedback.due_at)
                .where(Feedback.institution_id == institution_id, open_rows)
                .order_by(Feedback.priority, Feedback.due_at, Feedback.id)
                .offset((deep - 1) * PAGE_SIZE - 1).limit(1)).one()
            deep_path = f"{queue}&after={encode_cursor(before)}"
        ids = db.session.scalars(
            db.select(Feedback.id).where(Feedback.institution_id == institution_id)
            .order_by(Feedback.id.desc()).limit(CASES)).all()
        db.engine.dispose()
    return Pages(queue_first=queue, queue_deep=deep_path, deep_page=deep,
                 cases=[f"/staff/feedback/{ident}" for ident in ids],
                 dashboard="/staff/dashboard", institution=code, open_rows=count)


def sign_in(base_url: str) -> str:
    """Sign the officer in through the real form (CSRF token included); the Cookie header."""
    with requests.Session() as browser:
        form = browser.get(f"{base_url}/staff/login", timeout=30)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.text)
        if token is None:
            raise RuntimeError("bench sign-in: no CSRF token on the login form")
        answer = browser.post(f"{base_url}/staff/login", timeout=30, allow_redirects=False,
                              data={"email": EMAIL, "password": PASSWORD,
                                    "csrf_token": token.group(1)})
        if answer.status_code != 302 or "session" not in browser.cookies:
            raise RuntimeError(f"bench sign-in failed: {answer.status_code}")
        return f"session={browser.cookies['session']}"


STATUSES = ("new", "in_progress", "awaiting_citizen", "reopened", "new", "in_progress",
            "resolved", "closed", "new", "in_progress")
COLUMNS = ("reference", "kind", "channel", "institution_id", "body", "status", "language",
           "anonymous", "citizen_phone", "created_at", "updated_at", "due_at",
           "escalation_level")


def _bulk_load(database_url: str, count: int) -> None:
    """Fallback loader: count plain rows, all for TANESCO, most of them open."""
    from mrejesho import create_app, references
    from mrejesho.extensions import db
    from mrejesho.models import Feedback, Institution
    from mrejesho.timeutil import utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        institution_id = db.session.scalar(db.select(Institution.id).filter_by(code="TANESCO"))
        taken = set(db.session.scalars(db.select(Feedback.reference)))  # made by the app
        now = utcnow()

        def free_references():
            for stem in map(str, itertools.count(100_000_000)):
                reference = stem + references.check_digit(stem)
                if reference not in taken:
                    yield reference

        rows = (
            (reference, ("complaint", "enquiry")[n % 2], ("web", "sms", "ussd", "api")[n % 4],
             institution_id, f"Malalamiko namba {n} kuhusu huduma ya umeme.",
             STATUSES[n % 10], "sw", n % 5 == 0, f"+2556{n:08d}", now - timedelta(minutes=n),
             now, now + timedelta(minutes=7 * (n % 40_000), seconds=n % 97), 0)
            for n, reference in zip(range(count), free_references(), strict=False)
        )
        insert_feedback(db, COLUMNS, rows)
        db.engine.dispose()
