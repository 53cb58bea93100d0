"""Citizen data rights (issue 15): prove a number with an SMS code, see and download what is
held about it, erase finished feedback; TAARIFA / MYDATA by SMS."""
from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa

from mrejesho import create_app
from mrejesho.audit import AuditEntry, phone_hash
from mrejesho.gsm import is_gsm, segments
from mrejesho.models import DataAccessCode, Feedback, OutboundMessage
from sms.directory import Directory
from sms.parser import parse
from tests.factories import make_feedback, make_staff
from tests.fake_at import CITIZEN, post_inbound

OTHER = "+255754000111"


def last_code(db, phone: str = CITIZEN) -> str:
    text = db.session.scalars(sa.select(OutboundMessage.text).where(
        OutboundMessage.to == phone).order_by(OutboundMessage.id.desc())).first()
    return re.search(r"\b(\d{6})\b", text).group(1)


def prove(client, db, phone: str = "0712 345 678") -> None:
    assert client.post("/data", data={"phone": phone}).status_code == 302
    answer = client.post("/data/code", data={"code": last_code(db)})
    assert answer.status_code == 302 and answer.location.endswith("/data/mine")


def audit_actions(db) -> list[str]:
    return db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()


@pytest.mark.parametrize("text, language", [
    ("TAARIFA", "sw"), ("taarifa zangu", "sw"), ("Tafadhali TAARIFA", "sw"),
    ("MYDATA", "en"), ("my data please", "en")])
def test_data_keywords_parse(text, language):
    command = parse(text, Directory(frozenset({"TANESCO"})))
    assert (command.action, command.language) == ("my_data", language)


def test_a_sentence_starting_with_taarifa_stays_feedback():
    command = parse("Taarifa ya umeme kukatika Sinza kila siku", Directory(frozenset()))
    assert command.action == "feedback"


@pytest.mark.parametrize("text, expected", [("TAARIFA", "tunahifadhi mrejesho 2"),
                                            ("MYDATA", "we keep 2 feedback")])
def test_sms_keyword_answers_with_the_count_and_the_link(client, db, sms_sent, text,
                                                         expected):
    make_feedback()
    make_feedback(kind="suggestion", body="Tuwekeeni taa za barabarani mtaa wetu.")
    make_feedback(phone=OTHER)
    post_inbound(client, text, msg_id=f"ATXid_{text}")
    answer = sms_sent(CITIZEN)[-1].text
    assert expected in answer and answer.endswith("/data")
    assert is_gsm(answer) and segments(answer) == 1


def test_sms_keyword_from_a_number_without_feedback_says_none(client, db, sms_sent):
    post_inbound(client, "MYDATA", sender=OTHER, msg_id="ATXid_none")
    assert "we keep no feedback" in sms_sent(OTHER)[-1].text


def test_code_is_sent_by_sms_and_stored_only_as_hashes(client, db, sms_sent):
    assert client.post("/data", data={"phone": "0712 345 678"}).status_code == 302
    [message] = sms_sent(CITIZEN)
    code = last_code(db)
    assert "10" in message.text and segments(message.text) == 1
    [row] = db.session.scalars(sa.select(DataAccessCode)).all()
    assert code not in (row.code_hash, row.phone_key) and "712345678" not in row.phone_key
    assert audit_actions(db) == ["data.code_sent"]
    assert db.session.scalar(sa.select(AuditEntry.phone_hash)) == phone_hash(CITIZEN)


def test_a_bad_number_is_refused_in_the_citizens_language(client):
    answer = client.post("/data?lang=en", data={"phone": "12"})
    assert answer.status_code == 422
    assert b"Type a valid Tanzanian phone number" in answer.data
    assert "Andika namba ya simu sahihi" in client.post(
        "/data?lang=sw", data={"phone": "abc"}).get_data(as_text=True)


def test_five_wrong_codes_spend_it(client, db):
    client.post("/data", data={"phone": "0712345678"})
    code = last_code(db)
    wrong = "000000" if code != "000000" else "111111"
    pages = [client.post("/data/code?lang=en", data={"code": wrong}) for _ in range(5)]
    assert [p.status_code for p in pages] == [422] * 5
    assert b"4 more tries" in pages[0].data and b"no longer works" in pages[-1].data
    late = client.post("/data/code?lang=en", data={"code": code})
    assert late.status_code == 422 and b"no longer works" in late.data
    assert client.get("/data/mine").status_code == 302


