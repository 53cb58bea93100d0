"""Admin pages (institutions, sectors, users) and the manager's team and canned responses."""
import re

import pytest

from mrejesho.models import CannedResponse, Institution, Sector, StaffUser
from mrejesho.staff import accounts
from tests.factories import STAFF_PASSWORD, make_staff


def institution_form(**changes):
    data = {"code": "TESTINST", "name_sw": "Taasisi ya Majaribio", "name_en": "Test Agency",
            "sector": "", "kind": "agency", "parent": "MOE", "aliases": "majaribio, Test",
            "active": "y", "sla_complaint": "3"}
    data.update(changes)
    return data


@pytest.fixture
def admin(staff_login):
    return staff_login(make_staff("DAWATI", role="admin"))


def test_admin_creates_and_edits_an_institution(client, db, admin):
    energy = db.session.scalar(db.select(Sector).filter_by(code="ENERGY"))
    response = client.post("/staff/admin/institutions/new",
                           data=institution_form(sector=str(energy.id)))
    assert response.status_code == 302
    inst = db.session.scalar(db.select(Institution).filter_by(code="TESTINST"))
    assert inst.parent.code == "MOE" and inst.sla_days == {"complaint": 3}
    assert inst.aliases == ["majaribio", "test"] and inst.active
    response = client.post(f"/staff/admin/institutions/{inst.id}",
                           data=institution_form(sector=str(energy.id), active=""))
    assert response.status_code == 302
    db.session.refresh(inst)
    assert inst.active is False  # deactivated: no longer routed to
    page = client.get(f"/staff/admin/institutions/{inst.id}").get_data(as_text=True)
    assert 'value="majaribio, test"' in page


def test_institution_rules_are_explained(client, db, admin):
    energy = db.session.scalar(db.select(Sector).filter_by(code="ENERGY"))
    taken = client.post("/staff/admin/institutions/new?lang=en",
                        data=institution_form(code="TANESCO", sector=str(energy.id)))
    assert taken.status_code == 422 and b"already uses this code" in taken.data
    moe = db.session.scalar(db.select(Institution).filter_by(code="MOE"))
    loop = client.post(f"/staff/admin/institutions/{moe.id}?lang=en", data=institution_form(
        code="MOE", parent="TANESCO", sector=str(energy.id)))
    assert loop.status_code == 422 and b"own parent" in loop.data
    bad = client.post("/staff/admin/institutions/new?lang=en", data=institution_form(
        code="x y", sla_complaint="0", sector=str(energy.id)))
    assert bad.status_code == 422 and b"capital letters" in bad.data
    assert b"Working days from 1 to 90." in bad.data


def test_admin_creates_a_sector(client, db, admin):
    response = client.post("/staff/admin/sectors/new", data={
        "code": "tourism_x", "name_sw": "Utalii", "name_en": "Tourism"})
    assert response.status_code == 302
    sector = db.session.scalar(db.select(Sector).filter_by(code="TOURISM_X"))
    assert sector.name_en == "Tourism"
    db.session.delete(sector)  # sectors are seed data the test fixtures keep
    db.session.commit()


def test_admin_creates_a_user_who_can_then_sign_in(app, client, db, admin):
    response = client.post("/staff/users/new", data={
        "email": "New.Officer@TRA.go.tz", "name": "Asha", "role": "officer",
        "institution": "TRA", "language": "en", "password": "first password 1"})
    assert response.status_code == 302
    user = accounts.find_by_email("new.officer@tra.go.tz")
    assert user.institution.code == "TRA" and user.check_password("first password 1")
    other = app.test_client()
    assert other.post("/staff/login", data={"email": "new.officer@tra.go.tz",
                                            "password": "first password 1"}).status_code == 302


def test_duplicate_email_and_missing_password_are_refused(client, admin):
    make_staff("TRA")
    data = {"email": "officer.tra@example.go.tz", "name": "X", "role": "officer",
            "institution": "TRA", "language": "sw", "password": "long enough 1"}
    assert client.post("/staff/users/new", data=data).status_code == 422
    data.update(email="fresh@tra.go.tz", password="")
    assert client.post("/staff/users/new", data=data).status_code == 422


