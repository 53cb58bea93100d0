"""flask seed --sample: a new install gets a few hundred realistic feedback items of the last
90 days (mrejesho.generate), once, so its queue, dashboard and statistics are alive."""
from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from mrejesho import seed
from mrejesho.lifecycle import FINISHED, OPEN
from mrejesho.models import Event, Feedback, Institution, OutboundSms
from mrejesho.stats import cache
from mrejesho.timeutil import utcnow

OPEN_VALUES = {status.value for status in OPEN}


def seed_sample(runner):
    result = runner.invoke(args=["seed", "--sample"])
    assert result.exit_code == 0, result.output
    return result


def count(db, model=Feedback) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_sample_adds_a_few_hundred_varied_items_of_the_last_90_days_once(db, runner):
    before = utcnow()
    first = seed_sample(runner)
    assert f"Added {seed.SAMPLE_COUNT} sample feedback items" in first.output
    rows = db.session.execute(sa.select(Feedback.__table__)).all()
    assert len(rows) == seed.SAMPLE_COUNT >= 200
    assert all(row.source_key == f"sample:{row.reference}" for row in rows)
    oldest = min(row.created_at for row in rows)
    assert before - timedelta(days=seed.SAMPLE_DAYS + 1) <= oldest
    assert oldest < before - timedelta(days=60)  # spread over the period, not one week
    assert max(row.created_at for row in rows) <= utcnow()
    assert {row.channel for row in rows} == {"web", "sms", "ussd", "api"}
    assert {row.kind for row in rows} == {"complaint", "suggestion", "enquiry", "compliment"}
    statuses = {row.status for row in rows}
    assert statuses & OPEN_VALUES and statuses & {s.value for s in FINISHED}
    assert "resolved" in statuses
    assert len({row.institution_id for row in rows}) >= 30
    placed = [row for row in rows if row.region_id is not None]
    assert len(placed) > len(rows) // 2 and len({row.region_id for row in placed}) >= 10
    assert count(db, Event) > len(rows) and count(db, OutboundSms) > 0
    # Their SMS went long ago: the worker must not send hundreds of them now.
    assert not db.session.scalar(sa.select(sa.func.count()).select_from(OutboundSms)
                                 .where(OutboundSms.status == "queued"))

    again = seed_sample(runner)
    assert "already there" in again.output
    assert count(db) == seed.SAMPLE_COUNT


def test_seed_without_sample_adds_no_feedback(db, runner):
    result = runner.invoke(args=["seed", "--no-demo"])
    assert result.exit_code == 0, result.output
    assert count(db) == 0


def test_sample_is_kept_apart_from_citizens_feedback(db, runner):
    from tests.factories import make_feedback

    mine = make_feedback()
    seed_sample(runner)
    assert count(db) == seed.SAMPLE_COUNT + 1 and seed.sample_count() == seed.SAMPLE_COUNT
    assert db.session.get(Feedback, mine.id).source_key is None


def test_sample_refused_in_production(app, db, runner):
    app.config["MREJESHO_ENV"] = "production"
    result = runner.invoke(args=["seed", "--sample", "--no-demo"])
    assert result.exit_code != 0 and "production" in result.output
    assert count(db) == 0


def test_a_newcomer_sees_a_living_queue_dashboard_and_statistics(app, client, db, runner):
    seed_sample(runner)  # with the demo staff, as make run does
    cache.clear()
    response = client.post("/staff/login", data={
        "email": "afisa@tanesco.go.tz", "password": seed.DEMO_PASSWORD})
    assert response.status_code == 302
    tanesco = db.session.scalar(sa.select(Institution.id).filter_by(code="TANESCO"))
    open_refs = db.session.scalars(sa.select(Feedback.reference).where(
        Feedback.institution_id == tanesco, Feedback.status.in_(OPEN_VALUES))).all()
    assert open_refs
    queue = client.get("/staff/?lang=en").get_data(as_text=True)
    assert any(reference in queue for reference in open_refs)
    assert client.get("/staff/dashboard?lang=en").status_code == 200

    stats = client.get("/stats/?period=quarter&lang=en").get_data(as_text=True)
    received = re.search(r'data-figure="received">(\d+)<', stats)
    assert received and int(received.group(1)) > seed.SAMPLE_COUNT // 2
    assert 'data-institution="TANESCO"' in stats
