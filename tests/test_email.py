"""Email through the outbox: a real local SMTP server (aiosmtpd) receives what the worker
sends; citizens get their notifications by email, officers the notices they want."""
import email
import email.policy
import socket
import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from mrejesho import followup, notify
from mrejesho.models import OutboundMessage, StaffUser
from mrejesho.timeutil import utcnow
from sms import outbox
from sms.worker import Worker
from tests.factories import assign_to, follow_up, make_feedback, make_staff, move_to

CITIZEN_EMAIL = "amina@example.org"


class Inbox:
    """The SMTP server's handler: keeps every message it accepts; refuse[addr] scripts an
    answer ("550 ..." refuses for good, "451 ..." for now)."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: dict[str, str] = {}
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(app):
    """A real SMTP server on a free local port; the app sends its email there."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port,
                      MAIL_FROM="e-Mrejesho <no-reply@mrejesho.example>",
                      PUBLIC_BASE_URL="https://mrejesho.example")
    yield inbox
    controller.stop()


def send_all(app):
    return Worker(app, senders=2).drain()


def emails(db, to=None):
    query = db.select(OutboundMessage).filter_by(channel="email").order_by(OutboundMessage.id)
    if to:
        query = query.filter_by(to=to)
    return db.session.scalars(query).all()


@pytest.mark.parametrize("lang, words", [
    ("sw", ["umepokelewa", "Namba yake ya kumbukumbu"]),
    ("en", ["was received by", "Its reference number is"]),
])
def test_web_citizen_with_only_an_email_receives_the_acknowledgement_over_smtp(
        app, db, smtp, lang, words):
    item = make_feedback(phone="", email=CITIZEN_EMAIL, language=lang)
    assert not item.citizen_phone
    assert send_all(app)["sent"] == 1
    [message] = smtp.to(CITIZEN_EMAIL)
    body = message.get_content()
    assert item.reference in message["Subject"]
    for word in words:
        assert word in body
    assert followup.link(item.reference) in body
    assert followup.link(item.reference).startswith("https://mrejesho.example/")
    assert message["Message-ID"] == f"<outbox-{emails(db)[0].id}@mrejesho.example>"
    [row] = emails(db)
    assert row.status == "sent" and row.provider_id == message["Message-ID"]


def test_citizen_with_phone_and_email_gets_both(app, db, smtp, sms_sent):
    item = make_feedback(email=CITIZEN_EMAIL)
    assert [row.channel for row in sms_sent()] == ["sms", "email"]
    officer = make_staff()
    move_to(item, "resolved", by=officer, message="Tumebadilisha transfoma ya Sinza.")
    send_all(app)
    subjects = [m.get_content() for m in smtp.to(CITIZEN_EMAIL)]
    assert len(subjects) == len(emails(db)) >= 2
    assert any("Tumebadilisha transfoma ya Sinza." in body for body in subjects)
    # Nothing of anyone else: the email names only this feedback.
    assert all(item.reference in m["Subject"] for m in smtp.to(CITIZEN_EMAIL))


def test_refused_address_fails_for_good_and_is_on_the_timeline(app, db, smtp):
    smtp.refuse[CITIZEN_EMAIL] = "550 5.1.1 No such user"
    item = make_feedback(phone="", email=CITIZEN_EMAIL)
    counts = send_all(app)
    assert counts["failed"] == 1
    [row] = emails(db)
    assert row.status == "failed" and "550" in row.last_error
    db.session.refresh(item)
    assert any(e.type == "sms_delivery" and "Email #" in (e.text or "") for e in item.events)


def test_temporary_refusal_is_retried_with_backoff_then_sent(app, db, smtp):
    smtp.refuse[CITIZEN_EMAIL] = "451 4.3.0 Try again later"
    make_feedback(phone="", email=CITIZEN_EMAIL)
    now = utcnow()
    Worker(app).run_pass(now)
    [row] = emails(db)
    assert row.status == "queued" and row.attempts == 1 and "451" in row.last_error
    assert row.next_attempt_at == now + outbox.backoff(1)
    assert Worker(app).run_pass(now) == 0  # not due yet
    del smtp.refuse[CITIZEN_EMAIL]
    Worker(app).run_pass(now + outbox.backoff(1))
    db.session.expire_all()
    assert emails(db)[0].status == "sent"
    assert len(smtp.to(CITIZEN_EMAIL)) == 1


