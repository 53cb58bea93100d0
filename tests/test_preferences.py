"""One row of preferences per phone (mrejesho.preferences): remembered by every submission
and by the channels' own choices, completed by the newest feedback, upserted in one
statement so two messages of one phone at once never collide."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from mrejesho import feedback as core
from mrejesho import preferences
from mrejesho.models import District, PhonePreference, Region
from tests.factories import CITIZEN_PHONE, make_feedback

OTHER = "+255754000111"


def place(db, district_key: str) -> tuple[int, int]:
    district = db.session.scalar(sa.select(District).filter_by(key=district_key))
    return district.region_id, district.id


def any_district(db, *, not_in_region: int | None = None) -> str:
    query = sa.select(District.key).order_by(District.id)
    if not_in_region is not None:
        query = query.where(District.region_id != not_in_region)
    return db.session.scalars(query.limit(1)).one()


def stored(db, phone: str) -> PhonePreference | None:
    db.session.expire_all()
    return db.session.get(PhonePreference, phone)


def test_a_phone_without_a_row_falls_back_to_its_newest_feedback(app, db):
    make_feedback(language="en", body="No power in Sinza since Monday night.")
    db.session.execute(sa.delete(PhonePreference))  # as before the table existed
    db.session.commit()
    found = preferences.get(CITIZEN_PHONE)
    assert (found.language, found.anonymous) == ("en", False)
    assert preferences.get(OTHER) == preferences.Preferences(OTHER)


def test_remember_inserts_then_updates_only_what_it_is_given(app, db):
    preferences.remember(OTHER, language="en")
    db.session.commit()
    preferences.remember(OTHER, anonymous=True)
    db.session.commit()
    row = stored(db, OTHER)
    assert (row.language, row.anonymous, row.region_id) == ("en", True, None)
    preferences.remember(OTHER, language="sw")
    db.session.commit()
    assert (stored(db, OTHER).language, stored(db, OTHER).anonymous) == ("sw", True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PhonePreference)) == 1


def test_remember_refuses_a_preference_it_does_not_know(app, db):
    with pytest.raises(TypeError):
        preferences.remember(OTHER, colour="blue")


def test_a_submission_remembers_its_language_and_place_for_the_phone(app, db):
    district_key = any_district(db)
    region_id, district_id = place(db, district_key)
    region_key = db.session.get(Region, region_id).key
    make_feedback(language="en", region=region_key, district=district_key,
                  body="The transformer at the market has been broken for a week.")
    row = stored(db, CITIZEN_PHONE)
    assert (row.language, row.region_id, row.district_id) == ("en", region_id, district_id)
    # A later submission that names no place keeps the place, and changes the language.
    make_feedback(language="sw", body="Ankara ya umeme imekuja mara mbili mwezi huu.")
    row = stored(db, CITIZEN_PHONE)
    assert (row.language, row.region_id, row.district_id) == ("sw", region_id, district_id)
    assert core.latest_preferences(CITIZEN_PHONE) == ("sw", region_id, district_id)


def test_a_chosen_language_wins_over_the_newest_feedback(app, db):
    make_feedback(language="sw")
    preferences.remember(CITIZEN_PHONE, language="en")
    db.session.commit()
    assert core.latest_preferences(CITIZEN_PHONE)[0] == "en"


def test_a_row_without_a_place_takes_the_whole_place_of_the_newest_feedback(app, db):
    district_key = any_district(db)
    region_id, district_id = place(db, district_key)
    make_feedback(region=db.session.get(Region, region_id).key, district=district_key)
    db.session.execute(sa.delete(PhonePreference))
    preferences.remember(CITIZEN_PHONE, anonymous=True)  # e.g. SIRI before any submission
    db.session.commit()
    found = preferences.get(CITIZEN_PHONE)
    assert (found.anonymous, found.region_id, found.district_id) == (
        True, region_id, district_id)


@pytest.mark.postgres_only
def test_two_sessions_remembering_one_new_phone_at_once_both_apply(backend, app, db):
    """The second insert waits on the first's uncommitted row, then updates it: a read then
    an insert would fail there with a duplicate key."""
    name, url, _settings = backend
    if name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has one writer, nothing can interleave")
    inserted, release = threading.Event(), threading.Event()
    errors = []

    def first():
        with app.app_context():
            try:
                preferences.remember(OTHER, language="en")
                inserted.set()
                release.wait(30)
                db.session.commit()
            except Exception as exc:  # reported to the test thread
                errors.append(exc)
                inserted.set()

    def second():
        with app.app_context():
            try:
                inserted.wait(30)
                preferences.remember(OTHER, anonymous=True)
                db.session.commit()
            except Exception as exc:
                errors.append(exc)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    waiting_for_the_row(url)
    release.set()
    for thread in threads:
        thread.join(30)
    assert errors == []
    row = stored(db, OTHER)
    assert (row.language, row.anonymous) == ("en", True)


def waiting_for_the_row(url: str) -> None:
    """Until a session of this database waits on a lock (the second insert on the first's
    row); a deadline, not a pause: it returns as soon as it sees one."""
    # Autocommit: a transaction would see one snapshot of pg_stat_activity throughout.
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for _ in range(3000):
                waiting = connection.scalar(sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock'"))
                if waiting:
                    return
                connection.execute(sa.text("SELECT pg_sleep(0.01)"))
        raise AssertionError("the second session never waited on the first one's row")
    finally:
        engine.dispose()
