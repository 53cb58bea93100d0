"""The pure USSD menu: every reachable screen obeys the USSD rules, in every language of the
catalogs, with the real institutions and with the longest names the database allows; random
input never breaks it."""
from __future__ import annotations

import json
from collections import deque
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from mrejesho import texts
from mrejesho.gsm import is_gsm
from mrejesho.languages import LANGUAGES
from mrejesho.lifecycle import ALL as STATUSES
from mrejesho.references import check_digit
from mrejesho.schemas import ERROR_CODES
from mrejesho.seed import DATA_FILE
from ussd import menu, screens
from ussd import texts as ussd_texts
from ussd.catalog import Area, Areas, Place, build
from ussd.render import LIST_SCREENS, entries, render
from ussd.sessions import new_input

REFERENCE = "482193775" + check_digit("482193775")
LONG_BODY = "Maji hayatoki {wiki} [tatu] ~ 'kweli' \u201cjamani\u201d \u20ac5 " * 10
BODIES = (LONG_BODY, "Umeme \U0001f600 umekatika", "x" * 2001, "ab")


@cache
def seed_catalog():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return build(
        [(s["code"], s["name_sw"], s["name_en"]) for s in data["sectors"]],
        [Place(i["code"], i["name_sw"], i["name_en"], i["kind"], i["sector"], i.get("parent"))
         for i in data["institutions"]],
    )


def longest_catalog():
    """Names and codes at the column limits (80/120/12), typographic characters included."""
    sectors = [(f"S{n}", f"Sekta ndefu sana \u2013 {n} " + "w" * 58, "Long sector [" + "x" * 66)
               for n in range(3)]
    places = [Place("TRIAGE000000", "Dawati " * 17, "Desk " * 24, "triage", "S0")]
    # Two regions of three districts (names at the gazetteer's 80), two councils a district.
    areas = Areas(tuple(Area(f"R{r}", f"Mkoa \u2013 {r} " + "r" * 71) for r in range(2)),
                  {f"R{r}": tuple(Area(f"R{r}D{d}", f"Wilaya {d} " + "w" * 71)
                                  for d in range(3)) for r in range(2)})
    for n in range(12):
        region, district = f"R{n % 2}", f"R{n % 2}D{n % 3}"
        places.append(Place(f"REGION{n:06d}", "Sekretarieti ya Mkoa wa Mbali" + "a" * 91,
                            "Regional Secretariat \u2019" + "b" * 98, "region", "S1",
                            None, (district,), (region,)))
        places.append(Place(f"COUNCIL{n:05d}", "Halmashauri ya Wilaya " + "c" * 98,
                            "District Council " + "d" * 103, "council", "S1", f"REGION{n:06d}",
                            (district,), (region,), "Halmashauri " + "h" * 28))
    for n in range(30):
        places.append(Place(f"AGENCY{n:06d}", f"Mamlaka {n} " + "m" * 109,
                            f"Authority {n} " + "{}" * 53, "agency", f"S{n % 3}"))
    places.append(Place("TARURA", "Wakala wa Barabara " + "v" * 101, "Roads " + "e" * 114,
                        "agency", "S2"))
    return build(sectors, places, areas)


# What an act on one's own item can be refused with: the USSD pieces and the core's codes.
REFUSALS = ("error.not_found", "error.dispute_window", "not_open", "closed", "not_rateable",
            "already_rated", "rating_range", "empty_text", "changed")
# What the detail screen may offer, as actions.allowed() gives it for each status.
OFFERS = {"awaiting_citizen": ["answer"], "new": ["add"], "resolved": ["dispute", "rate"],
          "closed": ["rate"], "rejected": []}
QUESTION = "Tafadhali tuma picha ya mita na namba ya mita {yako} – " * 3


