"""Each access to personal data in the staff workspace leaves an audit entry (issue 15):
case views (one an hour per officer and case), attachment downloads, CSV exports with their
filters and row count, and searches by phone number (kept only as a keyed hash)."""
from __future__ import annotations

import json
import os

import sqlalchemy as sa

from mrejesho import intake
from mrejesho.audit import AuditEntry, phone_hash
from tests.factories import STAFF_PASSWORD, citizen_form, make_feedback, make_staff

PHONE = "+255712345678"


def entries(db, action: str) -> list[AuditEntry]:
    db.session.expire_all()
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.id)).all()


def test_case_views_are_audited_once_an_hour_per_officer(client, db, staff_login, clock):
    officer = staff_login(make_staff(name="Neema Mollel"))
    item = make_feedback()
    for _ in range(3):
        assert client.get(f"/staff/feedback/{item.id}").status_code == 200
    clock.advance(minutes=59)
    client.get(f"/staff/feedback/{item.id}")
    assert len(entries(db, "case.view")) == 1
    clock.advance(minutes=2)
    html = client.get(f"/staff/feedback/{item.id}?lang=en").get_data(as_text=True)
    views = entries(db, "case.view")
    assert [(e.actor_id, e.actor_name, e.feedback_id, e.reference) for e in views] == \
        [(officer.id, "Neema Mollel", item.id, item.reference)] * 2
    # The page lists each audited opening, newest first, with the officer's name.
    opened = html.split('<ul class="viewers">')[1].split("</ul>")[0]
    assert opened.count("Neema Mollel") == 2


def test_another_officers_view_is_its_own_entry(app, client, db, staff_login):
    item = make_feedback()
    staff_login(make_staff())
    client.get(f"/staff/feedback/{item.id}")
    other = app.test_client()
    colleague = make_staff(email="colleague@tanesco.go.tz", name="Juma Ally")
    staff_login_other(other, colleague)
    other.get(f"/staff/feedback/{item.id}")
    assert {e.actor_name for e in entries(db, "case.view")} == {"Officer TANESCO", "Juma Ally"}


def staff_login_other(client, user):
    response = client.post("/staff/login", data={"email": user.email,
                                                 "password": STAFF_PASSWORD})
    assert response.status_code in (302, 303)


def test_attachment_download_is_audited(app, client, db, staff_login):
    officer = staff_login(make_staff())
    folder = app.config["UPLOAD_DIR"]
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "audit123.pdf"), "wb") as handle:
        handle.write(b"%PDF-1.4 test")
    attachment = {"path": "audit123.pdf", "name": "bili.pdf", "mime": "application/pdf"}
    item = intake.take(citizen_form(), channel="web", attachment=attachment)
    db.session.commit()
    assert client.get(f"/staff/feedback/{item.id}/attachment").status_code == 200
    [entry] = entries(db, "attachment.download")
    assert (entry.actor_id, entry.feedback_id) == (officer.id, item.id)
    assert entry.detail == {"file": "audit123.pdf"}


def test_export_is_audited_with_its_filters_and_row_count(client, db, staff_login):
    officer = staff_login(make_staff())
    make_feedback(channel="sms")
    make_feedback(channel="sms", body="Nguzo imeanguka")
    make_feedback(channel="web")
    response = client.get("/staff/export.csv?tab=all&channel=sms")
    assert response.status_code == 200
    response.get_data()
    [entry] = entries(db, "queue.export")
    assert entry.actor_id == officer.id
    assert entry.detail == {"filters": {"tab": "all", "channel": "sms"}, "rows": 2}


def test_phone_search_is_audited_as_a_keyed_hash(client, db, staff_login):
    officer = staff_login(make_staff())
    make_feedback()
    page = client.get("/staff/?q=0712+345+678&tab=all").get_data(as_text=True)
    assert "Umeme umekatika" in page
    [entry] = entries(db, "queue.phone_search")
    assert entry.actor_id == officer.id and entry.phone_hash == phone_hash(PHONE)
    row = db.session.execute(sa.text("SELECT * FROM audit_entry")).mappings().one()
    assert "712345678" not in json.dumps({k: str(v) for k, v in row.items()})
    # A reference or words are no phone search.
    client.get("/staff/?q=umeme")
    assert len(entries(db, "queue.phone_search")) == 1


def test_an_export_searching_a_phone_keeps_only_its_hash(client, db, staff_login):
    staff_login(make_staff())
    make_feedback()
    client.get("/staff/export.csv?q=0712345678").get_data()
    [entry] = entries(db, "queue.export")
    assert entry.phone_hash == phone_hash(PHONE)
    assert entry.detail == {"filters": {"q": "[phone]"}, "rows": 1}
