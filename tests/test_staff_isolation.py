"""Every staff route is scoped to the user's institution, and every form needs its CSRF token.

Managers of a parent institution see (and may act on) feedback escalated from its child
institutions, and nothing else of theirs; admins see everything.
"""
import re

import pytest

from mrejesho import intake
from mrejesho.api import keys
from mrejesho.extensions import db as _db
from mrejesho.models import CannedResponse, Feedback, RoutingAlias, StaffUser
from mrejesho.timeutil import utcnow
from tests.factories import citizen_form, make_feedback, make_staff

# Every staff route that names a feedback. test_every_feedback_route_is_listed keeps it whole.
FEEDBACK_ROUTES = [
    ("GET", "/staff/feedback/{id}", {}),
    ("GET", "/staff/feedback/{id}/attachment", {}),
    ("GET", "/staff/feedback/{id}/follow-up/<name>", {}),
    ("POST", "/staff/feedback/{id}/assign", {"assignee": "me"}),
    ("POST", "/staff/feedback/{id}/reply", {"text": "Habari"}),
    ("POST", "/staff/feedback/{id}/note", {"text": "Kumbuka"}),
    ("POST", "/staff/feedback/{id}/status", {"status": "in_progress", "message": ""}),
    ("POST", "/staff/feedback/{id}/transfer", {"institution": "TRA", "reason": "Kodi"}),
    ("POST", "/staff/feedback/{id}/duplicate", {"reference": "0000000000"}),
    ("GET", "/staff/feedback/{id}/print", {}),
    ("POST", "/staff/feedback/{id}/priority", {"priority": "urgent"}),
    ("POST", "/staff/feedback/{id}/phone", {}),
]


