"""Hostile input drawn by hypothesis (issue 12): any text Africa's Talking could carry, NUL
bytes, surrogates' replacements, every script and 1,000-character runs included, reaches the
SMS and USSD webhooks. An SMS is always answered and stored; a USSD step always gets a CON or
END screen; nothing answers 5xx."""
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mrejesho.models import InboundSms
from tests.fake_at import post_inbound

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=1000)
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=ANY_TEXT)
def test_any_sms_text_is_answered_and_stored(client, db, text):
    msg_id = f"ATXhyp_{uuid.uuid4().hex}"
    response = post_inbound(client, text, msg_id=msg_id)
    assert response.status_code == 200
    assert db.session.scalar(db.select(InboundSms.id).filter_by(provider_id=msg_id))


@SETTINGS
@given(text=ANY_TEXT, service=st.text(max_size=40), phone=st.text(max_size=40))
def test_any_ussd_step_gets_a_screen(client, text, service, phone):
    response = client.post("/ussd?token=test-token", data={
        "sessionId": f"ATUid_hyp_{uuid.uuid4().hex}", "serviceCode": service or "*152*00#",
        "phoneNumber": phone or "+255712345678", "networkCode": "64002", "text": text})
    assert response.status_code < 500
    if response.status_code == 200:
        assert response.get_data(as_text=True)[:4] in ("CON ", "END ")
