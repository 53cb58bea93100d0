"""The privacy notice (issue 15): on the web form and in USSD help, in Swahili and English,
saying what is kept, why, for how long, and how to ask for it."""
from __future__ import annotations

import pytest

from mrejesho.gsm import septets
from tests.test_ussd_webhook import Caller
from ussd.screens import LIMIT

NOTICE = {
    "sw": ("Faragha yako", "kukujibu", "Takriban miaka 2 baada ya mrejesho wako kufungwa",
           "TAARIFA", "Omba taarifa zako"),
    "en": ("Your privacy", "to answer you", "About 2 years after your feedback is closed",
           "MYDATA", "Ask for your data"),
}


@pytest.mark.parametrize("lang", ["sw", "en"])
def test_the_web_form_carries_the_privacy_notice(client, lang):
    html = client.get(f"/submit?lang={lang}").get_data(as_text=True)
    notice = html.split('id="privacy-notice"')[1].split("</section>")[0]
    for words in NOTICE[lang]:
        assert words in notice, words
    assert "15200" in notice and 'href="/data"' in notice
    assert "anonymous" in notice or "bila kujitambulisha" in notice


def test_the_notice_follows_the_retention_setting(app, client):
    app.config["RETENTION_DAYS"] = 3 * 365
    html = client.get("/submit?lang=en").get_data(as_text=True)
    assert "About 3 years after your feedback is closed" in html


@pytest.mark.parametrize(("lang", "choice", "words"), [
    ("sw", "1", ("Faragha", "miaka 2 baada ya kufungwa", "kukujibu", "TAARIFA kwa 15200")),
    ("en", "2", ("Privacy", "2 years after closing", "to answer you", "MYDATA to 15200")),
])
def test_ussd_help_leads_to_the_privacy_notice(client, lang, choice, words):
    caller = Caller(client)
    caller.dial()
    caller.send("4")  # Lugha/Language
    caller.send(choice)
    help_screen = caller.send("5")
    assert words[0] in help_screen
    screen = caller.send("1")
    assert screen.startswith("CON ") and septets(screen) <= LIMIT
    for text in words[1:]:
        assert text in screen, (text, screen)


def test_ussd_notice_says_the_configured_years(app, client):
    app.config["RETENTION_DAYS"] = 5 * 365
    caller = Caller(client, phone="+255754000111")
    caller.dial()
    caller.send("5")
    assert "miaka 5 baada ya kufungwa" in caller.send("1")
