"""Whole USSD sessions driven through POST /ussd exactly as Africa's Talking posts them."""
from __future__ import annotations

import itertools

import pytest

from mrejesho.models import District, Feedback, Region
from tests.factories import make_feedback
from ussd import catalog, sessions

PHONE = "+255712345678"
_ids = itertools.count(1)


class Caller:
    """A phone in one USSD session: keeps `text` the way the gateway builds it."""

    def __init__(self, client, phone: str = PHONE, session_id: str | None = None):
        self.client = client
        self.phone = phone
        self.session_id = session_id or f"ATUid_{next(_ids)}"
        self.text: str | None = None

    def dial(self) -> str:
        self.text = ""
        return self.post()

    def send(self, value: str, client=None) -> str:
        self.text = value if self.text == "" else f"{self.text}*{value}"
        return self.post(client)

    def post(self, client=None) -> str:
        response = (client or self.client).post("/ussd?token=test-token", data={
            "sessionId": self.session_id, "serviceCode": "*152*00#",
            "phoneNumber": self.phone, "networkCode": "64002", "text": self.text,
        })
        assert response.status_code == 200
        assert response.mimetype == "text/plain"
        return response.get_data(as_text=True)

    def walk(self, *values: str) -> str:
        screen = self.dial() if self.text is None else ""
        for value in values:
            screen = self.send(value)
        return screen


@pytest.fixture(autouse=True)
def fresh_catalog(app):
    catalog.clear()  # each test database starts from the seed
    yield
    catalog.clear()


def feedback_rows(db):
    return db.session.scalars(db.select(Feedback)).all()


def test_first_screen_is_the_swahili_home_menu(client):
    screen = Caller(client).dial()
    assert screen == ("CON Karibu e-Mrejesho\n1. Toa mrejesho\n2. Fuatilia\n"
                      "3. Mrejesho wangu\n4. Language/Lugha\n5. Msaada")


def test_wrong_token_is_refused(client):
    response = client.post("/ussd?token=nope", data={"sessionId": "x", "text": ""})
    assert response.status_code == 403
    assert response.get_data(as_text=True).startswith("END ")


def test_missing_session_id_gets_an_end_screen_not_a_crash(client):
    response = client.post("/ussd?token=test-token", data={"text": ""})
    assert response.status_code == 400
    assert response.get_data(as_text=True) == "END Ombi si sahihi."


def test_complaint_with_a_star_in_the_message_is_filed_whole(client, db, sms_sent):
    caller = Caller(client)
    assert "Sekta" in caller.walk("1", "1")
    assert caller.send("tanesco").startswith("CON Andika ujumbe wako kwa TANESCO")
    message = "Umeme umekatika *tangu jana* Sinza"
    assert caller.send(message).startswith("CON Ficha namba yako?")
    confirm = caller.send("2")
    assert f'"{message}"' in confirm and confirm.startswith("CON Tuma lalamiko kwa TANESCO?")
    done = caller.send("1")

    [item] = feedback_rows(db)
    assert item.body == message
    assert (item.kind, item.channel, item.institution.code) == ("complaint", "ussd", "TANESCO")
    assert item.citizen_phone == PHONE and item.source_key == f"ussd:{caller.session_id}"
    grouped = f"{item.reference[:3]} {item.reference[3:6]} {item.reference[6:]}"
    assert done.startswith("END Asante!") and grouped in done
    [receipt] = sms_sent(PHONE)
    assert item.reference in receipt.text and receipt.feedback_id == item.id


def test_retried_final_step_answers_the_same_and_files_once(client, db, sms_sent):
    caller = Caller(client)
    done = caller.walk("1", "2", "TRA", "Ofisi ifunguliwe mapema", "2", "1")
    assert caller.post() == done
    assert caller.post() == done
    assert len(feedback_rows(db)) == 1
    assert len(sms_sent(PHONE)) == 1


def test_retried_menu_step_returns_the_same_screen_and_keeps_the_place(client):
    caller = Caller(client)
    kinds = caller.walk("1")
    assert caller.post() == kinds  # same text again: a retry, not a second "1"
    assert caller.send("3").startswith("CON Sekta")


