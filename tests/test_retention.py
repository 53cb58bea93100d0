"""Retention (issue 15): `flask retention run` anonymises exactly the feedback finished longer
ago than its period, in every table, and leaves every statistic as it was."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from mrejesho import intake
from mrejesho.audit import AuditEntry
from mrejesho.extensions import db as _db
from mrejesho.models import (
    Event,
    Feedback,
    InboundSms,
    Institution,
    OutboundMessage,
    PhonePreference,
    UssdSession,
)
from mrejesho.public import attachments
from mrejesho.retention import job
from mrejesho.retention.scrub import EMAIL_MARK, PHONE_MARK, redact
from mrejesho.stats import figures
from sms.worker import Worker
from tests.factories import citizen_form, follow_up, make_feedback, make_staff, move_to, rate
from tests.fake_at import CITIZEN, post_inbound

START = datetime(2023, 3, 1, 8, 0)
OTHER = "+255754000111"
BODY = "Umeme umekatika Sinza. Nipigie 0754 111 222 au amina@example.com."


def statistics(now: datetime) -> dict:
    """Everything the dashboards and public statistics show, over all time."""
    grouped = _db.session.execute(
        sa.select(Feedback.kind, Feedback.institution_id, Feedback.region_id, Feedback.status,
                  Feedback.channel, sa.func.count(), sa.func.sum(Feedback.rating))
        .group_by(Feedback.kind, Feedback.institution_id, Feedback.region_id, Feedback.status,
                  Feedback.channel)
        .order_by(Feedback.kind, Feedback.institution_id, Feedback.region_id, Feedback.status,
                  Feedback.channel)).all()
    return {"grouped": [tuple(row) for row in grouped],
            "institutions": figures.per_institution(now),
            "regions": figures.per_region(now),
            "summary": figures.summary(sa.true(), datetime(2000, 1, 1), now),
            "medians": figures.medians(sa.true(), datetime(2000, 1, 1))}


def with_attachment(**form) -> Feedback:
    stored = attachments.store(b"%PDF-1.4 barua", "application/pdf", "barua.pdf")
    item = intake.take(citizen_form(**form), channel="web", attachment=stored)
    _db.session.commit()
    return item


def closed(item: Feedback, officer) -> Feedback:
    return move_to(item, "closed", by=officer)


@pytest.fixture
def aged(app, db, client, clock):
    """Feedback of every kind of fate, finished at various times, from START on."""
    clock.set(START)
    officer = make_staff("TANESCO")
    items = {}
    items["closed_web"] = with_attachment(body=BODY, email="amina@example.com")
    follow_up(items["closed_web"], "Bado. Nipigie 0712 345 678.", channel="web")
    post_inbound(client, "LALAMIKO TANESCO umeme umekatika, namba yangu 0712345678",
                 msg_id="ATXid_old")
    items["closed_sms"] = db.session.scalar(sa.select(Feedback).filter_by(channel="sms"))
    items["rejected"] = make_feedback(phone=OTHER, status="rejected", by=officer)
    items["resolved_undisputed"] = make_feedback(kind="enquiry", status="resolved",
                                                 by=officer)
    rate(items["resolved_undisputed"], 4, "Asante, nipigie 0712 345 678")
    for name in ("closed_web", "closed_sms"):
        closed(items[name], officer)
    items["open_old"] = make_feedback(body="Maji hayatoki kabisa mtaa wetu wa Sinza.")
    post_inbound(client, "MSAADA", sender=OTHER, msg_id="ATXid_help")
    db.session.add(UssdSession(session_id="old-session", phone=OTHER, state={"step": 1}))
    db.session.commit()
    clock.set(datetime(2024, 3, 1, 8, 0))  # a year later
    items["closed_recent"] = make_feedback(kind="suggestion", status="closed", by=officer)
    items["compliment"] = make_feedback(kind="compliment", status="closed", by=officer)
    Worker(app).drain()  # the SMS went out: sent rows, no longer waiting in the outbox
    return items


def test_redact_removes_phones_and_emails_and_keeps_references():
    text = "Ref 482 193 7750: nipigie 0712 345 678, +255 754 111 222 au a.b@x.co.tz."
    assert redact(text) == (f"Ref 482 193 7750: nipigie {PHONE_MARK}, {PHONE_MARK} au "
                            f"{EMAIL_MARK}.")


def test_run_anonymises_exactly_what_is_due_and_keeps_the_statistics(app, db, aged, clock,
                                                                    runner):
    app.config["RETENTION_DAYS_BY_KIND"] = {"compliment": 300}
    clock.set(datetime(2025, 3, 10, 8, 0))  # two years and nine days after START
    before = statistics(clock.now)
    files_before = sorted(p.name for p in Path(app.config["UPLOAD_DIR"]).iterdir())

    dry = runner.invoke(args=["retention", "run", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Feedback).where(
        Feedback.anonymised_at.is_not(None))) == 0
    assert sorted(p.name for p in Path(app.config["UPLOAD_DIR"]).iterdir()) == files_before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "retention.run")) == 0

    due = {"closed_web", "closed_sms", "rejected", "resolved_undisputed", "compliment"}
    due_files = {Path(item.attachment_path).name for name, item in aged.items()
                 if name in due and item.attachment_path}
    counts = job.run()
    assert f"feedback={counts['feedback']} " in dry.output
    assert dry.output.split(":", 1)[1].split() == [f"{k}={v}" for k, v in counts.items()]
    db.session.expire_all()
    for name, item in aged.items():
        item = db.session.get(Feedback, item.id)
        assert (item.anonymised_at is not None) == (name in due), name
        if name in due:
            assert (item.citizen_name, item.citizen_phone, item.citizen_email) == (
                None, None, None)
            assert "0754" not in item.body and "@" not in item.body
            assert item.attachment_path is None
        else:
            assert item.citizen_phone is not None
    web = db.session.get(Feedback, aged["closed_web"].id)
    assert web.body == f"Umeme umekatika Sinza. Nipigie {PHONE_MARK} au {EMAIL_MARK}."
    assert [e.to_value for e in web.events if e.type == "anonymised"] == ["retention"]
    texts = [e.text for e in web.events if e.type == "follow_up"]
    assert texts == [f"Bado. Nipigie {PHONE_MARK}."]
    assert "Asante, nipigie [phone]" == db.session.get(
        Feedback, aged["resolved_undisputed"].id).rating_comment
    assert counts["feedback"] == 5 and counts["attachment_file"] == 1
    # The due items' files are gone; the folder's other files (other tests') are not its own.
    left = {p.name for p in Path(app.config["UPLOAD_DIR"]).iterdir()}
    assert len(due_files) == 1 and set(files_before) - left == due_files

    sms = db.session.scalar(sa.select(InboundSms).filter_by(provider_id="ATXid_old"))
    assert sms.sender == "" and "0712345678" not in sms.text and "umeme" in sms.text
    # The help request of 2023 was tied to no feedback: older than two years, swept.
    assert db.session.scalar(sa.select(InboundSms.sender).filter_by(
        provider_id="ATXid_help")) == ""
    anonymised = sa.select(Feedback.id).where(Feedback.anonymised_at.is_not(None))
    addresses = db.session.scalars(sa.select(OutboundMessage.to).where(
        OutboundMessage.feedback_id.in_(anonymised))).all()
    assert addresses and set(addresses) == {""}
    kept = db.session.scalars(sa.select(OutboundMessage.to).where(
        OutboundMessage.feedback_id.not_in(anonymised))).all()
    assert kept and all(kept)  # the open and recent items' messages keep their number
    assert db.session.get(UssdSession, "old-session") is None
    # The citizen still has open feedback under their number: their preferences stay;
    # the other number's only item is anonymised and its preferences date from 2023.
    assert db.session.get(PhonePreference, CITIZEN) is not None
    assert db.session.get(PhonePreference, OTHER) is None

    assert statistics(clock.now) == before
    [entry] = db.session.scalars(sa.select(AuditEntry).filter_by(action="retention.run"))
    assert entry.detail["counts"]["feedback"] == 5

    again = job.run()
    assert again["feedback"] == 0 and again["attachment_file"] == 0


def test_an_institution_keeps_longer_when_it_says_so(app, db, aged, clock):
    tanesco = db.session.scalar(sa.select(Institution).filter_by(code="TANESCO"))
    tanesco.retention_days = 3650
    db.session.commit()
    try:
        clock.set(datetime(2025, 3, 10, 8, 0))
        assert job.run()["feedback"] == 0
        clock.set(datetime(2033, 3, 10, 8, 0))  # ten years after the 2023 items closed
        assert job.run()["feedback"] == 4
        clock.set(datetime(2034, 3, 10, 8, 0))  # and after the 2024 ones
        assert job.run()["feedback"] == 2
        assert db.session.get(Feedback, aged["open_old"].id).citizen_phone == CITIZEN
    finally:
        tanesco.retention_days = None
        db.session.commit()


def test_nothing_is_due_before_its_period(app, db, aged, clock):
    clock.set(datetime(2025, 2, 20, 8, 0))  # under two years after everything closed
    counts = job.run()
    assert counts["feedback"] == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event).where(
        Event.type == "anonymised")) == 0


def test_the_sms_worker_runs_retention_as_one_of_its_jobs(app, db, aged, clock):
    clock.set(datetime(2025, 3, 10, 8, 0))
    worker = Worker(app)
    assert worker._retain in [job[1] for job in worker._jobs]
    worker._retain()
    db.session.expire_all()
    assert db.session.get(Feedback, aged["closed_web"].id).anonymised_at is not None
    assert db.session.get(Feedback, aged["open_old"].id).anonymised_at is None


def test_a_resolution_the_citizen_may_still_dispute_is_kept(app, db, aged, clock):
    app.config["DISPUTE_DAYS"] = 3650  # the window outlasts the retention period
    clock.set(datetime(2025, 3, 10, 8, 0))
    job.run()
    db.session.expire_all()
    assert db.session.get(Feedback, aged["resolved_undisputed"].id).citizen_phone == CITIZEN
    assert db.session.get(Feedback, aged["closed_web"].id).citizen_phone is None
