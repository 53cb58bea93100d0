"""The app starts on each backend and a web submission lands in the outbox, whether it is
served by the test client or by gunicorn; the factories go through the same core."""
import http.client
from urllib.parse import urlencode, urlsplit

from mrejesho.lifecycle import Status
from mrejesho.models import Feedback
from tests.factories import make_feedback


def test_web_submission_gets_reference_and_queues_acknowledgement(client, db, sms_sent):
    response = client.post("/submit", data={
        "kind": "complaint", "institution": "TANESCO",
        "body": "Umeme umekatika tangu jana Sinza", "phone": "0712 345 678",
    })
    assert response.status_code == 302
    item = db.session.scalars(db.select(Feedback)).one()
    assert response.headers["Location"].endswith(item.reference)
    assert item.institution.code == "TANESCO"
    [sms] = sms_sent("+255712345678")
    assert item.reference in sms.text


def test_factory_feedback_is_made_by_the_core_and_committed(db, sms_sent):
    item_id = make_feedback(status=Status.RESOLVED, phone="0754 000 111").id
    db.session.remove()  # forget everything this session knows: read what was committed
    stored = db.session.get(Feedback, item_id)
    assert stored.status == Status.RESOLVED and stored.citizen_phone == "+255754000111"
    events = [event.type for event in stored.events]
    assert events[0] == "created" and "status" in events
    assert len(sms_sent("+255754000111")) == 2  # the receipt and the answer


def test_the_real_app_under_gunicorn_stores_a_submission_in_the_test_database(
        app_server, db, sms_sent):
    port = urlsplit(app_server).port
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    form = urlencode({"kind": "complaint", "institution": "TANESCO", "language": "sw",
                      "body": "Maji hayatoki tangu juzi Kimara", "phone": "0712 345 678"})
    conn.request("POST", "/submit", form, {"Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    assert response.status == 302, response.read()[:500]
    item = db.session.scalars(db.select(Feedback)).one()
    assert response.getheader("Location").endswith(item.reference)
    [sms] = sms_sent("+255712345678")
    assert item.reference in sms.text
