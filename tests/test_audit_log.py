"""The audit log (issue 15): record() and phone_hash(), and the database refusing to change it."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError

from mrejesho.audit import AuditEntry, phone_hash, record
from tests.factories import make_staff

PHONE = "+255712345678"


def _entries(db):
    return db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()


def test_record_keeps_the_actor_and_a_keyed_hash_never_the_phone(db):
    officer = make_staff()
    record("phone.search", actor=officer, phone="0712 345 678",
           detail={"query": f"call {PHONE} please", "rows": 3})
    db.session.commit()
    [entry] = _entries(db)
    assert (entry.action, entry.actor_id, entry.actor_name) == ("phone.search", officer.id,
                                                                  officer.name)
    assert entry.phone_hash == phone_hash(PHONE) != phone_hash("+255712345679")
    assert len(entry.phone_hash) == 64 and "712345678" not in entry.phone_hash
    assert entry.detail == {"query": "call [phone] please", "rows": 3}


def test_phone_hash_depends_on_the_key(app):
    first = phone_hash(PHONE)
    app.config["AUDIT_KEY"] = "another key"
    assert phone_hash(PHONE) != first


def test_any_action_string_is_recorded_without_an_actor(db):
    record("api_key.used", detail={"key": 7})
    db.session.commit()
    [entry] = _entries(db)
    assert entry.actor_id is None and entry.action == "api_key.used"


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entry SET action = 'nothing'",
    "DELETE FROM audit_entry",
])
def test_the_database_refuses_to_change_the_log(db, statement):
    record("case.view", detail={"n": 1})
    db.session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(sa.text(statement))
    db.session.rollback()
    assert [entry.action for entry in _entries(db)] == ["case.view"]
