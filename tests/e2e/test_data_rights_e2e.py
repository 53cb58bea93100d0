"""Issue 15's citizen data request, end to end in Chromium: the citizen texts TAARIFA and gets
the count and the /data link by SMS (through the outbox worker and the real africastalking
SDK, against the fake Africa's Talking server), opens the link, asks for a code, reads it
from the SMS the fake server received, sees what is held, downloads it as JSON, erases the
closed feedback, and is refused the open one."""
import json
import re

import pytest
from playwright.sync_api import expect

from mrejesho.models import Feedback
from sms.worker import Worker
from tests.factories import make_feedback, make_staff
from tests.fake_at import API_KEY, CITIZEN, USERNAME, post_inbound

pytestmark = pytest.mark.e2e


@pytest.fixture
def at_app(app, fake_at, live_server):
    """The app's SMS go through the africastalking SDK to the fake server; links point at
    the live server."""
    app.config.update(SMS_GATEWAY="africastalking", AT_API_BASE_URL=fake_at.url,
                      AT_USERNAME=USERNAME, AT_API_KEY=API_KEY, SMS_SEND_TIMEOUT=2,
                      PUBLIC_BASE_URL=live_server)
    return app


def last_sms_to(app, fake_at, phone):
    """Send what the outbox holds; the text of the last SMS the fake server took for phone."""
    Worker(app, senders=1).drain()
    texts = [r["message"] for r in fake_at.requests if phone in r["to"].split(",")]
    assert texts, fake_at.requests
    return texts[-1]


def test_citizen_sees_downloads_and_erases_their_data(at_app, db, fake_at, live_server, page,
                                                      tmp_path):
    officer = make_staff("TANESCO")
    done = make_feedback(status="closed", by=officer, email="amina@example.com",
                         body="Umeme ulikatika Sinza; nipigie 0712 345 678.")
    still = make_feedback(body="Maji hayatoki mtaa wa Mbezi tangu jana.")
    post_inbound(at_app.test_client(), "TAARIFA", msg_id="ATXid_taarifa")
    answer = last_sms_to(at_app, fake_at, CITIZEN)
    assert "tunahifadhi mrejesho 2" in answer
    link = re.search(r"http://\S+/data", answer).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Taarifa tunazohifadhi kuhusu wewe")
    page.get_by_label("Namba yako ya simu").fill("0712 345 678")
    page.get_by_role("button", name="Nitumie msimbo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Andika msimbo tuliokutumia")
    code = re.search(r"\b(\d{6})\b", last_sms_to(at_app, fake_at, CITIZEN)).group(1)

    page.get_by_label("Msimbo", exact=True).fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Endelea").click()
    expect(page.locator("#code-error")).to_contain_text("Umebakiza majaribio 4")
    page.get_by_label("Msimbo", exact=True).fill(code)
    page.get_by_role("button", name="Endelea").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Taarifa tunazohifadhi kuhusu")
    expect(page.locator(f"[data-reference='{done.reference}']")).to_contain_text("Amina Juma")
    expect(page.locator(f"[data-reference='{still.reference}']")).to_contain_text(
        "Bado unashughulikiwa")

    with page.expect_download() as download:
        page.get_by_role("link", name="Pakua zote (JSON)").click()
    path = tmp_path / "data.json"
    download.value.save_as(path)
    held = json.loads(path.read_text(encoding="utf-8"))
    assert {f["reference"] for f in held["feedback"]} == {done.reference, still.reference}
    assert any("TAARIFA" == m["text"] for m in held["sms_from_you"])

    page.locator(f"[data-reference='{done.reference}'] input[name=ref]").check()
    page.get_by_role("button", name="Futa mrejesho uliochaguliwa").click()
    expect(page.locator(".flash.success")).to_have_text(
        "Taarifa zako binafsi zimeondolewa kwenye mrejesho 1.")
    expect(page.locator(f"[data-reference='{done.reference}']")).to_have_count(0)
    expect(page.locator(f"[data-reference='{still.reference}']")).to_have_count(1)
    db.session.expire_all()
    erased = db.session.get(Feedback, done.id)
    assert (erased.citizen_phone, erased.citizen_email, erased.anonymised_at is not None) == (
        None, None, True)
    assert "0712" not in erased.body

    page.goto(f"{live_server}/data/mine?lang=en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("The data we keep about")
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The data we keep about you")
    page.goto(f"{live_server}/data/mine")
    expect(page.get_by_role("heading", level=1)).to_have_text("The data we keep about you")