def test_admin_cannot_lock_themself_out(client, db, admin):
    response = client.post(f"/staff/users/{admin.id}", data={
        "email": admin.email, "name": admin.name, "role": "officer",
        "institution": "DAWATI", "language": "sw", "active": "y"})
    assert response.status_code == 422
    assert db.session.get(StaffUser, admin.id).role == "admin"


def test_deactivating_a_user_ends_their_session(app, client, db, admin):
    officer = make_staff("TRA")
    theirs = app.test_client()
    theirs.post("/staff/login", data={"email": officer.email, "password": STAFF_PASSWORD})
    assert theirs.get("/staff/").status_code == 200
    client.post(f"/staff/users/{officer.id}", data={
        "email": officer.email, "name": officer.name, "role": "officer",
        "institution": "TRA", "language": "sw"})  # "active" unticked
    assert db.session.get(StaffUser, officer.id).active is False
    assert theirs.get("/staff/").status_code == 302


def test_manager_creates_only_officers_of_its_own_institution(client, db, staff_login):
    staff_login(make_staff("TANESCO", role="manager"))
    response = client.post("/staff/users/new", data={
        "email": "mpya@tanesco.go.tz", "name": "Mpya", "role": "admin",
        "institution": "TRA", "language": "sw", "password": "long enough 1"})
    assert response.status_code == 422  # admin is not a role a manager may grant
    response = client.post("/staff/users/new", data={
        "email": "mpya@tanesco.go.tz", "name": "Mpya", "role": "officer",
        "institution": "TRA", "language": "sw", "password": "long enough 1"})
    assert response.status_code == 302
    assert accounts.find_by_email("mpya@tanesco.go.tz").institution.code == "TANESCO"


def test_manager_resets_an_officers_password(client, db, staff_login):
    staff_login(make_staff("TANESCO", role="manager"))
    officer = make_staff("TANESCO")
    response = client.post(f"/staff/users/{officer.id}/password",
                           data={"password": "brand new secret", "confirm": "brand new secret"})
    assert response.status_code == 302
    db.session.refresh(officer)
    assert officer.check_password("brand new secret")
    short = client.post(f"/staff/users/{officer.id}/password",
                        data={"password": "short", "confirm": "short"})
    assert short.status_code == 422


def test_manager_keeps_canned_responses(client, db, staff_login):
    manager = staff_login(make_staff("TANESCO", role="manager"))
    response = client.post("/staff/canned/new", data={
        "title": "Mafundi", "body": "Mafundi wako njiani.", "language": "sw",
        "institution": "TRA"})  # another institution is not a choice: its own is used
    assert response.status_code == 422
    response = client.post("/staff/canned/new", data={
        "title": "Mafundi", "body": "Mafundi wako njiani.", "language": "sw",
        "institution": "TANESCO"})
    assert response.status_code == 302
    row = db.session.scalar(db.select(CannedResponse))
    assert row.institution_id == manager.institution_id
    assert b"Mafundi" in client.get("/staff/canned").data
    client.post(f"/staff/canned/{row.id}/delete")
    assert db.session.scalar(db.select(CannedResponse)) is None


def test_admin_lists_render(client, admin):
    for url in ("/staff/admin/institutions?q=tan", "/staff/admin/sectors", "/staff/users",
                "/staff/users/new", "/staff/canned", "/staff/canned/new",
                "/staff/admin/institutions/new", "/staff/admin/sectors/new",
                f"/staff/users/{admin.id}"):
        assert client.get(url).status_code == 200, url
    assert client.get("/staff/admin/institutions/999999").status_code == 404


