"""The queue at scale: with 100,000 feedback rows the first and the 500th page render with
the same handful of queries (none per row), and the CSV export streams all of them.

The rows are seeded once per backend for this module with a chunked bulk INSERT, and
removed afterwards; the other modules' per-test cleanup never sees them.
"""
from __future__ import annotations

import csv
import io
import re
import time
import tracemalloc
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from bench.bulk import insert_feedback
from mrejesho import create_app, references
from mrejesho.extensions import db
from mrejesho.models import Feedback, Institution, StaffUser
from mrejesho.staff.queue import queries
from mrejesho.staff.queue.filters import QueueFilter
from mrejesho.timeutil import utcnow
from tests.factories import STAFF_PASSWORD, make_staff

ROWS = 100_000
CHUNK = 5_000
STATUSES = ("new", "in_progress", "awaiting_citizen", "reopened", "new", "in_progress",
            "resolved", "closed", "new", "in_progress")  # 7 in 10 are open


COLUMNS = ("reference", "kind", "channel", "institution_id", "body", "status", "language",
           "anonymous", "citizen_phone", "created_at", "updated_at", "due_at",
           "escalation_level", "assigned_to_id")


def _rows(institution_id: int, officer_id: int):
    """ROWS plain tuples in COLUMNS order: due dates spread out, 1 in 3 assigned."""
    now = utcnow()
    for n in range(ROWS):
        digits = f"{n + 100_000_000:09d}"
        created = now - timedelta(minutes=7 * n)
        yield (digits + references.check_digit(digits), ("complaint", "enquiry")[n % 2],
               ("web", "sms", "ussd", "api")[n % 4], institution_id,
               f"Malalamiko namba {n} kuhusu huduma ya umeme mtaani.", STATUSES[n % 10], "sw",
               n % 5 == 0, f"+2557{n:08d}", created, created,
               created + timedelta(days=5, seconds=n % 97), 0,
               officer_id if n % 3 == 0 else None)


def seed(institution_id: int, officer_id: int) -> float:
    """Bulk-insert ROWS feedback rows (COPY on PostgreSQL, executemany on SQLite); returns
    the seconds it took. Plain tuples through the driver: no ORM objects, no per-row SQL."""
    started = time.perf_counter()
    insert_feedback(db, COLUMNS, _rows(institution_id, officer_id))
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def big(backend):
    """An app whose database holds 100,000 TANESCO feedback rows and one officer."""
    name, _url, settings = backend
    app = create_app(dict(settings))
    with app.app_context():
        officer = make_staff()
        officer_id, email = officer.id, officer.email
        tanesco = db.session.scalar(sa.select(Institution.id).filter_by(code="TANESCO"))
        # End this session's transaction before loading on another connection.
        db.session.rollback()
        seconds = seed(tanesco, officer_id)
        print(f"\nseeded {ROWS} rows on {name} in {seconds:.1f}s")
        yield app, email
        db.session.remove()
        remove_all_feedback()
        db.engine.dispose()


def remove_all_feedback() -> None:
    """Empty the feedback table fast. A plain DELETE checks, for each of the 100,000 rows,
    the unindexed self-reference duplicate_of_id: quadratic. So TRUNCATE on PostgreSQL
    (with the transient tables that point at feedback), and no FK checks on SQLite."""
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("TRUNCATE feedback CASCADE")
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.execute(sa.delete(Feedback))
        conn.execute(sa.delete(StaffUser))
        conn.commit()
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")


