"""The citizen web channel: form validation in both languages, receipt, track, rate."""
import io
import re

import pytest

from mrejesho import feedback as core
from mrejesho.models import Feedback
from tests.factories import make_feedback, make_staff, move_to, submission

VALID = {"kind": "complaint", "institution": "TANESCO", "body": "Umeme umekatika Sinza tangu jana."}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def errors_in(response) -> dict:
    html = response.get_data(as_text=True)
    return dict(re.findall(r'<p class="error" id="(\w+)-error">([^<]*)</p>', html))


@pytest.mark.parametrize("lang,field,data,expected", [
    ("sw", "body", {"body": ""}, "Andika ujumbe wako (angalau herufi 3)."),
    ("en", "body", {"body": ""}, "Type your message (at least 3 characters)."),
    ("sw", "body", {"body": "x" * 5000}, "Ujumbe ni mrefu mno: herufi 2000 zisizidi."),
    ("en", "body", {"body": "x" * 5000}, "The message is too long: at most 2000 characters."),
    ("sw", "phone", {"phone": "0712"}, "Namba ya simu si sahihi. Mfano: 0712 345 678."),
    ("en", "phone", {"phone": "abc"}, "The phone number is not valid. Example: 0712 345 678."),
    ("sw", "institution", {"institution": "HAKUNA"},
     "Taasisi hii haijulikani. Chagua kutoka kwenye orodha."),
    ("en", "institution", {"institution": "NOPE"},
     "Unknown institution. Choose one from the list."),
    ("sw", "email", {"email": "si-barua"}, "Barua pepe si sahihi. Mfano: jina@mfano.go.tz"),
    ("en", "kind", {"kind": "rant"},
     "Choose a kind: complaint, suggestion, enquiry or compliment."),
])
def test_bad_input_gets_a_clear_message_beside_the_field(client, db, lang, field, data, expected):
    response = client.post(f"/submit?lang={lang}", data={**VALID, **data})
    assert response.status_code == 422
    assert errors_in(response)[field] == expected
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 0


def test_form_keeps_what_the_citizen_typed_after_an_error(client):
    response = client.post("/submit", data={**VALID, "phone": "07", "name": "Amina"})
    html = response.get_data(as_text=True)
    assert 'value="Amina"' in html and "Umeme umekatika Sinza" in html


def test_valid_submission_redirects_to_receipt_with_reference(client, db):
    response = client.post("/submit", data={**VALID, "anonymous": "y", "phone": "0712345678"})
    item = db.session.scalars(db.select(Feedback)).one()
    assert response.headers["Location"] == f"/receipt/{item.reference}"
    assert item.anonymous is True and item.channel == "web" and item.language == "sw"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'data-reference="{item.reference}"' in page


def test_english_submission_is_remembered_for_notifications(client, db, sms_sent):
    client.get("/?lang=en")
    client.post("/submit", data={**VALID, "phone": "0712345678"})
    assert sms_sent()[0].text.startswith("e-Mrejesho: Your complaint")