def test_every_feedback_route_is_listed(app):
    listed = {(method, path.replace("{id}", "<int:feedback_id>"))
              for method, path, _data in FEEDBACK_ROUTES}
    actual = {(method, rule.rule) for rule in app.url_map.iter_rules()
              if "feedback_id" in rule.arguments
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert actual == listed


def with_attachment(**form):
    """Feedback whose attachment file is missing (the routes must still check scope first)."""
    attachment = {"path": "nothing.pdf", "name": "a.pdf", "mime": "application/pdf"}
    item = intake.take(citizen_form(**form), channel="web", attachment=attachment)
    _db.session.commit()
    return item


def call(client, method, path, item, data):
    url = path.format(id=item.id)
    return client.get(url) if method == "GET" else client.post(url, data=data)


@pytest.mark.parametrize("method, path, data", FEEDBACK_ROUTES)
def test_another_institutions_feedback_answers_404(client, db, staff_login, method, path,
                                                   data):
    staff_login(make_staff("TANESCO"))
    theirs = with_attachment(institution="DAWASA")
    before = (theirs.status, theirs.institution_id, theirs.assigned_to_id, len(theirs.events))
    assert call(client, method, path, theirs, data).status_code == 404
    db.session.refresh(theirs)
    assert (theirs.status, theirs.institution_id, theirs.assigned_to_id,
            len(theirs.events)) == before


def escalated_from_tanesco(db):
    """A TANESCO complaint escalated to its parent ministry, MOE."""
    item = with_attachment()
    item.escalated_at, item.escalation_level = utcnow(), 1
    db.session.commit()
    return item


@pytest.mark.parametrize("method, path, data", FEEDBACK_ROUTES)
def test_parent_manager_reaches_only_escalated_items_of_its_children(
        client, db, staff_login, method, path, data):
    make_staff("TANESCO")  # an officer the parent manager may assign to
    staff_login(make_staff("MOE", role="manager"))
    quiet = with_attachment()
    assert call(client, method, path, quiet, data).status_code == 404
    escalated = escalated_from_tanesco(db)
    # The file itself is missing (no follow-up names "<name>" either); the citizen's number
    # is shown only to the case's own institution (tests/test_confidentiality.py).
    expected = 404 if path.endswith(("attachment", "<name>")) else None
    expected = 403 if path.endswith("/phone") else expected
    status = call(client, method, path, escalated, data).status_code
    assert status == expected if expected else status in (200, 302, 422)


def test_a_parent_manager_is_offered_no_duplicate_it_may_not_see(client, db, staff_login):
    staff_login(make_staff("MOE", role="manager"))
    quiet = make_feedback(body="Umeme umekatika tangu jana mtaa wa Sinza karibu na soko.")
    escalated = escalated_from_tanesco(db)  # the same words, from the same phone
    html = client.get(f"/staff/feedback/{escalated.id}").get_data(as_text=True)
    assert 'class="suggestions"' not in html and quiet.reference not in html


def test_the_take_it_myself_button_is_offered_only_to_the_institutions_staff(
        client, db, staff_login):
    escalated = escalated_from_tanesco(db)
    staff_login(make_staff("MOE", role="manager"))
    assert 'id="take"' not in client.get(f"/staff/feedback/{escalated.id}").get_data(
        as_text=True)
    client.post("/staff/logout")
    staff_login(make_staff("TANESCO"))
    assert 'id="take"' in client.get(f"/staff/feedback/{escalated.id}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["officer", "manager"])
def test_roles_of_the_parent_that_are_not_its_managers_see_nothing(client, db, staff_login,
                                                                    role):
    escalated = escalated_from_tanesco(db)
    staff_login(make_staff("MOE", role="officer"))
    assert client.get(f"/staff/feedback/{escalated.id}").status_code == 404
    client.post("/staff/logout")
    staff_login(make_staff("MOF", role=role))  # a ministry that is not TANESCO's parent
    assert client.get(f"/staff/feedback/{escalated.id}").status_code == 404


def test_admin_sees_every_institution(client, staff_login):
    staff_login(make_staff("DAWATI", role="admin"))
    theirs = make_feedback(institution="DAWASA")
    assert client.get(f"/staff/feedback/{theirs.id}").status_code == 200


def test_export_and_dashboard_count_only_the_users_institution(client, staff_login):
    staff_login(make_staff("TANESCO"))
    mine = make_feedback()
    theirs = make_feedback(institution="DAWASA")
    csv = client.get("/staff/export.csv?tab=all").get_data(as_text=True)
    assert mine.reference in csv and theirs.reference not in csv
    dashboard = client.get("/staff/dashboard").get_data(as_text=True)
    assert 'data-figure="received">1<' in dashboard


def test_a_manager_cannot_reach_another_institutions_accounts_or_texts(client, db,
                                                                      staff_login):
    staff_login(make_staff("TANESCO", role="manager"))
    stranger = make_staff("DAWASA")
    their_manager = make_staff("DAWASA", role="manager")
    dawasa = their_manager.institution_id
    canned = CannedResponse(institution_id=dawasa, title="Maji", body="Maji yanakuja")
    db.session.add(canned)
    db.session.commit()
    assert client.get(f"/staff/users/{stranger.id}").status_code == 404
    assert client.post(f"/staff/users/{stranger.id}/password",
                       data={"password": "x" * 12, "confirm": "x" * 12}).status_code == 404
    assert client.get(f"/staff/canned/{canned.id}").status_code == 404
    assert client.post(f"/staff/canned/{canned.id}/delete").status_code == 404
    assert db.session.get(CannedResponse, canned.id) is not None
    assert client.get("/staff/admin/institutions").status_code == 403


def test_officers_cannot_open_manager_or_admin_pages(client, staff_login):
    staff_login(make_staff())
    for url in ("/staff/users", "/staff/canned", "/staff/admin/institutions",
                "/staff/admin/sectors", "/staff/users/new"):
        assert client.get(url).status_code == 403, url


def post_routes(app):
    """Every staff URL that accepts POST, with ids filled in."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/staff") and "POST" in rule.methods:
            yield re.sub(r"<int:\w+>", "1", rule.rule)


def test_every_staff_form_refuses_a_post_without_its_csrf_token(app, client, staff_login):
    staff_login(make_staff("DAWATI", role="admin"))
    make_feedback()
    app.config["WTF_CSRF_ENABLED"] = True
    urls = sorted(set(post_routes(app)))
    assert len(urls) >= 15
    for url in urls:
        response = client.post(url, data={"text": "x", "email": "a@b.c", "password": "x"})
        assert response.status_code == 400, url


def test_forms_carry_a_token_that_is_accepted(app, client, db):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_staff()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/staff/login").get_data(as_text=True)).group(1)
    response = client.post("/staff/login", data={
        "email": user.email, "password": "correct horse battery staple", "csrf_token": token})
    assert response.status_code == 302
    item = make_feedback()
    html = client.get(f"/staff/feedback/{item.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = client.post(f"/staff/feedback/{item.id}/note",
                           data={"text": "Imepokelewa", "csrf_token": token})
    assert response.status_code == 302


# Every staff URL but the sign-in page; the ids are filled in with another institution's.
# test_every_staff_url_is_listed keeps the list whole.
PROTECTED = [
    ("GET", "/staff/"), ("GET", "/staff/export.csv"), ("GET", "/staff/dashboard"),
    ("POST", "/staff/queue/bulk"),
    ("POST", "/staff/logout"), ("GET", "/staff/password"), ("POST", "/staff/password"),
    ("POST", "/staff/notices"),
    ("GET", "/staff/feedback/{feedback}"), ("GET", "/staff/feedback/{feedback}/attachment"),
    ("GET", "/staff/feedback/{feedback}/follow-up/<name>"),
    ("POST", "/staff/feedback/{feedback}/assign"), ("POST", "/staff/feedback/{feedback}/reply"),
    ("POST", "/staff/feedback/{feedback}/note"), ("POST", "/staff/feedback/{feedback}/status"),
    ("POST", "/staff/feedback/{feedback}/transfer"),
    ("POST", "/staff/feedback/{feedback}/duplicate"),
    ("GET", "/staff/canned"), ("GET", "/staff/canned/new"), ("POST", "/staff/canned/new"),
    ("GET", "/staff/canned/{canned}"), ("POST", "/staff/canned/{canned}"),
    ("POST", "/staff/canned/{canned}/delete"),
    ("GET", "/staff/users"), ("GET", "/staff/users/new"), ("POST", "/staff/users/new"),
    ("GET", "/staff/users/{user}"), ("POST", "/staff/users/{user}"),
    ("POST", "/staff/users/{user}/password"),
    ("POST", "/staff/users/{user}/unlock"),
    ("GET", "/staff/admin/institutions"), ("GET", "/staff/admin/institutions/new"),
    ("POST", "/staff/admin/institutions/new"),
    ("GET", "/staff/admin/institutions/{institution}"),
    ("POST", "/staff/admin/institutions/{institution}"), ("GET", "/staff/admin/sectors"),
    ("GET", "/staff/admin/sectors/new"), ("POST", "/staff/admin/sectors/new"),
    ("GET", "/staff/admin/sectors/{sector}"), ("POST", "/staff/admin/sectors/{sector}"),
    ("GET", "/staff/admin/routing"), ("POST", "/staff/admin/routing/aliases/new"),
    ("GET", "/staff/admin/routing/aliases/{alias}"),
    ("POST", "/staff/admin/routing/aliases/{alias}"),
    ("POST", "/staff/admin/routing/aliases/{alias}/delete"),
    ("POST", "/staff/admin/routing/learn"),
    ("GET", "/staff/intake"), ("POST", "/staff/intake"),
    ("GET", "/staff/feedback/{feedback}/print"), ("POST", "/staff/feedback/{feedback}/priority"),
    ("POST", "/staff/feedback/{feedback}/phone"),
    ("GET", "/staff/admin/audit"), ("GET", "/staff/admin/audit.csv"),
    ("GET", "/staff/api-keys"), ("POST", "/staff/api-keys"),
    ("POST", "/staff/api-keys/{key}/revoke"),
    ("GET", "/staff/webhooks"), ("POST", "/staff/webhooks"), ("POST", "/staff/webhooks/remove"),
]
# Who reaches a URL naming another institution's thing: an officer for feedback, a manager
# for canned responses and accounts (an officer is refused those pages with 403 anyway).
STRANGER_ROLE = {"feedback": "officer", "canned": "manager", "user": "manager",
                 "key": "manager"}
NAMED = [(method, path) for method, path in PROTECTED
         if any("{" + name + "}" in path for name in STRANGER_ROLE)]


def test_every_staff_url_is_listed(app):
    listed = {(method, re.sub(r"\{(\w+)\}", r"<int:\1_id>", path))
              for method, path in PROTECTED}
    actual = {(method, rule.rule)
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/staff")
              and rule.endpoint != "staff.login"
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert listed == actual


def dawasa_things(db) -> dict[str, int]:
    """Ids of DAWASA's feedback, canned response, officer account, institution and sector."""
    officer = make_staff("DAWASA", email="officer@dawasa.example.go.tz")
    canned = CannedResponse(institution_id=officer.institution_id, title="Maji",
                            body="Maji yanakuja")
    alias = RoutingAlias(phrase="bomba la mtaa", institution_id=officer.institution_id,
                         weight=2.0)
    db.session.add_all([canned, alias])
    key, _raw = keys.create(officer.institution, "Maji", officer)
    db.session.commit()
    return {"feedback": with_attachment(institution="DAWASA").id, "canned": canned.id,
            "user": officer.id, "institution": officer.institution_id,
            "sector": officer.institution.sector_id, "alias": alias.id, "key": key.id}


def request(client, method, path, ids):
    url = path.format(**ids)
    data = {"text": "Habari", "status": "in_progress", "message": "", "assignee": "me",
            "institution": "TRA", "reason": "Kodi", "reference": "0000000000",
            "title": "Maji", "body": "Maji", "language": "sw", "email": "x@example.go.tz",
            "name": "X", "role": "officer", "password": "x" * 12, "confirm": "x" * 12}
    return client.get(url) if method == "GET" else client.post(url, data=data)


@pytest.mark.parametrize("method, path", PROTECTED)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, method, path):
    response = request(client, method, path, dawasa_things(db))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login")


@pytest.mark.parametrize("method, path", NAMED)
def test_another_institutions_things_answer_404_and_stay_as_they_were(client, db,
                                                                     staff_login, method,
                                                                     path):
    ids = dawasa_things(db)
    name = re.search(r"\{(\w+)\}", path).group(1)
    staff_login(make_staff("TANESCO", role=STRANGER_ROLE[name]))

    def state():
        db.session.expire_all()
        item, canned = _db.session.get(Feedback, ids["feedback"]), _db.session.get(
            CannedResponse, ids["canned"])
        account = _db.session.get(StaffUser, ids["user"])
        return (item.status, item.institution_id, item.assigned_to_id, len(item.events),
                canned.title, account.name, account.password_hash, account.session_version)

    before = state()
    assert request(client, method, path, ids).status_code == 404
    assert state() == before
