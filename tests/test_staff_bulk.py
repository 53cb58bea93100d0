"""Bulk actions on the queue: assign, transfer and close as duplicates the ticked rows, each
item on its own (one refused leaves the others done), only items the officer may act on."""
from __future__ import annotations

import re

import pytest

from mrejesho import references
from mrejesho.models import Event, Feedback
from mrejesho.staff.queue import bulk
from tests.factories import make_feedback, make_staff, move_to, transfer_to
from tests.test_concurrency import all_at_once, officer_session


def ticked(*items) -> list[str]:
    """The checkbox values the queue page gives these rows: "id.version"."""
    return [f"{item.id}.{item.version}" for item in items]


def post_bulk(client, action: str, items: list[str], **fields):
    return client.post("/staff/queue/bulk", data={"action": action, "item": items, **fields},
                       follow_redirects=True)


def fresh(db, item) -> Feedback:
    db.session.rollback()
    return db.session.get(Feedback, item.id)


def flashes(response) -> str:
    """The flashed messages on a page (a test client's response or its text)."""
    html = response if isinstance(response, str) else response.get_data(as_text=True)
    return " ".join(re.findall(r'<p class="flash [^"]*" role="status">([^<]*)</p>', html))


@pytest.fixture
def officer(db, staff_login):
    return staff_login(make_staff(name="Asha Officer"))


def test_queue_rows_carry_a_checkbox_inside_one_csrf_form(app, client, db, officer):
    item = make_feedback()
    html = client.get("/staff/").get_data(as_text=True)
    form = html[html.index('action="/staff/queue/bulk"'):]
    assert f'name="item" value="{item.id}.{item.version}"' in form[:form.index("</form>")]
    assert 'name="csrf_token"' in form[:form.index("</form>")]
    for action in bulk.ACTIONS:
        assert f'name="action" value="{action}"' in form


def test_officer_bulk_assign_moves_only_own_items(client, db, officer):
    colleague = make_staff(email="b@tanesco.go.tz", name="Baraka")
    mine = [make_feedback() for _ in range(3)]
    foreign = make_feedback(institution="DAWASA", body="Maji hayatoki Kimara")
    response = post_bulk(client, "assign", ticked(*mine, foreign), assignee=str(colleague.id))
    assert response.status_code == 200
    for item in mine:
        assert fresh(db, item).assigned_to_id == colleague.id
    assert fresh(db, foreign).assigned_to_id is None
    assert db.session.query(Event).filter_by(feedback_id=foreign.id, type="assigned").count() == 0
    text = flashes(response)
    assert "3" in text and "Baraka" in text
    assert "1" in text  # the forged DAWASA id: not in the officer's queues, not changed


def test_one_refused_item_does_not_undo_the_others(client, db, officer):
    first, changed, closed = make_feedback(), make_feedback(), make_feedback()
    items = ticked(first, changed, closed)
    # Meanwhile: a colleague assigns one (its version moves on), another is rejected.
    move_to(changed, "in_progress", by=officer)
    move_to(closed, "rejected", by=officer)
    response = post_bulk(client, "assign", items, assignee="me")
    assert fresh(db, first).assigned_to_id == officer.id
    assert fresh(db, changed).assigned_to_id is None
    assert fresh(db, closed).assigned_to_id is None
    text = flashes(response)
    assert references.display(changed.reference) in text
    assert references.display(closed.reference) in text
    assert references.display(first.reference) not in text


def test_bulk_unassign_and_the_choice_is_required(client, db, officer):
    item = make_feedback()
    post_bulk(client, "assign", ticked(item), assignee="me")
    item = fresh(db, item)
    assert item.assigned_to_id == officer.id
    # No choice made (Enter pressed elsewhere): nothing happens, the officer is told.
    response = post_bulk(client, "assign", ticked(item), assignee="")
    assert fresh(db, item).assigned_to_id == officer.id
    assert "Chagua afisa" in flashes(response) or "officer" in flashes(response).lower()
    item = fresh(db, item)
    post_bulk(client, "assign", ticked(item), assignee=bulk.UNASSIGN)
    assert fresh(db, item).assigned_to_id is None


def test_desk_bulk_transfer_routes_each_with_the_reason(client, db, staff_login):
    desk = staff_login(make_staff("DAWATI", email="desk@dawati.go.tz"))
    items = [make_feedback(institution="DAWATI", body=f"Ujumbe {n} bila taasisi")
             for n in range(2)]
    already = make_feedback(institution="DAWATI", body="Umeme umekatika")
    transfer_to(already, "TANESCO", by=desk)
    response = post_bulk(client, "transfer", ticked(*items), institution="tanesco",
                         reason="Ni kuhusu umeme.")
    for item in items:
        item = fresh(db, item)
        assert item.institution.code == "TANESCO" and item.status == "new"
        event = db.session.query(Event).filter_by(feedback_id=item.id,
                                                  type="transferred").one()
        assert event.text == "Ni kuhusu umeme." and event.staff_id == desk.id
    assert "2" in flashes(response)
    # The one transferred away before is no longer the desk's: refused, never acted on.
    response = post_bulk(client, "transfer", ticked(fresh(db, already)), institution="DAWASA",
                         reason="Maji.")
    assert fresh(db, already).institution.code == "TANESCO"


