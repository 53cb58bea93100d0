"""In the phone simulator a citizen files a complaint by USSD and sees the SMS receipt."""
import re

import pytest
from playwright.sync_api import expect

from mrejesho.models import Feedback, InboundSms, UssdSession
from tests.factories import STAFF_PASSWORD, make_staff

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def signed_in(live_server, page, db):
    """The simulator is for signed-in staff only (issue 12 #13)."""
    page.goto(live_server + "/staff/login")
    page.get_by_label("Barua pepe").fill(make_staff().email)
    page.get_by_label("Nenosiri").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Ingia").click()
    page.wait_for_url("**/staff/")


def test_complaint_by_ussd_in_the_simulator_gets_an_sms_receipt(live_server, page, db,
                                                                 screenshot):
    page.goto(live_server + "/simulator")
    page.get_by_label("Namba ya simu").fill("0754 321 987")
    page.get_by_label("Namba ya kupiga").fill("*152*00#")
    page.get_by_role("button", name="Piga").click()
    screen = page.locator("#sim-ussd-text")
    expect(screen).to_contain_text("Karibu e-Mrejesho")

    def answer(value: str, expected: str) -> None:
        page.get_by_label("Jibu").fill(value)
        page.get_by_role("button", name="Tuma", exact=True).click()
        expect(screen).to_contain_text(expected)

    answer("1", "Chagua aina")
    answer("1", "Sekta")
    answer("98", "Barabara na Usafiri")
    answer("0", "Masuala ya Jumla")
    answer("TANESCO", "Andika ujumbe wako kwa TANESCO")
    answer("Umeme umekatika * Sinza tangu jana", "Ficha namba yako?")
    answer("2", "Tuma lalamiko kwa TANESCO?")
    screenshot("simulator-confirm")
    answer("1", "Namba ya kumbukumbu")

    reference = re.search(r"\d{3} \d{3} \d{4}", screen.inner_text()).group(0).replace(" ", "")
    inbox = page.locator("#sim-inbox")
    expect(inbox).to_contain_text(f"HALI {reference}")
    expect(inbox.locator("li").first).to_have_attribute("data-status", "queued")
    screenshot("simulator-receipt")

    item = db.session.scalars(db.select(Feedback).filter_by(reference=reference)).one()
    assert (item.channel, item.citizen_phone) == ("ussd", "+255754321987")
    assert item.body == "Umeme umekatika * Sinza tangu jana"

    page.get_by_role("button", name="Sawa").click()
    # The page says the session ended once its end-of-session notice was answered.
    expect(page.locator("#sim-status")).to_contain_text("Kipindi kimekwisha")
    row = db.session.get(UssdSession, item.source_key.removeprefix("ussd:"))
    db.session.refresh(row)
    assert (row.end_status, row.end_screen, row.hops) == ("Success", "done", 9)

def test_wrong_service_code_is_refused_in_english(live_server, page):
    page.goto(live_server + "/simulator?lang=en")
    page.get_by_label("Number to dial").fill("*100#")
    page.get_by_role("button", name="Call").click()
    expect(page.locator("#sim-status")).to_have_text("Unknown service code. Dial *152*00#.")
    expect(page.locator("#sim-ussd")).to_be_hidden()


def test_sms_from_the_simulator_reaches_the_real_inbound_endpoint(live_server, page, db):
    page.goto(live_server + "/simulator")
    page.get_by_label("Namba ya simu").fill("+255 754 321 988")
    page.get_by_label("Ujumbe wako").fill("LALAMIKO TANESCO umeme umekatika Mbezi")
    page.get_by_role("button", name="Tuma SMS").click()
    expect(page.locator("#sim-sms-status")).to_have_text("SMS imetumwa.")
    stored = db.session.scalars(db.select(InboundSms)).one()
    assert (stored.sender, stored.recipient) == ("+255754321988", "15200")
    assert stored.text == "LALAMIKO TANESCO umeme umekatika Mbezi"
    expect(page.locator("#sim-inbox li").first).to_have_attribute("data-status", "queued")
