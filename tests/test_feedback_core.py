"""The domain core: submission, every lifecycle transition, events and notifications."""
from datetime import timedelta

import pytest

from mrejesho import feedback as core
from mrejesho import lifecycle, texts
from mrejesho.escalation import escalate_overdue
from mrejesho.models import Event, Feedback, Institution, OutboundSms
from mrejesho.timeutil import utcnow
from tests.factories import make_staff, submission

ALLOWED = {(str(frm), str(to)) for frm, targets in lifecycle.TRANSITIONS.items()
           for to in targets}
ALL_PAIRS = [(str(frm), str(to)) for frm in lifecycle.ALL for to in lifecycle.ALL if frm != to]


def put_in_status(item, status, officer):
    """Walk a new item along legal transitions until it has the given status."""
    paths = {
        "new": [], "in_progress": ["in_progress"], "awaiting_citizen": ["awaiting_citizen"],
        "resolved": ["resolved"], "rejected": ["rejected"], "closed": ["resolved", "closed"],
        "reopened": ["resolved", "reopened"],
    }
    for step in paths[status]:
        core.set_status(item, officer, step, "Maelezo kwa mwananchi.")
    assert item.status == status


def events_of(db, item, type_=None):
    query = db.select(Event).filter_by(feedback_id=item.id).order_by(Event.id)
    if type_:
        query = query.filter_by(type=type_)
    return db.session.scalars(query).all()


def test_submit_routes_sets_due_date_records_event_and_queues_receipt(db, sms_sent):
    item = core.submit(submission(), channel="web")
    assert item.status == "new" and item.institution.code == "TANESCO"
    assert item.due_at > item.created_at + timedelta(days=6)  # 7 working days
    assert [e.type for e in events_of(db, item)] == ["created"]
    [sms] = sms_sent()
    assert sms.to == "+255712345678" and item.reference in sms.text and sms.status == "queued"


def test_submit_without_institution_goes_to_triage_desk(db):
    item = core.submit(submission(institution=None), channel="sms")
    assert item.institution.kind == "triage"


def test_submit_is_idempotent_on_source_key(db):
    first = core.submit(submission(), channel="sms", source_key="sms:ATXid_1")
    again = core.submit(submission(body="different"), channel="sms", source_key="sms:ATXid_1")
    assert again.id == first.id
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 1


def test_no_sms_without_a_phone_number(db, sms_sent):
    core.submit(submission(phone=None), channel="web")
    assert sms_sent() == []


@pytest.mark.parametrize("frm,to", sorted(ALLOWED))
def test_every_legal_transition_applies_and_is_recorded(db, frm, to):
    officer = make_staff()
    item = core.submit(submission(), channel="web")
    put_in_status(item, frm, officer)
    before = len(events_of(db, item, "status"))
    core.set_status(item, officer, to, "Maelezo kwa mwananchi.")
    db.session.refresh(item)
    assert item.status == to
    status_events = events_of(db, item, "status")
    assert len(status_events) == before + 1
    assert (status_events[-1].from_value, status_events[-1].to_value) == (frm, to)


@pytest.mark.parametrize("frm,to", sorted(set(ALL_PAIRS) - ALLOWED))
def test_every_illegal_transition_is_refused_and_changes_nothing(db, frm, to):
    officer = make_staff()
    item = core.submit(submission(), channel="web")
    put_in_status(item, frm, officer)
    db.session.commit()
    events_before, sms_before = len(events_of(db, item)), db.session.scalar(
        db.select(db.func.count(OutboundSms.id)))
    with pytest.raises(core.FeedbackError) as error:
        core.set_status(item, officer, to, "Maelezo.")
    assert error.value.code == "transition"
    assert error.value.params == {"frm": frm, "to": to}
    said = texts.error(error.value.code, "en", **error.value.params)
    assert texts.status_label(frm, "en") in said and texts.status_label(to, "en") in said
    db.session.rollback()
    assert db.session.get(Feedback, item.id).status == frm
    assert len(events_of(db, item)) == events_before
    assert db.session.scalar(db.select(db.func.count(OutboundSms.id))) == sms_before


@pytest.mark.parametrize("status", ["resolved", "rejected", "awaiting_citizen"])
def test_resolving_rejecting_or_asking_needs_a_message(db, status):
    item = core.submit(submission(), channel="web")
    with pytest.raises(core.FeedbackError) as error:
        core.set_status(item, make_staff(), status, "  ")
    assert error.value.code == "message_required"
    assert "Andika ujumbe" in texts.error(error.value.code, "sw")


def test_resolution_tells_the_citizen_and_asks_for_a_rating(db, sms_sent):
    item = core.submit(submission(), channel="web")
    core.set_status(item, make_staff(), "resolved", "Umeme umerudi.")
    text = sms_sent()[-1].text
    assert "Imetatuliwa" in text and "Umeme umerudi." in text and "1-5" in text
    assert item.resolved_at is not None


