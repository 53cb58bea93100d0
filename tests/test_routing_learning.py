"""The router learns from the central desk: what the desk officer transfers becomes learned
routing aliases (mrejesho.router.learning), and an alias edit reaches every process."""
import re

import sqlalchemy as sa

from mrejesho import reference, router
from mrejesho.models import Feedback, Institution, ReferenceVersion, RoutingAlias
from mrejesho.router import learning
from tests.factories import make_feedback, make_staff, transfer_to
from tests.fake_at import post_inbound

PHONES = ("+255712000001", "+255712000002", "+255712000003", "+255712000004")
# "nuru" (light; here: the power) is no word of the lexicon.
UNSURE = ("Nuru imezimika Sinza tangu jana jamani",
          "Mtaa wetu nuru imezimika tena usiku",
          "Nuru imezimika Mbezi tangu asubuhi")


def institution_id(db, code: str) -> int:
    return db.session.scalar(sa.select(Institution.id).filter_by(code=code))


def routed(db, msg_id: str) -> str:
    return db.session.scalar(sa.select(Institution.code).join(Feedback)
                             .where(Feedback.source_key == f"sms:{msg_id}"))


def desk_transfers_by_http(client, db, staff_login, items, code="TANESCO"):
    staff_login(make_staff("DAWATI"))
    for item in items:
        page = client.get(f"/staff/feedback/{item.id}").get_data(as_text=True)
        version = re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)
        response = client.post(f"/staff/feedback/{item.id}/transfer", data={
            "institution": code, "reason": "Hili ni la umeme.", "version": version})
        assert response.status_code == 302, response.data[:300]


def test_three_desk_transfers_teach_the_router_and_the_fourth_sms_goes_straight(
        client, db, staff_login, runner):
    for number, (text, phone) in enumerate(zip(UNSURE, PHONES, strict=False)):
        post_inbound(client, text, sender=phone, msg_id=f"learn-{number}")
        assert routed(db, f"learn-{number}") == "DAWATI"
    items = db.session.scalars(sa.select(Feedback).order_by(Feedback.id)).all()
    desk_transfers_by_http(client, db, staff_login, items)

    result = runner.invoke(args=["routing-learn"])
    assert result.exit_code == 0, result.output
    assert "transfers=3 accepted=0 corrected=3" in result.output
    aliases = {row.phrase: row for row in db.session.scalars(sa.select(RoutingAlias))}
    assert {"nuru", "imezimika", "nuru imezimika"} <= set(aliases)
    assert all(row.source == "learned" and row.hits == 3 and row.weight == 1.5
               and row.institution.code == "TANESCO" for row in aliases.values())
    assert not {"sinza", "mbezi", "jana", "tangu", "jamani"} & set(aliases)  # places, stops

    post_inbound(client, "nuru imezimika Kariakoo", sender=PHONES[3], msg_id="learn-4")
    assert routed(db, "learn-4") == "TANESCO"
    item = db.session.scalar(sa.select(Feedback).filter_by(source_key="sms:learn-4"))
    assert "'learned: nuru imezimika' -> TANESCO" in item.routing_reasons["reasons"]

    again = runner.invoke(args=["routing-learn"])  # nothing new: nothing changes
    assert "added=0 strengthened=0" in again.output
    client.post("/staff/logout")
    staff_login(make_staff("DAWATI", role="admin"))
    page = client.get("/staff/admin/routing?institution=TANESCO").get_data(as_text=True)
    assert 'data-alias="nuru imezimika"' in page and 'data-alias="nuru"' in page


def test_one_citizen_writing_three_times_teaches_nothing(app, db):
    officer = make_staff("DAWATI")
    for text in UNSURE:
        item = make_feedback(institution=None, body=text, phone="0712 000 009")
        transfer_to(item, "TANESCO", by=officer)
    result = learning.learn()
    assert (result.transfers, result.added) == (3, 0)


def test_a_phrase_the_desk_sends_to_several_institutions_is_not_learned(app, db):
    officer = make_staff("DAWATI")
    for text, phone, code in zip(UNSURE + ("Nuru imezimika ofisini kwetu",),
                                 PHONES, ("TANESCO", "TANESCO", "TANESCO", "TRA"),
                                 strict=True):
        transfer_to(make_feedback(institution=None, body=text, phone=phone), code, by=officer)
    result = learning.learn()
    db.session.commit()
    learned = set(db.session.scalars(sa.select(RoutingAlias.phrase)))
    assert "nuru" not in learned  # 3 of 4 to TANESCO: 75% < 80%
    assert "mtaa wetu" not in learned and result.transfers == 4


