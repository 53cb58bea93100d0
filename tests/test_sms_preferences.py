"""A phone's settings by SMS, through the real webhook: SIRI / ANON (anonymous once, or by
default), LUGHA / LANGUAGE (remembered and used for the next answer), and the two HELP
screens, every answer one GSM-7 segment in both languages and showing the SMS number."""
import csv
import io
import re

import pytest

from mrejesho.gsm import is_gsm, segments, septets
from mrejesho.languages import LANGUAGES
from mrejesho.models import Feedback, InboundSms, PhonePreference
from sms import replies, vocabulary
from tests.factories import make_staff
from tests.fake_at import CITIZEN, post_inbound

NUMBERS = ("15200", "+255754000000")  # the short code, and a full number at the longest
COMPLAINT = "LALAMIKO TANESCO umeme umekatika tangu jana Sinza"


def answers(sms_sent) -> list[str]:
    return [row.text for row in sms_sent(CITIZEN)]


def last_answer(sms_sent) -> str:
    return answers(sms_sent)[-1]


def newest_feedback(db) -> Feedback:
    return db.session.scalars(db.select(Feedback).order_by(Feedback.id.desc())).first()


def preference(db) -> PhonePreference | None:
    db.session.expire_all()
    return db.session.get(PhonePreference, CITIZEN)


# --- every answer fits one segment -------------------------------------------------------