def test_english_citizen_is_told_in_english(db, sms_sent):
    item = core.submit(submission(language="en"), channel="web")
    core.set_status(item, make_staff(), "rejected", "Not a public service matter.")
    assert sms_sent()[0].text.startswith("e-Mrejesho: Your complaint was received")
    assert "Rejected. Reason: Not a public service matter." in sms_sent()[-1].text


def test_reply_starts_work_records_first_response_and_sends_sms(db, sms_sent):
    officer = make_staff()
    item = core.submit(submission(), channel="web")
    core.reply(item, officer, "Mafundi wako njiani.")
    assert item.status == "in_progress" and item.first_response_at is not None
    assert "Mafundi wako njiani." in sms_sent()[-1].text
    assert [e.type for e in events_of(db, item)] == ["created", "reply", "status"]


def test_note_is_internal_and_sends_nothing(db, sms_sent):
    item = core.submit(submission(), channel="web")
    core.note(item, make_staff(), "Angalia transfoma ya Sinza.")
    [note] = events_of(db, item, "note")
    assert note.public is False
    assert len(sms_sent()) == 1  # only the receipt


def test_assign_to_colleague_of_another_institution_is_refused(db):
    item = core.submit(submission(), channel="web")
    with pytest.raises(core.FeedbackError):
        core.assign(item, make_staff(), make_staff("TRA"))
    core.assign(item, make_staff(), make_staff(email="b@tanesco.go.tz"))
    assert item.assigned_to.email == "b@tanesco.go.tz" and item.status == "in_progress"


def test_transfer_moves_to_new_queue_as_new_and_tells_citizen(db, sms_sent):
    officer = make_staff("DAWATI")
    item = core.submit(submission(institution=None), channel="sms")
    core.set_status(item, officer, "in_progress")
    dawasa = db.session.scalar(db.select(Institution).filter_by(code="DAWASA"))
    core.transfer(item, officer, dawasa, "Ni suala la maji.")
    assert item.institution.code == "DAWASA" and item.status == "new"
    assert item.assigned_to is None
    assert "DAWASA" in sms_sent()[-1].text
    [event] = events_of(db, item, "transferred")
    assert (event.from_value, event.to_value, event.public) == ("DAWATI", "DAWASA", True)


def test_transfer_to_same_institution_or_of_closed_item_is_refused(db):
    officer = make_staff()
    item = core.submit(submission(), channel="web")
    with pytest.raises(core.FeedbackError):
        core.transfer(item, officer, item.institution, "sababu")
    core.set_status(item, officer, "rejected", "Si suala letu.")
    tra = db.session.scalar(db.select(Institution).filter_by(code="TRA"))
    with pytest.raises(core.FeedbackError):
        core.transfer(item, officer, tra, "sababu")


def test_awaiting_citizen_pauses_clock_and_follow_up_resumes(db, clock):
    officer = make_staff()
    item = core.submit(submission(), channel="web")
    due = item.due_at
    core.set_status(item, officer, "awaiting_citizen", "Tafadhali tuma namba ya mita.")
    assert item.paused_at == clock.now
    clock.advance(days=7)  # the citizen took a week to answer
    core.follow_up(item, "Mita namba 12345", channel="sms")
    assert item.status == "in_progress" and item.paused_at is None
    assert item.due_at >= due + timedelta(days=5)


def test_follow_up_after_resolution_reopens_within_dispute_window(db, sms_sent):
    officer = make_staff()
    item = core.submit(submission(), channel="web")
    core.set_status(item, officer, "resolved", "Imeshughulikiwa.")
    core.follow_up(item, "Bado hakuna umeme!", channel="sms")
    assert item.status == "reopened"
    assert "umefunguliwa upya" in sms_sent()[-1].text


def test_follow_up_after_dispute_window_keeps_resolution(app, db, clock):
    item = core.submit(submission(), channel="web")
    core.set_status(item, make_staff(), "resolved", "Imeshughulikiwa.")
    clock.advance(days=app.config["DISPUTE_DAYS"] + 1)
    core.follow_up(item, "Asante sana", channel="sms")
    assert item.status == "resolved"
    assert events_of(db, item, "follow_up")[-1].text == "Asante sana"


def test_rating_only_after_resolution_once_and_in_range(db):
    item = core.submit(submission(), channel="web")
    with pytest.raises(core.FeedbackError):
        core.rate(item, 5)
    core.set_status(item, make_staff(), "resolved", "Tayari.")
    with pytest.raises(core.FeedbackError):
        core.rate(item, 6)
    core.rate(item, 4, "Haraka")
    assert item.rating == 4
    with pytest.raises(core.FeedbackError) as error:
        core.rate(item, 5)
    assert error.value.code == "already_rated"


def test_mark_duplicate_rejects_with_reference_of_original(db, sms_sent):
    officer = make_staff()
    original = core.submit(submission(), channel="web")
    copy = core.submit(submission(), channel="sms")
    core.mark_duplicate(copy, officer, original)
    assert copy.status == "rejected" and copy.duplicate_of_id == original.id
    assert original.reference in sms_sent()[-1].text


