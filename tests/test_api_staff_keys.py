"""The manager's API keys page: a key is shown once, listed by name and last use, revoked;
officers have no such page; each change is audited; the form carries CSRF."""
import re

from mrejesho.audit import AuditEntry
from mrejesho.models import ApiKey
from tests.factories import make_staff

KEY = re.compile(r"data-api-key>(mrj_[A-Za-z0-9_-]+)<")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def test_a_manager_makes_a_key_sees_it_once_and_revokes_it(client, db, staff_login):
    manager = staff_login(make_staff("TANESCO", "manager"))
    made = client.post("/staff/api-keys", data={"name": "Customer care desk"})
    assert made.status_code == 201
    raw = KEY.search(made.get_data(as_text=True)).group(1)
    row = db.session.scalar(db.select(ApiKey))
    assert row.name == "Customer care desk" and row.institution_id == manager.institution_id
    assert raw not in client.get("/staff/api-keys").get_data(as_text=True)  # shown once
    assert client.get("/api/v1/feedback",
                      headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    listing = client.get("/staff/api-keys").get_data(as_text=True)
    assert "Customer care desk" in listing and row.prefix in listing
    assert client.post(f"/staff/api-keys/{row.id}/revoke").status_code == 302
    assert client.get("/api/v1/feedback",
                      headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    # The key's one successful call (the list) is audited too; the refused one is not.
    assert actions == ["api_key.created", "api_key.listed", "api_key.revoked"]


def test_a_key_needs_a_name(client, db, staff_login):
    staff_login(make_staff("TANESCO", "manager"))
    assert client.post("/staff/api-keys", data={"name": "  "}).status_code == 422
    assert db.session.scalar(db.select(db.func.count(ApiKey.id))) == 0


def test_officers_have_no_keys_page_and_managers_only_their_own_keys(client, db, staff_login):
    other = make_staff("TANROADS", "manager", email="m@tanroads.go.tz")
    staff_login(other)
    client.post("/staff/api-keys", data={"name": "Roads"})
    theirs = db.session.scalar(db.select(ApiKey))
    client.post("/staff/logout")
    staff_login(make_staff("TANESCO", "manager"))
    assert "Roads" not in client.get("/staff/api-keys").get_data(as_text=True)
    assert client.post(f"/staff/api-keys/{theirs.id}/revoke").status_code == 404
    assert db.session.get(ApiKey, theirs.id).revoked_at is None
    client.post("/staff/logout")
    staff_login(make_staff("TANESCO", "officer"))
    assert client.get("/staff/api-keys").status_code == 403
    assert client.post("/staff/api-keys", data={"name": "x"}).status_code == 403


def test_creating_and_revoking_need_the_csrf_token(app, client, db, staff_login):
    staff_login(make_staff("TANESCO", "manager"))
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/staff/api-keys", data={"name": "No token"}).status_code == 400
    page = client.get("/staff/api-keys").get_data(as_text=True)
    token = CSRF.search(page).group(1)
    assert client.post("/staff/api-keys", data={"name": "With token",
                                                "csrf_token": token}).status_code == 201
    row = db.session.scalar(db.select(ApiKey))
    client.post(f"/staff/api-keys/{row.id}/revoke")
    assert db.session.get(ApiKey, row.id).revoked_at is None
