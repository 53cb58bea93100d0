"""Uploads never lose a form: a photo over the limit (an 8 MB phone photo) is answered by the
same form with every field kept and the error beside the attachment (413), through the test
client and through gunicorn; the limit is shown beside the field and checked in the browser
by static/js/upload.js."""
import html
import http.client
import io
import re
import uuid
from urllib.parse import urlsplit

import pytest

from mrejesho import followup
from mrejesho.models import Event, Feedback
from mrejesho.public import attachments
from tests.factories import make_feedback, make_staff, move_to

EIGHT_MB = 8 * 1024 * 1024
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * (EIGHT_MB - 13)
FIELDS = {
    "kind": "suggestion", "institution": "AUWSA", "region": "ARUSHA", "district": "ARUSHACBD",
    "subject": "Mita ya maji", "body": "Mita yangu inasoma vibaya tangu mwezi uliopita.",
    "name": "Amina Juma", "phone": "0712 345 678", "email": "amina@mfano.go.tz",
    "anonymous": "y",
}


def error_of(page: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    return found.group(1) if found else ""


def assert_every_field_kept(page: str) -> None:
    page = html.unescape(page)
    assert '<input type="radio" name="kind" value="suggestion" checked>' in page
    assert '<option value="AUWSA" selected>' in page
    assert '<option value="ARUSHA" selected>' in page
    assert '<option value="ARUSHACBD" selected>' in page
    for name in ("subject", "name", "phone", "email"):
        assert f'value="{FIELDS[name]}"' in page, name
    assert f'>{FIELDS["body"]}</textarea>' in page
    assert 'name="anonymous" value="y" checked' in page


def multipart(fields: list[tuple[str, str | tuple[str, bytes]]]) -> tuple[bytes, str]:
    """A multipart body in exactly this field order (a browser sends the form's order)."""
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields:
        out.write(f"--{boundary}\r\n".encode())
        if isinstance(value, tuple):
            filename, content = value
            out.write(f'Content-Disposition: form-data; name="{name}"; '
                      f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode())
            out.write(content)
        else:
            out.write(f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
            out.write(value.encode())
        out.write(b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def submit_fields_with_photo_in_the_middle() -> list:
    items = list(FIELDS.items())
    return items[:4] + [("attachment", ("IMG_2041.jpg", JPEG))] + items[4:]


def test_an_8_mb_photo_keeps_every_field_with_the_error_beside_the_attachment(client, db):
    body, content_type = multipart(submit_fields_with_photo_in_the_middle())
    response = client.post("/submit", data=body, content_type=content_type)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert error_of(page, "attachment") == "Kiambatisho kisizidi MB 5."
    assert_every_field_kept(page)
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 0


def test_an_8_mb_photo_in_english_through_the_test_clients_own_encoding(client, db):
    data = {**FIELDS, "attachment": (io.BytesIO(JPEG), "IMG_2041.jpg")}
    response = client.post("/submit?lang=en", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert error_of(page, "attachment") == "The attachment must be at most 5 MB."
    assert_every_field_kept(page)


def test_a_body_too_big_even_to_read_still_answers_with_the_form(client, db, monkeypatch):
    monkeypatch.setattr(attachments, "BODY_CEILING", 7 * 1024 * 1024)
    body, content_type = multipart(submit_fields_with_photo_in_the_middle())
    response = client.post("/submit", data=body, content_type=content_type)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert error_of(page, "attachment") == "Kiambatisho kisizidi MB 5."
    assert '<form method="post"' in page and 'name="body"' in page
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 0


def test_an_8_mb_photo_on_the_private_page_keeps_the_answer(client, db):
    item = make_feedback()
    move_to(item, "awaiting_citizen", by=make_staff(), message="Tuma picha ya mita.")
    body, content_type = multipart([
        ("action", "add"), ("attachment", ("mita.jpg", JPEG)),
        ("text", "Hii ni picha ya mita yangu."),
    ])
    response = client.post(followup.path(item.reference), data=body, content_type=content_type)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert error_of(page, "attachment") == "Kiambatisho kisizidi MB 5."
    assert ">Hii ni picha ya mita yangu.</textarea>" in page
    db.session.refresh(item)
    assert item.status == "awaiting_citizen"
    assert db.session.scalar(db.select(Event).filter_by(type="follow_up")) is None


def test_a_photo_within_the_limit_still_goes_through_with_the_whole_form(client, db, app):
    small = JPEG[:1024 * 1024]
    body, content_type = multipart([(k, v) if k != "attachment" else (k, ("a.jpg", small))
                                    for k, v in submit_fields_with_photo_in_the_middle()])
    response = client.post("/submit", data=body, content_type=content_type)
    assert response.status_code == 302
    item = db.session.scalars(db.select(Feedback)).one()
    assert (item.attachment_mime, item.citizen_email, item.anonymous) == (
        "image/jpeg", "amina@mfano.go.tz", True)


def test_other_forms_keep_the_app_wide_limit(app, client):
    # Only the forms with a file read a body past MAX_CONTENT_LENGTH.
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/track/4821937750/rate", data={"comment": big})
    assert response.status_code in (404, 405, 413)
    response = client.post("/staff/login", data={"email": big, "password": "x"})
    assert response.status_code == 413


@pytest.mark.parametrize("path", ["/submit", "followup"])
def test_the_limit_is_shown_beside_the_field_and_checked_by_a_static_script(client, db, path):
    if path == "followup":
        path = followup.path(make_feedback().reference)
    page = client.get(path).get_data(as_text=True)
    assert '<p class="help" id="attachment-help">Picha au PDF, hadi 5 MB</p>' in page
    assert f'data-max-bytes="{5 * 1024 * 1024}"' in page
    assert 'data-too-big="Kiambatisho kisizidi MB 5."' in page
    assert re.search(r'<script src="/static/js/upload\.js[^"]*" defer>', page)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline script
    script = client.get("/static/js/upload.js").get_data(as_text=True)
    assert "data-max-bytes" in script and "preventDefault" in script


def test_an_8_mb_photo_through_gunicorn_keeps_every_field(app_server, db):
    body, content_type = multipart(submit_fields_with_photo_in_the_middle())
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(app_server).port, timeout=60)
    conn.request("POST", "/submit", body, {"Content-Type": content_type})
    response = conn.getresponse()
    page = response.read().decode()
    assert response.status == 413, page[:500]
    assert error_of(page, "attachment") == "Kiambatisho kisizidi MB 5."
    assert_every_field_kept(page)
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 0


def test_a_body_too_big_to_read_on_a_forged_private_link_is_still_a_404(client, db,
                                                                        monkeypatch):
    monkeypatch.setattr(attachments, "BODY_CEILING", 7 * 1024 * 1024)
    item = make_feedback()
    body, content_type = multipart([("action", "add"), ("attachment", ("mita.jpg", JPEG))])
    response = client.post(f"/f/{item.reference}/{'A' * 16}", data=body,
                           content_type=content_type)
    assert response.status_code == 404
    response = client.post(followup.path(item.reference), data=body, content_type=content_type)
    assert response.status_code == 413
    assert error_of(response.get_data(as_text=True), "attachment") == "Kiambatisho kisizidi MB 5."