def results_for(action: menu.Action, lang: str) -> list:
    """Every kind of answer the webhook can give an action, at its longest."""
    if action.name == "submit":
        return ([{"reference": REFERENCE, "sms": True}, {"reference": REFERENCE, "sms": False}]
                + [{"error": code} for code in ERROR_CODES])
    if action.name == "language":
        return [None]
    if action.name in menu.ACTS:
        return [{"reference": REFERENCE}] + [{"error": code} for code in REFUSALS]
    longest = sorted(STATUSES, key=lambda s: -len(texts.status_label(s, lang)))
    info = {"reference": REFERENCE, "kind": "suggestion", "institution": "X" * 12,
            "status": longest[0], "date": "31/12/2026"}
    # The caller's own items, at their longest status with every set of offers.
    own = [dict(info, can=can, question=QUESTION[:120]) for can in OFFERS.values()]
    if action.name == "track":
        return [None, info, *own]
    return [[], [dict(info, status=s) for s in longest[:5]], own]


def inputs_for(state: dict, catalog) -> list[str]:
    common = ["0", "00", "98", "", "999", "abc"]
    screen = state["screen"]
    if screen in LIST_SCREENS:
        count = len(entries(state, catalog)[1])
        return common + [str(n) for n in range(1, count + 1)] + ["tanesco", "AGENCY000001"]
    return common + {
        "home": ["1", "2", "3", "4", "5"], "kind": ["1", "2", "3", "4"], "language": ["1", "2"],
        "message": list(BODIES), "anonymous": ["1", "2"], "confirm": ["1", "2"],
        "track": [REFERENCE, "12345"], "detail": ["1", "2", "3"], "act_text": list(BODIES),
        "rate": ["1", "3", "5", "6"], "act_confirm": ["1", "2"],
    }.get(screen, ["1"])


# What a state's screen, and the screens after it, depend on; the rest (where "0" leads,
# choices left over from an earlier path) only repeats a screen the walk has already seen.
MATTERS = {
    "sector": ("kind",), "institution": ("kind", "sector"),
    "area_region": ("kind", "area_for", "sector", "institution"),
    "area_district": ("kind", "area_for", "sector", "institution", "area_region"),
    "council": ("kind", "district"), "message": ("kind", "institution"),
    "anonymous": ("kind", "institution", "body", "usually_anonymous"),
    "confirm": ("kind", "institution", "body"),
    "detail": ("detail",), "recent": ("items",), "done": ("institution", "reference", "sms"),
    "act_text": ("detail", "act"), "rate": ("detail", "act"),
    "act_confirm": ("detail", "act", "act_text", "score"), "acted": ("act", "reference"),
    "refused": ("refusal",), "help": ("sms_number",),
    "privacy": ("sms_number", "retention_years"),
}


def state_key(state: dict) -> str:
    fields = ("screen", "lang", "page", *MATTERS.get(state["screen"], ()))
    return json.dumps({name: state.get(name) for name in fields}, sort_keys=True)


def walk(catalog, lang: str) -> dict[str, str]:
    """Breadth-first over every state the menu can reach; returns screen text by state."""
    seen: dict[str, str] = {}
    queue = deque([menu.start(lang, sms_number="15200"), menu.start(lang, sms_number="X" * 11),
                   menu.start(lang, anonymous=True)])
    while queue:
        state = queue.popleft()
        key = state_key(state)
        if key in seen:
            continue
        seen[key] = ""
        for value in inputs_for(state, catalog):
            step = menu.step(state, value, catalog)
            outcomes = [step]
            if step.action:
                outcomes = [menu.complete(step.state, step.action, result, catalog)
                            for result in results_for(step.action, state["lang"])]
            for outcome in outcomes:
                assert screens.fits(outcome.screen), (value, outcome.screen)
                json.dumps(outcome.state)  # it is stored as JSON
                seen[key] = outcome.screen
                queue.append(outcome.state)
    return seen


def test_every_piece_of_text_is_plain_gsm_and_translated():
    english = ussd_texts.pieces("en")
    same = {"institution"}  # "%(sector)s:" is punctuation only
    for lang in LANGUAGES:
        pieces = ussd_texts.pieces(lang)
        assert set(pieces) == set(english)
        for key, text in pieces.items():
            assert is_gsm(text), (lang, key)
            if lang != "en" and key not in same:
                assert text != english[key], (lang, key)


