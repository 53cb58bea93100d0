"""Hostile input at the edge (issue 12, findings 3, 6, 7, 10, 11): NUL bytes, invalid UTF-8,
over-long values and overflowing numbers are cleaned or refused before they reach the
database; never a 5xx, and an SMS is always stored. Each test reproduces a finding."""
import io
import uuid

import pytest

from mrejesho.models import Feedback, InboundSms, UssdSession
from tests.factories import make_feedback, make_staff
from tests.fake_at import CITIZEN, WEBHOOK_TOKEN

TOKEN = f"?token={WEBHOOK_TOKEN}"
VALID = {"kind": "complaint", "institution": "TANESCO", "body": "Umeme umekatika Sinza tangu jana."}


def inbound(**fields) -> dict:
    data = {"from": CITIZEN, "to": "15200", "text": "LALAMIKO TANESCO umeme umekatika",
            "date": "2025-03-04 09:15:00", "id": f"ATXid_{uuid.uuid4().hex}",
            "linkId": uuid.uuid4().hex[:12], "networkCode": "64002"}
    data.update(fields)
    return data


def stored_sms(db):
    return db.session.scalars(db.select(InboundSms).order_by(InboundSms.id)).all()


# Finding 3: NUL bytes (PostgreSQL refuses them in text) and over-long values.

@pytest.mark.parametrize("field", ["id", "to", "linkId", "networkCode", "date", "text", "from"])
def test_sms_with_a_nul_byte_in_any_field_is_stored(client, db, field):
    data = inbound()
    data[field] = data[field][:3] + "\x00" + data[field][3:]
    response = client.post("/sms/inbound" + TOKEN, data=data)
    assert response.status_code == 200, response.data
    [row] = stored_sms(db)
    values = (row.provider_id, row.sender, row.recipient, row.text, row.gateway_date,
              row.link_id, row.network_code)
    assert not any("\x00" in (value or "") for value in values)


@pytest.mark.parametrize("field", ["body", "name", "subject"])
def test_web_submission_with_a_nul_byte_is_stored_without_it(client, db, field):
    data = {**VALID, field: "Amina \x00 Juma anasema umeme umekatika"}
    response = client.post("/submit", data=data)
    assert response.status_code in (302, 303), response.data[:300]
    item = db.session.scalars(db.select(Feedback)).one()
    assert "\x00" not in (getattr(item, field if field != "name" else "citizen_name") or "")


def test_web_submission_with_a_nul_byte_in_the_file_name_is_stored(client, db):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    data = {**VALID, "attachment": (io.BytesIO(png), "pi\x00cha.png")}
    response = client.post("/submit", data=data, content_type="multipart/form-data")
    assert response.status_code in (302, 303), response.data[:300]
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 1


@pytest.mark.parametrize("length", [201, 3 * 1024 * 1024])
def test_over_long_email_is_refused_beside_the_field(client, db, length):
    email = "a" * (length - len("@mfano.go.tz")) + "@mfano.go.tz"
    response = client.post("/submit", data={**VALID, "email": email})
    assert response.status_code == 422
    assert 'id="email-error"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 0


def test_staff_login_with_a_nul_byte_is_a_failed_login(client, db):
    make_staff()
    response = client.post("/staff/login", data={"email": "a\x00b", "password": "x"})
    assert response.status_code in (200, 400, 401)


def test_queue_search_for_a_nul_byte_answers(client, db, staff_login):
    staff_login(make_staff())
    assert client.get("/staff/?q=%00").status_code == 200


def test_ussd_end_notice_with_a_nul_status_is_recorded(client, db):
    response = client.post("/ussd/events" + TOKEN, data={
        "sessionId": "ATUid_nul", "status": "\x00", "phoneNumber": CITIZEN})
    assert response.status_code == 200


def test_delivery_report_with_a_nul_id_answers(client, db):
    response = client.post("/sms/delivery" + TOKEN, data={"id": "x\x00", "status": "Success"})
    assert response.status_code == 200


