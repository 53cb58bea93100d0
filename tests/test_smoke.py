"""The app starts on each backend and a web submission lands in the outbox."""
from mrejesho.models import Feedback


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
