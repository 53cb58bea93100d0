"""Open311 GeoReport v2 (/open311/v2/): a client's walk in JSON and XML, what is public and
what a key sees, key scope, and every refusal in the specification's error format."""
from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import quote
from xml.etree import ElementTree as ET

import pytest

from mrejesho.api import keys
from mrejesho.extensions import db as _db
from mrejesho.models import Feedback, Institution
from mrejesho.testing.factories import make_feedback, make_staff, move_to, reply_to

V2 = "/open311/v2"
PHONE = "+255712345678"


def _key(code: str = "TANESCO") -> str:
    institution = _db.session.scalar(_db.select(Institution).filter_by(code=code))
    _key_row, raw = keys.create(institution, f"{code} desk system", None)
    _db.session.commit()
    return raw


def _xml(answer) -> ET.Element:
    assert answer.content_type.startswith("text/xml")
    assert answer.data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(answer.data)


def _errors_json(answer, status: int) -> list[dict]:
    assert answer.status_code == status, answer.data[:300]
    assert answer.content_type.startswith("application/json")
    errors = answer.get_json()
    assert isinstance(errors, list) and errors
    assert all(e["code"] == status and e["description"] for e in errors)
    return errors


def _errors_xml(answer, status: int) -> list[ET.Element]:
    assert answer.status_code == status, answer.data[:300]
    root = _xml(answer)
    assert root.tag == "errors"
    errors = root.findall("error")
    assert errors and all(e.findtext("code") == str(status) and e.findtext("description")
                          for e in errors)
    return errors


FORM = {"service_code": "TANESCO", "description": "Umeme umekatika tangu jana mtaa wa Sinza.",
        "attribute[kind]": "complaint", "first_name": "Amina", "last_name": "Juma",
        "phone": "0712 345 678", "email": "amina@example.org",
        "address_string": "Sinza Mori, Dar es Salaam", "lat": "-6.7731", "long": "39.2249"}


