"""The admin's Routing page: the desk's record, the alias table, Learn now, and the try box."""
import re

import pytest
import sqlalchemy as sa

from mrejesho.models import Feedback, Institution, RoutingAlias
from tests.factories import make_feedback, make_staff, transfer_to
from tests.fake_at import post_inbound
from tests.test_routing_learning import UNSURE

PHONES = ("+255712000011", "+255712000012", "+255712000013", "+255712000014")


@pytest.fixture
def admin(staff_login):
    return staff_login(make_staff("DAWATI", role="admin"))


def alias(db, phrase: str) -> RoutingAlias | None:
    return db.session.scalar(sa.select(RoutingAlias).filter_by(phrase=phrase))


def routed(db, msg_id: str) -> str:
    return db.session.scalar(sa.select(Institution.code).join(Feedback)
                             .where(Feedback.source_key == f"sms:{msg_id}"))


def test_an_officer_or_manager_cannot_reach_the_routing_page(client, db, staff_login):
    staff_login(make_staff("DAWATI"))
    assert client.get("/staff/admin/routing").status_code == 403
    assert client.post("/staff/admin/routing/learn").status_code == 403
    assert client.post("/staff/admin/routing/aliases/new", data={
        "phrase": "nuru", "institution": "TANESCO", "weight": "3"}).status_code == 403
    assert alias(db, "nuru") is None
    client.post("/staff/logout")
    staff_login(make_staff("TANESCO", role="manager"))
    assert client.get("/staff/admin/routing").status_code == 403
    assert b"/staff/admin/routing" not in client.get("/staff/queue").data


def test_admin_weight_zero_stops_a_lexicon_word_from_deciding(client, db, admin):
    post_inbound(client, "Luku yangu haiingii units", msg_id="w0-1")
    assert routed(db, "w0-1") == "TANESCO"
    response = client.post("/staff/admin/routing/aliases/new", data={
        "phrase": "  LUKU ", "institution": "TANESCO", "weight": "0"})
    assert response.status_code == 302
    row = alias(db, "luku")
    assert (row.weight, row.source, row.created_by_id) == (0.0, "admin", admin.id)
    post_inbound(client, "Luku yangu haiingii", msg_id="w0-2")
    assert routed(db, "w0-2") == "DAWATI"  # "luku" alone no longer decides
    page = client.get("/staff/admin/routing?text=Luku+yangu+haiingii").get_data(as_text=True)
    assert re.search(r'id="tried-code">[^<]*(Dawati|DAWATI)', page)


def test_alias_forms_explain_their_errors_beside_the_field(client, db, admin):
    bad = client.post("/staff/admin/routing/aliases/new?lang=en", data={
        "phrase": "nuru", "institution": "TANESCO", "weight": "11"})
    assert bad.status_code == 422
    assert re.search(rb'id="weight-error">A weight from 0 to 10', bad.data)
    client.post("/staff/admin/routing/aliases/new", data={
        "phrase": "nuru", "institution": "TANESCO", "weight": "2"})
    twice = client.post("/staff/admin/routing/aliases/new?lang=sw", data={
        "phrase": "Nuru", "institution": "TANESCO", "weight": "2"})
    assert twice.status_code == 422
    assert "Taasisi hii tayari ina neno hili" in twice.get_data(as_text=True)
    unknown = client.post("/staff/admin/routing/aliases/new?lang=en", data={
        "phrase": "nuru", "institution": "NOPE", "weight": "2"})
    assert unknown.status_code == 422 and b'id="institution-error">Choose' in unknown.data
    empty = client.post("/staff/admin/routing/aliases/new?lang=en", data={
        "phrase": "?!", "institution": "TANESCO", "weight": "2"})
    assert empty.status_code == 422 and b'id="phrase-error"' in empty.data
    assert db.session.scalar(sa.select(sa.func.count(RoutingAlias.id))) == 1


def test_admin_edits_disables_and_deletes_an_alias(client, db, admin):
    tanesco = db.session.scalar(sa.select(Institution.id).filter_by(code="TANESCO"))
    db.session.add(RoutingAlias(phrase="nuru", institution_id=tanesco, weight=1.5,
                                source="learned", active=True, hits=3))
    db.session.commit()
    row = alias(db, "nuru")
    page = client.get("/staff/admin/routing?institution=TANESCO").get_data(as_text=True)
    assert 'data-alias="nuru"' in page
    assert 'data-alias="nuru"' not in client.get(
        "/staff/admin/routing?institution=TRA").get_data(as_text=True)
    response = client.post(f"/staff/admin/routing/aliases/{row.id}", data={"weight": "2.5"})
    assert response.status_code == 302
    db.session.refresh(row)
    assert (row.weight, row.active, row.source) == (2.5, False, "admin")  # unticked: disabled
    assert client.post(f"/staff/admin/routing/aliases/{row.id}",
                       data={"weight": "x", "active": "y"}).status_code == 422
    client.post(f"/staff/admin/routing/aliases/{row.id}/delete")
    assert alias(db, "nuru") is None
    assert client.get(f"/staff/admin/routing/aliases/{row.id}").status_code == 404


def test_learn_now_shows_the_desks_record_and_the_learned_alias(
        client, db, admin, staff_login):
    officer = make_staff("DAWATI", email="desk@example.go.tz")
    for text, phone in zip(UNSURE, PHONES, strict=False):
        item = make_feedback(institution=None, body=text, phone=phone)
        item.routing_reasons = {"suggestions": [["TRA", 0.2]], "reasons": []}
        db.session.commit()
        transfer_to(item, "TANESCO", by=officer)
    response = client.post("/staff/admin/routing/learn?lang=en", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "3 aliases added" in page or "aliases added" in page
    assert alias(db, "nuru imezimika").source == "learned"
    assert re.search(r'id="desk-transfers">3<', page)
    assert re.search(r'id="desk-corrected">100% \(3\)', page)
    assert re.search(r"<td[^>]*>TRA</td>\s*<td[^>]*>TANESCO</td>\s*<td[^>]*>3</td>", page)
    assert 'data-alias="nuru imezimika"' in page
    tried = client.get("/staff/admin/routing?lang=en&text=nuru+imezimika+Tabata")
    assert re.search(r'id="tried-code">TANESCO', tried.get_data(as_text=True))
    assert "learned: nuru imezimika" in tried.get_data(as_text=True)