def test_record_view_once_per_officer(db):
    item = core.submit(submission(), channel="web")
    first, second = make_staff(), make_staff(email="two@tanesco.go.tz")
    for officer in (first, first, second):
        core.record_view(item, officer)
    assert len(events_of(db, item, "viewed")) == 2


def test_escalation_flags_then_escalates_to_parent_then_closes_resolved(app, db, clock):
    item = core.submit(submission(), channel="web")
    done = core.submit(submission(), channel="web")
    core.set_status(done, make_staff(), "resolved", "Tayari.")
    db.session.commit()
    assert escalate_overdue() == {"flagged": 0, "escalated": 0, "closed": 0}
    clock.set(item.due_at + timedelta(hours=1))
    assert escalate_overdue()["flagged"] == 1
    assert item.overdue_flagged_at is not None and item.escalation_level == 0
    clock.advance(days=7)  # past the grace period, weekends or not
    assert escalate_overdue()["escalated"] == 1
    assert item.escalation_level == 1
    [event] = events_of(db, item, "escalated")
    assert event.to_value == item.institution.parent.code
    clock.advance(days=1)
    assert escalate_overdue()["escalated"] == 0  # once
    assert done.status == "closed"  # its dispute window passed long ago


def test_find_accepts_typed_reference_with_separators(db):
    item = core.submit(submission(), channel="web")
    ref = item.reference
    assert core.find(f"{ref[:3]} {ref[3:6]}-{ref[6:]}").id == item.id
    assert core.find("1234") is None


# --- the caller owns the transaction; races are decided in the core ------------------------

def test_core_operations_flush_but_never_commit(db):
    officer = make_staff()  # committed by the seed helper, before the unit of work
    item = core.submit(submission(), channel="web")
    core.reply(item, officer, "Tunashughulikia.")
    db.session.rollback()  # the caller's unit of work decides: here it gives up
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 0
    assert db.session.scalar(db.select(db.func.count(OutboundSms.id))) == 0


def test_a_stale_version_is_refused_as_changed_and_changes_nothing(db, sms_sent):
    officer = make_staff()
    item = core.submit(submission(), channel="web")
    db.session.commit()
    seen = item.version
    core.set_status(item, officer, "in_progress", version=seen)
    db.session.commit()
    assert item.version == seen + 1
    with pytest.raises(core.Conflict) as error:
        core.set_status(item, officer, "resolved", "Tayari.", version=seen)
    assert error.value.code == "changed"
    assert "someone else" in texts.error("changed", "en")
    assert "mtu mwingine" in texts.error("changed", "sw")
    db.session.rollback()
    assert db.session.get(Feedback, item.id).status == "in_progress"
    assert len(sms_sent()) == 1  # the receipt only


@pytest.mark.parametrize("operation", ["assign", "transfer", "duplicate"])
def test_every_conflicting_operation_checks_the_version(db, operation):
    officer = make_staff()
    item = core.submit(submission(), channel="web")
    other = core.submit(submission(), channel="web")
    db.session.commit()
    stale = item.version - 1
    tra = db.session.scalar(db.select(Institution).filter_by(code="TRA"))
    calls = {
        "assign": lambda: core.assign(item, officer, officer, version=stale),
        "transfer": lambda: core.transfer(item, officer, tra, "Ni kodi.", version=stale),
        "duplicate": lambda: core.mark_duplicate(item, officer, other, version=stale),
    }
    with pytest.raises(core.Conflict):
        calls[operation]()


def test_lock_reads_the_row_afresh(db):
    officer = make_staff()
    item = core.submit(submission(), channel="web")
    session = db.session()
    session.expire_on_commit = False  # keep what this session saw after committing
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
    with db.engine.begin() as other:  # another process resolves it meanwhile
        other.execute(db.update(Feedback).where(Feedback.id == item.id)
                      .values(status="resolved", resolved_at=utcnow(),
                              version=Feedback.version + 1))
    assert item.status == "new"  # what this session saw
    with pytest.raises(core.FeedbackError) as error:
        core.set_status(item, officer, "resolved", "Tayari.")
    assert error.value.params == {"frm": "resolved", "to": "resolved"}


def test_submit_twin_delivery_keeps_the_callers_other_writes(db):
    first = core.submit(submission(), channel="sms", source_key="sms:twin")
    db.session.commit()
    officer = make_staff()
    core.note(first, officer, "Imeonekana.")  # the caller's earlier write in this unit
    # A twin that slipped past the first look-up: the savepoint undoes only its insert.
    db.session.execute(db.update(Feedback).where(Feedback.id == first.id)
                       .values(source_key="sms:twin"))
    again = core.submit(submission(body="tena"), channel="sms", source_key="sms:twin")
    assert again.id == first.id
    db.session.commit()
    assert len(events_of(db, first, "note")) == 1


def test_database_refuses_an_unknown_status(db):
    item = core.submit(submission(), channel="web")
    db.session.commit()
    with pytest.raises(Exception) as error:
        db.session.execute(db.update(Feedback).where(Feedback.id == item.id)
                           .values(status="lost"))
        db.session.flush()
    assert "status_known" in str(error.value) or "CHECK" in str(error.value).upper()
    db.session.rollback()
