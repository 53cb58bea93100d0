"""The admin's audit log page (issue 15): search by officer, action, dates, reference and
phone number (by its keyed hash), CSV export; only admins; searches by phone and exports
are audited themselves."""
from __future__ import annotations

import csv
import io
from datetime import datetime

import sqlalchemy as sa

from mrejesho.audit import AuditEntry, phone_hash, record
from tests.factories import make_feedback, make_staff

PHONE = "+255712345678"


def seed_log(db, clock):
    """Three entries on two East Africa days."""
    neema = make_staff(name="Neema Mollel")
    juma = make_staff(email="juma@tanesco.go.tz", name="Juma Ally")
    item = make_feedback()
    clock.set(datetime(2026, 3, 1, 20, 30))  # 23:30 in Dar es Salaam, 1 March
    record("case.view", actor=neema, feedback_id=item.id)
    clock.set(datetime(2026, 3, 1, 21, 30))  # 00:30 on 2 March
    record("queue.phone_search", actor=juma, phone="0712 345 678")
    record("api_key.used", detail={"key": 4})
    db.session.commit()
    return item


def rows(client, query: str) -> list[str]:
    html = client.get(f"/staff/admin/audit?lang=en&{query}").get_data(as_text=True)
    return [part.split('"')[0] for part in html.split('data-action="')[1:]]


def test_admins_search_the_log(client, db, staff_login, clock):
    item = seed_log(db, clock)
    staff_login(make_staff("DAWATI", role="admin"))
    assert rows(client, "") == ["api_key.used", "queue.phone_search", "case.view"]
    assert rows(client, "officer=neema") == ["case.view"]
    assert rows(client, "action=api_key.used") == ["api_key.used"]
    assert rows(client, "from=2026-03-02&to=2026-03-02") == ["api_key.used",
                                                             "queue.phone_search"]
    assert rows(client, "to=2026-03-01") == ["case.view"]
    assert rows(client, f"reference={item.reference.lower()}") == ["case.view"]
    assert rows(client, "phone=%2B255712345678") == ["queue.phone_search"]
    # The phone search above is itself recorded, its number as the hash only.
    db.session.expire_all()
    searched = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "audit.phone_search")).one()
    assert searched.phone_hash == phone_hash(PHONE)


def test_bad_search_values_are_explained(client, db, staff_login):
    staff_login(make_staff("DAWATI", role="admin"))
    response = client.get("/staff/admin/audit?lang=en&phone=hello&from=31-03-2026")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "not a phone number" in html and "YYYY-MM-DD" in html


def test_admins_export_the_log_and_the_export_is_recorded(client, db, staff_login, clock):
    seed_log(db, clock)
    admin = staff_login(make_staff("DAWATI", role="admin"))
    response = client.get("/staff/admin/audit.csv?officer=Juma")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    [row] = list(csv.DictReader(io.StringIO(text[1:])))
    assert row["action"] == "queue.phone_search" and row["actor_name"] == "Juma Ally"
    assert row["time"] == "2026-03-02 00:30:00" and row["phone_hash"] == phone_hash(PHONE)
    assert "712345678" not in text
    db.session.expire_all()
    export = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "audit.export")).one()
    assert export.actor_id == admin.id
    assert export.detail == {"filters": {"officer": "Juma"}, "rows": 1}


def test_only_admins_see_the_log(client, staff_login):
    staff_login(make_staff(role="manager"))
    assert client.get("/staff/admin/audit").status_code == 403
    assert client.get("/staff/admin/audit.csv").status_code == 403
