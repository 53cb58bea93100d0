"""The citizen's number in a real browser (issue 15): masked on the case page, shown after
"Onyesha namba" (a POST with its CSRF token), each showing in the audit log, which the admin
finds by the number."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mrejesho.audit import AuditEntry
from tests.factories import STAFF_PASSWORD, make_feedback, make_staff

pytestmark = pytest.mark.e2e


def sign_in(page, base, email):
    page.goto(base + "/staff/login")
    page.get_by_label("Barua pepe").fill(email)
    page.get_by_label("Nenosiri").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Ingia").click()
    page.wait_for_url("**/staff/")


def test_an_officer_reveals_the_number_and_the_admin_finds_it(live_server, page, db):
    officer = make_staff(name="Neema Mollel")
    admin = make_staff("DAWATI", role="admin", name="Admin Mkuu")
    item = make_feedback()
    officer_email, admin_email, item_id = officer.email, admin.email, item.id
    db.session.commit()

    sign_in(page, live_server, officer_email)
    page.goto(f"{live_server}/staff/feedback/{item_id}")
    expect(page.locator("#citizen-phone")).to_have_text("+255 *** *** 678")
    page.get_by_role("button", name="Onyesha namba").click()
    expect(page.locator("#citizen-phone")).to_have_text("+255712345678")
    expect(page.locator("#show-number")).to_have_count(0)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "phone.reveal", AuditEntry.feedback_id == item_id)) == 1

    page.get_by_role("button", name="Toka").click()
    sign_in(page, live_server, admin_email)
    page.get_by_role("link", name="Kumbukumbu ya ukaguzi").click()
    page.get_by_role("textbox", name="Namba ya simu").fill("0712 345 678")
    page.get_by_role("button", name="Tafuta").click()
    expect(page.locator('tr[data-action="phone.reveal"]')).to_contain_text("Neema Mollel")
    expect(page.locator("tbody")).not_to_contain_text("712345678")