def statements_during(engine, action):
    """Run action(); return its result and the SQL statements it sent."""
    sent = []

    def record(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        return action(), sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def signed_in_client(app, email):
    client = app.test_client()
    response = client.post("/staff/login", data={"email": email, "password": STAFF_PASSWORD})
    assert response.status_code == 302
    return client


def test_first_and_500th_page_need_the_same_few_queries(big):
    app, email = big
    client = signed_in_client(app, email)
    with app.app_context():
        open_rows = sa.select(Feedback.id, Feedback.due_at).where(
            Feedback.status.in_(("new", "in_progress", "awaiting_citizen", "reopened"))
        ).order_by(Feedback.due_at, Feedback.id)
        # The row just before page 500 gives the cursor that page's "next" link would carry.
        before_500 = db.session.execute(
            open_rows.offset(499 * queries.PAGE_SIZE - 1).limit(2)).all()
        engine = db.engine
    cursor = f"{before_500[0].due_at:%Y%m%d%H%M%S%f}.{before_500[0].id}"
    timings = {}
    # A process that has served before: reference data (the bulk bar's institutions) is
    # kept per process, so only the first request of a process reads it.
    client.get("/staff/?tab=open")
    for label, url in (("page 1", "/staff/?tab=open"),
                       ("page 500", f"/staff/?tab=open&after={cursor}")):
        started = time.perf_counter()
        response, sent = statements_during(engine, lambda u=url: client.get(u))
        timings[label] = time.perf_counter() - started
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert len(re.findall(r'<tr data-reference="', html)) == queries.PAGE_SIZE
        assert len(sent) <= 6, sent  # user, counts, one page query, ... never one per row
        timings[label + " queries"] = len(sent)
        if label == "page 500":
            first_id = int(re.search(r'/staff/feedback/(\d+)"', html).group(1))
            assert first_id == before_500[1].id
    assert timings["page 1 queries"] == timings["page 500 queries"]
    print(f"\nqueue at {ROWS} rows: " + ", ".join(
        f"{k} {v:.3f}s" if isinstance(v, float) else f"{k} {v}" for k, v in timings.items()))


def test_export_streams_100k_rows_in_flat_memory(big):
    app, email = big
    client = signed_in_client(app, email)
    response = client.get("/staff/export.csv?tab=all")
    assert response.is_streamed
    started = time.perf_counter()
    chunks = lines = 0
    tail = b""
    tracemalloc.start()  # over the first chunks only: tracing makes everything slower
    try:
        for chunk in response.iter_encoded():
            chunks += 1
            lines += chunk.count(b"\n")
            tail = chunk
            if chunks == 20:
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
    finally:
        response.close()
        tracemalloc.stop()
    seconds = time.perf_counter() - started
    assert lines == ROWS + 1  # the header and every row
    assert chunks >= ROWS // 1000  # sent in pieces, not built whole
    # Had the rows been read whole before the first chunk, 20 chunks in would already hold
    # them all (the file alone is ~12 MB, the row objects several times more).
    assert peak < 8 * 2**20, peak
    last = next(csv.reader(io.StringIO(tail.decode().strip().splitlines()[-1])))
    assert re.fullmatch(r"\d{10}", last[0])
    print(f"\nexport of {ROWS} rows: {seconds:.1f}s, memory peak over the first 20,000 rows "
          f"{peak / 2**20:.1f} MiB")


def test_tab_counts_stop_at_999_plus_and_read_few_rows(big):
    """70,000 open rows: the busy tabs say "999+", each counted over at most 1,000 index
    entries in the one count query; a tab with none says 0."""
    app, email = big
    client = signed_in_client(app, email)
    html = client.get("/staff/?tab=open").get_data(as_text=True)
    shown = dict(re.findall(r'data-tab="(\w+)"[^>]*>[^<]*<span class="count[^"]*">([^<]+)</span>',
                            html))
    assert shown["open"] == shown["all"] == shown["mine"] == shown["unassigned"] == "999+"
    assert shown["escalated"] == "0"
    with app.app_context():
        officer = db.session.scalar(sa.select(StaffUser).filter_by(email=email))
        counts, sent = statements_during(
            db.engine, lambda: queries.tab_counts(officer, QueueFilter(), utcnow()))
    assert len(sent) == 1
    assert counts["open"] == counts["resolved"] == queries.COUNT_CAP
