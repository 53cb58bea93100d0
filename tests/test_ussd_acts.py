"""USSD does what SMS does: under "my feedback" a caller answers an officer's question, adds
information, disputes a resolution within the window and rates it; asks for anonymity when
submitting; finds the SMS number on a help screen; keeps the language chosen."""
from __future__ import annotations

import threading

import pytest

from mrejesho.models import Event, Feedback
from tests.factories import make_feedback, make_staff, move_to
from tests.fake_at import post_inbound
from tests.test_ussd_webhook import PHONE, Caller
from ussd import catalog, sessions

OTHER = "+255754000111"
QUESTION = "Tafadhali tuma namba ya mita yako."


@pytest.fixture(autouse=True)
def fresh_catalog(app):
    catalog.clear()
    yield
    catalog.clear()


def follow_ups(db, item):
    return db.session.scalars(db.select(Event).filter_by(feedback_id=item.id, type="follow_up")
                              .order_by(Event.id)).all()


def awaiting(phone: str = "0712 345 678") -> Feedback:
    item = make_feedback(phone=phone)
    move_to(item, "awaiting_citizen", by=make_staff(), message=QUESTION)
    return item


def resolved(phone: str = "0712 345 678") -> Feedback:
    item = make_feedback(phone=phone)
    move_to(item, "resolved", by=make_staff(), message="Fundi amerekebisha laini.")
    return item


def test_caller_answers_the_officers_question_and_the_clock_resumes_as_with_sms(
        client, db, clock, sms_sent):
    by_ussd, by_sms = awaiting(), awaiting()
    clock.advance(days=7)  # a paused week: both due dates move by the same working days
    detail = Caller(client).walk("3", "2")  # newest first: by_sms, then by_ussd
    assert "Hali: inasubiri taarifa zako" in detail and detail.endswith(
        "1. Jibu swali\n0. Rudi 00. Mwanzo")
    prompt = Caller(client).walk("3", "2", "1")
    assert prompt.startswith(f'CON Afisa anauliza: "{QUESTION}"\nAndika jibu lako:')

    caller = Caller(client)
    caller.walk("3", "2", "1")
    confirm = caller.send("Namba ya mita ni 0412 5566")
    assert confirm.startswith(f"CON Tuma jibu hili kwa {by_ussd.reference[:3]}")
    assert '"Namba ya mita ni 0412 5566"\n1. Tuma\n2. Ghairi' in confirm
    done = caller.send("1")
    assert done.startswith("END Asante! Jibu lako kuhusu") and "kazi inaendelea" in done

    ref = by_sms.reference
    post_inbound(client, f"{ref} Namba ya mita ni 0412 5566")
    db.session.expire_all()
    assert by_ussd.status == by_sms.status == "in_progress"
    assert by_ussd.paused_at is None and by_ussd.due_at == by_sms.due_at
    [event] = follow_ups(db, by_ussd)
    assert (event.text, event.to_value, event.actor_type) == (
        "Namba ya mita ni 0412 5566", "ussd", "citizen")
    assert "Tumepokea taarifa zako" in sms_sent(PHONE)[-1].text


def test_caller_adds_information_to_an_open_item(client, db):
    item = make_feedback()
    caller = Caller(client)
    assert caller.walk("3", "1").endswith("1. Ongeza taarifa\n0. Rudi 00. Mwanzo")
    assert caller.send("1").startswith("CON Andika taarifa za kuongeza kwa")
    assert caller.send("ok").startswith("CON Andika ujumbe wako (angalau herufi 3).")
    caller.send("Nguzo iko karibu na shule ya msingi")
    assert caller.send("1").startswith("END Asante! Taarifa zako zimeongezwa")
    db.session.refresh(item)
    assert item.status == "new"
    assert [e.text for e in follow_ups(db, item)] == ["Nguzo iko karibu na shule ya msingi"]


def test_cancelling_an_act_sends_nothing(client, db):
    item = make_feedback()
    screen = Caller(client).walk("3", "1", "1", "Nguzo iko karibu na shule", "2")
    assert screen.startswith("CON Hakuna kilichotumwa.\nKaribu e-Mrejesho")
    assert follow_ups(db, item) == []


