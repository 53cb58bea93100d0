"""Confidentiality in every view (issue 15): a citizen's number is shown to staff only in
their institution's open cases, on request, and each showing is audited; anonymous citizens'
numbers never appear in the workspace, the CSV export or the audit log."""
from __future__ import annotations

import csv
import io
import json

import sqlalchemy as sa

from mrejesho.audit import AuditEntry, phone_hash
from tests.factories import make_feedback, make_staff, move_to

PHONE = "+255712345678"
MASKED = "+255 *** *** 678"


def page(client, item) -> str:
    return client.get(f"/staff/feedback/{item.id}?lang=en").get_data(as_text=True)


def reveals(db) -> list[AuditEntry]:
    db.session.expire_all()
    return db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "phone.reveal")).all()


def test_show_number_reveals_it_and_is_audited(client, db, staff_login):
    officer = staff_login(make_staff())
    item = make_feedback()
    html = page(client, item)
    assert MASKED in html and PHONE not in html and 'id="show-number"' in html
    response = client.post(f"/staff/feedback/{item.id}/phone")
    assert response.status_code == 200
    assert PHONE in response.get_data(as_text=True)
    [entry] = reveals(db)
    assert (entry.actor_id, entry.feedback_id) == (officer.id, item.id)
    assert entry.phone_hash == phone_hash(PHONE)
    assert PHONE not in page(client, item)  # the next visit shows it masked again


def test_a_closed_case_shows_the_number_masked_and_refuses_to_reveal(client, db,
                                                                     staff_login):
    officer = staff_login(make_staff())
    item = make_feedback()
    move_to(item, "closed", by=officer)
    html = page(client, item)
    assert MASKED in html and PHONE not in html and 'id="show-number"' not in html
    assert client.post(f"/staff/feedback/{item.id}/phone").status_code == 403
    assert reveals(db) == []


def test_staff_of_another_institution_see_the_number_masked(client, db, staff_login):
    staff_login(make_staff("DAWATI", role="admin"))
    item = make_feedback()
    html = page(client, item)
    assert MASKED in html and PHONE not in html
    assert client.post(f"/staff/feedback/{item.id}/phone").status_code == 403
    assert reveals(db) == []


def test_an_anonymous_citizens_number_is_never_revealed(client, db, staff_login):
    staff_login(make_staff())
    item = make_feedback(anonymous=True)
    assert 'id="show-number"' not in page(client, item)
    assert client.post(f"/staff/feedback/{item.id}/phone").status_code == 403
    assert PHONE not in page(client, item)


def test_export_writes_numbers_only_for_open_cases_of_the_own_institution(client, db,
                                                                           staff_login):
    officer = staff_login(make_staff())
    make_feedback(name="Wazi Wazi")
    make_feedback(anonymous=True)
    move_to(make_feedback(name="Imefungwa"), "closed", by=officer)
    text = client.get("/staff/export.csv?tab=all").get_data(as_text=True)
    rows = {row["citizen_name"]: row for row in csv.DictReader(io.StringIO(text[1:]))}
    assert rows["Wazi Wazi"]["citizen_phone"] == PHONE
    assert rows["Imefungwa"]["citizen_phone"] == MASKED
    assert rows[""]["citizen_phone"] == MASKED and rows[""]["anonymous"] == "yes"


def test_the_audit_log_holds_no_readable_number(client, db, staff_login):
    staff_login(make_staff())
    item = make_feedback(anonymous=True)
    page(client, item)
    client.get("/staff/?q=%2B255712345678")
    client.get("/staff/export.csv?q=0712345678&tab=all").get_data()
    db.session.expire_all()
    rows = db.session.execute(sa.text("SELECT * FROM audit_entry")).mappings().all()
    assert len(rows) == 3
    dumped = json.dumps([{k: str(v) for k, v in row.items()} for row in rows])
    assert "712345678" not in dumped and "345 678" not in dumped


def test_an_error_report_never_carries_the_number(app, db, client):
    """An unhandled error whose text names a citizen's number: the log line (through the
    application's own handler) masks it, and the error page says nothing of it."""
    import logging

    from mrejesho.ops import logs

    stream = io.StringIO()
    handler = logs.handler("text", stream)
    logging.getLogger().addHandler(handler)
    app.logger.disabled = False  # Alembic's set-up in this process disabled it

    def fail():
        raise RuntimeError(f"could not reach {PHONE}")

    app.add_url_rule("/boom-for-test", "boom_for_test", fail)
    try:
        response = client.get("/boom-for-test")
    finally:
        logging.getLogger().removeHandler(handler)
    assert response.status_code == 500
    assert "712345678" not in response.get_data(as_text=True)
    logged = stream.getvalue()
    assert "Unhandled error on /boom-for-test" in logged and "RuntimeError" in logged
    assert PHONE not in logged and "+2557" in logged
