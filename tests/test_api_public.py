"""/api/v1 without a key: submission through the web form's intake, idempotency, public
status, institutions, sectors and places; errors as problem details."""
import pytest

from mrejesho import create_app
from mrejesho.models import ApiIdempotency, Event, Feedback, OutboundMessage
from tests.factories import make_feedback, make_staff, move_to, reply_to

VALID = {"kind": "complaint", "institution": "TANESCO", "phone": "0712 345 678",
         "body": "Umeme umekatika Sinza tangu jana.", "name": "Amina Juma"}


def count(db, model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_submit_takes_feedback_as_the_web_form_does(client, db):
    answer = client.post("/api/v1/feedback", json=VALID)
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    item = db.session.scalar(db.select(Feedback).filter_by(reference=body["reference"]))
    assert (item.channel, item.institution.code, item.citizen_phone) == (
        "api", "TANESCO", "+255712345678")
    assert body["status"] == "new" and body["institution"] == "TANESCO"
    assert body["track_url"].endswith(f"/track/{item.reference}")
    assert body["status_url"].endswith(f"/api/v1/track/{item.reference}")
    assert f"/f/{item.reference}/" in body["private_url"]
    # The citizen is told by SMS, as from the web form.
    assert count(db, OutboundMessage) == 1


@pytest.mark.parametrize("lang,change,field,code,detail", [
    ("sw", {"body": ""}, "body", "body.too_short", "Andika ujumbe wako (angalau herufi 3)."),
    ("en", {"body": "x" * 5000}, "body", "body.too_long",
     "The message is too long: at most 2000 characters."),
    ("en", {"phone": "abc"}, "phone", "phone.invalid",
     "The phone number is not valid. Example: 0712 345 678."),
    ("sw", {"institution": "HAKUNA"}, "institution", "institution.unknown",
     "Taasisi hii haijulikani. Chagua kutoka kwenye orodha."),
    ("en", {"kind": "rant"}, "kind", "kind.invalid",
     "Choose a kind: complaint, suggestion, enquiry or compliment."),
])
def test_invalid_submission_is_422_with_field_errors_in_the_callers_language(
        client, db, lang, change, field, code, detail):
    answer = client.post("/api/v1/feedback", json={**VALID, **change},
                         headers={"Accept-Language": lang})
    assert answer.status_code == 422
    assert answer.mimetype == "application/problem+json"
    problem = answer.get_json()
    assert problem["status"] == 422 and problem["title"]
    assert {"field": field, "pointer": f"#/{field}", "code": code, "detail": detail} in \
        problem["errors"]
    assert count(db, Feedback) == 0


@pytest.mark.parametrize("data,content_type", [
    ("{not json", "application/json"),
    ("[1, 2]", "application/json"),
    ('"text"', "application/json"),
    ("kind=complaint&body=hello", "application/x-www-form-urlencoded"),
])
def test_a_body_that_is_not_a_json_object_is_a_4xx_problem(client, db, data, content_type):
    answer = client.post("/api/v1/feedback", data=data, content_type=content_type)
    assert answer.status_code in (400, 422), answer.data
    assert answer.mimetype == "application/problem+json"
    assert count(db, Feedback) == 0


def test_idempotency_key_makes_a_retry_answer_the_same_reference(client, db):
    headers = {"Idempotency-Key": "7d1f0c7e-retry"}
    first = client.post("/api/v1/feedback", json=VALID, headers=headers)
    again = client.post("/api/v1/feedback", json=VALID, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.get_json()["reference"] == again.get_json()["reference"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(db, Feedback) == 1 and count(db, ApiIdempotency) == 1
    assert count(db, OutboundMessage) == 1  # one SMS to the citizen, not two
    other = client.post("/api/v1/feedback", json=VALID, headers={"Idempotency-Key": "other"})
    assert other.get_json()["reference"] != first.get_json()["reference"]


def test_the_same_idempotency_key_with_another_body_is_refused(client, db):
    headers = {"Idempotency-Key": "one-key"}
    assert client.post("/api/v1/feedback", json=VALID, headers=headers).status_code == 201
    answer = client.post("/api/v1/feedback", json={**VALID, "body": "Maji hayatoki Sinza."},
                         headers=headers)
    assert answer.status_code == 422
    assert answer.get_json()["code"] == "idempotency_key.reused"
    assert count(db, Feedback) == 1


def test_track_shows_the_public_status_and_nothing_private(client, db):
    officer = make_staff()
    item = make_feedback(email="amina@example.com", subject="Umeme Sinza")
    reply_to(item, officer, "Fundi atafika kesho.")
    db.session.add(Event(feedback_id=item.id, type="note", actor_type="staff",
                         staff_id=officer.id, text="Siri ya ndani"))
    db.session.commit()
    answer = client.get(f"/api/v1/track/{item.reference}", headers={"Accept-Language": "en"})
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["reference"] == item.reference and body["status"] == "in_progress"
    assert body["status_label"] == "in progress" and body["institution"]["code"] == "TANESCO"
    assert [(e["type"], e["status"], e["text"]) for e in body["timeline"]] == [
        ("created", None, None), ("reply", None, "Fundi atafika kesho."),
        ("status", "in_progress", None)]
    text = answer.get_data(as_text=True)
    for private in ("Amina", "712345678", "amina@example.com", "Siri ya ndani",
                    "Umeme umekatika", "Umeme Sinza", "Officer"):
        assert private not in text


def test_track_by_an_unknown_or_malformed_reference_is_404(client):
    for reference in ("MRJ-0000-0000", "nonsense", "%00"):
        answer = client.get(f"/api/v1/track/{reference}")
        assert answer.status_code == 404 and answer.mimetype == "application/problem+json"


def test_track_of_a_finished_feedback_has_no_expected_date(client, db):
    item = make_feedback()
    move_to(item, "resolved", by=make_staff())
    body = client.get(f"/api/v1/track/{item.reference}").get_json()
    assert body["status"] == "resolved" and body["answer_expected_by"] is None


def test_institutions_sectors_and_regions_are_listed(client):
    institutions = client.get("/api/v1/institutions", headers={"Accept-Language": "en"})
    codes = {row["code"]: row for row in institutions.get_json()}
    assert "TANESCO" in codes and "DAWATI" in codes
    assert codes["TANESCO"]["name"] == codes["TANESCO"]["name_en"]
    sectors = client.get("/api/v1/sectors").get_json()
    assert {row["code"] for row in sectors} >= {codes["TANESCO"]["sector"]}
    regions = client.get("/api/v1/regions").get_json()
    arusha = next(row for row in regions if row["key"] == "ARUSHA")
    assert arusha["districts"] and all(d["key"] and d["name"] for d in arusha["districts"])


def test_unknown_routes_and_methods_are_problems_not_html(client):
    missing = client.get("/api/v1/nothing")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    wrong = client.delete("/api/v1/regions")
    assert wrong.status_code == 405 and wrong.mimetype == "application/problem+json"
    assert "GET" in wrong.headers["Allow"]


def test_the_api_needs_no_csrf_token(app, db):
    app.config["WTF_CSRF_ENABLED"] = True
    answer = app.test_client().post("/api/v1/feedback", json=VALID)
    assert answer.status_code == 201


def test_the_documentation_page_loads_its_vendored_files_under_the_policy(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "img-src 'self' data:" in policy
    assert "unsafe-inline" not in policy
    html = page.get_data(as_text=True)
    assert "<script>" not in html  # no inline script: the start-up is static/js/api-docs.js
    for asset in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css",
                  "js/api-docs.js"):
        assert f"/static/{asset}" in html
        assert client.get(f"/static/{asset}").status_code == 200
    assert 'data-spec-url="/api/openapi.json"' in html


def test_the_api_sets_no_cookie(client):
    for answer in (client.get("/api/v1/institutions?lang=en"),
                   client.post("/api/v1/feedback", json=VALID),
                   client.get("/api/v1/track/nonsense")):
        assert "Set-Cookie" not in answer.headers


def test_submissions_without_a_key_are_limited_per_address(backend, db):
    _name, _url, settings = backend
    limited = create_app({**settings, "RATELIMIT_ENABLED": True,
                          "RATELIMIT_STORAGE_URI": "memory://", "API_SUBMIT_LIMIT": "2/hour"})
    client = limited.test_client()
    codes = [client.post("/api/v1/feedback", json=VALID).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    refused = client.post("/api/v1/feedback", json=VALID)
    assert refused.mimetype == "application/problem+json" and "Retry-After" in refused.headers
    assert count(db, Feedback) == 2