def test_caller_disputes_a_resolution_within_the_window(client, db, sms_sent):
    item = resolved()
    caller = Caller(client)
    detail = caller.walk("3", "1")
    assert detail.endswith("1. Pinga utatuzi\n2. Toa alama (1-5)\n0. Rudi 00. Mwanzo")
    assert caller.send("1").startswith("CON Eleza kwa nini utatuzi wa")
    assert caller.send("Bado hakuna umeme Sinza").startswith("CON Pinga utatuzi wa")
    assert caller.send("1").startswith("END Umepinga utatuzi:")
    db.session.refresh(item)
    assert item.status == "reopened" and item.resolved_at is None
    assert "umefunguliwa upya" in sms_sent(PHONE)[-1].text


def test_after_the_window_only_rating_is_offered_and_a_late_dispute_is_refused(
        client, db, clock, app):
    item = resolved()
    late = Caller(client)
    late.walk("3", "1", "1", "Bado hakuna umeme Sinza")  # at the confirmation screen
    clock.advance(days=app.config["DISPUTE_DAYS"] + 1)
    assert late.send("1") == "END Muda wa kupinga utatuzi huu umepita."
    db.session.refresh(item)
    assert item.status == "resolved" and follow_ups(db, item) == []
    detail = Caller(client).walk("3", "1")
    assert "Pinga" not in detail and detail.endswith("1. Toa alama (1-5)\n0. Rudi 00. Mwanzo")


def test_caller_rates_a_resolved_item_once(client, db, sms_sent):
    item = resolved()
    caller = Caller(client)
    caller.walk("3", "1", "2")
    assert caller.send("6").startswith("CON Andika namba 1 hadi 5.")
    assert caller.send("4").startswith("CON Toa alama 4 kati ya 5 kwa")
    assert caller.send("1").startswith("END Asante kwa kutoa alama")
    db.session.refresh(item)
    assert item.rating == 4
    assert "Pinga utatuzi" in Caller(client).walk("3", "1")
    assert "Toa alama" not in Caller(client).walk("3", "1")


def test_english_caller_reads_the_act_screens_in_english(client, db):
    resolved()
    caller = Caller(client)
    caller.walk("4", "2")
    assert caller.send("3").startswith("CON Your recent feedback:")
    assert caller.send("1").endswith("1. Dispute the resolution\n2. Rate it (1-5)\n"
                                     "0. Back 00. Home")
    caller.send("2")
    caller.send("5")
    assert caller.send("1").startswith("END Thank you for rating how")


def forge(caller: Caller, db, **state) -> None:
    """Put a state in the caller's session as if the menu had led there."""
    row = sessions.load(caller.session_id)
    sessions.save(row, text=row.last_text, screen=row.last_screen,
                  state={"lang": "sw", "history": [], "page": 0, **state})
    db.session.commit()
    sessions.publish(row)


@pytest.mark.parametrize("act, extra", [
    ("add", {"act_text": "Nimeongeza taarifa za uongo"}),
    ("dispute", {"act_text": "Sikubali utatuzi huu"}),
    ("rate", {"score": 1}),
])
def test_another_phones_item_cannot_be_acted_on_even_with_a_forged_state(
        client, db, act, extra):
    theirs = resolved(phone=OTHER)
    caller = Caller(client)
    caller.dial()
    detail = {"reference": theirs.reference, "kind": "complaint", "institution": "TANESCO",
              "status": "resolved", "date": "01/01/2026", "can": [act]}
    forge(caller, db, screen="act_confirm", act=act, detail=detail, **extra)
    assert caller.send("1") == "END Hakuna mrejesho wenye namba hiyo."
    db.session.refresh(theirs)
    assert (theirs.status, theirs.rating) == ("resolved", None)
    assert follow_ups(db, theirs) == []


def test_tracking_another_phones_reference_offers_nothing(client, db):
    theirs = resolved(phone=OTHER)
    screen = Caller(client).walk("2", theirs.reference)
    assert "Hali: imetatuliwa" in screen and "Pinga" not in screen and "alama" not in screen