def test_client_walks_discovery_services_post_get_in_json(client, db):
    raw = _key()
    discovery = client.get("/open311/discovery.json").get_json()
    endpoint = discovery["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert "application/json" in endpoint["formats"] and "text/xml" in endpoint["formats"]
    base = endpoint["url"].replace("http://localhost", "")
    assert base == f"{V2}/"

    services = client.get(f"{base}services.json").get_json()
    tanesco = next(s for s in services if s["service_code"] == "TANESCO")
    assert tanesco["group"] == "Nishati" and tanesco["metadata"] is True
    assert tanesco["type"] == "realtime"
    assert "DAWATI" in {s["service_code"] for s in services}

    definition = client.get(f"{base}services/TANESCO.json").get_json()
    kind = next(a for a in definition["attributes"] if a["code"] == "kind")
    assert kind["datatype"] == "singlevaluelist"
    assert {v["key"] for v in kind["values"]} == {"complaint", "suggestion", "enquiry",
                                                 "compliment"}

    posted = client.post(f"{base}requests.json", data={**FORM, "api_key": raw})
    assert posted.status_code == 200, posted.data
    [created] = posted.get_json()
    reference = created["service_request_id"]
    item = db.session.scalar(db.select(Feedback).filter_by(reference=reference))
    assert item.channel == "api" and item.institution.code == "TANESCO"
    assert item.citizen_phone == PHONE and item.citizen_name == "Amina Juma"
    assert "Sinza Mori" in item.body and "(-6.773100, 39.224900)" in item.body

    token = client.get(f"{base}tokens/{created['token']}.json").get_json()
    assert token == [{"service_request_id": reference, "token": created["token"]}]

    [public] = client.get(f"{base}requests/{reference}.json").get_json()
    assert public["status"] == "open" and public["service_code"] == "TANESCO"
    assert public["description"] is None and public["kind"] == "complaint"
    assert public["expected_datetime"] == item.due_at.replace(microsecond=0).isoformat() + "Z"
    assert "Amina" not in posted.get_data(as_text=True) + json.dumps(public)

    listed = client.get(f"{base}requests.json", query_string={"api_key": raw}).get_json()
    assert [r["service_request_id"] for r in listed] == [reference]
    assert listed[0]["description"].startswith("Umeme umekatika")


def test_client_walks_discovery_services_post_get_in_xml(client, db):
    raw = _key()
    discovery = _xml(client.get(f"{V2}/discovery.xml"))
    assert discovery.tag == "discovery"
    formats = [f.text for f in discovery.findall("endpoints/endpoint/formats/format")]
    assert formats == ["text/xml", "application/json"]

    services = _xml(client.get(f"{V2}/services.xml", query_string={"lang": "en"}))
    assert services.tag == "services"
    tanesco = next(s for s in services.findall("service")
                   if s.findtext("service_code") == "TANESCO")
    assert tanesco.findtext("group") == "Energy" and tanesco.findtext("metadata") == "true"

    definition = _xml(client.get(f"{V2}/services/tanesco.xml"))
    assert definition.tag == "service_definition"
    keys_ = [v.findtext("key") for v in definition.findall(
        "attributes/attribute[code='kind']/values/value")]
    assert keys_ == ["complaint", "suggestion", "enquiry", "compliment"]

    posted = _xml(client.post(f"{V2}/requests.xml", data={
        **FORM, "api_key": raw, "attribute[kind]": "enquiry", "attribute[language]": "en"}))
    reference = posted.findtext("request/service_request_id")
    assert posted.findtext("request/token")
    item = db.session.scalar(db.select(Feedback).filter_by(reference=reference))
    assert item.kind == "enquiry" and item.language == "en"

    one = _xml(client.get(f"{V2}/requests/{reference}.xml", query_string={"api_key": raw}))
    assert one.findtext("request/service_request_id") == reference
    assert one.findtext("request/description").startswith("Umeme umekatika")
    assert one.findtext("request/status") == "open"
    listed = _xml(client.get(f"{V2}/requests.xml", query_string={"api_key": raw}))
    assert [r.findtext("service_request_id") for r in listed.findall("request")] == [reference]


def test_public_request_shows_officers_words_never_the_citizens(client, db):
    officer = make_staff("TANESCO")
    item = make_feedback(body="Afisa wa mita aliomba rushwa ya elfu hamsini.")
    reply_to(item, officer, "Tumepokea; tunafuatilia.")
    move_to(item, "resolved", by=officer, message="Afisa amechukuliwa hatua.")
    answer = client.get(f"{V2}/requests/{item.reference}.json")
    [public] = answer.get_json()
    assert public["status"] == "closed"  # resolved is not open
    assert public["status_notes"] == "Afisa amechukuliwa hatua."
    assert public["expected_datetime"] is None
    text = answer.get_data(as_text=True)
    for secret in ("rushwa", "Amina", "712345678", item.body):
        assert secret not in text
    xml = client.get(f"{V2}/requests/{item.reference}.xml").get_data(as_text=True)
    assert "rushwa" not in xml and "Afisa amechukuliwa hatua." in xml


def test_anonymous_citizens_phone_never_appears(client, db):
    raw = _key()
    item = make_feedback(anonymous="y", name="")
    assert item.anonymous and item.citizen_phone == PHONE
    for path in (f"{V2}/requests/{item.reference}.json", f"{V2}/requests.json",
                 f"{V2}/requests.xml"):
        text = client.get(path, query_string={"api_key": raw}).get_data(as_text=True)
        assert item.reference in text
        assert "712345678" not in text and "0712" not in text


def test_key_sees_only_its_institutions_items(client, db):
    tanesco, dawasa = _key("TANESCO"), _key("DAWASA")
    item = make_feedback()
    water = make_feedback(institution="DAWASA", body="Maji hayatoki Kimara wiki nzima.")
    _errors_json(client.get(f"{V2}/requests/{item.reference}.json",
                            query_string={"api_key": dawasa}), 404)
    _errors_xml(client.get(f"{V2}/requests/{item.reference}.xml",
                           query_string={"api_key": dawasa}), 404)
    listed = client.get(f"{V2}/requests.json", query_string={"api_key": tanesco}).get_json()
    assert [r["service_request_id"] for r in listed] == [item.reference]
    by_ref = client.get(f"{V2}/requests.json", query_string={
        "api_key": tanesco, "service_request_id": f"{item.reference},{water.reference}"})
    assert [r["service_request_id"] for r in by_ref.get_json()] == [item.reference]


def test_revoked_or_unknown_key_is_refused(client, db):
    raw = _key()
    key = keys.authenticate(raw)
    keys.revoke(key, None)
    db.session.commit()
    for value in (raw, "mrj_nonsense", "", None):
        query = {"api_key": value} if value is not None else {}
        _errors_json(client.get(f"{V2}/requests.json", query_string=query), 403)
        _errors_xml(client.post(f"{V2}/requests.xml", data={**FORM, **query}), 403)
    make_feedback()
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 1


def test_filters_by_status_service_code_and_dates(client, db, clock):
    raw = _key()
    officer = make_staff("TANESCO")
    clock.set(datetime(2026, 10, 1, 8))
    old = make_feedback(status="resolved", by=officer)
    clock.set(datetime(2026, 11, 20, 8))
    new = make_feedback()

    def refs(**query):
        answer = client.get(f"{V2}/requests.json", query_string={"api_key": raw, **query})
        assert answer.status_code == 200, answer.data
        return {r["service_request_id"] for r in answer.get_json()}

    assert refs() == {new.reference, old.reference}
    assert refs(status="open") == {new.reference}
    assert refs(status="closed") == {old.reference}
    assert refs(status="open,closed") == {new.reference, old.reference}
    assert refs(service_code="TANESCO") == {new.reference, old.reference}
    assert refs(service_code="DAWASA") == set()
    assert refs(start_date="2026-11-01T00:00:00+03:00") == {new.reference}
    assert refs(end_date="2026-10-02T00:00:00Z") == {old.reference}
    assert refs(start_date="2026-09-30", end_date="2026-10-01T12:00:00Z") == {old.reference}
    clock.set(datetime(2027, 6, 1, 8))
    assert refs() == set()  # without dates: the last 90 days


@pytest.mark.parametrize("query", [
    {"status": "pending"}, {"start_date": "yesterday"}, {"end_date": "2026-02-30T00:00:00Z"},
    {"start_date": "0001-01-01T00:00:00+05:00"}, {"start_date": "99999-01-01"},
    {"start_date": "2026-11-02T00:00:00Z", "end_date": "2026-11-01T00:00:00Z"},
])
def test_bad_search_parameters_are_400_in_the_specifications_format(client, db, query):
    raw = _key()
    _errors_json(client.get(f"{V2}/requests.json", query_string={"api_key": raw, **query}),
                 400)
    _errors_xml(client.get(f"{V2}/requests.xml", query_string={"api_key": raw, **query}), 400)


@pytest.mark.parametrize(("change", "field"), [
    ({"service_code": ""}, "service_code"), ({"service_code": "NOPE"}, "NOPE"),
    ({"description": "x"}, "description"), ({"description": "y" * 3000}, "description"),
    ({"attribute[kind]": "bribe"}, "attribute[kind]"), ({"phone": "12"}, "phone"),
    ({"email": "not-an-address"}, "email"), ({"lat": "91", "long": "0"}, "lat"),
    ({"lat": "-6.7", "long": ""}, "lat"), ({"lat": "nan", "long": "inf"}, "lat"),
])
def test_bad_posts_are_400_and_store_nothing(client, db, change, field):
    raw = _key()
    form = {**FORM, "api_key": raw, **change}
    errors = _errors_json(client.post(f"{V2}/requests.json", data=form), 400)
    assert any(field in e["description"] for e in errors), errors
    _errors_xml(client.post(f"{V2}/requests.xml", data=form), 400)
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 0


def test_refusals_are_worded_in_the_chosen_language(client, db):
    raw = _key()
    form = {**FORM, "api_key": raw, "description": "x"}
    english = _errors_json(client.post(f"{V2}/requests.json?lang=en", data=form), 400)
    swahili = _errors_json(client.post(f"{V2}/requests.json?lang=sw", data=form), 400)
    assert english[0]["description"] != swahili[0]["description"]


def test_central_desk_service_lets_the_router_choose(client, db):
    raw = _key()
    posted = client.post(f"{V2}/requests.json", data={
        "api_key": raw, "service_code": "DAWATI",
        "description": "Maji hayatoki Kimara tangu wiki iliyopita, DAWASA tafadhali."})
    [created] = posted.get_json()
    item = db.session.scalar(db.select(Feedback).filter_by(
        reference=created["service_request_id"]))
    assert item.institution.code == "DAWASA"
    assert item.kind == "complaint" and item.citizen_phone is None


def test_not_found_answers(client, db):
    _errors_json(client.get(f"{V2}/services/NOPE.json"), 404)
    _errors_xml(client.get(f"{V2}/services/NOPE.xml"), 404)
    _errors_json(client.get(f"{V2}/requests/1234567890.json"), 404)
    _errors_xml(client.get(f"{V2}/requests/not-a-reference.xml"), 404)
    _errors_json(client.get(f"{V2}/tokens/forged.json"), 404)
    _errors_xml(client.get(f"{V2}/services.csv"), 404)
    _errors_json(client.get(f"{V2}/nothing.json"), 404)
    _errors_xml(client.put(f"{V2}/services.xml"), 405)


def test_open311_posts_need_no_csrf_token(app, db):
    app.config["WTF_CSRF_ENABLED"] = True
    raw = _key()
    answer = app.test_client().post(f"{V2}/requests.json", data={**FORM, "api_key": raw})
    assert answer.status_code == 200, answer.data


def test_xml_carries_any_text_a_citizen_wrote(client, db):
    raw = _key()
    item = make_feedback(body="Umeme\x0b umekatika \x1b[31m <b>&amp; \U0001f642")
    root = _xml(client.get(f"{V2}/requests/{item.reference}.xml",
                           query_string={"api_key": raw}))
    assert root.findtext("request/description") == "Umeme umekatika [31m <b>&amp; \U0001f642"


def test_posting_is_rate_limited_in_the_specifications_format(app, backend, db):
    from mrejesho import create_app

    _name, _url, settings = backend
    limited = create_app({**settings, "RATELIMIT_ENABLED": True,
                          "RATELIMIT_STORAGE_URI": "memory://"}).test_client()
    answers = [limited.post(f"{V2}/requests.json", data={"service_code": "TANESCO"}).status_code
               for _ in range(31)]
    assert answers == [403] * 30 + [429]
    _errors_xml(limited.post(f"{V2}/requests.xml", data={}), 429)


HOSTILE = ["\x00", "a\x00b", "A" * 1_000_000, "\U0001f642" * 50, "<script>x</script>",
           "' OR 1=1 --", "9" * 5000, "-1e400", "nan", "../../etc/passwd", "\r\nX: y"]


def test_hostile_values_in_every_field_never_answer_5xx(client, db):
    raw = _key()
    fields = [*FORM, "attribute[subject]", "attribute[anonymous]", "attribute[language]",
              "jurisdiction_id", "device_id"]
    for fmt in ("json", "xml"):
        for name in fields:
            for value in HOSTILE:
                answer = client.post(f"{V2}/requests.{fmt}",
                                     data={**FORM, "api_key": raw, name: value})
                assert answer.status_code < 500, (name, value[:20], answer.data[:200])
        for name in ("service_request_id", "service_code", "status", "start_date",
                     "end_date", "api_key"):
            for value in HOSTILE:
                answer = client.get(f"{V2}/requests.{fmt}",
                                    query_string={"api_key": raw, name: value})
                assert answer.status_code < 500, (name, value[:20], answer.data[:200])
    for value in HOSTILE[:2] + HOSTILE[3:]:
        for path in ("services/{}.json", "requests/{}.xml", "tokens/{}.json"):
            answer = client.get(f"{V2}/" + path.format(quote(value, safe="")))
            assert answer.status_code in (400, 404), (path, value[:20])