def test_evidence_strengthens_a_learned_alias_but_never_an_admins(app, db):
    items = [make_feedback(institution=None, body=text, phone=phone)
             for text, phone in zip(UNSURE, PHONES, strict=False)]
    fourth = make_feedback(institution=None, body="Nuru imezimika Tabata", phone=PHONES[3])
    admin = make_staff("DAWATI", role="admin")
    tanesco = institution_id(db, "TANESCO")
    db.session.add_all([
        RoutingAlias(phrase="nuru", institution_id=tanesco, weight=0.5, source="admin",
                     created_by_id=admin.id),
        RoutingAlias(phrase="imezimika", institution_id=tanesco, weight=2.0,
                     source="learned", active=False, hits=3),  # disabled by an admin
    ])
    db.session.commit()
    for item in items:
        transfer_to(item, "TANESCO", by=admin)
    first = learning.learn()
    db.session.commit()
    assert (first.added, first.kept) == (1, 2)  # "nuru imezimika"; the admin's two kept
    rows = {r.phrase: r for r in db.session.scalars(sa.select(RoutingAlias))}
    assert (rows["nuru"].weight, rows["nuru"].source) == (0.5, "admin")
    assert rows["imezimika"].active is False
    transfer_to(fourth, "TANESCO", by=admin)
    second = learning.learn()
    db.session.commit()
    assert second.strengthened == 1
    db.session.refresh(rows["nuru imezimika"])
    assert (rows["nuru imezimika"].hits, rows["nuru imezimika"].weight) == (4, 1.75)


def test_accepted_and_corrected_transfers_are_counted(app, db):
    officer = make_staff("DAWATI")
    accepted = make_feedback(institution=None, body=UNSURE[0], phone=PHONES[0])
    accepted.routing_reasons = {"suggestions": [["TANESCO", 0.2]], "reasons": []}
    corrected = make_feedback(institution=None, body=UNSURE[1], phone=PHONES[1])
    corrected.routing_reasons = {"suggestions": [["TRA", 0.2]], "reasons": []}
    db.session.commit()
    transfer_to(accepted, "TANESCO", by=officer)
    transfer_to(corrected, "TANESCO", by=officer)
    transfer_to(make_feedback(body="Umeme umekatika Sinza"), "TRA", by=officer)  # not desk's
    record = learning.desk_record()
    assert (record["transfers"], record["accepted"], record["corrected"]) == (2, 1, 1)
    assert record["accepted_share"] == 0.5 and record["pairs"] == [(("TRA", "TANESCO"), 1)]
    result = learning.learn()
    assert (result.accepted, result.corrected) == (1, 1)


def test_weight_zero_stops_a_lexicon_word_from_deciding():
    desks = [desk("TANESCO"), desk("EWURA"), desk("DAWATI", kind="triage")]
    plain = router.build(desks, "DAWATI")
    assert router.route("luku yangu haifanyi kazi", idx=plain).code == "TANESCO"
    muted = router.build(desks, "DAWATI", aliases=[("luku", "TANESCO", 0.0, "admin")])
    decision = router.route("luku yangu haifanyi kazi", idx=muted)
    assert decision.code is None and decision.suggestions == ()
    # An alias of several words adds a phrase; the longest match wins.
    added = router.build(desks, "DAWATI", aliases=[("luku ya jirani", "EWURA", 4.0, "admin")])
    decision = router.route("luku ya jirani", idx=added)
    assert decision.code == "EWURA" and "'admin: luku ya jirani' -> EWURA" in decision.reasons


def test_an_alias_added_elsewhere_changes_this_processes_index(app, db, monkeypatch):
    before = router.index()
    assert ("nuru",) not in before.phrases
    version = reference._read_version()
    # Another process (another host): its ORM insert bumps the version in its transaction.
    with db.engine.begin() as other:
        other.execute(sa.insert(RoutingAlias).values(
            phrase="nuru", institution_id=institution_id(db, "TANESCO"), weight=3.0,
            source="admin", active=True, hits=0, created_at=sa.func.now(),
            updated_at=sa.func.now()))
        other.execute(sa.update(ReferenceVersion).values(version=ReferenceVersion.version + 1))
    monkeypatch.setattr(reference, "CHECK_SECONDS", 0.0)
    after = router.index()
    assert after is not before
    assert after.phrases[("nuru",)] == (("TANESCO", 3.0, "admin: nuru"),)
    # And an ORM change in this process bumps the version itself.
    row = db.session.scalar(sa.select(RoutingAlias).filter_by(phrase="nuru"))
    row.active = False
    db.session.commit()
    assert reference._read_version() == version + 2
    assert ("nuru",) not in router.index().phrases


def desk(code, kind="agency"):
    return reference.Desk(0, code, code, code, kind, "GENERAL", None, (), {}, True)