@pytest.fixture
def auwsa(db):
    """AUWSA as seeded; put back as seed wrote it afterwards (seed keeps an admin's edit, so
    the fixtures' reseeding would not)."""
    inst = db.session.scalar(db.select(Institution).filter_by(code="AUWSA"))
    yield inst
    db.session.rollback()
    inst = db.session.scalar(db.select(Institution).filter_by(code="AUWSA"))
    for name, value in inst.seeded.items():
        setattr(inst, name, value)
    db.session.commit()


def auwsa_form(inst, **changes):
    data = {"code": "AUWSA", "name_sw": inst.name_sw, "name_en": inst.name_en,
            "sector": str(inst.sector_id), "kind": inst.kind, "parent": "MOW",
            "aliases": ", ".join(inst.aliases), "short_name": inst.short_name,
            "regions": "ARUSHA", "districts": "ARUSHACBD", "active": "y"}
    data.update(changes)
    return data


def test_admin_edits_coverage_and_short_name_and_seed_keeps_them(client, db, admin, auwsa):
    from mrejesho import reference, router, seed

    page = client.get(f"/staff/admin/institutions/{auwsa.id}").get_data(as_text=True)
    assert 'value="AUWSA"' in page and re.search(r'id="regions"[^>]*>\s*ARUSHA</textarea>', page)
    before = dict(auwsa.covers), list(auwsa.aliases)
    response = client.post(f"/staff/admin/institutions/{auwsa.id}", data=auwsa_form(auwsa))
    assert response.status_code == 302
    db.session.refresh(auwsa)
    assert (auwsa.covers, auwsa.aliases) == before  # a re-save is no edit
    response = client.post(f"/staff/admin/institutions/{auwsa.id}", data=auwsa_form(
        auwsa, districts="arushacbd, ARUMERU", short_name="Maji Arusha"))
    assert response.status_code == 302
    db.session.refresh(auwsa)
    assert auwsa.covers == {"regions": ["ARUSHA"], "districts": ["ARUMERU", "ARUSHACBD"]}
    assert auwsa.short_name == "Maji Arusha"
    assert "AUWSA" in router.index().water["ARUMERU"]  # the router knows at once
    version = reference._read_version()
    seed.load_institutions()
    seed.load_jurisdictions()
    db.session.expire_all()
    kept = db.session.scalar(db.select(Institution).filter_by(code="AUWSA"))
    assert kept.covers["districts"] == ["ARUMERU", "ARUSHACBD"]
    assert kept.short_name == "Maji Arusha"
    assert kept.seeded["covers"] == {"regions": ["ARUSHA"], "districts": ["ARUSHACBD"]}
    assert reference._read_version() == version  # seed changed nothing


def test_coverage_and_short_name_errors_are_explained_beside_the_field(client, db, admin,
                                                                      auwsa):
    bad = client.post(f"/staff/admin/institutions/{auwsa.id}?lang=en", data=auwsa_form(
        auwsa, regions="ARUSHA, NARNIA", districts="BABATI", short_name="x" * 41))
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert 'id="short_name-error"' in page
    outside = client.post(f"/staff/admin/institutions/{auwsa.id}?lang=en", data=auwsa_form(
        auwsa, regions="ARUSHA, NARNIA", districts="BABATI"))
    page = outside.get_data(as_text=True)
    assert outside.status_code == 422
    assert 'id="regions-error">Unknown region key: NARNIA' in page
    assert 'id="districts-error">Not in the regions covered: BABATI' in page
    unknown = client.post(f"/staff/admin/institutions/{auwsa.id}?lang=sw", data=auwsa_form(
        auwsa, districts="ARUSHAX"))
    assert unknown.status_code == 422
    assert 'id="districts-error">Ufunguo wa wilaya usiojulikana: ARUSHAX' in unknown.get_data(
        as_text=True)
    db.session.refresh(auwsa)
    assert auwsa.covers == {"regions": ["ARUSHA"], "districts": ["ARUSHACBD"]}


def test_routing_page_is_linked_for_admins(client, admin):
    assert b'href="/staff/admin/routing"' in client.get("/staff/admin/institutions").data
    assert client.get("/staff/admin/routing").status_code == 200