def test_query_string_nul_bytes_are_dropped_everywhere(app):
    with app.test_request_context("/?a=x%00y"):
        from flask import request
        assert request.args["a"] == "xy"


# Finding 10: raw invalid UTF-8 made Werkzeug drop the whole form.

def test_sms_body_with_invalid_utf8_is_stored_with_replacement(client, db, sms_sent):
    body = (f"from={CITIZEN.replace('+', '%2B')}&to=15200&id=ATXid_utf8&text=LALAMIKO "
            "TANESCO umeme \xff\xfe umekatika").encode("latin-1")
    response = client.post("/sms/inbound" + TOKEN, data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.data
    [row] = stored_sms(db)
    assert row.provider_id == "ATXid_utf8" and "\ufffd" in row.text
    assert sms_sent(CITIZEN)  # answered


# Finding 11: length limits at the edge; an SMS is cut and flagged, never dropped.

def test_absurdly_long_sms_is_stored_cut_and_flagged(client, db):
    response = client.post("/sms/inbound" + TOKEN, data=inbound(text="a" * 5 * 1024 * 1024))
    assert response.status_code == 200
    [row] = stored_sms(db)
    from sms.inbox import TEXT_LIMIT, TOO_LONG
    assert len(row.text) <= TEXT_LIMIT + len(TOO_LONG) and row.text.endswith(TOO_LONG)


# Finding 6: overflowing integers and dates.

@pytest.mark.parametrize("hops", ["inf", "-inf", "nan", "1e400", "9" * 23, "9" * 5000])
def test_ussd_end_notice_with_overflowing_hops_is_recorded_without_them(client, db, hops):
    response = client.post("/ussd/events" + TOKEN, data={
        "sessionId": "ATUid_hops", "status": "Success", "phoneNumber": CITIZEN,
        "hops": hops, "durationInMillis": hops})
    assert response.status_code == 200
    row = db.session.get(UssdSession, "ATUid_hops")
    assert row.hops is None and row.duration_ms is None


@pytest.mark.parametrize("path", ["/staff/feedback/99999999999999999999999",
                                  "/staff/feedback/" + "9" * 5000])
def test_overflowing_ids_in_the_path_are_not_found(client, db, staff_login, path):
    staff_login(make_staff())
    assert client.get(path).status_code == 404


def test_assignee_of_5000_digits_is_refused(client, db, staff_login):
    staff_login(make_staff())
    item = make_feedback(channel="web")
    response = client.post(f"/staff/feedback/{item.id}/assign",
                           data={"assignee": "9" * 5000, "version": item.version})
    assert response.status_code < 500


@pytest.mark.parametrize("args", ["from=0001-01-01", "to=9999-12-31",
                                  "from=0001-01-01&to=9999-12-31"])
def test_queue_dates_at_the_calendar_ends_answer(client, db, staff_login, args):
    staff_login(make_staff())
    assert client.get("/staff/?" + args).status_code == 200


@pytest.mark.parametrize("cursor", ["99991231235959999999." + "9" * 30,
                                    "20250101000000000000." + "9" * 5000])
def test_a_huge_cursor_answers(client, db, staff_login, cursor):
    staff_login(make_staff())
    assert client.get("/staff/?after=" + cursor).status_code in (200, 400)


# Finding 7: USSD input is cut at the network's limit before any work.

def test_a_million_stars_on_a_new_ussd_session_is_refused_at_once(client, db):
    # Refused before any work: no session is read or written, so the menu never walked the
    # million steps (the finding cost 18.6 s of a worker; speed itself is for the benchmark).
    response = client.post("/ussd" + TOKEN, data={
        "sessionId": "ATUid_stars", "phoneNumber": CITIZEN, "serviceCode": "*152*00#",
        "text": "*" * 1_000_000})
    assert response.status_code == 400
    assert response.get_data(as_text=True).startswith("END ")
    assert db.session.get(UssdSession, "ATUid_stars") is None
