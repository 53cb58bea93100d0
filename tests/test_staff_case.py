"""The feedback page and its actions: details, anonymity, timeline, views recorded, assign,
reply, note, status, transfer, canned responses, duplicates and attachments."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from mrejesho import intake
from mrejesho.lifecycle import NEEDS_MESSAGE, next_statuses
from mrejesho.models import CannedResponse, Event, Feedback
from mrejesho.timeutil import utcnow
from tests.factories import citizen_form, make_feedback, make_staff, move_to


def submit(channel="web", **overrides) -> Feedback:
    return make_feedback(channel=channel, **overrides)


def page_of(client, item, lang="en"):
    return client.get(f"/staff/feedback/{item.id}?lang={lang}")


def test_page_shows_details_timeline_and_who_opened_it(client, db, staff_login):
    officer = staff_login(make_staff(name="Neema Mollel"))
    item = submit(subject="Umeme", body="Umeme umekatika tangu jana mtaa wa Sinza.")
    response = page_of(client, item)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # The number stays masked until the officer asks for it (tests/test_confidentiality.py).
    assert "Amina Juma" in html and "+255 *** *** 678" in html and "+255712345678" not in html
    assert "Umeme umekatika tangu jana mtaa wa Sinza." in html
    assert 'data-type="created"' in html and 'data-sms-status="queued"' in html
    assert "Opened by Neema Mollel" in html
    page_of(client, item)  # a second visit is not recorded twice
    views = db.session.scalars(db.select(Event).filter_by(feedback_id=item.id, type="viewed"))
    assert [event.staff_id for event in views] == [officer.id]


def test_anonymous_citizen_is_hidden_from_officers(client, staff_login):
    staff_login(make_staff())
    item = submit(anonymous=True, email="amina@example.com")
    html = page_of(client, item).get_data(as_text=True)
    assert "Amina Juma" not in html and "amina@example.com" not in html
    assert "+255712345678" not in html
    assert "+255 *** *** 678" in html


def test_take_it_myself_assigns_and_starts_work(client, db, staff_login):
    officer = staff_login(make_staff())
    item = submit()
    response = client.post(f"/staff/feedback/{item.id}/assign", data={"assignee": "me"})
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.assigned_to_id == officer.id and item.status == "in_progress"


def test_assign_to_a_colleague_and_back_to_the_pool(client, db, staff_login):
    staff_login(make_staff())
    colleague = make_staff(email="colleague@tanesco.go.tz", name="Colleague")
    item = submit()
    client.post(f"/staff/feedback/{item.id}/assign", data={"assignee": str(colleague.id)})
    db.session.refresh(item)
    assert item.assigned_to_id == colleague.id
    client.post(f"/staff/feedback/{item.id}/assign", data={"assignee": ""})
    db.session.refresh(item)
    assert item.assigned_to_id is None


def test_assigning_someone_of_another_institution_is_refused(client, db, staff_login):
    staff_login(make_staff())
    stranger = make_staff("DAWASA")
    item = submit()
    response = client.post(f"/staff/feedback/{item.id}/assign?lang=en",
                           data={"assignee": str(stranger.id)})
    assert response.status_code == 422
    assert b"This officer does not belong to this institution." in response.data
    db.session.refresh(item)
    assert item.assigned_to_id is None


def test_reply_goes_to_the_citizen_by_sms(client, db, staff_login, sms_sent):
    staff_login(make_staff())
    item = submit()
    response = client.post(f"/staff/feedback/{item.id}/reply",
                           data={"text": "Mafundi wako njiani."})
    assert response.status_code == 302
    assert sms_sent()[-1].text.endswith("Mafundi wako njiani.")
    db.session.refresh(item)
    assert item.status == "in_progress" and item.first_response_at is not None


@pytest.mark.parametrize("contact, says, flash", [
    ({}, ["by SMS, by USSD or through their private link"], "Reply sent to the citizen by SMS."),
    ({"phone": "", "email": "amina@example.org"},
     ["emailed to them", "private link's page, where they answer"],
     "Reply saved and emailed to the citizen, who answers through their private link."),
    ({"phone": ""}, ["private link's page (the link on their receipt)"],
     "Reply saved. The citizen gave no phone number: they see it and answer through their "
     "private link."),
])
def test_reply_box_says_how_the_citizen_answers_never_the_tracking_page(
        client, db, staff_login, contact, says, flash):
    staff_login(make_staff())
    item = submit(**contact)
    for lang in ("en", "sw"):
        html = page_of(client, item, lang).get_data(as_text=True)
        assert "tracking page" not in html and "ukurasa wa kufuatilia" not in html
        assert "kiungo binafsi" in html if lang == "sw" else all(s in html for s in says)
    done = client.post(f"/staff/feedback/{item.id}/reply?lang=en",
                       data={"text": "Mafundi wako njiani."}, follow_redirects=True)
    assert flash.replace("'", "&#39;") in done.get_data(as_text=True)


def test_empty_reply_is_refused_and_nothing_is_sent(client, staff_login, sms_sent):
    staff_login(make_staff())
    item = submit()
    before = len(sms_sent())
    response = client.post(f"/staff/feedback/{item.id}/reply?lang=en", data={"text": "  "})
    assert response.status_code == 422
    assert b'id="reply-error"' in response.data
    assert len(sms_sent()) == before


def test_internal_note_is_on_the_timeline_but_not_sent(client, db, staff_login, sms_sent):
    staff_login(make_staff())
    item = submit()
    before = len(sms_sent())
    client.post(f"/staff/feedback/{item.id}/note", data={"text": "Check the transformer log"})
    assert len(sms_sent()) == before
    html = page_of(client, item).get_data(as_text=True)
    assert "Check the transformer log" in html and "internal" in html
    public = client.get(f"/track/{item.reference}").get_data(as_text=True)
    assert "Check the transformer log" not in public


def test_resolving_needs_a_message_in_the_officers_language(client, db, staff_login):
    staff_login(make_staff())
    item = submit()
    response = client.post(f"/staff/feedback/{item.id}/status?lang=en",
                           data={"status": "resolved", "message": ""})
    assert response.status_code == 422
    assert b"Write a message to the citizen for this step." in response.data
    response = client.post(f"/staff/feedback/{item.id}/status?lang=sw",
                           data={"status": "resolved", "message": ""})
    assert "Andika ujumbe kwa mwananchi kwa hatua hii." in response.get_data(as_text=True)
    db.session.refresh(item)
    assert item.status == "new"


def test_resolve_with_message_tells_the_citizen(client, db, staff_login, sms_sent):
    staff_login(make_staff())
    item = submit()
    client.post(f"/staff/feedback/{item.id}/status",
                data={"status": "resolved", "message": "Umeme umerudi."})
    db.session.refresh(item)
    assert item.status == "resolved"
    assert "Umeme umerudi." in sms_sent()[-1].text


def test_an_illegal_status_is_refused_without_a_500(client, db, staff_login):
    staff_login(make_staff())
    item = submit()
    response = client.post(f"/staff/feedback/{item.id}/status",
                           data={"status": "closed", "message": "x"})
    assert response.status_code == 422
    db.session.refresh(item)
    assert item.status == "new"


def test_transfer_moves_it_to_the_other_queue_with_the_reason(client, db, staff_login):
    staff_login(make_staff())
    item = submit()
    response = client.post(f"/staff/feedback/{item.id}/transfer",
                           data={"institution": "DAWASA", "reason": "Ni suala la maji."})
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.institution.code == "DAWASA"
    assert page_of(client, item).status_code == 404  # no longer this officer's case


@pytest.mark.parametrize("data", [{"institution": "NOPE", "reason": "x"},
                                  {"institution": "DAWASA", "reason": ""},
                                  {"institution": "TANESCO", "reason": "same"}])
def test_bad_transfers_are_refused(client, db, staff_login, data):
    staff_login(make_staff())
    item = submit()
    assert client.post(f"/staff/feedback/{item.id}/transfer", data=data).status_code == 422
    db.session.refresh(item)
    assert item.institution.code == "TANESCO"


def test_canned_response_is_inserted_into_the_reply(client, db, staff_login):
    officer = staff_login(make_staff())
    item = submit()
    canned = CannedResponse(institution_id=officer.institution_id, title="Mafundi",
                            body="Mafundi wetu wanashughulikia hitilafu hii.", language="sw")
    db.session.add(canned)
    db.session.commit()
    html = client.get(f"/staff/feedback/{item.id}?canned={canned.id}").get_data(as_text=True)
    assert ">Mafundi wetu wanashughulikia hitilafu hii.</textarea>" in html


def test_duplicates_are_suggested_and_can_be_marked(client, db, staff_login, sms_sent):
    staff_login(make_staff())
    original = submit(body="Umeme umekatika tangu jana mtaa wa Sinza karibu na soko.")
    repeat = submit(body="Umeme umekatika tangu jana mtaa wa Sinza karibu na soko!",
                    phone="+255754000111")
    unrelated = submit(body="Bili ya mwezi huu ni kubwa mno kuliko kawaida.",
                       phone="+255754000222")
    html = page_of(client, repeat).get_data(as_text=True)
    assert f'data-reference="{original.reference}"' in html
    assert f'data-reference="{unrelated.reference}"' not in html
    client.post(f"/staff/feedback/{repeat.id}/duplicate",
                data={"reference": original.reference[:3] + " " + original.reference[3:]})
    db.session.refresh(repeat)
    assert repeat.status == "rejected" and repeat.duplicate_of_id == original.id
    assert original.reference in sms_sent("+255754000111")[-1].text


def test_same_phone_is_suggested_but_never_links_an_anonymous_case(client, staff_login):
    staff_login(make_staff())
    named = submit(body="Mita yangu haifanyi kazi kabisa.")
    anonymous = submit(body="Nguzo imeanguka barabarani.", anonymous=True)
    other = submit(body="Bili ya mwezi huu ni kubwa mno.")
    html = page_of(client, other).get_data(as_text=True)
    assert f'data-reference="{named.reference}"' in html  # same phone, different words
    assert f'data-reference="{anonymous.reference}"' not in html
    html = page_of(client, anonymous).get_data(as_text=True)
    assert f'data-reference="{named.reference}"' not in html


def test_duplicate_of_an_invisible_case_is_refused(client, db, staff_login):
    staff_login(make_staff())
    item = submit()
    elsewhere = submit(institution="DAWASA")
    response = client.post(f"/staff/feedback/{item.id}/duplicate?lang=en",
                           data={"reference": elsewhere.reference})
    assert response.status_code == 422
    assert b"No feedback in your queues has that reference number." in response.data


def test_overdue_and_escalated_state_is_shown(client, db, staff_login):
    staff_login(make_staff())
    item = submit()
    item.due_at = utcnow() - timedelta(days=3)
    db.session.commit()
    html = page_of(client, item).get_data(as_text=True)
    assert 'class="badge overdue"' in html


def test_attachment_is_served_only_to_staff_who_see_the_case(app, client, db, staff_login):
    staff_login(make_staff())
    folder = app.config["UPLOAD_DIR"]
    import os

    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "abc123.pdf"), "wb") as handle:
        handle.write(b"%PDF-1.4 test")
    attachment = {"path": "abc123.pdf", "name": "bili.pdf", "mime": "application/pdf"}
    mine = intake.take(citizen_form(), channel="web", attachment=attachment)
    theirs = intake.take(citizen_form(institution="DAWASA"), channel="web", attachment=attachment)
    db.session.commit()
    response = client.get(f"/staff/feedback/{mine.id}/attachment")
    assert response.status_code == 200 and response.data == b"%PDF-1.4 test"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "bili.pdf" in response.headers["Content-Disposition"]
    assert client.get(f"/staff/feedback/{theirs.id}/attachment").status_code == 404
    assert client.get("/static/../instance/uploads/abc123.pdf").status_code == 404


def test_the_action_forms_carry_the_version_the_officer_saw(client, staff_login):
    staff_login(make_staff())
    item = submit()
    html = page_of(client, item).get_data(as_text=True)
    # assign (twice: take it myself, assign to), status, transfer, duplicate
    assert html.count(f'name="version" value="{item.version}"') == 5


@pytest.mark.parametrize("lang", ["sw", "en"])
def test_a_status_change_from_a_stale_page_is_refused_and_changes_nothing(
        client, db, staff_login, sms_sent, lang):
    staff_login(make_staff())
    colleague = make_staff(email="colleague@tanesco.example.go.tz")
    item = submit()
    seen = item.version
    move_to(item, "in_progress", by=colleague)  # meanwhile, someone else acts on it
    before = (item.status, item.version, len(item.events), len(sms_sent()))
    response = client.post(f"/staff/feedback/{item.id}/status?lang={lang}", data={
        "status": "resolved", "message": "Umeme umerudi Sinza.", "version": str(seen)})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    expected = {"sw": "Mrejesho huu umebadilishwa na mtu mwingine",
                "en": "This feedback was changed by someone else"}[lang]
    assert expected in html and 'id="status-error"' in html
    assert "Umeme umerudi Sinza." in html  # the typed message is kept
    db.session.expire_all()
    assert (item.status, item.version, len(item.events), len(sms_sent())) == before
    # The page shown again carries the current version: sending it again now works.
    assert f'name="version" value="{item.version}"' in html
    response = client.post(f"/staff/feedback/{item.id}/status", data={
        "status": "resolved", "message": "Umeme umerudi Sinza.", "version": str(item.version)})
    assert response.status_code == 302


def test_the_status_menu_offers_the_lifecycles_next_steps(client, staff_login):
    staff_login(make_staff())
    item = submit()
    html = page_of(client, item).get_data(as_text=True)
    menu = html[html.index('id="status-select"'):html.index("</select>", html.index(
        'id="status-select"'))]
    assert re.findall(r'<option value="(\w+)"', menu) == [
        str(status) for status in next_statuses(item.status)]
    assert re.findall(r'<option value="(\w+)" *data-needs-message', menu) == [
        str(status) for status in next_statuses(item.status) if status in NEEDS_MESSAGE]


def count_commits():
    """A list that grows by one at every commit of any session, until the test ends."""
    commits = []

    def listener(session):
        commits.append(session)

    event.listen(Session, "after_commit", listener)
    return commits, lambda: event.remove(Session, "after_commit", listener)


def test_reading_the_queue_and_a_case_commits_nothing_but_the_first_view(client, db,
                                                                        staff_login):
    staff_login(make_staff())
    item = submit()
    commits, stop = count_commits()
    try:
        assert client.get(f"/staff/feedback/{item.id}").status_code == 200
        assert len(commits) == 1  # the officer's first view, on the timeline
        assert client.get(f"/staff/feedback/{item.id}").status_code == 200
        assert client.get("/staff/").status_code == 200
        assert client.get("/staff/?tab=all&q=umeme").status_code == 200
        assert len(commits) == 1
    finally:
        stop()


def test_a_refused_action_writes_nothing(client, db, staff_login):
    staff_login(make_staff())
    item = submit()
    commits, stop = count_commits()
    try:
        response = client.post(f"/staff/feedback/{item.id}/status",
                               data={"status": "resolved", "message": ""})
    finally:
        stop()
    assert response.status_code == 422 and commits == []
    assert db.session.scalar(db.select(Event.id).filter_by(feedback_id=item.id,
                                                          type="viewed")) is None


def test_case_page_needs_the_same_queries_however_long_its_timeline(app, client, db,
                                                                   staff_login):
    """The timeline's authors come with the events, not one query per line; the transfer
    form's institutions are plain codes and names, every active one but the case's own."""
    officer = staff_login(make_staff())
    short, long = submit(), submit()
    colleagues = [make_staff(email=f"afisa{n}@tanesco.go.tz") for n in range(5)]
    for n in range(30):
        db.session.add(Event(feedback_id=long.id, actor_type="staff", type="note",
                             staff_id=colleagues[n % 5].id, text=f"Kumbuka {n}"))
    db.session.commit()
    page_of(client, short), page_of(client, long)  # the officer's first views are recorded
    sent = {}
    for item in (short, long):
        statements = []

        def record(_conn, _cursor, statement, *_args, into=statements):
            into.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            html = page_of(client, item).get_data(as_text=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        sent[item.id] = len(statements)
    assert sent[short.id] == sent[long.id]
    assert html.count("Kumbuka ") == 30
    offered = re.findall(r'<option value="([A-Z0-9]+)"[^>]*>\1 · ', html)
    assert "DAWASA" in offered and "TANESCO" not in offered
    assert offered == sorted(offered) and officer.institution.code == "TANESCO"
