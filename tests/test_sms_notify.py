"""Every SMS text exists in both languages, stays GSM-7, and fits one segment where it can."""
import pytest

from mrejesho import feedback, notify, routing
from mrejesho.gsm import is_gsm, segments, septets
from mrejesho.models import STATUSES
from tests.factories import make_staff, submission

LONGEST_REF, LONGEST_CODE = "9" * 10, "X" * 12  # Institution.code is at most 12 characters
KINDS = ("complaint", "suggestion", "enquiry", "compliment")
# The events the core tells the citizen about, and the answers to SMS commands.
EVENT_KEYS = ("received", "transferred", "reply", "awaiting_citizen", "resolved", "rejected",
              "closed", "reopened", "follow_up", "rated", "status")
COMMAND_KEYS = ("help", "empty_message", "not_found", "not_yours", "bad_reference",
                "nothing_to_rate", "refused")


def test_every_message_exists_in_swahili_and_english():
    assert set(notify.MESSAGES) == set(EVENT_KEYS + COMMAND_KEYS)
    for key, texts in notify.MESSAGES.items():
        assert set(texts) == {"sw", "en"}, key
        assert texts["sw"] != texts["en"] or key in ("reply", "refused"), key


@pytest.mark.parametrize("key", EVENT_KEYS + COMMAND_KEYS)
@pytest.mark.parametrize("lang", ["sw", "en"])
def test_no_template_forces_ucs2_and_each_fits_one_segment_at_worst(key, lang):
    assert is_gsm(notify.MESSAGES[key][lang])
    for kind in KINDS:
        for status in STATUSES:
            message = notify.render(key, lang, ref=LONGEST_REF, inst=LONGEST_CODE, kind=kind,
                                    status=status, text="")
            assert is_gsm(message)
            assert segments(message) == 1, (message, septets(message))


@pytest.mark.parametrize("key", ["transferred", "awaiting_citizen", "resolved", "rejected",
                                 "status"])
def test_long_officer_text_is_cut_to_keep_one_segment(key):
    text = "Tafadhali fika ofisini kwetu ukiwa na nakala ya mkataba wako " * 6
    message = notify.render(key, "sw", ref=LONGEST_REF, inst=LONGEST_CODE, text=text)
    assert segments(message) == 1
    assert "..." in message


def test_a_reply_is_sent_whole_even_if_it_needs_several_segments():
    text = "Tumepokea malalamiko yako na fundi atafika " * 6
    message = notify.render("reply", "sw", ref=LONGEST_REF, inst="TANESCO", text=text)
    assert text.strip() in message
    assert segments(message) == 2


def test_characters_outside_gsm_are_made_plain_instead_of_forcing_ucs2():
    text = "\u201cAsante\u201d \u2013 tutafika saa 3 \U0001f600 Mbezi, caf\u00e9 \u0107"
    message = notify.render("reply", "sw", ref=LONGEST_REF, inst="TANESCO", text=text)
    assert is_gsm(message)
    assert message.endswith('"Asante" - tutafika saa 3  Mbezi, caf\u00e9 c')


def test_every_rendered_message_of_a_whole_lifecycle_counts_one_segment(app, db, sms_sent):
    item = feedback.submit(submission(language="en"), channel="sms")
    officer = make_staff()
    feedback.set_status(item, officer, "awaiting_citizen", "Send your meter number.")
    feedback.follow_up(item, "Meter 0412 5566", channel="sms")
    feedback.transfer(item, officer, routing.by_code("EWURA"),
                      "Tariff question")
    feedback.set_status(item, officer, "resolved", "The tariff was corrected.")
    feedback.rate(item, 5)
    feedback.set_status(item, officer, "closed")
    texts = [row.text for row in sms_sent()]
    assert len(texts) == 7
    for text in texts:
        assert is_gsm(text) and segments(text) == 1, text
    assert "transferred to Energy and Water Utilities Regulatory Authority (EWURA)" in texts[3]
    assert "Rate 1-5" in texts[4]


def test_transfer_names_the_responsible_institution_when_it_fits(app, db, sms_sent):
    item = feedback.submit(submission(), channel="sms")
    feedback.transfer(item, make_staff(), routing.by_code("MOW"),
                      "Sera ya maji")
    text = sms_sent()[-1].text
    assert "umehamishiwa Wizara ya Maji (MOW)" in text
    assert segments(text) == 1
