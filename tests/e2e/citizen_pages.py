"""What the accessibility and layout browser tests share: the citizen pages to visit, the
data they need, and the checks run in the page (axe-core, tap targets, focus order)."""
from __future__ import annotations

from pathlib import Path

from mrejesho import followup
from tests.factories import make_feedback, make_staff, move_to, reply_to

AXE_VERSION = "4.14.1"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
LANGS = ("sw", "en")
TAP = 44  # px: the least height (and width) of anything a finger must hit


def make_items() -> dict[str, str]:
    """Feedback for the pages that show one: a resolved item with a reply (dispute and rate
    on its private page), and one where the officer awaits the citizen's answer."""
    officer = make_staff("TANESCO")
    resolved = make_feedback(email="amina@example.co.tz")
    reply_to(resolved, officer)
    move_to(resolved, "resolved", by=officer)
    waiting = make_feedback(institution="DAWASA", body="Maji hayatoki mtaa wa Sinza tangu jana.")
    move_to(waiting, "awaiting_citizen", by=make_staff("DAWASA"))
    return {"resolved": resolved.reference, "waiting": waiting.reference}


def page_paths(items: dict[str, str]) -> dict[str, str]:
    """Citizen pages reached by a plain GET, by name (the receipt and the form with its
    errors need the browser to submit: see visit())."""
    return {
        "home": "/",
        "submit": "/submit",
        "track": "/track",
        "track-error": "/track?ref=123",
        "status": f"/track/{items['resolved']}",
        "private-resolved": followup.path(items["resolved"]),
        "private-awaiting": followup.path(items["waiting"]),
        "statistics": "/stats/?period=all",
        "error": "/no-such-page",
    }


# The phone simulator is no citizen page: it is staff-only since issue 12 (finding 13).
PAGES = ("home", "submit", "submit-errors", "receipt", "track", "track-error", "status",
         "private-resolved", "private-awaiting", "statistics", "error")


def visit(page, base: str, name: str, lang: str, items: dict[str, str]):
    """Open the named citizen page in lang; returns the main document's response."""
    paths = page_paths(items)
    if name in paths:
        return page.goto(f"{base}{paths[name]}{'&' if '?' in paths[name] else '?'}lang={lang}")
    page.goto(f"{base}/submit?lang={lang}")
    if name == "submit-errors":
        page.locator("#body").fill("ab")
        page.locator("#phone").fill("12345")
    else:  # receipt: only the browser that submitted sees it
        page.locator("input[name=kind][value=complaint]").check()
        page.locator("#body").fill("Umeme umekatika tangu jana jioni mtaa wa Sinza.")
        page.locator("#email").fill("juma@example.co.tz")
    with page.expect_navigation() as navigation:
        page.locator("form[method=post] button.primary").click()
    return navigation.value


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
}"""


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    assert page.evaluate("axe.version") == AXE_VERSION
    return [v for v in page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical")]


# Every visible link, button and field is at least TAP px high and wide, or is a link inside
# running text (WCAG 2.5.5's inline exception). A radio button or check box counts by its
# label, which is what a finger hits.
SMALL_TARGETS = """(tap) => {
  const small = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.getAttribute('name') ? '[name=' + el.getAttribute('name') + ']' : '') +
    ' "' + (el.value || el.innerText || '').trim().slice(0, 30) + '"';
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea')) {
    if (el.type === 'hidden' || !el.checkVisibility({visibilityProperty: true})) continue;
    let box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    if (el.matches('input[type=radio], input[type=checkbox]')) {
      const label = el.closest('label') ||
        (el.id && document.querySelector(`label[for="${el.id}"]`));
      if (label) box = label.getBoundingClientRect();
    }
    if (box.height >= tap - 0.5 && box.width >= tap - 0.5) continue;
    if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') {
      const block = el.parentElement.closest('p, li, dd, td, div');
      const own = el.innerText.trim().length;
      if (block && block.innerText.trim().length > own + 2) continue;  // in running text
    }
    small.push(name(el) + ' ' + Math.round(box.width) + 'x' + Math.round(box.height));
  }
  return small;
}"""


def small_targets(page) -> list[str]:
    return page.evaluate(SMALL_TARGETS, TAP)


# What Tab reaches, in order: each element, where it is and whether focus shows on it.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {
    name: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' +
          (el.innerText || el.value || '').trim().slice(0, 30) + '"',
    top: box.top + window.scrollY, height: box.height,
    shown: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) ||
           style.boxShadow !== 'none',
    tabindex: el.tabIndex,
  };
}"""


def tab_order(page, limit: int = 80) -> list[dict]:
    """Press Tab from the top of the page until focus leaves it or comes round again."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); "
                  "window.scrollTo(0, 0); }")
    seen, order = set(), []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (focused["name"], focused["top"]) in seen:
            break
        seen.add((focused["name"], focused["top"]))
        order.append(focused)
    return order
