"""Officers and managers in a real browser: sign in, find a new complaint, take it, reply,
resolve it (the citizen's SMS lands in the outbox), and see an escalated item."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mrejesho.escalation import escalate_overdue
from mrejesho.models import Feedback, OutboundSms
from mrejesho.timeutil import utcnow
from tests.factories import STAFF_PASSWORD, make_feedback, make_staff

pytestmark = pytest.mark.e2e


def sign_in(page, base, email):
    page.goto(base + "/staff/login")
    page.get_by_label("Barua pepe").fill(email)
    page.get_by_label("Nenosiri").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Ingia").click()
    page.wait_for_url("**/staff/")


def outbox(db, feedback_id):
    """(to, text) of the SMS queued for the feedback."""
    return db.session.execute(sa.select(OutboundSms.to, OutboundSms.text)
                              .filter_by(feedback_id=feedback_id).order_by(OutboundSms.id)).all()


def test_officer_takes_replies_to_and_resolves_a_complaint(live_server, page, db, screenshot):
    officer = make_staff(name="Neema Mollel")
    for n in range(3):  # other work in the queue, due later
        make_feedback(body=f"Ombi la mita mpya namba {n}.", phone="")
    item = make_feedback(channel="sms", subject="Umeme umekatika Sinza",
                         body="Umeme umekatika tangu jana mtaa wa Sinza.")
    item.due_at = utcnow() + timedelta(hours=2)  # the most urgent: first in the queue
    email, reference, item_id = officer.email, item.reference, item.id
    db.session.commit()

    sign_in(page, live_server, email)
    page.get_by_role("link", name="Mpya").first.click()
    row = page.locator(f'tr[data-reference="{reference}"]')
    assert page.locator("tbody tr").first.get_attribute("data-reference") == reference
    screenshot("staff-queue")
    page.set_viewport_size({"width": 360, "height": 740})
    screenshot("staff-queue-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    row.get_by_role("link").click()
    page.get_by_role("button", name="Nitaushughulikia mwenyewe").click()
    expect(page.locator("#assignee")).to_have_text("Neema Mollel")

    page.get_by_label("Jibu lako").fill("Mafundi wetu wako njiani kuelekea Sinza.")
    page.get_by_role("button", name="Tuma jibu").click()
    page.locator("#status-select").select_option("resolved")
    page.get_by_label("Ujumbe kwa mwananchi").fill("Umeme umerudi Sinza. Asante.")
    page.get_by_role("button", name="Badilisha hali").click()

    expect(page.locator(".state [data-status]")).to_have_attribute("data-status", "resolved")
    assert "Umefunguliwa na Neema Mollel" in page.content()
    screenshot("staff-feedback")
    sent = outbox(db, item_id)
    texts = [sms.text for sms in sent]
    assert len(texts) == 3  # received, the reply, resolved
    assert texts[1].endswith("Mafundi wetu wako njiani kuelekea Sinza.")
    assert "Umeme umerudi Sinza." in texts[2]
    assert all(sms.to == "+255712345678" for sms in sent)

    page.get_by_role("link", name="Dashibodi").click()
    expect(page.locator('.figure [data-figure="received"]')).to_have_text("4")
    screenshot("staff-dashboard")


def test_manager_sees_an_item_escalated_from_a_child_institution(live_server, page, db, app,
                                                                   screenshot):
    item = make_feedback(channel="ussd", body="Nguzo ya umeme imeanguka barabarani Mbezi.")
    item.due_at = utcnow() - timedelta(days=10)
    reference, item_id = item.reference, item.id
    db.session.commit()
    escalate_overdue()  # flags it overdue
    escalate_overdue()  # past the grace period: escalated to MOE, TANESCO's parent
    email = make_staff("MOE", role="manager", name="Baraka Mushi").email

    sign_in(page, live_server, email)
    banner = page.locator(".alerts")
    expect(banner).to_contain_text("umepandishwa ngazi kwako")
    banner.get_by_role("link").first.click()
    page.locator(f'tr[data-reference="{reference}"]').get_by_role("link").click()
    expect(page.locator('li[data-type="escalated"]')).to_have_count(1)
    expect(page.locator(".details")).to_contain_text("TANESCO")
    screenshot("staff-escalated")
    assert db.session.get(Feedback, item_id).escalation_level == 1
