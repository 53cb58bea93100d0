"""Urgency (issue 16): the router suggests a priority from words of danger in both languages
on every channel, with the reason shown to staff; urgent items sort first in every queue,
are due within their institution's urgent hours, and alert its managers at once (banner and
email through the outbox); officers set the priority through the core, on the timeline."""
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from mrejesho import feedback as core
from mrejesho import urgency
from mrejesho.models import Event, Feedback, Institution, OutboundMessage
from mrejesho.staff.queue import queries
from mrejesho.staff.queue.filters import QueueFilter
from mrejesho.timeutil import utcnow
from tests.factories import make_feedback, make_staff
from tests.fake_at import post_inbound

POLE = "Nguzo ya umeme imeanguka shuleni Kigamboni, waya ziko wazi"


@pytest.mark.parametrize("text, priority, words", [
    (POLE, urgency.URGENT, ("nguzo imeanguka", "waya wazi")),
    ("Kuna moto mkubwa sokoni Kariakoo", urgency.URGENT, ("moto",)),
    ("Mafuriko yameziba barabara ya Jangwani", urgency.URGENT, ("mafuriko",)),
    ("Kipindupindu kimeingia mtaa wetu Temeke", urgency.URGENT, ("kipindupindu",)),
    ("Hali ni hatari sana darajani", urgency.URGENT, ("hatari",)),
    ("There is a live wire hanging over the road", urgency.URGENT, ("live wire",)),
    ("The sewage pipe burst near the clinic", urgency.URGENT, ("sewage burst",)),
    ("Cholera cases at the market", urgency.URGENT, ("cholera",)),
    ("A child at risk is begging at the junction", urgency.URGENT, ("child at risk",)),
    ("Flooding in Jangwani again", urgency.URGENT, ("flood",)),
    ("Waya wa simu umelegea kidogo", urgency.HIGH, ("waya",)),
    ("Maji ya moto hayatoki bafuni", urgency.NORMAL, ()),  # hot water, no fire
    ("I was fired after I complained", urgency.NORMAL, ()),
    ("Umeme umekatika tangu jana Sinza", urgency.NORMAL, ()),
    ("", urgency.NORMAL, ()),
])
def test_words_of_danger_suggest_the_priority_with_the_reason(text, priority, words):
    found = urgency.suggest(text)
    assert (found.priority, found.words) == (priority, words)


def test_parse_reads_names_and_numbers_only():
    assert [urgency.parse(v) for v in ("urgent", " LOW ", "2", "0", "5", "asap", None)] == [
        1, 4, 2, None, None, None, None]


def test_an_urgent_sms_is_marked_due_in_hours_and_alerts_the_manager(client, db,
                                                                     staff_login, clock):
    manager = make_staff("TANESCO", role="manager", name="Meneja Tanesco")
    quiet = make_staff("TANESCO", role="manager", email="quiet@example.go.tz")
    quiet.email_on_urgent = False
    db.session.commit()
    assert post_inbound(client, POLE).status_code == 200
    item = db.session.scalar(sa.select(Feedback))
    assert (item.institution.code, item.channel, item.priority) == ("TANESCO", "sms", 1)
    assert item.priority_reason == "nguzo imeanguka, waya wazi"
    assert item.due_at == item.created_at + timedelta(hours=24)
    event = db.session.scalar(sa.select(Event).filter_by(feedback_id=item.id, type="priority"))
    assert (event.actor_type, event.to_value, event.text) == (
        "system", "urgent", "nguzo imeanguka, waya wazi")
    mail = db.session.scalars(sa.select(OutboundMessage).filter_by(channel="email")).all()
    assert [row.to for row in mail] == [manager.email]
    assert item.reference in mail[0].subject and "nguzo imeanguka" in mail[0].text
    staff_login(manager)
    page = client.get("/staff/").get_data(as_text=True)
    assert 'id="urgent-alert"' in page
    case = client.get(f"/staff/feedback/{item.id}").get_data(as_text=True)
    assert 'data-priority="urgent"' in case and "nguzo imeanguka, waya wazi" in case


def test_the_urgent_hours_are_set_per_institution(db, clock):
    tanesco = db.session.scalar(sa.select(Institution).filter_by(code="TANESCO"))
    tanesco.urgent_sla_hours = 4
    db.session.commit()
    item = make_feedback(body=POLE)
    assert item.due_at - item.created_at == timedelta(hours=4)


def test_urgent_items_sort_first_in_every_queue_and_page_through_in_order(db, clock):
    officer = make_staff("TANESCO")
    normal = [make_feedback(body=f"Umeme umekatika mtaa namba {n} Sinza.") for n in range(4)]
    clock.advance(days=1)
    low = make_feedback(body="Ombi la kuhamisha mita yangu.")
    core.set_priority(low, officer, urgency.LOW)
    db.session.commit()
    urgent = make_feedback(body=POLE)
    high = make_feedback(body="Waya wa umeme umelegea juu ya nyumba yangu.")
    expected = [urgent.id, high.id, *[item.id for item in normal], low.id]
    for tab in ("open", "new", "unassigned", "all"):
        page = queries.queue_page(officer, QueueFilter(tab=tab), utcnow())
        assert [item.id for item in page.items] == expected, tab
    # Two to a page, forwards then backwards, crossing priorities.
    original = queries.PAGE_SIZE
    queries.PAGE_SIZE = 2
    try:
        seen, after = [], None
        while True:
            page = queries.queue_page(officer, QueueFilter(), utcnow(), after=after)
            seen += [item.id for item in page.items]
            if not page.next_cursor:
                break
            after = page.next_cursor
        assert seen == expected
        last = queries.queue_page(officer, QueueFilter(), utcnow(), after=after)
        back = queries.queue_page(officer, QueueFilter(), utcnow(), before=last.prev_cursor)
        assert [item.id for item in back.items] == expected[4:6]
    finally:
        queries.PAGE_SIZE = original


