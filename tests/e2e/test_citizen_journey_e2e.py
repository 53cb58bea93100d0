"""Issue 11's "done when", in a real browser on a 360-pixel phone: a citizen who gives only an
email files a complaint, gets the acknowledgement email (over real SMTP, through the outbox
worker) with the private link, answers the officer's question there with a photo (an 8 MB one
is refused first and the typed answer kept), sees the resolution, disputes it, and rates the
second resolution. The officer works in the staff pages in a second browser. axe-core checks
each state of the private page the citizen passes through."""
import re

import pytest
from playwright.sync_api import expect

from mrejesho import followup
from mrejesho.models import Feedback
from sms.worker import Worker
from tests import test_email
from tests.e2e.citizen_pages import PHONE, serious_violations
from tests.e2e.test_staff_e2e import sign_in
from tests.factories import make_staff

pytestmark = pytest.mark.e2e

smtp = test_email.smtp  # a real SMTP server (aiosmtpd) on a free local port
CITIZEN = "zawadi@example.co.tz"
# The least a JPEG needs for the server's content check; the rest is padding.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 2048


def mail_to(app, smtp, address):
    """Run the outbox worker until nothing is due; the messages the SMTP server holds for
    address, oldest first."""
    Worker(app, senders=1).drain()
    return smtp.to(address)


def no_serious_violations(page, state):
    found = serious_violations(page)
    assert found == [], f"{state}: {found}"


def officer_sets_status(staff, base, item_id, status, message):
    staff.goto(f"{base}/staff/feedback/{item_id}")
    staff.locator("#status-select").select_option(status)
    staff.get_by_label("Ujumbe kwa mwananchi").fill(message)
    staff.get_by_role("button", name="Badilisha hali").click()
    assert staff.locator(".state [data-status]").get_attribute("data-status") == status


@pytest.fixture
def citizen(browser):
    """The citizen's phone: 360 pixels wide; axe-core may be injected past the page's CSP."""
    context = browser.new_context(viewport=PHONE, locale="sw-TZ", bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def staff(browser):
    """The officer's browser, with its own cookies."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sw-TZ")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_email_only_citizen_answers_disputes_and_rates_through_the_private_link(
        live_server, citizen, staff, app, db, smtp, tmp_path):
    page = citizen
    app.config["PUBLIC_BASE_URL"] = live_server  # the links in the email open this server
    officer_email = make_staff("TANESCO", name="Neema Mollel").email
    big = tmp_path / "IMG_2041.jpg"
    big.write_bytes(JPEG + b"\x00" * (8 * 1024 * 1024))
    photo = tmp_path / "mita.jpg"
    photo.write_bytes(JPEG)

    # 1. The citizen files a complaint with only an email; an 8 MB photo keeps the form.
    page.goto(live_server + "/submit")
    page.get_by_label("Tafuta taasisi").fill("tanesco")
    page.get_by_role("button", name="Tafuta", exact=True).click()
    page.get_by_label("Shirika la Umeme Tanzania (TANESCO)").check()
    page.get_by_label("Lalamiko").check()
    page.get_by_label("Ujumbe wako").fill("Mita yangu ya LUKU haisomi tangu wiki iliyopita.")
    page.get_by_label("Barua pepe").fill(CITIZEN)
    page.locator("#attachment").set_input_files(str(big))
    assert page.locator("#attachment-error").inner_text() == "Kiambatisho kisizidi MB 5."
    assert page.get_by_label("Ujumbe wako").input_value().startswith("Mita yangu")
    assert page.get_by_label("Barua pepe").input_value() == CITIZEN
    page.get_by_role("button", name="Wasilisha").click()
    reference = page.locator(".reference").get_attribute("data-reference")
    item = db.session.scalars(db.select(Feedback).filter_by(reference=reference)).one()
    assert item.citizen_phone is None and item.citizen_email == CITIZEN
    item_id = item.id
    private = followup.link(reference)
    assert page.locator("[data-private-link]").get_attribute("href") == private

    # 2. The acknowledgement email arrives over SMTP with the private link.
    [ack] = mail_to(app, smtp, CITIZEN)
    assert reference in ack["Subject"]
    assert private in ack.get_content()

    # 3. The officer, in the staff pages, asks for information.
    sign_in(staff, live_server, officer_email)
    officer_sets_status(staff, live_server, item_id, "awaiting_citizen",
                        "Tafadhali tuma picha ya mita yako.")
    asked = mail_to(app, smtp, CITIZEN)[-1]
    assert "Tafadhali tuma picha ya mita yako." in asked.get_content()

    # 4. The citizen opens the link from the email and answers with a photo.
    link = re.search(r"https?://\S+/f/\d{10}/[A-Z2-7]{16}", asked.get_content()).group(0)
    assert link == private
    page.goto(link)
    assert page.locator("[data-question]").inner_text() == "Tafadhali tuma picha ya mita yako."
    no_serious_violations(page, "awaiting the citizen")
    page.locator("#text").fill("Hii hapa picha ya mita, namba 0145-2231.")
    page.locator("#attachment").set_input_files(str(big))  # too big: refused, answer kept
    assert page.locator("#attachment-error").inner_text() == "Kiambatisho kisizidi MB 5."
    assert page.locator("#text").input_value() == "Hii hapa picha ya mita, namba 0145-2231."
    page.locator("#attachment").set_input_files(str(photo))
    assert page.locator("#attachment-error").is_hidden()
    page.locator("#add button[type=submit]").click()
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "in_progress")
    expect(page.locator("main")).to_contain_text("Hii hapa picha ya mita")
    no_serious_violations(page, "answered")

    # The officer sees the answer and opens its photo from the timeline.
    staff.goto(f"{live_server}/staff/feedback/{item_id}")
    answer = staff.locator('li[data-type="follow_up"]')
    expect(answer).to_contain_text("Hii hapa picha ya mita")
    photo_link = answer.get_by_role("link")
    response = staff.request.get(live_server + photo_link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
    assert response.body() == JPEG

    # 5. The officer resolves; the citizen sees the resolution and disputes it.
    officer_sets_status(staff, live_server, item_id, "resolved",
                        "Mita imebadilishwa na fundi wetu leo.")
    page.goto(private)
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "resolved")
    expect(page.locator("main")).to_contain_text("Mita imebadilishwa na fundi wetu leo.")
    no_serious_violations(page, "resolved")
    page.locator("#reason").fill("Mita mpya nayo haisomi.")
    page.locator("#dispute button[type=submit]").click()
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "reopened")
    no_serious_violations(page, "reopened")

    # 6. The officer resolves again; the citizen rates the second resolution.
    officer_sets_status(staff, live_server, item_id, "resolved",
                        "Tumeweka mita nyingine; sasa inasoma.")
    page.goto(private)
    expect(page.locator("main")).to_contain_text("Tumeweka mita nyingine; sasa inasoma.")
    page.locator("#rate label.choice", has_text="5").click()
    page.locator("#comment").fill("Asanteni kwa kufuatilia.")
    page.locator("#rate button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("5/5")
    no_serious_violations(page, "rated")

    db.session.expire_all()
    item = db.session.get(Feedback, item_id)
    assert item.status == "resolved" and item.rating == 5
    assert item.rating_comment == "Asanteni kwa kufuatilia."
    types = [e.type for e in item.events]
    assert types.count("follow_up") == 2 and types.count("rated") == 1
    subjects = [m["Subject"] for m in mail_to(app, smtp, CITIZEN)]
    assert len(subjects) >= 6 and all(reference in s for s in subjects)
