"""Every citizen page, in Swahili and English, on a 360-pixel phone: axe-core finds nothing
serious or critical, the page says its language, every link, button and field is big enough
for a finger, Tab walks it top to bottom with the focus visible, and it breaks no part of
its content security policy. axe-core is vendored (tests/e2e/vendor/axe-core, see its
README): no network needed."""
from __future__ import annotations

from pprint import pformat

import pytest

from tests.e2e.citizen_pages import (
    LANGS,
    PAGES,
    PHONE,
    make_items,
    serious_violations,
    small_targets,
    tab_order,
    visit,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(browser):
    """A 360-pixel phone that may inject axe-core past the page's security policy."""
    context = browser.new_context(viewport=PHONE, locale="sw-TZ", bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_every_citizen_page_passes_axe_with_language_and_tap_targets(live_server, phone, db,
                                                                     lang):
    items = make_items()
    problems = {}
    for name in PAGES:
        response = visit(phone, live_server, name, lang, items)
        found = {}
        assert response.status in (200, 404, 422), (name, response.status)
        if phone.locator("html").get_attribute("lang") != lang:
            found["lang"] = phone.locator("html").get_attribute("lang")
        violations = serious_violations(phone)
        if violations:
            found["axe"] = violations
        small = small_targets(phone)
        if small:
            found["small targets"] = small
        if found:
            problems[name] = found
    assert not problems, pformat(problems, width=100)


@pytest.mark.parametrize("lang", LANGS)
def test_tab_walks_each_page_top_to_bottom_with_visible_focus(live_server, phone, db, lang):
    items = make_items()
    problems = {}
    for name in PAGES:
        visit(phone, live_server, name, lang, items)
        order = tab_order(phone)
        found = []
        if len(order) < 3:
            found.append(f"Tab reached only {[f['name'] for f in order]}")
        for before, after in zip(order, order[1:], strict=False):
            # Next in reading order: on the same line or below, never back up the page.
            if after["top"] + after["height"] <= before["top"]:
                found.append(f"{before['name']} -> {after['name']} goes back up")
        found += [f"{f['name']}: focus not visible" for f in order if not f["shown"]]
        found += [f"{f['name']}: tabindex {f['tabindex']}" for f in order if f["tabindex"] > 0]
        if found:
            problems[name] = found
    assert not problems, pformat(problems, width=100)


def test_citizen_pages_break_no_part_of_their_security_policy(live_server, page, db):
    """Without bypassing it: no inline script or style is refused, no script fails."""
    items = make_items()
    refused, failed = [], []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: failed.append(str(error)))
    page.set_viewport_size(PHONE)
    for name in PAGES:
        response = visit(page, live_server, name, "sw", items)
        assert "default-src 'self'" in response.headers["content-security-policy"], name
    assert refused == [] and failed == []


def test_the_checks_do_find_faint_text_and_small_buttons(live_server, phone, db):
    """The harness itself: axe-core reports text too faint to read, and the tap-target
    check a button made small."""
    phone.goto(f"{live_server}/track")
    assert serious_violations(phone) == [] and small_targets(phone) == []
    phone.evaluate("""() => {
      document.querySelector('h1').style.color = '#d0d0d0';
      const button = document.querySelector('main button');
      button.style.minHeight = '0'; button.style.padding = '0';
    }""")
    assert "color-contrast" in {violation["id"] for violation in serious_violations(phone)}
    assert [target for target in small_targets(phone) if target.startswith("button")]
