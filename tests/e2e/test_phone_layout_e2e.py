"""Citizen pages on a 360-pixel phone: none is wider than the screen, the statistics label
every number and show every period tab, the tracking page shows whole dates, and each page
costs at most 60 KB to load, compressed, with its styles and scripts."""
from __future__ import annotations

import re
from pprint import pformat

import pytest

from tests.e2e.citizen_pages import LANGS, PAGES, PHONE, make_items, visit
from tests.factories import rate

pytestmark = pytest.mark.e2e

BUDGET = 60 * 1024  # bytes transferred for one page: document, styles, scripts, icon
WIDTH = PHONE["width"]


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("lang", LANGS)
def test_no_citizen_page_is_wider_than_a_phone(live_server, phone, db, lang):
    items = make_items()
    wide = {}
    for name in PAGES:
        visit(phone, live_server, name, lang, items)
        if scroll_width(phone) > WIDTH:
            wide[name] = scroll_width(phone)
    assert not wide, wide


LABELS = """() => [...document.querySelectorAll('table.stats td[data-label]')].map(td => ({
  label: td.dataset.label,
  shown: getComputedStyle(td, '::before').content,
  first: td.cellIndex === 0,
  width: td.getBoundingClientRect().width,
}))"""


@pytest.mark.parametrize("lang", LANGS)
def test_statistics_on_a_phone_label_every_number_and_show_every_period(live_server, phone,
                                                                        db, lang):
    items = make_items()
    from mrejesho.feedback import find

    rate(find(items["resolved"]), 4)
    phone.goto(f"{live_server}/stats/?period=all&lang={lang}")
    assert scroll_width(phone) <= WIDTH
    assert not phone.locator("table.stats thead").first.is_visible()  # cards, not columns
    cells = phone.evaluate(LABELS)
    assert len(cells) >= 12
    for cell in cells:
        if cell["first"]:  # the institution or region names its card
            continue
        assert cell["shown"] == f'"{cell["label"]}"', cell
    assert all(cell["width"] > WIDTH * 0.7 for cell in cells)  # one per line, full width

    tabs = phone.locator("nav.tabs a")
    assert tabs.count() == 3
    for index in range(3):
        box = tabs.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (index, box)
        # Really on screen: the tab itself is what a finger would hit at its centre.
        hit = phone.evaluate(
            "([x, y]) => document.elementFromPoint(x, y)?.closest('nav.tabs a')?.textContent",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
        assert hit == tabs.nth(index).text_content()


@pytest.mark.parametrize("lang", LANGS)
def test_tracking_page_fits_a_phone_with_whole_dates(live_server, phone, db, lang):
    items = make_items()
    for path in (f"/track/{items['resolved']}", f"/track/{items['waiting']}"):
        phone.goto(f"{live_server}{path}?lang={lang}")
        assert scroll_width(phone) <= WIDTH, path
        times = phone.locator("ol.timeline time")
        assert times.count() >= 2
        for index in range(times.count()):
            stamp = times.nth(index)
            assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", stamp.inner_text().strip())
            box = stamp.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
            assert stamp.evaluate("t => t.scrollWidth <= t.clientWidth + 1")
        for fact in phone.locator("dl.facts dd").all():
            box = fact.bounding_box()
            assert box["x"] + box["width"] <= WIDTH


def test_each_citizen_page_costs_at_most_60_kb(live_server, browser, db):
    """A first visit (nothing cached): every response's headers and compressed body."""
    items = make_items()
    costs = {}
    for name in PAGES:
        context = browser.new_context(viewport=PHONE, locale="sw-TZ")
        page = context.new_page()
        responses = []
        page.on("requestfinished", lambda request, into=responses: into.append(request))
        visit(page, live_server, name, "sw", items)
        page.wait_for_load_state("networkidle")
        if name in ("submit-errors", "receipt"):  # not the empty form the browser filled in
            responses = [r for r in responses if r.resource_type != "document"
                         or r.method == "POST" or "/submit" not in r.url]
        loaded = [(request.url, request.response(), request.sizes()) for request in responses]
        context.close()
        costs[name] = sum(size["responseBodySize"] + size["responseHeadersSize"]
                          for _url, _response, size in loaded)
        # Pages (with errors too), styles and scripts come compressed (tiny files aside).
        plain = [url for url, response, size in loaded
                 if response.status != 302 and size["responseBodySize"] > 500
                 and re.match(r"text/(html|css|javascript)", response.headers["content-type"])
                 and not response.headers.get("content-encoding")]
        assert not plain, (name, plain)
    print(pformat(costs))
    assert max(costs.values()) <= BUDGET, pformat(costs)
