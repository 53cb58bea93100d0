"""/api/v1 with an institution's key: its queue (filters, keyset pages), one feedback with
its timeline, and the actions through the core; scope, revocation, conflicts, limits."""
import pytest

from mrejesho import create_app, routing
from mrejesho.api import keys
from mrejesho.audit import AuditEntry
from mrejesho.extensions import db as _db
from mrejesho.models import Event, Feedback, OutboundMessage
from tests.factories import assign_to, make_feedback, make_staff, move_to


@pytest.fixture
def key(app, db):
    manager = make_staff("TANESCO", "manager")
    row, raw = keys.create(routing.by_code("TANESCO"), "Customer care", manager)
    db.session.commit()
    return row, {"Authorization": f"Bearer {raw}"}


def auth(key):
    return key[1]


def test_every_keyed_route_needs_a_valid_key(client, db):
    item = make_feedback()
    routes = [("get", "/api/v1/feedback", None), ("get", f"/api/v1/feedback/{item.reference}",
                                                   None),
              ("post", f"/api/v1/feedback/{item.reference}/notes", {"text": "x"}),
              ("post", f"/api/v1/feedback/{item.reference}/replies", {"text": "x"}),
              ("post", f"/api/v1/feedback/{item.reference}/status", {"status": "in_progress"}),
              ("post", f"/api/v1/feedback/{item.reference}/transfer",
               {"institution": "TANROADS", "reason": "x"}),
              ("post", f"/api/v1/feedback/{item.reference}/assignment", {"assignee": None})]
    for headers in ({}, {"Authorization": "Bearer mrj_unknown"}, {"Authorization": "Basic x"}):
        for method, path, body in routes:
            answer = getattr(client, method)(path, json=body, headers=headers)
            assert answer.status_code == 401, (path, headers)
            assert answer.mimetype == "application/problem+json"
    assert db.session.scalar(db.select(db.func.count(Event.id)).where(
        Event.type == "note")) == 0


def test_a_revoked_key_stops_working_at_once(client, db, key):
    assert client.get("/api/v1/feedback", headers=auth(key)).status_code == 200
    keys.revoke(key[0], None)
    db.session.commit()
    answer = client.get("/api/v1/feedback", headers=auth(key))
    assert answer.status_code == 401 and answer.get_json()["code"] == "key.invalid"


def test_another_institutions_feedback_is_not_found(client, db, key):
    theirs = make_feedback(institution="TANROADS", body="Barabara imeharibika Sinza.")
    for method, path, body in (
            ("get", f"/api/v1/feedback/{theirs.reference}", None),
            ("post", f"/api/v1/feedback/{theirs.reference}/notes", {"text": "Tumeona."}),
            ("post", f"/api/v1/feedback/{theirs.reference}/status", {"status": "in_progress"})):
        answer = getattr(client, method)(path, json=body, headers=auth(key))
        assert answer.status_code == 404 and answer.mimetype == "application/problem+json"
    listed = client.get("/api/v1/feedback?status=new", headers=auth(key)).get_json()
    assert theirs.reference not in {row["reference"] for row in listed["items"]}
    assert db.session.get(Feedback, theirs.id).status == "new"