def test_server_down_keeps_the_email_for_a_retry(app, db, smtp):
    app.config["MAIL_PORT"] = _free_port()  # nobody listens there
    make_feedback(phone="", email=CITIZEN_EMAIL)
    Worker(app).run_pass()
    [row] = emails(db)
    assert row.status == "queued" and row.attempts == 1 and row.last_error


def test_email_claim_is_leased_and_a_dead_workers_email_is_sent_once(app, db, smtp):
    make_feedback(phone="", email=CITIZEN_EMAIL)
    now = utcnow()
    [claimed] = outbox.claim(10, now)  # a worker claims it, then dies
    assert claimed.channel == "email" and claimed.subject
    assert Worker(app).run_pass(now) == 0  # under lease: nobody else takes it
    later = now + outbox.LEASE + timedelta(seconds=1)
    assert Worker(app).run_pass(later) == 1
    assert len(smtp.to(CITIZEN_EMAIL)) == 1
    # The dead worker's late result is not recorded over the new claim's.
    assert outbox.record([(claimed, outbox.SendResult("failed", error="late"))]) == ["lost"]
    db.session.expire_all()
    assert emails(db)[0].status == "sent"


def test_officer_gets_an_assignment_notice_unless_turned_off(app, db, smtp):
    manager = make_staff(role="manager")
    officer = make_staff(email="juma@tanesco.go.tz")
    item = make_feedback()
    assign_to(item, manager, officer)
    [row] = emails(db, officer.email)
    assert row.feedback_id is None and item.reference in row.subject
    assert "Amina" not in row.text and "0712" not in row.text
    send_all(app)
    [message] = smtp.to(officer.email)
    assert f"/staff/feedback/{item.id}" in message.get_content()

    officer.email_on_assignment = False
    db.session.commit()
    assign_to(item, manager, None)
    assign_to(item, manager, officer)
    assert len(emails(db, officer.email)) == 1


def test_officer_taking_a_case_gets_no_email(app, db):
    officer = make_staff()
    assign_to(make_feedback(), officer, officer)
    assert emails(db, officer.email) == []


@pytest.mark.parametrize("wanted", [True, False])
def test_officer_notice_of_the_citizens_answer_follows_the_switch(app, db, wanted):
    officer = make_staff()
    officer.email_on_citizen_answer = wanted
    db.session.commit()
    item = make_feedback()
    assign_to(item, officer, officer)
    move_to(item, "awaiting_citizen", by=officer)
    follow_up(item, "Namba ya mita ni 12345.")
    sent = emails(db, officer.email)
    assert len(sent) == (1 if wanted else 0)
    if wanted:
        assert "mwananchi amejibu" in sent[0].subject.lower()


@pytest.mark.parametrize("wanted", [True, False])
def test_managers_of_the_parent_get_an_escalation_notice(app, db, wanted):
    from mrejesho import escalation
    from mrejesho.models import Institution

    item = make_feedback(institution="TANESCO")
    parent = db.session.get(Institution, item.institution_id).parent
    assert parent is not None
    manager = make_staff(parent.code, role="manager")
    manager.email_on_escalation = wanted
    make_staff(parent.code, role="officer")  # officers of the parent are not told
    db.session.commit()
    later = item.due_at + timedelta(days=30)
    escalation.escalate_overdue(later)
    escalation.escalate_overdue(later)
    notices = [row for row in emails(db) if row.to != CITIZEN_EMAIL]
    assert [row.to for row in notices] == ([manager.email] if wanted else [])


def test_account_page_switches_notices_off_and_on(app, db, client, staff_login):
    officer = staff_login(make_staff())
    page = client.get("/staff/password")
    assert b'name="email_on_assignment"' in page.data
    response = client.post("/staff/notices", data={"email_on_escalation": "y"})
    assert response.status_code in (302, 303)
    db.session.expire_all()
    user = db.session.get(StaffUser, officer.id)
    assert (user.email_on_assignment, user.email_on_citizen_answer,
            user.email_on_escalation) == (False, False, True)


def test_console_mailer_prints_the_email(app, db, capsys):
    item = make_feedback(phone="", email=CITIZEN_EMAIL)
    assert send_all(app)["sent"] == 1
    out = capsys.readouterr().out
    assert f"Email to {CITIZEN_EMAIL}" in out and item.reference in out


def test_officer_email_link_uses_the_public_address(app, db):
    app.config["PUBLIC_BASE_URL"] = "https://x.example/"
    assert notify.staff_link("staff.feedback", feedback_id=7) == (
        "https://x.example/staff/feedback/7")
