"""The content security policy in a real browser (issue 12 #5): Chromium reports no
violation on the staff workspace's pages (the dashboard with its charts and legend, the
queue, a case, the admin pages) nor on the citizen pages; a violation would fail the test."""
from __future__ import annotations

import pytest

from tests.e2e.test_staff_e2e import sign_in
from tests.factories import make_feedback, make_staff

pytestmark = pytest.mark.e2e

# Collects every violation the page reports, from before its first script runs.
WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));
"""


def violations(page, console: list[str]) -> list[str]:
    return page.evaluate("window.__cspViolations") + [
        text for text in console if "Content Security Policy" in text]


def test_staff_and_citizen_pages_raise_no_policy_violation(live_server, page, db):
    page.add_init_script(WATCH)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    item = make_feedback(channel="ussd")
    make_feedback(channel="sms", kind="compliment")
    admin = make_staff("DAWATI", role="admin")
    email, item_id = admin.email, item.id
    db.session.commit()

    for path in ["/", "/submit", "/track", "/staff/login"]:
        page.goto(live_server + path)
        assert page.evaluate("document.readyState") == "complete"
        assert violations(page, console) == [], path
    sign_in(page, live_server, email)
    for path in ["/staff/", "/staff/dashboard?days=90", f"/staff/feedback/{item_id}",
                 "/staff/users", "/staff/canned", "/staff/admin/institutions",
                 "/staff/admin/routing"]:
        response = page.goto(live_server + path)
        assert response.status == 200, path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert violations(page, console) == [], path
    # The legend's swatches are coloured by staff.css, not by a (refused) style attribute.
    page.goto(live_server + "/staff/dashboard?days=90")
    colour = page.evaluate("getComputedStyle(document.querySelector('.swatch-ussd'))"
                           ".backgroundColor")
    assert colour == "rgb(224, 138, 0)"
    # The watch itself works: an inline style the policy refuses is reported.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert violations(page, console)
