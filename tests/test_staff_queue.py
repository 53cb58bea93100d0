"""The queue: tabs and their counts, filters, text search, and keyset pagination."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from mrejesho.staff.queue import queries
from mrejesho.staff.queue.filters import QueueFilter
from mrejesho.timeutil import utcnow
from tests.factories import assign_to, make_feedback, make_staff, move_to


def submit(channel="web", **overrides):
    return make_feedback(channel=channel, **overrides)


def references_on(response) -> list[str]:
    return re.findall(r'<tr data-reference="(\d{10})"', response.get_data(as_text=True))


def counts_on(response) -> dict[str, int]:
    html = response.get_data(as_text=True)
    return {tab: int(n) for tab, n in re.findall(
        r'data-tab="(\w+)"[^>]*>[^<]*<span class="count[^"]*">(\d+)</span>', html)}


@pytest.fixture
def workload(db):
    """One item of each situation at TANESCO, and one at DAWASA that must never show."""
    officer = make_staff()
    colleague = make_staff(email="b@tanesco.go.tz")
    now = utcnow()
    items = {name: submit(body=f"Taarifa ya {name} kuhusu umeme") for name in (
        "new", "mine", "theirs", "awaiting", "overdue", "escalated", "resolved")}
    assign_to(items["mine"], officer, officer)
    assign_to(items["theirs"], colleague, colleague)
    move_to(items["awaiting"], "awaiting_citizen", by=officer, message="Tuma namba ya mita.")
    items["overdue"].due_at = now - timedelta(days=2)
    items["escalated"].due_at = now - timedelta(days=9)
    items["escalated"].escalated_at = now - timedelta(days=1)
    items["escalated"].escalation_level = 1
    db.session.commit()
    move_to(items["resolved"], "resolved", by=officer, message="Imeshughulikiwa.")
    items["elsewhere"] = submit(institution="DAWASA", body="Maji hayatoki")
    return officer, items


def test_tabs_hold_the_right_items_and_counts(client, staff_login, workload):
    officer, items = workload
    staff_login(officer)
    expected = {
        "open": {"new", "mine", "theirs", "awaiting", "overdue", "escalated"},
        "new": {"new", "overdue", "escalated"},
        "mine": {"mine"},
        "unassigned": {"new", "awaiting", "overdue", "escalated"},
        "in_progress": {"mine", "theirs"},
        "awaiting": {"awaiting"},
        "overdue": {"overdue", "escalated"},
        "escalated": {"escalated"},
        "resolved": {"resolved"},
        "all": set(items) - {"elsewhere"},
    }
    counts = counts_on(client.get("/staff/"))
    assert counts == {tab: len(names) for tab, names in expected.items()}
    for tab, names in expected.items():
        shown = set(references_on(client.get(f"/staff/?tab={tab}")))
        assert shown == {items[name].reference for name in names}, tab


def test_counts_come_from_one_query(app, db, workload):
    officer, _items = workload
    db.session.refresh(officer)  # load it now, so only the count query runs below
    statements = []
    engine = db.engine

    def count(*args):
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        counts = queries.tab_counts(officer, QueueFilter(), utcnow())
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert counts["open"] == 6


def test_queue_is_sorted_by_due_date(client, staff_login, workload):
    officer, items = workload
    staff_login(officer)
    shown = references_on(client.get("/staff/?tab=open"))
    assert shown[:2] == [items["escalated"].reference, items["overdue"].reference]


@pytest.mark.parametrize("query, expected", [
    ("kind=suggestion", {"idea"}),
    ("channel=sms", {"sms"}),
    ("q=transformer", {"sms"}),
    ("q=TRANSFORMER", {"sms"}),
    ("q=0754+111+222", {"idea"}),
    ("q=100%25", set()),
])
def test_filters(client, staff_login, query, expected):
    staff_login(make_staff())
    items = {
        "idea": submit(kind="suggestion", body="Wekeni mita za LUKU mtaani",
                       phone="+255754111222"),
        "sms": submit(channel="sms", body="Transformer imeungua Mbezi"),
        "web": submit(body="Nguzo imeanguka"),
    }
    shown = set(references_on(client.get(f"/staff/?tab=all&{query}")))
    assert shown == {items[name].reference for name in expected}


def test_search_by_reference_with_spaces(client, staff_login):
    staff_login(make_staff())
    item, other = submit(), submit()
    typed = f"{item.reference[:3]} {item.reference[3:6]} {item.reference[6:]}"
    assert references_on(client.get("/staff/", query_string={"tab": "all", "q": typed})) == [
        item.reference]
    assert other.reference not in references_on(client.get("/staff/?tab=all&q=" + item.reference))


def test_search_never_finds_anonymous_citizens_by_phone_or_name(client, staff_login):
    staff_login(make_staff())
    submit(anonymous=True, phone="+255754999888", name="Siri Kubwa")
    assert references_on(client.get("/staff/?tab=all&q=0754999888")) == []
    assert references_on(client.get("/staff/?tab=all&q=Siri")) == []


def test_dates_filter_by_day_received_in_east_africa_time(client, db, staff_login):
    staff_login(make_staff())
    item = submit()
    item.created_at = utcnow().replace(hour=22, minute=30) - timedelta(days=3)  # 01:30 EAT
    db.session.commit()
    local_day = (item.created_at + timedelta(hours=3)).date().isoformat()
    assert references_on(client.get(f"/staff/?tab=all&from={local_day}&to={local_day}")) == [
        item.reference]
    previous = (item.created_at + timedelta(hours=3) - timedelta(days=1)).date().isoformat()
    assert references_on(client.get(f"/staff/?tab=all&to={previous}")) == []


def test_bad_filter_values_are_explained_not_fatal(client, staff_login):
    staff_login(make_staff())
    submit()
    response = client.get("/staff/?lang=en&tab=nonsense&kind=x&channel=fax&from=31/12/2024")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Unknown kind" in html and "Unknown channel" in html and "YYYY-MM-DD" in html
    assert len(references_on(response)) == 1


def test_keyset_pages_walk_forward_and_back_without_gaps(client, db, staff_login, monkeypatch):
    monkeypatch.setattr(queries, "PAGE_SIZE", 3)
    staff_login(make_staff())
    now = utcnow()
    items = [submit() for _ in range(8)]
    for offset, item in enumerate(items):
        item.due_at = now + timedelta(days=offset % 4)  # ties on due_at are broken by id
    db.session.commit()
    expected = [i.reference for i in sorted(items, key=lambda i: (i.due_at, i.id))]
    seen, url, pages = [], "/staff/?tab=all", []
    while url:
        response = client.get(url)
        pages.append(references_on(response))
        seen += pages[-1]
        found = re.search(r'rel="next" href="([^"]+)"', response.get_data(as_text=True))
        url = found.group(1).replace("&amp;", "&") if found else None
    assert seen == expected and [len(p) for p in pages] == [3, 3, 2]
    last = client.get(re.search(r'/staff/\?after=[^"]+', client.get(
        "/staff/?tab=all").get_data(as_text=True)).group(0).replace("&amp;", "&"))
    back = re.search(r'rel="prev" href="([^"]+)"', last.get_data(as_text=True)).group(1)
    assert references_on(client.get(back.replace("&amp;", "&"))) == expected[:3]


def test_a_tampered_cursor_shows_the_first_page(client, staff_login):
    staff_login(make_staff())
    item = submit()
    for cursor in ("junk", "20250101.x", "x" * 500):
        response = client.get("/staff/", query_string={"after": cursor})
        assert response.status_code == 200 and references_on(response) == [item.reference]


def test_manager_sees_banner_of_overdue_and_escalated(client, db, staff_login, workload):
    _officer, _items = workload
    for item in _items.values():
        if item.due_at < utcnow():
            item.overdue_flagged_at = utcnow()
    db.session.commit()
    staff_login(make_staff(role="manager"))
    html = client.get("/staff/?lang=en").get_data(as_text=True)
    assert "2 items are overdue." in html and "1 item was escalated." in html


def test_admin_sees_every_institution_and_can_filter_one(client, staff_login, workload):
    _officer, items = workload
    staff_login(make_staff("DAWATI", role="admin"))
    assert items["elsewhere"].reference in references_on(client.get("/staff/?tab=all"))
    only = references_on(client.get("/staff/?tab=all&institution=DAWASA"))
    assert only == [items["elsewhere"].reference]


def test_counts_stop_at_the_cap_and_show_a_plus(client, staff_login, workload, monkeypatch):
    """A tab reads at most COUNT_CAP rows to count them; past that it shows "999+"."""
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    officer, _items = workload
    staff_login(officer)
    counts = queries.tab_counts(officer, QueueFilter(), utcnow())
    assert counts == {"open": 3, "new": 3, "mine": 1, "unassigned": 3, "in_progress": 2,
                      "awaiting": 1, "overdue": 2, "escalated": 1, "resolved": 1, "all": 3}
    html = client.get("/staff/").get_data(as_text=True)
    shown = dict(re.findall(r'data-tab="(\w+)"[^>]*>[^<]*<span class="count[^"]*">([^<]+)</span>',
                            html))
    assert shown == {"open": "2+", "new": "2+", "mine": "1", "unassigned": "2+",
                     "in_progress": "2", "awaiting": "1", "overdue": "2", "escalated": "1",
                     "resolved": "1", "all": "2+"}


def test_the_cap_reads_999_plus():
    assert queries.COUNT_CAP == 1000
    assert [queries.shown_count(n) for n in (0, 999, 1000, 250_000)] == [
        "0", "999", "999+", "999+"]


def test_a_managers_counts_add_escalations_from_its_children(client, staff_login, workload):
    """The counts follow the manager's two scopes: its own institution, and what was
    escalated to it from the institutions it oversees (nothing else of theirs)."""
    _officer, items = workload
    parent = items["escalated"].institution.parent
    assert parent is not None
    staff_login(make_staff(parent.code, role="manager", email="meneja@parent.go.tz"))
    counts = counts_on(client.get("/staff/"))
    assert counts["escalated"] == counts["open"] == counts["all"] == 1
    assert counts["new"] == counts["overdue"] == 1 and counts["resolved"] == 0
    assert references_on(client.get("/staff/?tab=escalated")) == [items["escalated"].reference]


def test_the_region_filter_shows_the_feedback_about_that_region(client, staff_login):
    staff_login(make_staff())
    arusha = submit(body="Umeme umekatika Njiro Arusha tangu jana usiku")
    mwanza = submit(body="Umeme umekatika Ilemela Mwanza tangu jana usiku")
    submit(body="Umeme umekatika tangu asubuhi")
    assert references_on(client.get("/staff/?tab=all&region=ARUSHA")) == [arusha.reference]
    assert references_on(client.get("/staff/?tab=all&region=mwanza")) == [mwanza.reference]
    page = client.get("/staff/?tab=all&region=ATLANTIS").get_data(as_text=True)
    assert "Mkoa haujulikani" in page
