"""schemathesis against /api/openapi.json on the app itself (WSGI), on SQLite and PostgreSQL:
generated requests, valid and not, to every operation, with and without an institution key;
no answer may be a 5xx, and every answer must match the document (status code, content type,
headers, body schema)."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from mrejesho import routing
from mrejesho.api import keys
from tests.factories import make_feedback, make_staff

MAX_EXAMPLES = 10  # per operation and mode: the whole test stays well under a minute
PLAIN = {"Accept-Encoding": "identity"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


@pytest.fixture
def key_header(app, db):
    """A TANESCO key, and a few feedback items for its queue."""
    manager = make_staff("TANESCO", "manager")
    _key, raw = keys.create(routing.by_code("TANESCO"), "schemathesis", manager)
    db.session.commit()
    make_feedback()
    make_feedback(anonymous=True, kind="enquiry")
    return {"Authorization": f"Bearer {raw}"}


def test_the_document_is_openapi_3_1(client):
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) >= {
        "/api/v1/feedback", "/api/v1/feedback/{reference}", "/api/v1/track/{reference}",
        "/api/v1/institutions", "/api/v1/sectors", "/api/v1/regions",
        "/api/v1/feedback/{reference}/replies", "/api/v1/feedback/{reference}/notes",
        "/api/v1/feedback/{reference}/status", "/api/v1/feedback/{reference}/transfer",
        "/api/v1/feedback/{reference}/assignment"}


def operations(app) -> list:
    """Every operation of the document the app serves."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


# schemathesis' own pytest plugin (schema.parametrize with a fixture) does not run under
# pytest 9, so the test drives hypothesis itself: each operation, valid and invalid data.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_5xx_and_every_answer_matches_the_document(app, db, key_header, mode):
    found = operations(app)
    assert len(found) >= 11
    exercised = []
    for operation in found:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            # identity: the WSGI transport does not undo Flask-Compress's brotli or gzip.
            case.call_and_validate(headers=PLAIN, checks=CHECKS)
            case.call_and_validate(headers={**PLAIN, **key_header}, checks=CHECKS)

        try:
            check()
        except Unsatisfiable:
            # Nothing to make invalid: no input (GET /api/v1/institutions), or only a
            # free-text path segment (GET /api/v1/track/{reference}).
            assert mode == GenerationMode.NEGATIVE, operation.label
            continue
        exercised.append(operation.label)
    print(f"{mode}: {len(exercised)} operations, {MAX_EXAMPLES} examples each")
    assert len(exercised) >= (11 if mode == GenerationMode.POSITIVE else 7), exercised


def test_real_references_answer_as_the_document_says(app, db, key_header):
    """The operations on one feedback, with references that exist: generated bodies on the
    key's own feedback (200, 409, 422 with bodies checked against the document) and on
    another institution's (404)."""
    ours = make_feedback(body="Umeme umekatika Mbezi tangu juzi.")
    theirs = make_feedback(institution="TANROADS", body="Barabara imeharibika Mbezi.")
    answered = []
    for operation in operations(app):
        if "{reference}" not in operation.path:
            continue
        for reference in (ours.reference, theirs.reference):
            @given(case=operation.as_strategy(path_parameters={"reference": reference}))
            @settings(max_examples=MAX_EXAMPLES // 2, deadline=None, derandomize=True,
                      suppress_health_check=list(HealthCheck), database=None)
            def check(case):
                response = case.call_and_validate(headers={**PLAIN, **key_header},
                                                  checks=CHECKS)
                answered.append(response.status_code)

            check()
    assert 200 in answered and 404 in answered
