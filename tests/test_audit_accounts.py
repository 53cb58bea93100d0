"""Account changes are audited (issue 15): creation, role and other changes, passwords set,
lock-out after failed sign-ins and unlock, each with who did it."""
from __future__ import annotations

import sqlalchemy as sa

from mrejesho.audit import AuditEntry
from mrejesho.staff import accounts
from tests.factories import STAFF_PASSWORD, make_staff


def entries(db, action: str) -> list[AuditEntry]:
    db.session.expire_all()
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.id)).all()


def test_creation_and_role_change_are_audited_with_the_admin(client, db, staff_login):
    admin = staff_login(make_staff("DAWATI", role="admin", name="Admin Mkuu"))
    response = client.post("/staff/users/new", data={
        "email": "new.officer@tra.go.tz", "name": "Asha Said", "role": "officer",
        "institution": "TRA", "language": "sw", "active": "y", "password": "x" * 12})
    assert response.status_code == 302
    [created] = entries(db, "staff.created")
    assert created.actor_id == admin.id and created.detail["email"] == "new.officer@tra.go.tz"
    assert created.detail["role"] == "officer" and created.detail["institution"] == "TRA"
    user_id = created.detail["user_id"]
    response = client.post(f"/staff/users/{user_id}", data={
        "email": "new.officer@tra.go.tz", "name": "Asha Said", "role": "manager",
        "institution": "TRA", "language": "sw", "active": "y"})
    assert response.status_code == 302
    [changed] = entries(db, "staff.role_changed")
    assert changed.actor_name == "Admin Mkuu"
    assert changed.detail["changes"] == {"role": ["officer", "manager"]}
    client.post(f"/staff/users/{user_id}", data={
        "email": "new.officer@tra.go.tz", "name": "Asha Said", "role": "manager",
        "institution": "TRA", "language": "sw"})  # deactivated
    [updated] = entries(db, "staff.updated")
    assert updated.detail["changes"] == {"active": [True, False]}


def test_a_password_set_by_a_manager_is_audited(client, db, staff_login):
    manager = staff_login(make_staff(role="manager"))
    officer = make_staff()
    response = client.post(f"/staff/users/{officer.id}/password",
                           data={"password": "y" * 12, "confirm": "y" * 12})
    assert response.status_code == 302
    [entry] = entries(db, "staff.password_set")
    assert entry.actor_id == manager.id and entry.detail["user_id"] == officer.id


def test_lock_out_and_unlock_are_audited(app, db, staff_login, client):
    user = make_staff()
    stranger = app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "203.0.113.12"
    for _ in range(accounts.MAX_FAILURES):
        assert stranger.post("/staff/login", data={"email": user.email,
                                                   "password": "wrong"}).status_code == 401
    [locked] = entries(db, "staff.locked")
    assert locked.actor_id is None and locked.detail["user_id"] == user.id
    assert locked.detail["client"] == "203.0.113.12"
    admin = staff_login(make_staff("DAWATI", role="admin"))
    assert client.post(f"/staff/users/{user.id}/unlock").status_code == 302
    [unlocked] = entries(db, "staff.unlocked")
    assert unlocked.actor_id == admin.id and unlocked.detail["user_id"] == user.id
    assert stranger.post("/staff/login", data={"email": user.email,
                                               "password": STAFF_PASSWORD}).status_code == 302
