"""The reference-data snapshot each process keeps: reused while nothing changes, rebuilt as
soon as an institution or sector changes, whichever process or host changed it."""
import sqlalchemy as sa

from mrejesho import reference
from mrejesho.models import Institution, ReferenceVersion
from tests.fake_at import post_inbound


def tanesco(db):
    return db.session.scalar(db.select(Institution).filter_by(code="TANESCO"))


def test_snapshot_is_reused_while_nothing_changes(app, db):
    first = reference.current()
    assert reference.current() is first
    with app.test_request_context():
        assert reference.current() is first


def test_an_orm_change_to_an_institution_bumps_the_version_and_shows_at_once(app, db):
    before = reference.current()
    assert before.active("TANESCO") is not None
    tanesco(db).active = False
    db.session.commit()
    after = reference.current()
    assert after.version > before.version
    assert after.active("TANESCO") is None


def test_a_change_committed_by_another_process_shows_once_the_version_is_read_again(
        app, db, monkeypatch):
    before = reference.current()
    # Another host: plain SQL on its own connection, bumping the version as its ORM would.
    with db.engine.begin() as other:
        other.execute(sa.update(Institution).where(Institution.code == "TANESCO")
                      .values(aliases=["umeme", "stima ya nyumbani"]))
        other.execute(sa.update(ReferenceVersion).values(version=ReferenceVersion.version + 1))
    assert reference.current() is before  # trusted for up to CHECK_SECONDS: no read at all
    monkeypatch.setattr(reference, "CHECK_SECONDS", 0.0)
    assert reference.current().active("TANESCO").aliases == ("umeme", "stima ya nyumbani")


def test_an_uncommitted_change_is_seen_only_by_its_own_unit_of_work(app, db):
    reference.current()
    tanesco(db).name_en = "Renamed, not committed"
    db.session.flush()
    assert reference.current().active("TANESCO").name_en == "Renamed, not committed"
    db.session.rollback()
    assert reference.current().active("TANESCO").name_en != "Renamed, not committed"


def test_a_new_alias_routes_the_next_sms(client, db):
    post_inbound(client, "LALAMIKO nuru imekatika Sinza", msg_id="ref-1")
    tanesco(db).aliases = [*tanesco(db).aliases, "nuru"]
    db.session.commit()
    post_inbound(client, "LALAMIKO nuru imekatika tena Sinza", msg_id="ref-2")
    from mrejesho.models import Feedback
    routed = dict(db.session.execute(db.select(Feedback.source_key, Institution.code)
                                     .join(Institution)).all())
    assert routed == {"sms:ref-1": "DAWATI", "sms:ref-2": "TANESCO"}