def test_image_attachment_is_stored_outside_static_and_checked_by_content(client, db, app):
    data = {**VALID, "attachment": (io.BytesIO(PNG), "picha.png")}
    response = client.post("/submit", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    item = db.session.scalars(db.select(Feedback)).one()
    assert item.attachment_mime == "image/png" and item.attachment_name == "picha.png"
    assert (app.config["UPLOAD_DIR"] + "/" + item.attachment_path).endswith(".png")
    assert "static" not in app.config["UPLOAD_DIR"]


@pytest.mark.parametrize("content,name,message,status", [
    (b"MZ\x90\x00 not really a pdf", "barua.pdf", "picha (JPG, PNG, WEBP) au PDF", 422),
    (b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "kubwa.pdf", "MB 5", 413),
])
def test_bad_attachment_is_refused_with_a_message(client, db, content, name, message, status):
    data = {**VALID, "attachment": (io.BytesIO(content), name)}
    response = client.post("/submit", data=data, content_type="multipart/form-data")
    assert response.status_code == status
    assert message in errors_in(response)["attachment"]
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 0


def test_track_page_shows_status_and_institution_but_no_personal_data(client, db):
    item = core.submit(submission(name="Amina Juma", phone="+255712345678"), channel="web")
    core.reply(item, make_staff(), "Tunashughulikia.")
    response = client.get(f"/track?ref={item.reference[:3]}-{item.reference[3:]}")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-status="in_progress"' in page and "Tunashughulikia." in page
    assert "Amina" not in page and "712345678" not in page
    assert "Umeme umekatika" not in page  # the citizen's own text stays private too


@pytest.mark.parametrize("lang,reason", [
    ("sw", "Imekataliwa: ni nakala ya mrejesho"), ("en", "Rejected: it duplicates feedback")])
def test_track_page_gives_a_duplicate_as_the_reason_it_was_rejected(client, db, lang, reason):
    original = core.submit(submission(), channel="web")
    item = core.submit(submission(), channel="web")
    core.mark_duplicate(item, make_staff(), original)
    page = client.get(f"/track/{item.reference}?lang={lang}").get_data(as_text=True)
    assert reason in page
    assert f'href="/track/{original.reference}" data-reference="{original.reference}"' in page


@pytest.mark.parametrize("ref,message", [
    ("12345", "Hiyo si namba sahihi ya kumbukumbu."),
    ("", "Andika namba yako ya kumbukumbu."),
])
def test_bad_reference_gets_a_message(client, ref, message):
    response = client.get(f"/track?ref={ref}")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_unknown_valid_reference_says_not_found(client):
    from mrejesho.references import check_digit

    ref = "123456789" + check_digit("123456789")
    response = client.get(f"/track?ref={ref}")
    assert "Hakuna mrejesho wenye namba hiyo" in response.get_data(as_text=True)
    assert client.get(f"/track/{ref}").status_code == 404


def test_track_page_is_read_only_and_points_to_the_private_link(client, db):
    item = make_feedback()
    move_to(item, "resolved", by=make_staff(), message="Tayari.")
    page = client.get(f"/track/{item.reference}").get_data(as_text=True)
    assert "Toa alama" not in page and "<form" not in page.split("<main>")[1]
    assert "kiungo binafsi" in page
    assert client.post(f"/track/{item.reference}/rate", data={"rating": "5"}).status_code in (
        404, 405)
    db.session.refresh(item)
    assert item.rating is None


def test_citizen_form_refuses_a_post_without_csrf_token(app, client, db):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/submit", data=VALID)
    assert response.status_code == 400
    assert "Fomu imepitwa na muda" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 0


def test_receipt_shows_only_to_the_browser_session_that_submitted_it(app, client, db):
    response = client.post("/submit", data=VALID)
    receipt = response.headers["Location"]
    assert client.get(receipt).status_code == 200
    other = app.test_client()
    assert other.get(receipt).status_code == 404
    assert other.get("/track/" + receipt.rsplit("/", 1)[1]).status_code == 200


def test_receipt_shows_the_private_link_and_says_to_keep_it_private(client, db):
    from mrejesho import followup

    response = client.post("/submit?lang=en", data=VALID, follow_redirects=True)
    item = db.session.scalars(db.select(Feedback)).one()
    page = response.get_data(as_text=True)
    assert f"/f/{item.reference}/{followup.token(item.reference)}" in page
    assert "Keep this link private" in page


def test_unknown_page_is_a_friendly_404_in_english(client):
    response = client.get("/hakuna-ukurasa?lang=en")
    assert response.status_code == 404
    assert "We could not find that page." in response.get_data(as_text=True)


@pytest.mark.parametrize("lang, home, receipt", [
    ("sw", "Tuma kwa 15999: LALAMIKO TANESCO", "namba ya kumbukumbu kwa 15999"),
    ("en", "Send to 15999: LALAMIKO TANESCO", "the reference number to 15999"),
])
def test_the_sms_number_is_shown_wherever_sms_is_mentioned(app, client, db, lang, home,
                                                           receipt):
    app.config["SMS_SHORT_CODE"] = "15999"
    assert home in client.get(f"/?lang={lang}").get_data(as_text=True)
    response = client.post(f"/submit?lang={lang}", data=VALID, follow_redirects=True)
    assert receipt in response.get_data(as_text=True)


def test_the_place_chosen_on_the_form_goes_with_the_feedback(client, db):
    from mrejesho.models import District, Region

    page = client.get("/submit").get_data(as_text=True)
    assert '<option value="ARUSHACBD"' in page and "Ilitokea wapi?" in page
    client.post("/submit", data={**VALID, "region": "DSM", "district": "ARUSHACBD"})
    item = db.session.scalars(db.select(Feedback)).one()
    # The district decides its region: a district of Arusha is in Arusha.
    assert db.session.get(Region, item.region_id).key == "ARUSHA"
    assert db.session.get(District, item.district_id).key == "ARUSHACBD"


def test_a_place_the_gazetteer_does_not_know_is_ignored(client, db):
    response = client.post("/submit", data={**VALID, "body": "Umeme umekatika tangu asubuhi.",
                                            "region": "ATLANTIS", "district": "x"})
    assert response.status_code == 302
    item = db.session.scalars(db.select(Feedback)).one()
    assert (item.region_id, item.district_id) == (None, None)


AUWSA_LABEL = "Mamlaka ya Majisafi na Usafi wa Mazingira Arusha (AUWSA) — Arusha"


def institution_choices(page: str) -> list[str]:
    """The institution values the form would send as chosen (selected or checked)."""
    chosen = re.findall(r'<option value="([A-Z0-9]*)" selected>', page)
    chosen += re.findall(r'name="institution" value="([A-Z0-9]*)" checked', page)
    return chosen


def test_picker_lists_full_names_with_places_and_defaults_to_not_sure(client, db):
    page = client.get("/submit").get_data(as_text=True)
    assert f'<option value="AUWSA" >{AUWSA_LABEL}</option>' in page
    assert "Shirika la Umeme Tanzania (TANESCO)</option>" in page  # national: no place
    assert '<optgroup label="Maji">' in page
    assert 'value="DAWATI"' not in page  # the desk is the "I do not know" choice
    assert institution_choices(page) == [] and "Sijui - tuma kwa dawati kuu" in page
    assert "<script>" not in page


def test_picker_filter_is_a_get_form_listing_matches_as_full_names(client, db):
    page = client.get("/submit?q=maji&institution=TANESCO").get_data(as_text=True)
    assert 'method="get" action="/submit"' in page and 'name="q" value="maji"' in page
    assert f'name="institution" value="AUWSA" > {AUWSA_LABEL}</label>' in page
    assert 'value="TANESCO"' not in page  # not a match: not listed, not kept
    assert re.findall(r'name="institution" value="" checked', page)  # "I do not know"
    assert institution_choices(page) == [""]
    assert "Taasisi zinazolingana na" in page


def test_picker_filter_finds_places_and_ignores_case_and_accents(client, db):
    page = client.get("/submit?q=ARÚSHA").get_data(as_text=True)
    assert f"{AUWSA_LABEL}</label>" in page and 'value="DAWASA"' not in page


def test_a_filter_with_no_match_says_so_and_keeps_no_hidden_choice(client, db):
    page = client.get("/submit?q=zzzz&institution=TANESCO").get_data(as_text=True)
    assert 'Hakuna taasisi inayolingana na "zzzz".' in page
    assert '<option value="TANESCO" >' in page  # the full list is back, nothing chosen
    assert institution_choices(page) == []


def test_a_choice_from_the_filtered_list_is_submitted(client, db):
    client.get("/submit?q=maji")
    response = client.post("/submit", data={**VALID, "institution": "AUWSA",
                                            "body": "Maji hayatoki Arusha mjini."})
    assert response.status_code == 302
    assert db.session.scalars(db.select(Feedback)).one().institution.code == "AUWSA"


def test_the_filter_text_is_escaped(client, db):
    page = client.get("/submit?q=<script>x</script>").get_data(as_text=True)
    assert "<script>x" not in page and "&lt;script&gt;x" in page