def test_bulk_transfer_needs_a_reason_and_a_known_institution(client, db, officer):
    item = make_feedback()
    post_bulk(client, "transfer", ticked(item), institution="DAWASA", reason="  ")
    post_bulk(client, "transfer", ticked(item), institution="NOPE", reason="Maji.")
    assert fresh(db, item).institution.code == "TANESCO"
    response = post_bulk(client, "transfer", ticked(fresh(db, item)), institution="TANESCO",
                         reason="Hapa hapa.")
    assert fresh(db, item).institution.code == "TANESCO"
    assert references.display(item.reference) in flashes(response)  # same institution


def test_bulk_close_duplicates_of_one_original(client, db, officer):
    original = make_feedback(body="Umeme umekatika Sinza")
    copies = [make_feedback(body="Umeme umekatika Sinza tena") for _ in range(2)]
    response = post_bulk(client, "duplicate", ticked(original, *copies),
                         original=references.display(original.reference))
    for item in copies:
        item = fresh(db, item)
        assert item.status == "rejected" and item.duplicate_of_id == original.id
    assert fresh(db, original).status == "new"  # itself: refused on its own
    assert references.display(original.reference) in flashes(response)


def test_bulk_duplicate_of_a_reference_not_in_my_queues_changes_nothing(client, db, officer):
    item = make_feedback()
    foreign = make_feedback(institution="DAWASA", body="Maji hayatoki")
    post_bulk(client, "duplicate", ticked(item), original=foreign.reference)
    assert fresh(db, item).status == "new"


def test_too_many_items_are_refused_with_a_message(client, db, officer):
    item = make_feedback()
    values = ticked(item) + [f"{n}.1" for n in range(10**6, 10**6 + bulk.MAX_ITEMS)]
    response = post_bulk(client, "assign", values, assignee="me")
    assert str(bulk.MAX_ITEMS) in flashes(response)
    assert fresh(db, item).assigned_to_id is None


def test_nothing_ticked_or_no_action_is_explained(client, db, officer):
    item = make_feedback()
    assert flashes(post_bulk(client, "assign", [], assignee="me"))
    assert flashes(post_bulk(client, "erase", ticked(item)))
    assert fresh(db, item).assigned_to_id is None


def test_bulk_keeps_the_queue_filters_when_it_returns(client, db, officer):
    item = make_feedback()
    response = client.post("/staff/queue/bulk", data={
        "action": "assign", "item": ticked(item), "assignee": "me", "tab": "new",
        "kind": "complaint"})
    assert response.status_code == 302
    assert "tab=new" in response.location and "kind=complaint" in response.location


def test_bulk_form_without_csrf_token_is_refused(app, client, db, officer):
    item = make_feedback()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/staff/queue/bulk", data={
            "action": "assign", "item": ticked(item), "assignee": "me"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert fresh(db, item).assigned_to_id is None


def test_parse_items_reads_id_and_version_and_counts_garbage():
    items, unreadable = bulk.parse_items(["12.3", "12.4", "7", "x.1", "5.y", ""])
    assert items == {12: 3, 7: None}
    assert unreadable == 3


ITEM = re.compile(r'name="item" value="(\d+)\.(\d+)"')


@pytest.fixture
def live(backend, app, db):
    """The real app under gunicorn on this test's database, CSRF on (as test_concurrency)."""
    from mrejesho.testing.servers import serve_app

    _name, _url, settings = backend
    with serve_app({**settings, "WTF_CSRF_ENABLED": True}) as base_url:
        yield base_url


def test_two_officers_bulk_assigning_overlapping_items_assign_each_once(live, db):
    """Through the real app under gunicorn: A ticks 1-3, B ticks 2-4, both press at once.
    Each item ends assigned exactly once; the loser of 2 and 3 is told they changed."""
    emails = ["asha@tanesco.go.tz", "baraka@tanesco.go.tz"]
    for email in emails:
        make_staff(email=email, name=email.split("@")[0])
    items = [make_feedback(body=f"Umeme umekatika nyumba {n}") for n in range(4)]
    ids = [item.id for item in items]
    posts = []
    for email, picked in zip(emails, (ids[:3], ids[1:]), strict=True):
        browser = officer_session(live, email)
        page = browser.get(f"{live}/staff/?tab=open").text
        seen = {int(ident): version for ident, version in ITEM.findall(page)}
        data = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
                "action": "assign", "assignee": "me",
                "item": [f"{ident}.{seen[ident]}" for ident in picked]}
        posts.append(lambda b=browser, d=data: b.post(f"{live}/staff/queue/bulk", data=d))
    responses = all_at_once(posts)
    assert [response.status_code for response in responses] == [200, 200]
    db.session.rollback()
    assigned = {item.id: db.session.get(Feedback, item.id).assigned_to.email for item in items}
    assert assigned[ids[0]] == emails[0] and assigned[ids[3]] == emails[1]
    for ident in ids:
        assert db.session.query(Event).filter_by(feedback_id=ident, type="assigned").count() == 1
    refused = [sum(references.display(db.session.get(Feedback, ident).reference) in flashes(r.text)
                   for ident in ids[1:3]) for r in responses]
    winners = [sum(assigned[ident] == email for ident in ids[1:3]) for email in emails]
    assert [r + w for r, w in zip(refused, winners, strict=True)] == [2, 2]
