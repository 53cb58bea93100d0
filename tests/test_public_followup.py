"""The citizen's private follow-up page (/f/<reference>/<secret>): the secret cannot be guessed
or reused for another reference; answering resumes the clock as an SMS answer does; a
resolution can be disputed only within the window; rating only once resolved."""
import io
import re

import pytest

from mrejesho import followup
from mrejesho.models import Event, Feedback
from mrejesho.references import check_digit
from tests.factories import make_feedback, make_staff, move_to
from tests.fake_at import post_inbound

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def page_of(item: Feedback) -> str:
    return followup.path(item.reference)


def error_of(response, field: str) -> str:
    found = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>',
                      response.get_data(as_text=True))
    return found.group(1) if found else ""


def follow_ups(db, item):
    return db.session.scalars(db.select(Event).filter_by(feedback_id=item.id, type="follow_up")
                              .order_by(Event.id)).all()


# --- the secret -----------------------------------------------------------------------------

def test_token_is_derived_from_the_secret_key_and_fits_an_sms(app):
    token = followup.token("4821937750")
    assert re.fullmatch(r"[A-Z2-7]{16}", token)
    assert followup.token("4821937750") == token != followup.token("4821937751")
    assert followup.verify("4821937750", token) and followup.verify("4821937750", token.lower())
    assert not followup.verify("4821937750", token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert not followup.verify("4821937750", "") and not followup.verify("4821937750", None)
    app.config["SECRET_KEY"] = "rotated"
    assert followup.token("4821937750") != token  # rotating SECRET_KEY invalidates links
    assert followup.link("4821937750").startswith("http://127.0.0.1:5000/f/4821937750/")
    assert len(followup.link("4821937750")) <= 60


def test_link_uses_public_base_url(app):
    app.config["PUBLIC_BASE_URL"] = "https://mrejesho.go.tz/"
    assert followup.link("4821937750") == (
        "https://mrejesho.go.tz/f/4821937750/" + followup.token("4821937750"))


def test_wrong_token_or_another_references_token_is_404(client, db):
    item = make_feedback()
    other = make_feedback()
    assert client.get(page_of(item)).status_code == 200
    good = followup.token(item.reference)
    forged = "A" * 16 if good != "A" * 16 else "B" * 16
    for path in (f"/f/{item.reference}/{forged}",
                 f"/f/{item.reference}/{followup.token(other.reference)}",
                 f"/f/{item.reference}/{good[:8]}",
                 f"/f/{item.reference[:3]}-{item.reference[3:]}/{good}"):
        assert client.get(path).status_code == 404, path
        assert client.post(path, data={"action": "add", "text": "x" * 10}).status_code == 404
    unknown = "123456789" + check_digit("123456789")
    assert client.get(f"/f/{unknown}/{followup.token(unknown)}").status_code == 404
    assert follow_ups(db, item) == []


def test_private_page_shows_the_citizens_own_words_and_the_timeline(client, db):
    item = make_feedback(body="Umeme umekatika Sinza tangu jana.")
    move_to(item, "awaiting_citizen", by=make_staff(), message="Tuma namba ya mita.")
    page = client.get(page_of(item)).get_data(as_text=True)
    assert "Umeme umekatika Sinza" in page
    assert "Jibu swali la taasisi" in page and "Tuma namba ya mita." in page
    assert 'data-status="awaiting_citizen"' in page
    assert '<meta name="robots" content="noindex, nofollow">' in page


# --- answering and adding ---------------------------------------------------------------------

def test_answering_the_question_resumes_the_clock_as_an_sms_answer_does(client, db, clock):
    officer = make_staff()
    by_web = make_feedback()
    by_sms = make_feedback()
    for item in (by_web, by_sms):
        move_to(item, "awaiting_citizen", by=officer, message="Tuma namba ya mita.")
    clock.advance(days=9)  # the citizen took more than a week to answer
    response = client.post(page_of(by_web), data={"action": "add",
                                                  "text": "Namba ya mita ni 0412 5566"})
    assert response.status_code == 302 and response.headers["Location"] == page_of(by_web)
    ref = by_sms.reference
    post_inbound(client, f"{ref} Namba ya mita ni 0412 5566")
    db.session.expire_all()
    by_web, by_sms = db.session.get(Feedback, by_web.id), db.session.get(Feedback, by_sms.id)
    assert by_web.status == by_sms.status == "in_progress"
    assert by_web.paused_at is None and by_sms.paused_at is None
    assert by_web.due_at == by_sms.due_at
    [event] = follow_ups(db, by_web)
    assert (event.text, event.to_value, event.actor_type) == (
        "Namba ya mita ni 0412 5566", "web", "citizen")
    assert by_web.citizen_activity_at is not None
    page = client.get(page_of(by_web)).get_data(as_text=True)
    assert "Taarifa zako zimeongezwa" in page and "Uliandika: Namba ya mita" in page


def test_added_information_with_a_photo_is_stored_with_the_feedback(client, db, app):
    item = make_feedback()
    response = client.post(page_of(item), data={
        "action": "add", "text": "Picha ya mita.", "attachment": (io.BytesIO(PNG), "mita.png"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(item)
    [event] = follow_ups(db, item)
    assert event.from_value == item.attachment_path and item.attachment_path.endswith(".png")
    assert item.attachment_name == "mita.png" and item.attachment_mime == "image/png"


@pytest.mark.parametrize("lang,text,expected", [
    ("sw", "   ", "Andika ujumbe."),
    ("en", "", "Type a message."),
    ("en", "x" * 2001, "The message is too long: at most 2000 characters."),
])
def test_empty_or_too_long_information_gets_a_message_beside_the_field(client, db, lang, text,
                                                                       expected):
    item = make_feedback()
    response = client.post(page_of(item) + f"?lang={lang}", data={"action": "add", "text": text})
    assert response.status_code == 422
    assert error_of(response, "text") == expected
    assert follow_ups(db, item) == []


def test_a_bad_attachment_keeps_the_text_and_adds_nothing(client, db):
    item = make_feedback()
    response = client.post(page_of(item), data={
        "action": "add", "text": "Maelezo zaidi.",
        "attachment": (io.BytesIO(b"MZ\x90 not an image"), "virus.exe")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "PDF" in error_of(response, "attachment")
    assert "Maelezo zaidi." in response.get_data(as_text=True)
    assert follow_ups(db, item) == []


def test_nothing_can_be_added_to_a_closed_feedback(client, db):
    item = make_feedback()
    move_to(item, "rejected", by=make_staff(), message="Si huduma yetu.")
    assert 'name="action" value="add"' not in client.get(page_of(item)).get_data(as_text=True)
    response = client.post(page_of(item), data={"action": "add", "text": "Lakini..."})
    assert response.status_code == 422
    assert error_of(response, "text") == "Mrejesho huu haupo wazi tena."
    assert follow_ups(db, item) == []


# --- disputing ---------------------------------------------------------------------------------

def test_dispute_within_the_window_reopens_with_the_reason(client, db, sms_sent):
    item = make_feedback()
    move_to(item, "resolved", by=make_staff(), message="Umeme umerudi.")
    assert "Pinga jibu" in client.get(page_of(item)).get_data(as_text=True)
    response = client.post(page_of(item), data={"action": "dispute",
                                                "reason": "Bado hakuna umeme."})
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.status == "reopened" and item.resolved_at is None
    assert follow_ups(db, item)[-1].text == "Bado hakuna umeme."
    assert "umefunguliwa upya" in sms_sent()[-1].text


def test_dispute_after_the_window_is_refused_and_keeps_the_resolution(app, client, db, clock):
    item = make_feedback()
    move_to(item, "resolved", by=make_staff(), message="Umeme umerudi.")
    clock.advance(days=app.config["DISPUTE_DAYS"] + 1)
    assert "Pinga jibu" not in client.get(page_of(item)).get_data(as_text=True)
    response = client.post(page_of(item) + "?lang=en",
                           data={"action": "dispute", "reason": "Still no power."})
    assert response.status_code == 422
    assert "The time to dispute this answer ended on" in response.get_data(as_text=True)
    db.session.refresh(item)
    assert item.status == "resolved" and follow_ups(db, item) == []


def test_a_dispute_needs_a_reason(client, db):
    item = make_feedback()
    move_to(item, "resolved", by=make_staff(), message="Umeme umerudi.")
    response = client.post(page_of(item), data={"action": "dispute", "reason": " "})
    assert response.status_code == 422 and error_of(response, "reason") == "Andika ujumbe."
    db.session.refresh(item)
    assert item.status == "resolved"


# --- rating ---------------------------------------------------------------------------------

def test_rating_only_when_resolved_and_once(client, db):
    item = make_feedback()
    assert "Toa alama" not in client.get(page_of(item)).get_data(as_text=True)
    early = client.post(page_of(item), data={"action": "rate", "rating": "4"})
    assert early.status_code == 422
    assert error_of(early, "rating") == "Unaweza kutoa alama baada ya kutatuliwa tu."
    move_to(item, "resolved", by=make_staff(), message="Tayari.")
    assert "Toa alama" in client.get(page_of(item)).get_data(as_text=True)
    response = client.post(page_of(item), data={"action": "rate", "rating": "5",
                                                "comment": "Vizuri"})
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.rating == 5 and item.rating_comment == "Vizuri"
    again = client.post(page_of(item), data={"action": "rate", "rating": "3"})
    assert again.status_code == 422 and error_of(again, "rating") == "Alama imeshatolewa."
    db.session.refresh(item)
    assert item.rating == 5


@pytest.mark.parametrize("rating", ["9", "", "tano"])
def test_a_rating_out_of_range_gets_a_message(client, db, rating):
    item = make_feedback()
    move_to(item, "resolved", by=make_staff(), message="Tayari.")
    response = client.post(page_of(item), data={"action": "rate", "rating": rating})
    assert response.status_code == 422 and error_of(response, "rating")
    db.session.refresh(item)
    assert item.rating is None


@pytest.mark.parametrize("data", [
    {"action": "add", "text": "Maelezo"}, {"action": "dispute", "reason": "Bado"},
    {"action": "rate", "rating": "5"}])
def test_private_forms_refuse_a_post_without_csrf_token(app, client, db, data):
    item = make_feedback()
    move_to(item, "resolved", by=make_staff(), message="Tayari.")
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(page_of(item), data=data)
    assert response.status_code == 400
    db.session.refresh(item)
    assert item.status == "resolved" and item.rating is None and follow_ups(db, item) == []


def test_an_unknown_action_is_a_400_not_a_500(client, db):
    item = make_feedback()
    assert client.post(page_of(item), data={"action": "delete"}).status_code == 400
