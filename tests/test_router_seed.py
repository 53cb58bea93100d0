"""Seeding the gazetteer and the jurisdictions, and what routing records on a feedback."""
import sqlalchemy as sa

from mrejesho import reference, seed
from mrejesho.models import District, Feedback, Institution, Region, Ward
from tests.factories import make_feedback
from tests.fake_at import post_inbound


def only_feedback(db):
    return db.session.scalars(sa.select(Feedback)).one()


def test_seed_loads_places_and_jurisdictions_and_is_idempotent(app, db):
    counts = seed.load_places()
    assert counts == {"regions": 31, "districts": 169, "wards": 3913}
    assert db.session.scalar(sa.select(sa.func.count(Ward.id))) == 3913
    seed.load_jurisdictions()
    arusha = db.session.scalar(sa.select(Institution).filter_by(code="AUWSA"))
    assert arusha.covers == {"regions": ["ARUSHA"], "districts": ["ARUSHACBD"]}
    assert arusha.short_name == "AUWSA" and "WATER" in arusha.handles["sectors"]
    council = db.session.scalar(sa.select(Institution).filter_by(code="KIGOMAUJIJIMC"))
    assert council.parent.code == "RSKIGOMA" and council.kind == "council"
    version = reference._read_version()
    seed.load_places()
    seed.load_institutions()
    seed.load_jurisdictions()
    assert reference._read_version() == version  # nothing changed, nothing bumped


def test_seed_never_overwrites_what_an_admin_edited(app, db):
    inst = db.session.scalar(sa.select(Institution).filter_by(code="TANESCO"))
    inst.aliases = ["umeme", "stima"]  # an admin's edit
    db.session.commit()
    seed.load_institutions()
    inst = db.session.scalar(sa.select(Institution).filter_by(code="TANESCO"))
    assert inst.aliases == ["umeme", "stima"]
    assert inst.seeded["aliases"] != inst.aliases  # seed still knows what it wrote
    name = inst.name_en
    inst.aliases = list(inst.seeded["aliases"])  # back to seed's: seed may update it again
    db.session.commit()
    seed.load_institutions()
    assert db.session.scalar(sa.select(Institution.name_en).filter_by(code="TANESCO")) == name


def test_an_sms_records_its_place_and_how_it_was_routed(client, db):
    seed.load_places()
    post_inbound(client, "Hatuna maji Njiro Arusha")
    item = only_feedback(db)
    assert item.institution.code == "AUWSA"
    assert item.region_id == db.session.scalar(sa.select(Region.id).filter_by(key="ARUSHA"))
    assert item.district_id == db.session.scalar(
        sa.select(District.id).filter_by(key="ARUSHACBD"))
    assert 0.3 <= item.routing_confidence <= 1
    assert item.routing_reasons["suggestions"][0][0] == "AUWSA"
    assert item.routing_reasons["place"]["region"] == "ARUSHA"


def test_an_unsure_sms_goes_to_the_desk_with_its_suggestions(client, db):
    post_inbound(client, "barabara yetu ni mbaya sana tafadhali mtusaidie")
    item = only_feedback(db)
    assert item.institution.kind == "triage"
    assert item.routing_confidence < 0.3
    assert [s[0] for s in item.routing_reasons["suggestions"]] == ["TARURA", "TANROADS"]


def test_a_keyword_code_and_a_web_choice_win(client, db):
    post_inbound(client, "LALAMIKO TANESCO maji hayatoki Sinza")
    item = only_feedback(db)
    assert (item.institution.code, item.routing_confidence) == ("TANESCO", 1.0)
    assert item.routing_reasons["reasons"] == ["chosen by citizen"]
    web = make_feedback(institution="NIDA", body="Kitambulisho changu bado hakijatoka")
    assert (web.institution.code, web.routing_confidence) == ("NIDA", 1.0)


def test_issue_examples_route_right_through_sms(client, db):
    for number, (text, code) in enumerate([
        ("Habari, umeme umekatika Sinza tangu jana usiku", "TANESCO"),
        ("Maji machafu yanatoka bombani Ilemela Mwanza", "MWAUWASA"),
        ("Kibali cha ujenzi Kinondoni kinachukua miezi sita", "KINONDONIMC"),
    ]):
        post_inbound(client, text, msg_id=f"ATXid_issue_{number}")
        key = f"sms:ATXid_issue_{number}"
        item = db.session.scalar(sa.select(Feedback).filter_by(source_key=key))
        assert item.institution.code == code
