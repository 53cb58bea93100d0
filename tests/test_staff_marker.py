"""The queue's "citizen answered" marker: a row the citizen wrote on since this officer last
opened the case says so in words, and a filter shows only those rows."""
from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy import event

from mrejesho.models import CaseView, Event, Feedback
from mrejesho.staff.queue import queries
from mrejesho.staff.queue.filters import QueueFilter, citizen_answered
from mrejesho.timeutil import utcnow
from tests.factories import follow_up, make_feedback, make_staff, move_to, rate

MARKER = "Mwananchi amejibu"


def marked(response) -> set[str]:
    """References of the rows that carry the marker."""
    html = response.get_data(as_text=True)
    return {ref for ref, row in re.findall(r'<tr data-reference="(\d{10})"[^>]*>(.*?)</tr>',
                                            html, re.S) if MARKER in row}


def listed(response) -> set[str]:
    return set(re.findall(r'<tr data-reference="(\d{10})"', response.get_data(as_text=True)))


def test_follow_up_marks_the_row_until_the_officer_opens_the_case(client, db, staff_login):
    officer = staff_login(make_staff())
    quiet, answered = make_feedback(), make_feedback()
    for item in (quiet, answered):
        assert client.get(f"/staff/feedback/{item.id}").status_code == 200
    assert marked(client.get("/staff/")) == set()
    follow_up(answered, "Namba ya mita ni 04212345678.")
    queue = client.get("/staff/")
    assert marked(queue) == {answered.reference}
    assert listed(queue) == {quiet.reference, answered.reference}
    # The filter: only the rows the citizen answered since the officer looked.
    assert listed(client.get("/staff/?answered=1")) == {answered.reference}
    assert 'name="answered" value="1" checked' in client.get("/staff/?answered=1").get_data(
        as_text=True)
    client.get(f"/staff/feedback/{answered.id}")
    assert marked(client.get("/staff/")) == set()
    assert listed(client.get("/staff/?answered=1")) == set()
    # The first view is still on the timeline once per officer.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event).where(
        Event.feedback_id == answered.id, Event.type == "viewed")) == 1
    assert officer.id == db.session.scalar(sa.select(CaseView.staff_id).where(
        CaseView.feedback_id == answered.id))


def test_marker_is_per_officer(client, db, staff_login):
    first = make_staff()
    second = make_staff(email="b@tanesco.go.tz")
    item = make_feedback()
    staff_login(first)
    client.get(f"/staff/feedback/{item.id}")
    follow_up(item, "Bado hakuna umeme.")
    client.get(f"/staff/feedback/{item.id}")
    assert marked(client.get("/staff/")) == set()
    client.post("/staff/logout")
    staff_login(second)  # never opened it: the citizen's message is news to them
    assert marked(client.get("/staff/")) == {item.reference}


def test_never_answered_rows_carry_no_marker(client, db, staff_login):
    staff_login(make_staff())
    item = make_feedback()
    assert item.citizen_activity_at is None
    assert marked(client.get("/staff/")) == set()
    assert listed(client.get("/staff/?answered=1")) == set()


def test_dispute_and_rating_are_citizen_activity(db):
    officer = make_staff()
    disputed, rated = make_feedback(), make_feedback()
    for item in (disputed, rated):
        move_to(item, "resolved", by=officer)
    follow_up(disputed, "Bado tatizo lipo!")
    rate(rated, 2, "Polepole sana")
    for item in (disputed, rated):
        db.session.rollback()
        assert db.session.get(Feedback, item.id).citizen_activity_at is not None
    assert db.session.get(Feedback, disputed.id).status == "reopened"


def test_repeat_view_writes_nothing_until_the_citizen_writes(client, db, staff_login):
    officer = staff_login(make_staff())
    item = make_feedback()
    client.get(f"/staff/feedback/{item.id}")
    seen = db.session.scalar(sa.select(CaseView.seen_at).filter_by(feedback_id=item.id))
    client.get(f"/staff/feedback/{item.id}")
    db.session.rollback()
    assert db.session.scalar(sa.select(CaseView.seen_at).filter_by(feedback_id=item.id)) == seen
    follow_up(item, "Nimeongeza picha.")
    client.get(f"/staff/feedback/{item.id}")
    db.session.rollback()
    later = db.session.scalar(sa.select(CaseView.seen_at).filter_by(
        feedback_id=item.id, staff_id=officer.id))
    assert later >= db.session.get(Feedback, item.id).citizen_activity_at > seen


def test_the_page_reads_the_marker_in_its_one_query(client, db, staff_login):
    officer = staff_login(make_staff())
    items = [make_feedback() for _ in range(6)]
    for item in items[:3]:
        follow_up(item, "Taarifa zaidi.")
    assert officer.institution_id  # loaded afresh before counting
    sent = []

    def record(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        page = queries.queue_page(officer, QueueFilter(), utcnow())
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert len(sent) == 1 and "LEFT OUTER JOIN case_view" in sent[0]
    assert page.answered == {item.id for item in items[:3]}


def test_answered_filter_walks_its_partial_index_on_sqlite(db):
    if db.engine.dialect.name != "sqlite":
        return
    officer = make_staff()
    with db.engine.begin() as conn:  # another test's ANALYZE of rows deleted since
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
            conn.exec_driver_sql("DELETE FROM sqlite_stat1")
    db.engine.dispose()  # SQLite reads the statistics when a connection opens
    stmt = sa.select(Feedback.id).where(
        Feedback.institution_id == officer.institution_id, Feedback.status == "new",
        citizen_answered(officer)).order_by(Feedback.due_at, Feedback.id).limit(51)
    sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as conn:
        plan = " ".join(str(row) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "ix_feedback_citizen_activity" in plan