def test_a_code_expires_after_ten_minutes(client, db, clock):
    client.post("/data", data={"phone": "0712345678"})
    clock.advance(minutes=10, seconds=1)
    answer = client.post("/data/code?lang=en", data={"code": last_code(db)})
    assert answer.status_code == 422 and b"no longer works" in answer.data


def test_asking_again_replaces_the_earlier_code(client, db):
    client.post("/data", data={"phone": "0712345678"})
    first = last_code(db)
    client.post("/data", data={"phone": "0712345678"})
    if first != last_code(db):
        assert client.post("/data/code", data={"code": first}).status_code == 422


def test_the_proved_citizen_sees_and_downloads_everything_held(client, db, clock):
    mine = make_feedback(email="amina@example.com")
    make_feedback(phone=OTHER, body="Maji hayatoki Mbezi tangu wiki iliyopita.")
    prove(client, db)
    page = client.get("/data/mine?lang=en").get_data(as_text=True)
    assert mine.reference in page and "Amina Juma" in page and "amina@example.com" in page
    assert "Mbezi" not in page
    download = client.get("/data/mine.json")
    assert download.headers["Content-Disposition"].startswith("attachment")
    held = json.loads(download.data)
    assert [f["reference"] for f in held["feedback"]] == [mine.reference]
    assert held["feedback"][0]["phone"] == CITIZEN
    assert any(m["channel"] == "email" for m in held["messages_sent_to_you"])
    assert audit_actions(db) == ["data.code_sent", "data.viewed", "data.downloaded"]
    clock.advance(minutes=31)  # the proof lasts half an hour
    assert client.get("/data/mine").status_code == 302


def test_erasure_anonymises_closed_feedback_and_refuses_open(client, db):
    officer = make_staff("TANESCO")
    done = make_feedback(status="closed", by=officer,
                         body="Nipigie 0712 345 678, umeme bado hakuna Sinza.")
    still = make_feedback()
    prove(client, db)
    answer = client.post("/data/erase?lang=en", data={"ref": [done.reference, still.reference]},
                         follow_redirects=True)
    text = answer.get_data(as_text=True)
    assert f"Feedback {still.reference} is still being handled" in text
    assert "removed from 1 feedback" in text
    db.session.expire_all()
    done, still = db.session.get(Feedback, done.id), db.session.get(Feedback, still.id)
    assert (done.citizen_phone, done.citizen_name, done.anonymised_at is not None) == (
        None, None, True)
    assert "0712" not in done.body and still.citizen_phone == CITIZEN
    assert [e.to_value for e in done.events if e.type == "anonymised"] == ["erasure"]
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="data.erasure"))
    assert entry.detail == {"erased": [done.reference], "refused": [still.reference]}
    assert entry.phone_hash == phone_hash(CITIZEN)


def test_pages_without_proof_send_to_the_start(client, db):
    make_feedback(status=None)
    for path in ("/data/mine", "/data/mine.json", "/data/code"):
        assert client.get(path).status_code == 302
    assert client.post("/data/erase", data={"ref": "1234567890"}).status_code == 302
    assert client.get("/data").status_code == 200


@pytest.fixture
def limited(backend):
    _name, _url, settings = backend
    return create_app({**settings, "RATELIMIT_ENABLED": True,
                       "RATELIMIT_STORAGE_URI": "memory://"}).test_client


def test_codes_are_limited_per_number_and_per_client(app, limited):
    client = limited()
    codes = [client.post("/data", data={"phone": "0712345678"},
                         environ_base={"REMOTE_ADDR": f"41.59.0.{n}"}).status_code
             for n in range(1, 5)]
    assert codes == [302, 302, 302, 429]  # one number, whoever asks
    client = limited()
    codes = [client.post("/data", data={"phone": f"07543210{n:02d}"}).status_code
             for n in range(11)]
    assert codes[:10] == [302] * 10 and codes[10] == 429  # one client, any numbers


def test_the_page_says_how_long_data_is_kept(client, app):
    assert "Takriban miaka 2 baada" in client.get("/data").get_data(as_text=True)
    app.config["RETENTION_DAYS"] = 548
    assert "About 1.5 years after" in client.get("/data?lang=en").get_data(as_text=True)