def test_every_screen_fits_with_the_real_institutions():
    for lang in LANGUAGES:
        screens_seen = walk(seed_catalog(), lang)
        assert len(screens_seen) > 500  # kinds x institutions x messages, and the rest


def test_every_screen_fits_with_the_longest_names():
    for lang in LANGUAGES:
        assert len(walk(longest_catalog(), lang)) > 300


def test_the_walk_reaches_every_screen_of_the_menu():
    from ussd.render import SCREENS

    reached = {json.loads(key)["screen"] for catalog in (seed_catalog(), longest_catalog())
               for key in walk(catalog, "en")}
    assert reached == set(SCREENS) | set(LIST_SCREENS)


def test_every_list_item_is_reachable_through_98():
    catalog = seed_catalog()
    state = menu.step(menu.step(menu.start(), "1", catalog).state, "1", catalog).state
    shown = []
    for _ in range(10):
        shown += [line.split(".")[0] for line in render(state, catalog).split("\n")[1:]
                  if line[:1].isdigit() and not line.startswith(("98.", "0."))]
        step = menu.step(state, "98", catalog)
        if step.screen.startswith("CON Chaguo si sahihi."):
            break
        state = step.state
    assert shown == [str(n) for n in range(1, len(entries(state, catalog)[1]) + 1)]


def test_new_input_keeps_a_star_typed_inside_the_message():
    assert new_input("", "") == ""
    assert new_input("1", "") == "1"
    assert new_input("*1", "") == "*1"
    assert new_input("1*1*TRA*Ofisi * imefungwa", "1*1*TRA") == "Ofisi * imefungwa"
    assert new_input("1*1*TRA*Ofisi * imefungwa*1", "1*1*TRA*Ofisi * imefungwa") == "1"
    assert new_input("7*2", "1*1") == "2"  # not an extension: the newest part


def test_common_words_are_dropped_from_list_labels():
    assert screens.strip_common_words(
        ["Sekretarieti ya Mkoa wa Arusha", "Sekretarieti ya Mkoa wa Dar es Salaam"]
    ) == ["Arusha", "Dar es Salaam"]
    assert screens.strip_common_words(["Arusha Regional Secretariat", "Tanga Regional Secretariat"]
                                      ) == ["Arusha", "Tanga"]
    assert screens.strip_common_words(["Wizara ya Maji", "Wizara ya Maji"]) == ["Maji", "Maji"]
    assert screens.strip_common_words(["Only one"]) == ["Only one"]


def test_shorten_cuts_at_a_word_and_stays_gsm():
    assert screens.shorten("Shirika la Umeme Tanzania", 20) == "Shirika la Umeme.."
    assert screens.shorten("Ofisi \u2013 Rais \U0001f600", 40) == "Ofisi - Rais ?"
    assert len(screens.shorten("x" * 50, 10)) == 10


INPUTS = st.one_of(
    st.sampled_from(["0", "00", "98", "1", "2", "3", "4", "5", "9", "17", "", "*", "1*2",
                     "tanesco", "KINONDONIMC", REFERENCE, "0000000000", "Umeme umekatika",
                     "\u00b2", "\u0661", "007", " 1 "]),
    st.text(max_size=200),
)


@settings(max_examples=300, deadline=None)
@given(lang=st.sampled_from(["sw", "en"]), values=st.lists(INPUTS, max_size=30),
       data=st.data())
def test_random_input_never_breaks_the_menu(lang, values, data):
    catalog = seed_catalog()
    state = menu.start(lang)
    for value in values:
        step = menu.step(state, value, catalog)
        if step.action:
            result = data.draw(st.sampled_from(results_for(step.action, state["lang"])))
            step = menu.complete(step.state, step.action, result, catalog)
        assert screens.fits(step.screen), step.screen
        state = json.loads(json.dumps(step.state))  # as the session row gives it back
        assert state["lang"] in ("sw", "en")
        if step.screen.startswith("END "):
            break
