"""Every SMS text comes from the catalogs in Swahili and English, stays GSM-7, and fits one
segment where it can."""
import pytest

from mrejesho import feedback, notify, routing
from mrejesho.gsm import count, is_gsm, segments, septets
from mrejesho.languages import LANGUAGES
from mrejesho.lifecycle import ALL as STATUSES
from mrejesho.models import KINDS
from sms import vocabulary
from tests.factories import make_staff, submission

LONGEST_REF, LONGEST_CODE = "9" * 10, "X" * 12  # Institution.code is at most 12 characters
LINK = "https://mrejesho.go.tz/f/9999999999/ABCDEFGHJKMNPQRS"
SAME_IN_EVERY_LANGUAGE = {"reply", "refused"}  # a prefix around the officer's own words


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_has_a_template_in_each_language(lang):
    assert set(notify.templates(lang)) == set(notify.KEYS)


def test_every_message_is_translated_into_swahili():
    english, swahili = notify.templates("en"), notify.templates("sw")
    untranslated = {key for key in notify.KEYS
                    if swahili[key] == english[key] and key not in SAME_IN_EVERY_LANGUAGE}
    assert untranslated == set()


@pytest.mark.parametrize("key", notify.KEYS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_template_forces_ucs2_and_each_fits_one_segment_at_worst(key, lang):
    assert is_gsm(notify.templates(lang)[key])
    for kind in KINDS:
        for status in STATUSES:
            message = notify.render(key, lang, ref=LONGEST_REF, inst=LONGEST_CODE, kind=kind,
                                    status=status, text="")
            assert is_gsm(message)
            assert segments(message) == 1, (message, septets(message))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_keyword_a_help_text_shows_is_one_the_parser_knows(lang):
    for kind, keyword in notify.keywords(lang).items():
        assert vocabulary.KIND_WORDS[keyword.lower()] == (kind, lang)
        assert keyword in notify.render("empty_message", lang, kind=kind)


def test_a_duplicate_is_rejected_naming_the_original_in_the_citizens_language():
    assert notify.render("duplicate", "sw", ref="4821937750", text="1234567897") == (
        "e-Mrejesho 4821937750: Imekataliwa. Ni nakala ya mrejesho 1234567897.")
    assert notify.render("duplicate", "en", ref="4821937750", text="1234567897") == (
        "e-Mrejesho 4821937750: Rejected. It duplicates feedback 1234567897.")


def test_an_unknown_language_gets_swahili():
    assert notify.render("follow_up", "fr", ref="4821937750") == notify.render(
        "follow_up", "sw", ref="4821937750")


@pytest.mark.parametrize("key", ["awaiting_citizen", "resolved", "rejected", "status", "reply"])
def test_officer_text_up_to_three_segments_arrives_whole(key):
    text = "Tafadhali fika ofisini kwetu ukiwa na nakala ya mkataba wako " * 5
    message = notify.render(key, "sw", ref=LONGEST_REF, inst=LONGEST_CODE, text=text,
                            link=LINK)
    assert text.strip() in message and LINK not in message
    assert 2 <= segments(message) <= 3


@pytest.mark.parametrize("key", ["awaiting_citizen", "resolved", "rejected", "status", "reply"])
def test_officer_text_past_three_segments_becomes_its_start_and_the_private_link(key):
    text = "Tafadhali fika ofisini kwetu ukiwa na nakala ya mkataba wako " * 9
    message = notify.render(key, "sw", ref=LONGEST_REF, inst=LONGEST_CODE, text=text,
                            link=LINK)
    assert segments(message) == 3 and is_gsm(message)
    assert f"... {LINK}" in message
    start = message.split("... " + LINK)[0].split(": ", 1)[-1]
    assert "Tafadhali fika ofisini" in start
    # As much of the text as fits: one more word would need a fourth segment.
    assert len(message) > 459 - 70


def test_boundary_of_three_gsm_segments_is_exact():
    template = notify.render("reply", "en", ref=LONGEST_REF, inst="TANESCO", text="x")
    room = 3 * 153 - (septets(template) - 1)
    fits = notify.render("reply", "en", ref=LONGEST_REF, inst="TANESCO", text="a" * room,
                         link=LINK)
    assert fits.endswith("a" * room) and segments(fits) == 3
    over = notify.render("reply", "en", ref=LONGEST_REF, inst="TANESCO",
                         text="a" * (room + 1), link=LINK)
    assert over.endswith(LINK) and segments(over) == 3
    # An extension character costs two septets.
    over = notify.render("reply", "en", ref=LONGEST_REF, inst="TANESCO",
                         text="a" * (room - 1) + "{", link=LINK)
    assert over.endswith(LINK)


def test_boundary_of_three_ucs2_segments_is_exact():
    template = notify.render("reply", "en", ref=LONGEST_REF, inst="TANESCO", text="x")
    room = 3 * 67 - (len(template) - 1)
    text = "\u0107" * room  # not in GSM-7: the whole SMS goes as UCS-2, as typed
    fits = notify.render("reply", "en", ref=LONGEST_REF, inst="TANESCO", text=text, link=LINK)
    assert fits.endswith(text) and count(fits) == ("UCS-2", 201, 3)
    over = notify.render("reply", "en", ref=LONGEST_REF, inst="TANESCO", text=text + "a",
                         link=LINK)
    assert over.endswith(LINK) and count(over).segments == 3


def test_typographic_marks_are_made_plain_so_the_text_stays_gsm():
    text = "\u201cAsante\u201d \u2013 tutafika saa 3 Mbezi, caf\u00e9"
    message = notify.render("reply", "sw", ref=LONGEST_REF, inst="TANESCO", text=text)
    assert is_gsm(message)
    assert message.endswith('"Asante" - tutafika saa 3 Mbezi, caf\u00e9')


def test_other_free_text_is_cut_to_keep_one_segment():
    text = "Tafadhali fika ofisini kwetu ukiwa na nakala ya mkataba wako " * 6
    message = notify.render("refused", "sw", ref=LONGEST_REF, text=text)
    assert segments(message) == 1 and "..." in message


def test_citizen_sms_of_a_long_resolution_carries_the_private_link(app, db, sms_sent):
    from mrejesho import followup

    item = feedback.submit(submission(), channel="sms")
    officer = make_staff()
    feedback.set_status(item, officer, "in_progress")
    feedback.set_status(item, officer, "resolved", "Tumebadilisha mita yako. " * 30)
    message = sms_sent()[-1].text
    assert message.count(followup.link(item.reference)) == 1 and segments(message) == 3


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


def test_a_duplicate_tells_the_citizen_which_feedback_it_repeats(app, db, sms_sent):
    original = feedback.submit(submission(), channel="sms")
    item = feedback.submit(submission(), channel="sms")
    feedback.mark_duplicate(item, make_staff(), original)
    assert sms_sent()[-1].text == (
        f"e-Mrejesho {item.reference}: Imekataliwa. Ni nakala ya mrejesho {original.reference}.")


def test_the_citizen_is_told_in_their_language_not_the_officers(app, db, sms_sent):
    from flask_babel import gettext

    item = feedback.submit(submission(language="sw"), channel="sms")
    with app.test_request_context("/?lang=en"):
        assert gettext("Track") == "Track"  # the officer reads English
        feedback.transfer(item, make_staff(), routing.by_code("MOW"), "Water policy")
    assert "umehamishiwa Wizara ya Maji (MOW)" in sms_sent()[-1].text


@pytest.mark.parametrize("lang, base, linked", [
    ("en", "https://mr.go.tz", True),  # 112 + 1 + 46 characters: one segment with the link
    ("sw", "https://mr.go.tz", False),  # 121 + 1 + 46: the Swahili receipt has no room
    ("en", "https://mrejesho.tanzania.go.tz", False),  # a longer address: no room either
])
def test_receipt_sms_carries_the_private_link_only_when_it_fits_one_segment(
        app, db, sms_sent, lang, base, linked):
    from mrejesho import followup

    app.config["PUBLIC_BASE_URL"] = base
    item = feedback.submit(submission(institution="MOW", language=lang), channel="sms")
    [sms] = sms_sent()
    link = followup.link(item.reference)
    assert is_gsm(sms.text) and segments(sms.text) == 1
    assert sms.text.endswith(f"\n{link}") is linked and (link in sms.text) is linked
    keyword = "STATUS" if lang == "en" else "HALI"
    assert f"{keyword} {item.reference}" in sms.text  # the SMS way to track stays
    if linked:
        assert len(sms.text) == 112 + 1 + 46 and "received by MOW." in sms.text