def test_back_and_home_work_from_any_depth(client):
    caller = Caller(client)
    home = caller.dial()
    sector = caller.walk("1", "1")
    assert caller.send("2").startswith("CON Nishati:")
    assert caller.send("0") == sector
    assert caller.send("0").startswith("CON Chagua aina:")
    assert caller.send("00") == home
    assert caller.send("0") == home  # nowhere further back than home


def test_paging_with_98_and_back_to_the_previous_page(client):
    caller = Caller(client)
    first = caller.walk("1", "1")
    assert "98. Zaidi" in first and "\n6. " not in first
    second = caller.send("98")
    assert second != first and "\n6. " in second
    assert caller.send("0") == first
    caller.send("98")
    assert caller.send("7").startswith("CON Afya:")


def test_invalid_choice_shows_the_same_screen_with_a_short_error(client):
    caller = Caller(client)
    home = caller.dial()
    assert caller.send("7") == "CON Chaguo si sahihi.\n" + home[len("CON "):]
    assert caller.send("1").startswith("CON Chagua aina:")


def test_unknown_typed_code_says_so(client):
    caller = Caller(client)
    screen = caller.walk("1", "1", "NOSUCH")
    assert screen.startswith("CON Kifupi hicho hakijulikani.")


def councils_screen(caller: Caller) -> str:
    sectors = caller.walk("1", "1")
    while "Halmashauri (kwa mkoa)" not in sectors:
        sectors = caller.send("98")
    number = sectors.split("Halmashauri (kwa mkoa)")[0].rsplit("\n", 1)[1].rstrip(". ")
    return caller.send(number)


def test_councils_are_reached_through_their_region_and_district(client, db):
    caller = Caller(client)
    regions = councils_screen(caller)
    assert regions.startswith("CON Chagua mkoa:\n1. Arusha\n2. Dar es Salaam")
    districts = caller.send("2")
    assert districts.startswith("CON Chagua wilaya:") and "Kinondoni" in districts
    number = districts.split(". Kinondoni")[0].rsplit("\n", 1)[1]
    # One council serves Kinondoni: no third list.
    assert caller.send(number).startswith("CON Andika ujumbe wako kwa KINONDONIMC:")
    caller.send("Taka hazijazolewa wiki mbili")
    caller.send("2")  # "hide your number?" no
    caller.send("1")
    [item] = feedback_rows(db)
    assert item.institution.code == "KINONDONIMC"
    assert db.session.get(Region, item.region_id).key == "DSM"
    assert db.session.get(District, item.district_id).key == "KINONDONI"


def test_not_sure_goes_to_the_central_desk(client, db):
    caller = Caller(client)
    sectors = caller.walk("1", "3")
    while "Sijui taasisi" not in sectors:
        sectors = caller.send("98")
    number = sectors.split("Sijui taasisi")[0].rsplit("\n", 1)[1].rstrip(". ")
    assert "DAWATI" in caller.send(number)
    caller.send("Nani anahusika na vibali vya ujenzi?")
    caller.send("2")  # "hide your number?" no
    caller.send("1")
    [item] = feedback_rows(db)
    assert (item.kind, item.institution.code) == ("enquiry", "DAWATI")


def test_english_session_files_in_english(client, db, sms_sent):
    caller = Caller(client)
    assert caller.walk("4", "2").startswith("CON Welcome to e-Mrejesho")
    done = caller.walk("1", "4", "NIDA", "Quick and polite service at Kinondoni office", "2",
                       "1")
    assert done.startswith("END Thank you!")
    [item] = feedback_rows(db)
    assert (item.language, item.kind) == ("en", "compliment")
    assert sms_sent(PHONE)[0].text.startswith("e-Mrejesho: Your compliment")


def test_next_session_of_an_english_caller_starts_in_english(client, db):
    make_feedback(channel="web", language="en")
    assert Caller(client).dial().startswith("CON Welcome to e-Mrejesho")
    assert Caller(client, phone="+255754000111").dial().startswith("CON Karibu")


