"""Idempotent submission under a real race: the app under gunicorn (2 workers x 4 threads),
callers in threads released together, all with one Idempotency-Key; on SQLite and
PostgreSQL exactly one feedback, one idempotency row and one SMS result, and every caller
gets its reference."""
from __future__ import annotations

import pytest
import requests

from mrejesho.models import ApiIdempotency, Feedback, OutboundMessage
from tests.test_concurrency import all_at_once

CALLERS = 8
BODY = {"kind": "complaint", "institution": "TANESCO", "phone": "0712 345 678",
        "body": "Umeme umekatika Sinza tangu jana."}


@pytest.fixture
def live(backend, app, db):
    """The real app under gunicorn on this test's database; yields its base URL."""
    from mrejesho.testing.servers import serve_app

    _name, _url, settings = backend
    with serve_app({**settings, "WTF_CSRF_ENABLED": True}) as base_url:
        yield base_url


def submit(base_url: str, key: str, body: dict):
    def call():
        return requests.post(f"{base_url}/api/v1/feedback", json=body, timeout=30,
                             headers={"Idempotency-Key": key})
    return call


def test_concurrent_submits_with_one_idempotency_key_make_one_feedback(live, db):
    answers = all_at_once([submit(live, "race-1", BODY) for _ in range(CALLERS)])
    assert [answer.status_code for answer in answers] == [201] * CALLERS, \
        [answer.text[:200] for answer in answers]
    assert len({answer.json()["reference"] for answer in answers}) == 1
    count = lambda model: db.session.scalar(  # noqa: E731
        db.select(db.func.count()).select_from(model))
    assert count(Feedback) == 1 and count(ApiIdempotency) == 1
    assert count(OutboundMessage) == 1


def test_concurrent_submits_with_one_key_and_different_bodies_make_one_feedback(live, db):
    bodies = [{**BODY, "body": f"Umeme umekatika nyumba namba {n}."} for n in range(CALLERS)]
    answers = all_at_once([submit(live, "race-2", body) for body in bodies])
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [201] + [422] * (CALLERS - 1), [a.text[:200] for a in answers]
    assert all(a.json()["code"] == "idempotency_key.reused"
               for a in answers if a.status_code == 422)
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) == 1