def test_racing_confirmations_of_one_answer_add_it_once(app, db):
    item = awaiting()
    caller = Caller(app.test_client())
    caller.walk("3", "1", "1", "Namba ya mita ni 0412 5566")
    caller.text += "*1"
    screens, barrier = [], threading.Barrier(3)

    def confirm():
        barrier.wait()
        screens.append(caller.post(app.test_client()))

    threads = [threading.Thread(target=confirm) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(screens) == 3 and all(s.startswith("END Asante! Jibu lako") for s in screens)
    assert len(follow_ups(db, item)) == 1


def test_the_anonymity_answer_reaches_the_feedback(client, db):
    hidden, shown = Caller(client), Caller(client)
    assert hidden.walk("1", "1", "TANESCO", "Umeme umekatika Sinza").startswith(
        "CON Ficha namba yako?\nTaasisi haitaiona; SMS zetu zitakufikia.\n1. Ndiyo\n2. Hapana")
    hidden.walk("1", "1")
    shown.walk("1", "1", "TANESCO", "Umeme umekatika Mbezi", "2", "1")
    items = {item.body: item for item in db.session.scalars(db.select(Feedback))}
    assert items["Umeme umekatika Sinza"].anonymous is True
    assert items["Umeme umekatika Mbezi"].anonymous is False
    assert items["Umeme umekatika Sinza"].citizen_phone == PHONE  # still told by SMS


def test_a_phone_that_chose_anonymity_by_sms_is_offered_it_first_on_ussd(client, db):
    post_inbound(client, "SIRI", sender=PHONE)  # the phone's default: hide its number
    usual = Caller(client).walk("1", "1", "TANESCO", "Umeme umekatika Sinza")
    assert usual.startswith("CON Ficha namba yako?\nTaasisi haitaiona; SMS zetu zitakufikia."
                            "\n1. Ndiyo (kama kawaida yako)\n2. Hapana")
    assert len(usual) <= 160
    other = Caller(client, phone=OTHER).walk("1", "1", "TANESCO", "Umeme umekatika Mbezi")
    assert "\n1. Ndiyo\n2. Hapana" in other  # nothing chosen: the plain question
    post_inbound(client, "SIRI", sender=PHONE)  # sent again: the number shows from now on
    assert "\n1. Ndiyo\n2. Hapana" in Caller(client).walk("1", "1", "TANESCO", "Umeme tena")


def test_the_language_chosen_is_kept_for_the_next_session_without_submitting(client, db):
    first = Caller(client)
    assert first.walk("4", "2").startswith("CON Welcome to e-Mrejesho")
    assert db.session.scalars(db.select(Feedback)).all() == []
    assert Caller(client).dial().startswith("CON Welcome to e-Mrejesho")
    assert Caller(client, phone=OTHER).dial().startswith("CON Karibu")
    back = Caller(client)
    back.walk("4", "1")
    assert Caller(client).dial().startswith("CON Karibu")


def test_the_help_screen_shows_the_sms_number_in_both_languages(client, app):
    assert Caller(client).walk("5") == (
        "CON Tuma SMS kwa 15200:\nLALAMIKO TANESCO ujumbe wako\nHALI namba ya kumbukumbu\n"
        "MSAADA kwa maelezo zaidi\n1. Faragha\n0. Rudi 00. Mwanzo")
    app.config["SMS_SHORT_CODE"] = "15999"
    caller = Caller(client, phone=OTHER)
    caller.walk("4", "2")
    assert caller.send("5").startswith("CON Send an SMS to 15999:\nCOMPLAINT TANESCO")
    assert caller.send("0").startswith("CON Welcome to e-Mrejesho")


def test_an_item_acted_on_after_the_list_was_shown_is_checked_again(client, db):
    item = awaiting()
    caller = Caller(client)
    caller.walk("3", "1", "1", "Namba ya mita ni 0412 5566")
    move_to(item, "resolved", by=make_staff(email="other@example.go.tz"))
    # Resolved meanwhile: the answer must not turn into a dispute of the resolution.
    assert caller.send("1") == "END Mrejesho huu haupo wazi tena."
    db.session.refresh(item)
    assert item.status == "resolved" and follow_ups(db, item) == []
