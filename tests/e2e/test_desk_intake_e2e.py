"""The desk's own intake and urgency in a real browser (issue 16): an officer records a
walk-in complaint for a citizen who gives a phone number (the receipt SMS goes out through
the outbox, the timeline names the officer and the channel "visit"); an SMS about a fallen
power pole, posted to the webhook as Africa's Talking posts it, arrives urgent with its
reason, first in TANESCO's queue, and alerts its manager; a short case prints on one A4
page, and internal notes only when asked."""
import re
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mrejesho import feedback as core
from mrejesho.models import Event, Feedback, OutboundMessage
from mrejesho.timeutil import utcnow
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_staff_e2e import sign_in
from tests.factories import make_feedback, make_staff
from tests.fake_at import WEBHOOK_TOKEN

pytestmark = pytest.mark.e2e

POLE = "Nguzo ya umeme imeanguka shuleni Kigamboni, waya ziko wazi"
# A page object of a PDF (not the /Pages tree): one per printed page.
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(page) -> int:
    """How many A4 pages the current page prints to (Chromium's own PDF)."""
    return len(PAGE_OBJECT.findall(page.pdf(format="A4", print_background=True)))


def test_a_walk_in_is_recorded_and_an_urgent_sms_goes_first_and_alerts_the_manager(
        live_server, page, browser, db, screenshot):
    officer = make_staff("TANESCO", name="Neema Mushi")
    manager = make_staff("TANESCO", role="manager", name="Meneja Juma")
    for n in range(3):  # normal work due sooner than anything urgent would be
        earlier = make_feedback(body=f"Ombi la mita mpya namba {n}.", phone="")
        earlier.due_at = utcnow() + timedelta(hours=1 + n)
    db.session.commit()
    officer_email, manager_email = officer.email, manager.email

    # The walk-in: recorded by the officer for a citizen who gives a phone number.
    sign_in(page, live_server, officer_email)
    page.get_by_role("link", name="Andika mrejesho").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Andika mrejesho kwa niaba ya mwananchi")
    page.get_by_label("Kufika ofisini").check()
    page.get_by_label("Alichosema au kuandika mwananchi").fill(
        "Mita ya LUKU haisomi tangu wiki iliyopita, nyumba namba 12 Sinza.")
    page.get_by_label("Jina la mwananchi").fill("Amina Juma")
    page.get_by_label("Namba ya simu ya mwananchi").fill("0754 123 456")
    screenshot("desk-intake")
    page.get_by_role("button", name="Andika na utume uthibitisho").click()
    created = page.locator('li[data-type="created"]')
    expect(created).to_contain_text("Neema Mushi")
    expect(created).to_contain_text("Kufika ofisini")
    walk_in = db.session.scalar(sa.select(Feedback).filter_by(citizen_phone="+255754123456"))
    assert walk_in.channel == "visit"
    expect(page.locator(".reference")).to_have_attribute("data-reference", walk_in.reference)
    receipt = db.session.execute(sa.select(OutboundMessage.channel, OutboundMessage.text)
                                 .filter_by(to="+255754123456")).all()
    assert len(receipt) == 1 and receipt[0].channel == "sms"
    assert walk_in.reference in receipt[0].text

    # The SMS, as Africa's Talking posts it to the webhook.
    answer = page.request.post(f"{live_server}/sms/inbound?token={WEBHOOK_TOKEN}", form={
        "from": "+255713000111", "to": "15200", "text": POLE, "date": "2026-11-25 09:15:00",
        "id": f"ATXid_{uuid.uuid4().hex}", "linkId": uuid.uuid4().hex[:12],
        "networkCode": "64002"})
    assert answer.ok
    urgent = db.session.scalar(sa.select(Feedback).filter_by(citizen_phone="+255713000111"))
    assert (urgent.institution.code, urgent.priority) == ("TANESCO", 1)

    # The manager: alerted in the workspace and by email, the urgent item first in the queue.
    manager_context = browser.new_context(viewport={"width": 1280, "height": 900},
                                          locale="sw-TZ")
    manager_page = manager_context.new_page()
    try:
        sign_in(manager_page, live_server, manager_email)
        alert = manager_page.locator("#urgent-alert")
        expect(alert).to_contain_text("1")
        expect(alert).to_contain_text("dharura")
        rows = manager_page.locator("tbody tr")
        expect(rows.first).to_have_attribute("data-reference", urgent.reference)
        expect(rows.first).to_have_attribute("data-priority", "urgent")
        expect(rows).to_have_count(5)
        ARTIFACTS.mkdir(exist_ok=True)
        manager_page.screenshot(path=str(ARTIFACTS / "desk-queue-urgent.png"), full_page=True)
        rows.first.get_by_role("link").click()
        expect(manager_page.locator("#priority [data-priority]")).to_have_attribute(
            "data-priority", "urgent")
        expect(manager_page.locator("#priority-reason")).to_contain_text(
            "nguzo imeanguka, waya wazi")
    finally:
        manager_context.close()
    mail = db.session.execute(sa.select(OutboundMessage.to, OutboundMessage.subject)
                              .filter_by(channel="email")).all()
    assert [row.to for row in mail] == [manager_email]
    assert urgent.reference in mail[0].subject


def test_a_short_case_prints_on_one_a4_page_without_its_notes_unless_asked(
        live_server, page, db):
    officer = make_staff("TANESCO", name="Neema Mushi")
    short = make_feedback(body="Umeme umekatika tangu jana mtaa wa Sinza.")
    core.reply(short, officer, "Mafundi wako njiani kuelekea Sinza.")
    core.note(short, officer, "Siri ya ndani: transfoma ya Sinza imeungua.")
    long = make_feedback(body="Ankara ya umeme imekuja mara mbili mwezi huu.")
    for n in range(60):  # a long case must take more than one page: the count is real
        core.note(long, officer, f"Ufuatiliaji namba {n}: tumewasiliana na ofisi ya Kinondoni.")
    db.session.commit()
    short_id, long_id, email = short.id, long.id, officer.email

    sign_in(page, live_server, email)
    page.goto(f"{live_server}/staff/feedback/{short_id}")
    page.get_by_role("link", name="Chapisha").click()
    expect(page.locator(".timeline")).to_contain_text("Mafundi wako njiani")
    expect(page.locator("#openers")).to_contain_text("Neema Mushi")
    expect(page.locator("body")).not_to_contain_text("Siri ya ndani")
    assert pdf_pages(page) == 1

    page.goto(f"{live_server}/staff/feedback/{short_id}/print?notes=1")
    expect(page.locator(".timeline")).to_contain_text("Siri ya ndani")
    page.goto(f"{live_server}/staff/feedback/{long_id}/print?notes=1")
    expect(page.locator(".timeline li")).to_have_count(61)  # created and 60 notes
    assert pdf_pages(page) > 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event).filter_by(
        feedback_id=long_id, type="note")) == 60
