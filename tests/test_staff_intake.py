"""The desk's own intake (issue 16): an officer records feedback received by a call, a visit,
a letter or an email for the citizen, through the one intake; the timeline names the officer
and the channel, the citizen gets the receipt in their language through the outbox, and an
officer records only for their own institution (the central desk and admins for any)."""
import io
import re

import sqlalchemy as sa

from mrejesho.models import Event, Feedback, OutboundMessage
from tests.factories import make_staff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WALK_IN = {"channel": "visit", "kind": "complaint", "institution": "TANESCO", "priority": "",
           "subject": "", "body": "Mita ya LUKU haisomi tangu wiki iliyopita, Sinza.",
           "name": "Amina Juma", "phone": "0712 345 678", "email": "", "language": "sw"}


def only_feedback(db) -> Feedback:
    rows = db.session.scalars(sa.select(Feedback)).all()
    assert len(rows) == 1
    return rows[0]


def test_a_walk_in_is_recorded_with_the_officer_and_channel_and_a_receipt_by_sms(
        client, db, staff_login):
    officer = staff_login(make_staff("TANESCO", name="Neema Mushi"))
    response = client.post("/staff/intake", data=WALK_IN)
    item = only_feedback(db)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/feedback/{item.id}")
    assert (item.channel, item.institution.code, item.citizen_phone) == (
        "visit", "TANESCO", "+255712345678")
    created = db.session.scalar(sa.select(Event).filter_by(feedback_id=item.id, type="created"))
    assert (created.actor_type, created.staff_id, created.from_value) == (
        "staff", officer.id, "visit")
    sms = db.session.scalars(sa.select(OutboundMessage).filter_by(channel="sms")).all()
    assert [row.to for row in sms] == ["+255712345678"]
    assert item.reference in sms[0].text and "umepokelewa" in sms[0].text
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Neema Mushi" in page and "Kufika ofisini" in page


def test_a_letter_in_english_with_an_email_and_a_scan_sends_the_receipt_by_email(
        client, db, staff_login):
    staff_login(make_staff("TANESCO"))
    form = {**WALK_IN, "channel": "letter", "phone": "", "email": "john@example.com",
            "language": "en", "attachment": (io.BytesIO(PDF), "barua.pdf")}
    response = client.post("/staff/intake", data=form, content_type="multipart/form-data")
    assert response.status_code == 302
    item = only_feedback(db)
    assert (item.channel, item.language, item.attachment_name, item.attachment_mime) == (
        "letter", "en", "barua.pdf", "application/pdf")
    mail = db.session.scalars(sa.select(OutboundMessage)).all()
    assert [(row.channel, row.to) for row in mail] == [("email", "john@example.com")]
    assert "was received" in mail[0].subject and item.reference in mail[0].text


def test_an_anonymous_call_keeps_the_phone_hidden_from_the_queue(client, db, staff_login):
    staff_login(make_staff("TANESCO"))
    client.post("/staff/intake", data={**WALK_IN, "channel": "call", "anonymous": "y"})
    item = only_feedback(db)
    assert item.anonymous and item.channel == "call"
    page = client.get("/staff/").get_data(as_text=True)
    assert "712345678" not in page and "Amina" not in page


def test_an_officer_cannot_record_for_another_institution(client, db, staff_login):
    staff_login(make_staff("TANESCO"))
    response = client.post("/staff/intake", data={**WALK_IN, "institution": "DAWASA"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="institution-error"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboundMessage)) == 0
    # The form offers only the officer's own institution.
    form = client.get("/staff/intake").get_data(as_text=True)
    assert re.findall(r'<option value="(\w*)"', form.split('name="institution"')[1]
                      .split("</select>")[0]) == ["TANESCO"]


def test_the_central_desk_records_for_any_institution_or_lets_the_router_decide(
        client, db, staff_login):
    staff_login(make_staff("DAWATI"))
    response = client.post("/staff/intake", data={**WALK_IN, "institution": "DAWASA"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/intake")  # not the desk's case
    routed = {**WALK_IN, "institution": "", "body": "Umeme umekatika Sinza tangu jana, "
              "TANESCO hawajaja kurekebisha nguzo."}
    assert client.post("/staff/intake", data=routed).status_code == 302
    codes = db.session.scalars(sa.select(Feedback.institution_id)).all()
    assert len(codes) == 2
    found = {item.institution.code for item in db.session.scalars(sa.select(Feedback))}
    assert found == {"DAWASA", "TANESCO"}


def test_bad_input_is_answered_beside_the_fields_never_stored(client, db, staff_login):
    staff_login(make_staff("TANESCO"))
    bad = {**WALK_IN, "channel": "pigeon", "phone": "12", "body": "", "priority": "asap",
           "kind": "rant"}
    response = client.post("/staff/intake", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("channel", "phone", "body", "priority", "kind"):
        assert f'id="{field}-error"' in page, field
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 0


def test_the_officer_may_choose_the_priority_over_the_router(client, db, staff_login):
    staff_login(make_staff("TANESCO"))
    client.post("/staff/intake", data={**WALK_IN, "priority": "low",
                                       "body": "Waya wa umeme umekatika mtaani kwetu."})
    item = only_feedback(db)
    assert (item.priority, item.priority_reason) == (4, None)


def test_the_queue_filters_and_the_dashboard_count_the_desk_channels(client, db, staff_login):
    staff_login(make_staff("TANESCO"))
    client.post("/staff/intake", data=WALK_IN)
    item = only_feedback(db)
    dashboard = client.get("/staff/dashboard").get_data(as_text=True)
    assert "Kufika ofisini" in dashboard
    page = client.get("/staff/?channel=visit&lang=en").get_data(as_text=True)
    assert f'data-reference="{item.reference}"' in page and "Unknown channel" not in page
    assert '<option value="visit" selected' in page
    assert "Unknown channel" in client.get("/staff/?channel=pigeon").get_data(as_text=True)
