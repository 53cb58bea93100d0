"""A citizen submits feedback in the browser, keeps the reference and tracks it."""
import re

import pytest
from playwright.sync_api import expect

from mrejesho.models import Feedback, OutboundSms

pytestmark = pytest.mark.e2e


def test_citizen_submits_complaint_and_tracks_it(live_server, page, db, screenshot):
    page.set_viewport_size({"width": 360, "height": 740})  # a small phone
    page.goto(live_server + "/")
    page.get_by_role("link", name="Tuma mrejesho").first.click()
    page.get_by_label("Tafuta taasisi").fill("tanesco")  # a GET form: the list is re-rendered
    page.get_by_role("button", name="Tafuta", exact=True).click()
    assert page.get_by_label("Sijui - tuma kwa dawati kuu la mrejesho").is_checked()
    page.get_by_label("Shirika la Umeme Tanzania (TANESCO)").check()
    page.get_by_label("Lalamiko").check()
    page.get_by_label("Ujumbe wako").fill("Umeme umekatika tangu jana jioni mtaa wa Sinza.")
    page.get_by_label("Namba ya simu", exact=True).fill("0754 321 987")
    screenshot("citizen-submit")
    page.get_by_role("button", name="Wasilisha").click()

    reference = page.locator(".reference").get_attribute("data-reference")
    assert re.fullmatch(r"\d{10}", reference)
    screenshot("citizen-receipt")
    item = db.session.scalars(db.select(Feedback).filter_by(reference=reference)).one()
    assert item.citizen_phone == "+255754321987"
    outbox = db.session.scalars(db.select(OutboundSms).filter_by(feedback_id=item.id)).all()
    assert [sms.status for sms in outbox] == ["queued"]

    page.goto(live_server + "/track")
    typed = f"{reference[:3]} {reference[3:6]}-{reference[6:]}"
    page.get_by_label("Namba ya kumbukumbu").fill(typed)
    page.get_by_role("button", name="Fuatilia").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "new")
    assert "Shirika la Umeme Tanzania" in page.content()
    assert "0754" not in page.content() and "255754321987" not in page.content()
    screenshot("citizen-track")


def test_form_errors_show_beside_fields_in_english(live_server, page):
    page.goto(live_server + "/submit?lang=en")
    page.get_by_label("Your message").fill("ab")
    page.get_by_label("Phone number", exact=True).fill("12345")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#body-error")).to_have_text(
        "Type your message (at least 3 characters).")
    expect(page.locator("#phone-error")).to_contain_text("phone number is not valid")
    expect(page.locator("fieldset.invalid")).to_contain_text("Choose a kind")