def test_queue_pages_by_cursor_in_due_order_without_gaps_or_repeats(client, db, key, clock):
    made = []
    for n in range(7):
        made.append(make_feedback(body=f"Umeme umekatika nyumba namba {n}."))
        clock.advance(hours=1)
    seen, cursor = [], None
    while True:
        query = "/api/v1/feedback?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(query, headers=auth(key)).get_json()
        seen += [row["reference"] for row in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [item.reference for item in made]
    assert client.get("/api/v1/feedback?cursor=%%%", headers=auth(key)).status_code == 422


def test_queue_filters_as_the_staff_queue_does(client, db, key):
    officer = make_staff("TANESCO", email="juma@tanesco.go.tz")
    web = make_feedback(kind="suggestion", region="ARUSHA")
    sms = make_feedback(channel="sms", body="Mita yangu haifanyi kazi Moshi.")
    assign_to(sms, officer, officer)
    done = make_feedback()
    move_to(done, "resolved", by=officer)

    def refs(query):
        answer = client.get(f"/api/v1/feedback?{query}", headers=auth(key))
        assert answer.status_code == 200, answer.get_json()
        return {row["reference"] for row in answer.get_json()["items"]}

    assert refs("") == {web.reference, sms.reference}
    assert refs("status=resolved") == {done.reference}
    assert refs("status=new&status=resolved") == {web.reference, done.reference}
    assert refs("kind=suggestion") == {web.reference}
    assert refs("channel=sms") == {sms.reference}
    assert refs("region=arusha") == {web.reference}
    assert refs(f"assignee={officer.id}") == {sms.reference}
    assert refs("assignee=none") == {web.reference}
    assert refs("overdue=true") == set()
    assert refs("overdue=false") == {web.reference, sms.reference}
    assert refs(f"q={sms.reference}") == {sms.reference}
    assert refs("created_from=2000-01-01&created_to=2999-12-31") == {web.reference,
                                                                     sms.reference}
    for bad in ("status=lost", "kind=rant", "region=ATLANTIS", "limit=0", "limit=101",
                "assignee=me", "created_from=0001-01-01", "created_to=2025-02-30"):
        answer = client.get(f"/api/v1/feedback?{bad}", headers=auth(key))
        assert answer.status_code == 422, bad
        assert answer.get_json()["errors"], bad


def test_one_feedback_with_its_timeline_hides_an_anonymous_citizen(client, db, key):
    named = make_feedback()
    hidden = make_feedback(anonymous=True)
    body = client.get(f"/api/v1/feedback/{named.reference}", headers=auth(key)).get_json()
    assert body["citizen"]["phone"] == "+255712345678"
    assert body["version"] == named.version and body["timeline"][0]["type"] == "created"
    body = client.get(f"/api/v1/feedback/{hidden.reference}", headers=auth(key)).get_json()
    assert body["anonymous"] is True and body["citizen"] is None


def reveals(db, item) -> int:
    return db.session.scalar(db.select(db.func.count(AuditEntry.id)).filter_by(
        action="phone.reveal", feedback_id=item.id))


def test_the_number_is_whole_only_in_one_open_case_and_each_such_read_is_audited(client, db,
                                                                                  key):
    open_item = make_feedback()
    closed = make_feedback()
    move_to(closed, "closed")
    listed = client.get("/api/v1/feedback?status=new&status=closed",
                        headers=auth(key)).get_json()["items"]
    assert {row["citizen"]["phone"] for row in listed} == {"+255 *** *** 678"}
    assert client.get(f"/api/v1/feedback/{open_item.reference}", headers=auth(key)).get_json()[
        "citizen"]["phone"] == "+255712345678"
    assert reveals(db, open_item) == 1
    answer = client.get(f"/api/v1/feedback/{closed.reference}", headers=auth(key)).get_json()
    assert answer["citizen"]["phone"] == "+255 *** *** 678" and reveals(db, closed) == 0


def test_actions_go_through_the_core_as_the_keys_account(client, db, key):
    item = make_feedback()
    base = f"/api/v1/feedback/{item.reference}"
    answer = client.post(f"{base}/notes", json={"text": "Tumepiga simu."}, headers=auth(key))
    assert answer.status_code == 200
    note = answer.get_json()["timeline"][-1]
    assert note["type"] == "note" and note["public"] is False
    assert note["actor"] == f"API: Customer care ({key[0].prefix})"
    answer = client.post(f"{base}/replies", json={"text": "Fundi atafika kesho."},
                         headers=auth(key))
    assert answer.get_json()["status"] == "in_progress"
    messages = db.session.scalars(db.select(OutboundMessage.text).order_by(
        OutboundMessage.id)).all()
    assert any("Fundi atafika kesho." in text for text in messages)
    version = answer.get_json()["version"]
    answer = client.post(f"{base}/status", json={
        "status": "resolved", "message": "Umeme umerudi.", "version": version},
        headers=auth(key))
    assert answer.status_code == 200 and answer.get_json()["status"] == "resolved"
    assert db.session.get(Feedback, item.id).status == "resolved"


def test_a_stale_version_or_an_illegal_move_is_409(client, db, key):
    item = make_feedback()
    base = f"/api/v1/feedback/{item.reference}"
    stale = item.version
    move_to(item, "in_progress", by=make_staff())
    answer = client.post(f"{base}/status", json={"status": "awaiting_citizen", "message": "?",
                                                 "version": stale}, headers=auth(key))
    assert answer.status_code == 409 and answer.get_json()["code"] == "changed"
    answer = client.post(f"{base}/status", json={"status": "closed"}, headers=auth(key))
    assert answer.status_code == 409 and answer.get_json()["code"] == "transition"
    answer = client.post(f"{base}/status", json={"status": "resolved"}, headers=auth(key),
                         )
    assert answer.status_code == 422 and answer.get_json()["code"] == "message_required"
    assert db.session.get(Feedback, item.id).status == "in_progress"


def test_transfer_hands_the_feedback_to_another_queue(client, db, key):
    item = make_feedback()
    base = f"/api/v1/feedback/{item.reference}"
    answer = client.post(f"{base}/transfer", json={"institution": "NOPE", "reason": "x"},
                         headers=auth(key))
    assert answer.status_code == 422
    answer = client.post(f"{base}/transfer", json={"institution": "TANESCO", "reason": "x"},
                         headers=auth(key))
    assert answer.status_code == 422 and answer.get_json()["code"] == "same_institution"
    answer = client.post(f"{base}/transfer", json={
        "institution": "tanroads", "reason": "Ni barabara."}, headers=auth(key))
    assert answer.status_code == 200 and answer.get_json()["institution"] == "TANROADS"
    assert client.get(base, headers=auth(key)).status_code == 404  # not ours any more


def test_assign_only_to_an_active_officer_of_the_institution(client, db, key):
    item = make_feedback()
    base = f"/api/v1/feedback/{item.reference}"
    ours = make_staff("TANESCO", email="asha@tanesco.go.tz")
    theirs = make_staff("TANROADS", email="juma@tanroads.go.tz")
    for bad in (theirs.id, 999999):
        answer = client.post(f"{base}/assignment", json={"assignee": bad}, headers=auth(key))
        assert answer.status_code == 422, bad
    answer = client.post(f"{base}/assignment", json={"assignee": ours.id}, headers=auth(key))
    assert answer.status_code == 200 and answer.get_json()["assignee"]["id"] == ours.id
    answer = client.post(f"{base}/assignment", json={"assignee": None}, headers=auth(key))
    assert answer.get_json()["assignee"] is None


def test_rate_limit_per_key_answers_429_problem(backend, db, key):
    _name, _url, settings = backend
    limited = create_app({**settings, "RATELIMIT_ENABLED": True,
                          "RATELIMIT_STORAGE_URI": "memory://", "API_RATE_LIMIT": "3/minute"})
    client = limited.test_client()
    other_manager = make_staff("TANROADS", "manager")
    _row, other = keys.create(routing.by_code("TANROADS"), "Another", other_manager)
    _db.session.commit()
    answers = [client.get("/api/v1/feedback", headers=auth(key)).status_code
               for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    problem = client.get("/api/v1/feedback", headers=auth(key))
    assert problem.mimetype == "application/problem+json"
    # Another key has its own budget.
    assert client.get("/api/v1/feedback",
                      headers={"Authorization": f"Bearer {other}"}).status_code == 200


def test_a_key_of_a_closed_institution_is_403(client, db, key):
    institution = routing.by_code("TANESCO")
    institution.active = False
    db.session.commit()
    try:
        answer = client.get("/api/v1/feedback", headers=auth(key))
        assert answer.status_code == 403 and answer.get_json()["code"] == "institution.inactive"
    finally:
        db.session.get(type(institution), institution.id).active = True
        db.session.commit()


def test_what_a_key_reads_and_changes_is_audited_under_its_account(client, db, key):
    item = make_feedback()
    client.get("/api/v1/feedback?kind=complaint", headers=auth(key))
    client.get(f"/api/v1/feedback/{item.reference}", headers=auth(key))
    client.post(f"/api/v1/feedback/{item.reference}/notes", json={"text": "Sawa."},
                headers=auth(key))
    client.get("/api/v1/feedback/MRJ-0000-0000", headers=auth(key))  # 404: nothing kept
    rows = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(row.action, row.reference) for row in rows] == [
        ("api_key.listed", None), ("api_key.viewed", item.reference),
        ("phone.reveal", item.reference),  # the answer gave the citizen's whole number
        ("api_key.noted", item.reference), ("phone.reveal", item.reference)]
    assert {row.actor_name for row in rows} == {f"API: Customer care ({key[0].prefix})"}
    assert rows[0].detail["filters"] == {"kind": "complaint"}