@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("key", replies.KEYS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_answer_of_the_channel_is_one_gsm_segment(app, key, lang, number):
    text = replies.render(key, lang, number=number)
    assert is_gsm(text) and segments(text) == 1, (septets(text), text)


@pytest.mark.parametrize("key", replies.KEYS)
def test_every_answer_is_translated_into_swahili(app, key):
    assert replies.render(key, "sw") != replies.render(key, "en")


COMMAND_WORD = re.compile(r"\b[A-Z]{2,}\b")
KNOWN_WORDS = {word.upper() for table in (
    vocabulary.KIND_WORDS, vocabulary.STATUS_WORDS, vocabulary.HELP_WORDS,
    vocabulary.ANONYMITY_WORDS, vocabulary.ANONYMITY_SWITCH, vocabulary.LANGUAGE_WORDS,
    vocabulary.LANGUAGE_CHOICES) for word in table} | {"TANESCO", "SMS"}


@pytest.mark.parametrize("key", replies.KEYS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_command_words_an_answer_shows_are_words_the_parser_knows(app, key, lang):
    shown = set(COMMAND_WORD.findall(replies.render(key, lang)))
    assert shown - KNOWN_WORDS == set()


@pytest.mark.parametrize("text, start", [
    ("MSAADA", "e-Mrejesho 15200: Tuma LALAMIKO"), ("HELP", "e-Mrejesho 15200: Send COMPL"),
    ("MSAADA 2", "e-Mrejesho 15200: Fuatilia: HALI"), ("help 2", "e-Mrejesho 15200: Track"),
    ("Msaada2", "e-Mrejesho 15200: Fuatilia"),
])
def test_help_screens_by_sms_show_the_number_and_fit_one_segment(client, sms_sent, text,
                                                                    start):
    post_inbound(client, text)
    [answer] = answers(sms_sent)
    assert answer.startswith(start)
    assert segments(answer) == 1


def test_the_first_help_screen_points_to_the_second(client, sms_sent):
    post_inbound(client, "HELP")
    post_inbound(client, "MSAADA")
    english, swahili = answers(sms_sent)
    assert english.endswith("More: HELP 2") and swahili.endswith("Zaidi: MSAADA 2")


def test_the_help_screens_show_the_configured_sms_number(app, client, sms_sent):
    app.config["SMS_SHORT_CODE"] = "15999"
    post_inbound(client, "HELP")
    assert "e-Mrejesho 15999:" in last_answer(sms_sent)


# --- anonymity ---------------------------------------------------------------------------

def test_siri_before_a_message_files_it_anonymously_and_still_answers(client, db, sms_sent):
    post_inbound(client, "SIRI " + COMPLAINT)
    item = newest_feedback(db)
    assert item.anonymous and item.citizen_phone == CITIZEN
    assert (item.institution.code, item.body) == ("TANESCO", "umeme umekatika tangu jana Sinza")
    assert item.reference in last_answer(sms_sent)  # the receipt reaches the citizen
    # Only that message: the phone's default is unchanged.
    post_inbound(client, COMPLAINT + " tena")
    assert not newest_feedback(db).anonymous
    assert preference(db).anonymous is False


def test_officers_never_see_the_number_of_an_anonymous_sms(client, db, sms_sent,
                                                           staff_login):
    post_inbound(client, "anon COMPLAINT TANESCO no power in Sinza since Monday")
    item = newest_feedback(db)
    assert item.anonymous and item.language == "en"
    staff_login(make_staff())
    page = client.get(f"/staff/feedback/{item.id}?lang=en").get_data(as_text=True)
    assert CITIZEN not in page and CITIZEN[1:] not in page
    assert "+255 *** *** 678" in page
    export = client.get("/staff/export.csv?tab=all").get_data(as_text=True)
    [row] = list(csv.DictReader(io.StringIO(export[1:])))
    assert row["reference"] == item.reference and CITIZEN not in export
    assert (row["citizen_phone"], row["anonymous"]) == ("+255 *** *** 678", "yes")
    # Searching the queue by the number finds nothing either, though the item is listed.
    assert item.reference in queue_references(client, "")
    assert queue_references(client, "0712345678") == []


def queue_references(client, query: str) -> list[str]:
    html = client.get(f"/staff/?tab=all&q={query}").get_data(as_text=True)
    return re.findall(r'<tr data-reference="(\d{10})"', html)


def test_siri_alone_makes_the_phone_anonymous_until_it_is_sent_again(client, db, sms_sent):
    post_inbound(client, "SIRI")
    assert preference(db).anonymous is True
    assert last_answer(sms_sent).startswith("e-Mrejesho: Maafisa hawataona namba yako")
    post_inbound(client, COMPLAINT)
    assert newest_feedback(db).anonymous
    post_inbound(client, "siri")  # again: the number shows from now on
    assert preference(db).anonymous is False
    assert last_answer(sms_sent).startswith("e-Mrejesho: Maafisa wataona tena namba yako")
    post_inbound(client, COMPLAINT + " tena")
    assert not newest_feedback(db).anonymous
    assert [row.outcome for row in db.session.scalars(
        db.select(InboundSms).order_by(InboundSms.id))] == [
        "anonymous_on", "feedback", "anonymous_off", "feedback"]


@pytest.mark.parametrize("first, second, hidden", [
    ("ANON ON", "anon on", True), ("SIRI ZIMA", "ANON OFF", False), ("SIRI", "SIRI WASHA", True),
])
def test_anonymity_said_on_or_off_is_set_not_toggled(client, db, sms_sent, first, second,
                                                      hidden):
    post_inbound(client, first)
    post_inbound(client, second)
    assert preference(db).anonymous is hidden


def test_settings_answers_fit_one_segment_as_sent(client, sms_sent):
    for text in ("SIRI", "SIRI", "ANON ON", "ANON OFF", "LUGHA EN", "LUGHA", "LANGUAGE SW"):
        post_inbound(client, text)
    assert all(segments(text) == 1 and is_gsm(text) for text in answers(sms_sent))


# --- language ----------------------------------------------------------------------------

def test_language_keyword_is_remembered_and_used_for_the_next_answer(client, db, sms_sent):
    post_inbound(client, "LUGHA EN")
    assert last_answer(sms_sent) == ("e-Mrejesho: We will answer you in English from now on. "
                                     "Kwa Kiswahili tuma LUGHA SW")
    assert preference(db).language == "en"
    post_inbound(client, "SIRI")  # a Swahili keyword, but the phone chose English
    assert last_answer(sms_sent).startswith("e-Mrejesho: Officers will not see your phone")
    post_inbound(client, "4")  # a bare rating with nothing to rate: no clue in the text
    assert last_answer(sms_sent).startswith("e-Mrejesho: You have no resolved feedback")
    post_inbound(client, "LANGUAGE SW")
    post_inbound(client, "4")
    assert last_answer(sms_sent).startswith("e-Mrejesho: Hakuna mrejesho")


def test_a_message_without_a_language_clue_is_filed_in_the_phones_language(client, db,
                                                                             sms_sent):
    post_inbound(client, "LANGUAGE ENGLISH")
    post_inbound(client, "TANESCO 12345")  # a code and a number: no language in it
    item = newest_feedback(db)
    assert item.language == "en"
    assert last_answer(sms_sent).startswith("e-Mrejesho: Your complaint was received")


def test_lugha_alone_says_how_to_choose(client, db, sms_sent):
    post_inbound(client, "LUGHA")
    assert last_answer(sms_sent).startswith("e-Mrejesho: Kuchagua lugha ya SMS zetu")
    assert preference(db) is None


def test_a_sentence_about_language_is_feedback(client, db, sms_sent):
    post_inbound(client, "Lugha ya walimu wa shule ya Mbezi ni mbaya sana")
    assert newest_feedback(db).body.startswith("Lugha ya walimu")