def test_cancel_at_confirm_files_nothing(client, db):
    caller = Caller(client)
    screen = caller.walk("1", "1", "TANESCO", "Umeme umekatika", "2", "2")
    assert screen.startswith("CON Mrejesho haukutumwa.\nKaribu e-Mrejesho")
    assert feedback_rows(db) == []


def test_too_short_message_is_asked_again(client, db):
    caller = Caller(client)
    screen = caller.walk("1", "1", "TANESCO", "ok")
    assert screen.startswith("CON Andika ujumbe wako (angalau herufi 3).")
    assert caller.send("Hakuna umeme").startswith("CON Ficha namba yako?")
    assert caller.send("1").startswith("CON Tuma lalamiko")


def test_track_by_reference_shows_status_without_the_message(client, db):
    item = make_feedback(channel="web")
    caller = Caller(client, phone="+255754000111")
    assert caller.walk("2").startswith("CON Andika namba ya kumbukumbu")
    assert caller.send("12345").startswith("CON Namba si sahihi")
    ref = item.reference
    screen = caller.send(f"{ref[:3]} {ref[3:6]} {ref[6:]}")
    assert screen.startswith(f"CON Namba {ref[:3]} {ref[3:6]} {ref[6:]}\nLalamiko kwa TANESCO")
    assert "Hali: mpya" in screen and "Sinza" not in screen


def test_track_of_an_unknown_reference_says_not_found(client):
    from mrejesho.references import check_digit

    unknown = "123456789" + check_digit("123456789")
    screen = Caller(client).walk("2", unknown)
    assert screen.startswith("CON Hakuna mrejesho wenye namba hiyo.")


def test_my_recent_feedback_lists_only_this_phone_with_status(client, db):
    mine = make_feedback(channel="web")
    make_feedback(channel="web", institution="TRA")
    other = make_feedback(channel="web", phone="+255754000111")
    screen = Caller(client).walk("3")
    assert screen.startswith("CON Mrejesho wako wa karibuni:\n1. ")
    assert mine.reference in screen and "mpya" in screen
    assert other.reference not in screen
    detail = Caller(client).walk("3", "2")
    assert "Lalamiko kwa TANESCO" in detail and "Hali: mpya" in detail


def test_my_recent_feedback_when_there_is_none(client):
    screen = Caller(client, phone="+255754999888").walk("3")
    assert screen.startswith("CON Hakuna mrejesho kutoka namba hii bado.")


def test_text_that_does_not_extend_the_last_one_is_read_as_its_last_part(client):
    caller = Caller(client)
    caller.walk("1")
    caller.text = "5*2"  # an odd gateway: not "1*..." -> take the newest part, "2"
    assert caller.post().startswith("CON Sekta")


def test_unexpected_failure_ends_the_session_politely(client, monkeypatch):
    caller = Caller(client)
    caller.dial()

    def broken(*_args, **_kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("ussd.menu.step", broken)
    assert caller.send("1") == "END Samahani, kuna hitilafu. Jaribu tena baadaye."


def test_each_step_stores_the_screen_and_text(client, db):
    caller = Caller(client)
    screen = caller.walk("1", "1")
    row = sessions.load(caller.session_id)  # from whichever store holds sessions
    assert (row.last_text, row.last_screen, row.state["screen"]) == ("1*1", screen, "sector")
    assert row.phone == PHONE and row.service_code == "*152*00#"


def test_digits_dialled_after_the_code_choose_from_the_menu(client, db):
    mine = make_feedback(channel="web")
    caller = Caller(client)
    caller.text = "3"  # *152*00*3#: the gateway's first request already carries "3"
    screen = caller.post()
    assert screen.startswith("CON Mrejesho wako wa karibuni:") and mine.reference in screen
    assert caller.send("1").startswith(f"CON Namba {mine.reference[:3]}")


def test_a_stored_state_from_an_older_version_restarts_at_home(client, db):
    caller = Caller(client)
    caller.walk("1")
    row = sessions.load(caller.session_id)
    sessions.save(row, text=row.last_text, screen=row.last_screen,
                  state={"screen": "renamed_screen", "lang": "en"})
    db.session.commit()
    sessions.publish(row)
    assert caller.send("2").startswith("CON Type the reference number")  # home, then 2