def test_a_cursor_from_before_priorities_or_a_malformed_one_is_read_safely():
    assert queries.decode_cursor("20250101120000000000.5") == (
        3, datetime(2025, 1, 1, 12), 5)
    for bad in ("9.20250101120000000000.5", "x.y.z", "1.2.3.4", "1.20250101120000000000.x"):
        assert queries.decode_cursor(bad) is None


def test_an_officer_sets_the_priority_through_the_core_with_the_version(client, db,
                                                                       staff_login, clock):
    officer = staff_login(make_staff("TANESCO", name="Neema Mushi"))
    manager = make_staff("TANESCO", role="manager")
    item = make_feedback()
    version = item.version
    due = item.due_at
    response = client.post(f"/staff/feedback/{item.id}/priority",
                           data={"priority": "urgent", "version": version})
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.priority == urgency.URGENT and item.due_at < due
    event = db.session.scalar(sa.select(Event).filter_by(feedback_id=item.id, type="priority"))
    assert (event.staff_id, event.from_value, event.to_value) == (officer.id, "normal", "urgent")
    assert [m.to for m in db.session.scalars(
        sa.select(OutboundMessage).filter_by(channel="email"))] == [manager.email]
    # The page the officer saw is stale now: the same form again is refused.
    stale = client.post(f"/staff/feedback/{item.id}/priority",
                        data={"priority": "low", "version": version})
    assert stale.status_code == 409
    bad = client.post(f"/staff/feedback/{item.id}/priority",
                      data={"priority": "asap", "version": item.version})
    assert bad.status_code == 422 and 'id="priority-error"' in bad.get_data(as_text=True)
    back = client.post(f"/staff/feedback/{item.id}/priority",
                       data={"priority": "normal", "version": item.version})
    assert back.status_code == 302
    db.session.refresh(item)
    assert (item.priority, item.due_at) == (urgency.NORMAL, due)


def test_another_institutions_officer_cannot_set_its_priority(client, db, staff_login):
    staff_login(make_staff("DAWASA"))
    item = make_feedback()
    response = client.post(f"/staff/feedback/{item.id}/priority",
                           data={"priority": "urgent", "version": item.version})
    assert response.status_code == 404
    db.session.refresh(item)
    assert item.priority == urgency.NORMAL


def test_a_transfer_keeps_the_urgency_and_alerts_the_new_managers(db, clock):
    dawasa_manager = make_staff("DAWASA", role="manager")
    item = make_feedback(body=POLE)
    core.transfer(item, None, db.session.scalar(sa.select(Institution).filter_by(
        code="DAWASA")), "Bomba la maji limepasuka pia")
    db.session.commit()
    assert item.priority == urgency.URGENT
    assert item.due_at == utcnow() + timedelta(hours=24)
    assert dawasa_manager.email in [m.to for m in db.session.scalars(
        sa.select(OutboundMessage).filter_by(channel="email"))]


def test_time_to_first_response_of_urgent_items_is_reported_apart(client, db, staff_login,
                                                                  clock):
    from mrejesho.stats import urgent as urgent_stats
    from tests.factories import reply_to

    officer = make_staff("TANESCO")
    start = utcnow()
    fast = make_feedback(body=POLE)
    slow = make_feedback(body="Ankara ya umeme imekuja mara mbili mwezi huu.")
    clock.advance(hours=2)
    reply_to(fast, officer)
    clock.advance(days=3)
    reply_to(slow, officer)
    tanesco = fast.institution_id
    figures = urgent_stats.first_response(Feedback.institution_id == tanesco, start)
    assert (figures.received, figures.answered) == (1, 1)
    assert figures.first_response_hours == pytest.approx(2.0, abs=0.01)
    national, per_institution = urgent_stats.public(None)
    assert per_institution == {tanesco: figures} and national == figures
    staff_login(officer)
    page = client.get("/staff/dashboard?days=30").get_data(as_text=True)
    assert 'data-figure="urgent-first-response">saa 2.0<' in page.replace("\n", "")
    stats = client.get("/stats/?period=all").get_data(as_text=True)
    row = stats.split('data-institution="TANESCO"')[1].split("</tr>")[0]
    assert 'data-figure="urgent-first-response">saa 2.0' in row


def test_an_admin_sets_the_urgent_hours_in_the_institution_form(client, db, staff_login):
    from tests.test_staff_admin import institution_form

    staff_login(make_staff("DAWATI", role="admin"))
    tanesco = db.session.scalar(sa.select(Institution).filter_by(code="TANESCO"))
    form = institution_form(code="TANESCO", sector=str(tanesco.sector_id), parent="",
                            urgent_sla_hours="6")
    assert client.post(f"/staff/admin/institutions/{tanesco.id}",
                       data=form).status_code == 302
    db.session.refresh(tanesco)
    assert tanesco.urgent_sla_hours == 6
    page = client.get(f"/staff/admin/institutions/{tanesco.id}").get_data(as_text=True)
    assert 'name="urgent_sla_hours"' in page and 'value="6"' in page
    bad = client.post(f"/staff/admin/institutions/{tanesco.id}",
                      data={**form, "urgent_sla_hours": "1000"})
    assert bad.status_code == 422
    db.session.refresh(tanesco)
    assert tanesco.urgent_sla_hours == 6
