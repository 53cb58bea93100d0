"""flask generate-feedback: rows the models and the lifecycle accept, with their timeline and
SMS, spread as a national service's would be, the same for the same seed, and pages that
render them."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from mrejesho import phones, references, sla
from mrejesho.generate import (
    FEEDBACK_COLUMNS,
    Area,
    Desk,
    FeedbackGenerator,
    KeyedPermutation,
    covered_districts,
)
from mrejesho.languages import LANGUAGES
from mrejesho.lifecycle import ALL, FINISHED, OPEN, RESOLVED, Status
from mrejesho.models import (
    CHANNELS,
    KINDS,
    District,
    Event,
    Feedback,
    Institution,
    OutboundSms,
    Region,
    StaffUser,
    Ward,
)
from mrejesho.seed import DEMO_PASSWORD
from tests.factories import make_staff

ROWS = 2_000


def generate(runner, count, *options):
    result = runner.invoke(args=["generate-feedback", str(count), *options])
    assert result.exit_code == 0, result.output
    return result


def feedback_rows(db):
    return db.session.execute(
        sa.select(Feedback.__table__, Institution.code.label("institution"))
        .join(Institution, Institution.id == Feedback.institution_id).order_by(Feedback.id)
    ).all()


def events_by_feedback(db) -> dict[int, list]:
    grouped = defaultdict(list)
    for event in db.session.execute(sa.select(Event.__table__).order_by(Event.id)):
        grouped[event.feedback_id].append(event)
    return grouped


@pytest.fixture
def generated(db, runner, clock):
    """ROWS generated items with a TANESCO officer made first (so TANESCO's cases go to
    them) and staff added for the other institutions."""
    officer = make_staff("TANESCO")
    result = generate(runner, ROWS, "--seed", "5")
    return officer, result, feedback_rows(db)


def test_every_row_is_one_the_models_and_lifecycle_accept(db, generated, clock):
    _officer, result, rows = generated
    assert f"Stored {ROWS:,} feedback" in result.output
    assert len(rows) == ROWS
    assert len({row.reference for row in rows}) == ROWS
    assert all(references.is_valid(row.reference) for row in rows)
    assert {row.status for row in rows} <= set(ALL)
    assert {row.kind for row in rows} == set(KINDS)
    assert {row.channel for row in rows} == set(CHANNELS)
    assert {row.language for row in rows} == set(LANGUAGES)
    assert {row.version for row in rows} == {1}
    assert len({row.source_key for row in rows if row.source_key}) == sum(
        1 for row in rows if row.source_key)
    now = clock.now
    for row in rows:
        assert row.created_at <= row.updated_at <= now, row
        assert row.due_at > row.created_at, row
        for moment in (row.first_response_at, row.resolved_at, row.closed_at,
                       row.overdue_flagged_at, row.escalated_at, row.paused_at):
            assert moment is None or row.created_at <= moment <= now, row
        assert (row.resolved_at is not None) == (row.status in RESOLVED), row
        assert (row.closed_at is not None) == (row.status in FINISHED), row
        assert (row.paused_at is not None) == (row.status == Status.AWAITING_CITIZEN), row
        if row.status in RESOLVED:
            assert row.first_response_at <= row.resolved_at, row
        if row.status == Status.CLOSED:
            assert row.closed_at >= row.resolved_at + timedelta(days=7), row
        if row.status == Status.NEW:
            assert row.first_response_at is None and row.assigned_to_id is None, row
        if row.rating is not None:
            assert 1 <= row.rating <= 5 and row.status in RESOLVED, row
        assert (row.escalation_level == 1) == (row.escalated_at is not None), row
        if row.escalated_at is not None:
            assert row.overdue_flagged_at <= row.escalated_at, row
        if row.overdue_flagged_at is not None:
            assert row.overdue_flagged_at > row.due_at, row


def test_shape_is_skewed_with_open_backlogs_and_repeat_citizens(db, generated):
    _officer, _result, rows = generated
    per_institution = Counter(row.institution for row in rows)
    ranking = [code for code, _n in per_institution.most_common()]
    assert ranking[0] == "TANESCO" and set(ranking[:4]) >= {"TANESCO", "DAWASA"}
    assert per_institution["TANESCO"] > ROWS / 10
    assert len(per_institution) > 50
    statuses = Counter(row.status for row in rows)
    assert set(statuses) == set(ALL) - {Status.REOPENED} or set(statuses) == set(ALL)
    assert statuses[Status.CLOSED] > ROWS / 2  # most older items are done
    assert sum(statuses[status] for status in OPEN) > ROWS / 100
    assert Counter(row.language for row in rows)["sw"] > ROWS * 0.7
    phones_used = [row.citizen_phone for row in rows if row.citizen_phone]
    assert len(set(phones_used)) < len(phones_used)  # some citizens write again
    assert all(phones.normalize(phone) == phone for phone in set(phones_used))
    assert any(row.anonymous for row in rows)
    oldest = min(row.created_at for row in rows)
    assert oldest < max(row.created_at for row in rows) - timedelta(days=600)


def test_due_dates_follow_the_institutions_working_day_sla(db, generated):
    _officer, _result, rows = generated
    timelines = events_by_feedback(db)
    institutions = {inst.code: inst for inst in db.session.scalars(sa.select(Institution))}
    checked = 0
    for row in rows:
        types = {event.type for event in timelines[row.id]}
        if types & {"transferred", "follow_up"}:  # due from the transfer; a reopening moves it
            continue
        sla_days = institutions[row.institution].sla_for(row.kind)
        assert row.due_at == sla.add_working_days(row.created_at, sla_days), row
        checked += 1
    assert checked > ROWS * 0.8


def test_timeline_and_sms_tell_each_story(db, generated):
    officer, _result, rows = generated
    timelines = events_by_feedback(db)
    staff = {user.id: user.institution_id for user in db.session.scalars(sa.select(StaffUser))}
    for row in rows:
        events = timelines[row.id]
        assert events[0].type == "created" and events[0].created_at == row.created_at
        assert [e.type for e in events].count("created") == 1
        times = [event.created_at for event in events]
        assert times == sorted(times), row
        assert events[-1].created_at == row.updated_at
        statuses = [e for e in events if e.type == "status"]
        if statuses:
            assert statuses[-1].to_value == row.status, row
            for before, after in zip(statuses, statuses[1:], strict=False):
                assert after.from_value == before.to_value, row
        elif row.status != Status.NEW:
            pytest.fail(f"{row.reference} is {row.status} with no status event")
        if row.assigned_to_id is not None:
            assert staff[row.assigned_to_id] == row.institution_id
        for event in events:
            if event.staff_id is not None:
                assert event.actor_type == "staff"
    assert sum(len(events) for events in timelines.values()) < 8 * ROWS
    assert any(row.assigned_to_id == officer.id for row in rows)
    sms = db.session.execute(sa.select(OutboundSms.__table__)).all()
    assert {message.status for message in sms} <= {"sent", "delivered"}
    receipts = {message.feedback_id: message for message in sms
                if "HALI" in message.text or "STATUS" in message.text}
    by_id = {row.id: row for row in rows}
    for row in rows:
        if row.citizen_phone:
            receipt = receipts[row.id]
            assert receipt.to == row.citizen_phone and row.reference in receipt.text
    assert all(by_id[message.feedback_id].citizen_phone for message in sms)
    assert all(len(message.text) <= 160 for message in receipts.values())


def test_staff_queue_and_case_page_render_generated_items(client, db, generated,
                                                          staff_login):
    officer, _result, rows = generated
    staff_login(officer)
    page = client.get("/staff/?tab=open")
    assert page.status_code == 200
    shown = re.findall(r'<tr data-reference="(\d{10})"', page.get_data(as_text=True))
    tanesco_open = {row.reference for row in rows
                    if row.institution == "TANESCO" and row.status in OPEN}
    assert shown and set(shown) <= tanesco_open
    case = next(row for row in rows if row.institution == "TANESCO"
                and row.status == Status.CLOSED and row.assigned_to_id is not None)
    response = client.get(f"/staff/feedback/{case.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert references.display(case.reference) in html or case.reference in html
    assert html.count('class="event ') >= 4


def test_same_seed_same_rows_on_the_same_data(app, db, runner, clock):
    make_staff("TANESCO")

    def snapshot():
        return [(row.reference, row.kind, row.channel, row.institution, row.body, row.status,
                 row.citizen_phone, row.created_at, row.due_at, row.resolved_at,
                 row.assigned_to_id, row.rating) for row in feedback_rows(db)]

    def empty():
        with db.engine.begin() as conn:
            for table in ("event", "outbound_message", "feedback"):
                conn.execute(sa.text(f"DELETE FROM {table}"))

    generate(runner, 300, "--seed", "11", "--no-staff")
    first = snapshot()
    empty()
    generate(runner, 300, "--seed", "11", "--no-staff")
    assert snapshot() == first
    empty()
    generate(runner, 300, "--seed", "12", "--no-staff")
    assert snapshot() != first


def test_a_second_run_adds_new_references(db, runner, clock):
    generate(runner, 500, "--seed", "3")
    generate(runner, 500, "--seed", "3")
    refs = [row.reference for row in feedback_rows(db)]
    assert len(refs) == len(set(refs)) == 1_000


def test_generated_staff_sign_in_with_the_demo_password(app, client, db, runner):
    result = generate(runner, 10, "--staff")
    assert "staff accounts" in result.output
    staffed = set(db.session.scalars(sa.select(StaffUser.institution_id)))
    assert staffed == set(db.session.scalars(sa.select(Institution.id)))
    response = client.post("/staff/login", data={
        "email": "afisa1@tanesco.mrejesho.go.tz", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_refused_in_production_unless_forced(app, db, runner):
    app.config["MREJESHO_ENV"] = "production"
    refused = runner.invoke(args=["generate-feedback", "10"])
    assert refused.exit_code != 0 and "--force" in refused.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 0
    generate(runner, 10, "--force", "--no-staff")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 10


# --- the pure parts -------------------------------------------------------------------------

def test_keyed_permutation_is_a_bijection():
    permutation = KeyedPermutation(1_000, key=42)
    images = [permutation.forward(n) for n in range(1_000)]
    assert sorted(images) == list(range(1_000))
    assert images[:20] != list(range(20))
    assert all(permutation.backward(image) == n for n, image in enumerate(images))


def _desks() -> list[Desk]:
    sla_days = {"complaint": 7, "enquiry": 5, "suggestion": 14, "compliment": 14}
    return [Desk(id=n, code=code, name_sw=code, name_en=code, sector="ENERGY",
                 parent_code=None if code == "MOE" else "MOE", sla=sla_days,
                 weight=1 / n, officers=((100 + n, f"Afisa {code}"),))
            for n, code in enumerate(("TANESCO", "MOE", "DAWATI"), start=1)]


def test_a_reference_already_taken_is_replaced_by_an_unused_one():
    now = datetime(2026, 11, 25, 9, 0)
    plain = FeedbackGenerator(_desks(), now=now, seed=9, count=50)
    wanted = [row[1] for row in plain.batch(range(1, 51)).feedback]
    taken = {int(wanted[0]), int(wanted[7])}
    generator = FeedbackGenerator(_desks(), now=now, seed=9, count=50, taken=taken)
    made = [row[1] for row in generator.batch(range(1, 51)).feedback]
    assert made[1:7] == wanted[1:7]
    assert made[0] != wanted[0] and made[7] != wanted[7]
    assert len(set(made)) == 50 and all(references.is_valid(ref) for ref in made)
    assert not {int(ref) for ref in made} & taken


def test_generator_is_deterministic_and_chunking_does_not_change_it():
    now = datetime(2026, 11, 25, 9, 0)
    whole = FeedbackGenerator(_desks(), now=now, seed=4, count=200).batch(range(1, 201))
    pieces = FeedbackGenerator(_desks(), now=now, seed=4, count=200)
    first, second = pieces.batch(range(1, 121)), pieces.batch(range(121, 201))
    assert whole.feedback == first.feedback + second.feedback
    assert whole.events == first.events + second.events
    assert whole.sms == first.sms + second.sms


# --- places ---------------------------------------------------------------------------------

def test_generated_places_follow_each_institutions_coverage(db, generated):
    _officer, _result, rows = generated
    districts = {row.id: row for row in db.session.execute(
        sa.select(District.id, District.key, District.region_id))}
    ward_district = dict(db.session.execute(sa.select(Ward.id, Ward.district_id)).all())
    region_keys = dict(db.session.execute(sa.select(Region.id, Region.key)).all())
    covers = {inst.code: inst.covers or {} for inst in db.session.scalars(sa.select(Institution))}
    placed = [row for row in rows if row.district_id is not None]
    assert 0.10 < 1 - len(placed) / len(rows) < 0.20  # about 15% without a place
    assert all(row.region_id is None and row.ward_id is None
               for row in rows if row.district_id is None)
    regional = 0
    for row in placed:
        district = districts[row.district_id]
        assert row.region_id == district.region_id, row
        if row.ward_id is not None:
            assert ward_district[row.ward_id] == row.district_id, row
        wanted = covers[row.institution]
        if wanted.get("districts"):
            assert district.key in wanted["districts"], row
            regional += 1
        elif wanted.get("regions"):
            assert region_keys[district.region_id] in wanted["regions"], row
            regional += 1
    assert regional > 20  # councils and water authorities are in the sample (DAWASA...)
    assert {region_keys[row.region_id] for row in placed if row.institution == "DAWASA"} <= {
        "DSM", "PWANI"}
    national = Counter(region_keys[row.region_id] for row in placed
                       if row.institution in ("TANESCO", "TRA", "NIDA"))
    assert len(national) > 20 and national.most_common(1)[0][0] == "DSM"
    assert any(row.ward_id is not None for row in placed)
    assert any(row.ward_id is None for row in placed)
    ward_names = dict(db.session.execute(sa.select(Ward.id, Ward.name)).all())
    with_ward = [row for row in placed if row.ward_id]
    named = sum(ward_names[row.ward_id] in row.body for row in with_ward)
    assert named > len(with_ward) / 2  # the texts that name a place name that ward


def test_generated_places_show_per_region_on_the_dashboard(client, db, generated, staff_login):
    officer, _result, rows = generated
    staff_login(officer)
    html = client.get("/staff/dashboard?days=365&lang=en").get_data(as_text=True)
    assert html.count('<tr data-region="') > 10 and '<tr data-region="none">' in html


def test_pure_generator_places_a_regional_desk_in_its_districts_only():
    areas = {
        "ILALA": Area(1, 10, "Ilala", ((100, "Buguruni"), (101, "Kariakoo")), 5.0),
        "MOSHICBD": Area(2, 20, "Moshi", (), 1.0),
    }
    desks = [replace(desk, covers=("MOSHICBD",) if desk.code == "TANESCO" else ())
             for desk in _desks()]
    generator = FeedbackGenerator(desks, now=datetime(2026, 11, 25, 9, 0), seed=3, count=600,
                                  areas=areas)
    rows = generator.batch(range(1, 601)).feedback
    column = {name: index for index, name in enumerate(FEEDBACK_COLUMNS)}
    national, named = Counter(), Counter()
    for row in rows:
        district = row[column["district_id"]]
        if row[column["institution_id"]] == 1:  # TANESCO: only Moshi
            assert district in (None, 20)
        else:
            national[district] += 1
        if district == 10 and row[column["ward_id"]] is not None:
            ward = {100: "Buguruni", 101: "Kariakoo"}[row[column["ward_id"]]]
            named[ward in row[column["body"]]] += 1
            assert ({"Buguruni", "Kariakoo"} - {ward}).isdisjoint(row[column["body"]].split())
    assert national[10] > 2 * national[20] > 0  # Ilala weighs five times Moshi
    assert 0.08 < sum(row[column["district_id"]] is None for row in rows) / len(rows) < 0.25
    assert named[True] > named[False]
    assert FeedbackGenerator(_desks(), now=datetime(2026, 11, 25, 9, 0), seed=3,
                             count=10).batch(range(1, 11)).feedback[0][column["region_id"]] \
        is None  # no gazetteer loaded: no places


def test_coverage_is_its_districts_else_its_regions_districts_else_the_country():
    by_region = {"DSM": ("ILALA", "TEMEKE"), "PWANI": ("KIBAHA",)}
    assert covered_districts({"regions": ["DSM"], "districts": ["ILALA"]}, by_region) == (
        "ILALA",)
    assert covered_districts({"regions": ["DSM", "PWANI"], "districts": []}, by_region) == (
        "ILALA", "TEMEKE", "KIBAHA")
    assert covered_districts({}, by_region) == () == covered_districts(None, by_region)
