"""The USSD menu as a pure state machine: step(state, input, catalog) -> Step.

A Step carries the screen to show, the new state (a small JSON-able dict kept in the
session row) and, when the menu needs the database, an Action. The webhook performs the
action and hands its result to complete(), which gives the screen that follows.
"0" goes back, "00" home and "98" to the next page on every screen; an invalid choice
shows the same screen again with a short error on top.

Under "my feedback" a caller opens one item and acts on it as an SMS can: answer the
officer's question, add information, dispute a resolution, rate it. The menu offers what the
item's summary says may be done (detail["can"]); actions.py checks again, under the row's lock
and against the caller's phone, before the core does anything.
"""
from __future__ import annotations

from dataclasses import dataclass

from mrejesho import references, texts
from mrejesho.languages import DEFAULT, pick
from mrejesho.schemas import BODY_MAX, BODY_MIN

from .catalog import Catalog
from .render import ACTS, KIND_ORDER, LIST_SCREENS, entries, list_lines, offers, render
from .screens import page_count
from .texts import LANGUAGE_NAMES, say

BACK, HOME, MORE = "0", "00", "98"
YES, NO = "1", "2"
SCORES = range(1, 6)
FINAL = ("done", "acted", "refused")  # END screens: a later input only shows them again
# Why the menu asks where (state["area_for"]): to pick a council, to pick the institution of
# a service given by place (water), or only to record where for an institution chosen.
COUNCILS, SERVICE, PLACE = "councils", "service", "place"
MAX_HISTORY = 12


@dataclass(frozen=True)
class Action:
    """Work for the webhook, with its arguments: "submit", "track", "recent", "language"
    (remember the caller's choice), or one of ACTS on the caller's own item."""

    name: str
    args: dict


@dataclass(frozen=True)
class Step:
    """What one input leads to."""

    screen: str
    state: dict
    action: Action | None = None


def start(lang: str = DEFAULT, region: str | None = None,
          district: str | None = None, sms_number: str | None = None,
          anonymous: bool = False, retention_years: int | None = None) -> dict:
    """The state of a new session: the home screen; region and district are the caller's
    answers of last time, offered first when the menu asks where; sms_number is the short
    code the help screen names (a setting); anonymous: the phone asked by SMS (SIRI / ANON)
    to hide its number by default, which the "hide your number?" question offers first;
    retention_years: how long personal data is kept after closing, for the privacy screen."""
    state = {"screen": "home", "lang": pick(lang), "page": 0, "history": []}
    if region:
        state.update(last_region=region, last_district=district)
    if sms_number:
        state["sms_number"] = sms_number
    if anonymous:
        state["usually_anonymous"] = True
    if retention_years:
        state["retention_years"] = retention_years
    return state


def _restart(state: dict, lang: str | None = None) -> dict:
    """Home again, keeping what is known of the caller."""
    return start(lang or state["lang"], state.get("last_region"), state.get("last_district"),
                 state.get("sms_number"), bool(state.get("usually_anonymous")),
                 state.get("retention_years"))


def step(state: dict, value: str | None, catalog: Catalog) -> Step:
    """Apply one input to the state."""
    if state.get("screen") not in (*HANDLERS, *LIST_SCREENS, *FINAL):
        state = start(state.get("lang", DEFAULT))  # a state this version does not know
    state = {**state, "history": [list(h) for h in state.get("history", [])]}
    value = (value or "").strip()
    if state["screen"] in FINAL:  # the session is over; say it again
        return _show(state, catalog)
    if value == HOME:
        return _show(_restart(state), catalog)
    if value == BACK:
        return _show(_back(state), catalog)
    if state["screen"] in LIST_SCREENS:
        return _list_choice(state, value, catalog)
    return HANDLERS[state["screen"]](state, value, catalog)


def complete(state: dict, action: Action, result, catalog: Catalog) -> Step:
    """The screen after the webhook performed action; result is what it found or made."""
    lang = state["lang"]
    if action.name == "recent":
        return _show({**state, "items": result or []}, catalog)
    if action.name == "track":
        if result is None:
            return _show(state, catalog, say("error.not_found", lang))
        return _show(_go(state, "detail", detail=result), catalog)
    if action.name == "language":
        return _show(state, catalog)
    if action.name in ACTS:
        if result and "error" in result:  # refused: the session ends saying why
            return _show({**state, "screen": "refused", "refusal": result["error"]}, catalog)
        reference = (state.get("detail") or {}).get("reference")
        return _show({**state, "screen": "acted", "reference": reference}, catalog)
    if "error" in result:  # the core refused it: back to the message, saying why
        return _show(_back(state), catalog, texts.error(result["error"], lang))
    done = {**state, "screen": "done", "reference": result["reference"],
            "sms": result.get("sms", False)}
    return _show(done, catalog)


def _show(state: dict, catalog: Catalog, error: str | None = None) -> Step:
    return Step(render(state, catalog, error), state)


def _invalid(state: dict, catalog: Catalog, key: str = "error.choice") -> Step:
    return _show(state, catalog, say(key, state["lang"]))


def _go(state: dict, screen: str, **changes) -> dict:
    """Move forward to screen, remembering where we were for "0"."""
    history = (state["history"] + [[state["screen"], state.get("page", 0)]])[-MAX_HISTORY:]
    return {**state, **changes, "screen": screen, "page": 0, "history": history}


def _back(state: dict) -> dict:
    if state.get("page", 0) > 0:
        return {**state, "page": state["page"] - 1}
    if not state["history"]:
        return _restart(state)
    screen, page = state["history"][-1]
    return {**state, "screen": screen, "page": page, "history": state["history"][:-1]}


def _number(value: str) -> int | None:
    """The menu number typed, if it is one (plain digits; '\u00b2' is a digit to Python)."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 4 else None


def _list_choice(state: dict, value: str, catalog: Catalog) -> Step:
    header, lines = list_lines(state, catalog)
    if value == MORE:
        if state.get("page", 0) + 1 >= page_count(state["lang"], header, lines):
            return _invalid(state, catalog)
        return _show({**state, "page": state.get("page", 0) + 1}, catalog)
    _header, items = entries(state, catalog)
    number = _number(value)
    if number is not None:
        if not 1 <= number <= len(items):
            return _invalid(state, catalog)
        return _follow(state, items[number - 1][1], catalog)
    if state["screen"] != "recent" and value:
        place = catalog.find(value)  # a code typed instead of choosing from the list
        if place is not None:
            return _follow(state, ("place", place.code), catalog)
        return _invalid(state, catalog, "error.code")
    return _invalid(state, catalog)


def _follow(state: dict, target: tuple, catalog: Catalog) -> Step:
    where, key = target
    if where == "sector":
        return _show(_go(state, "institution", sector=key), catalog)
    if where == "regions":  # councils: the caller says where, the place says which council
        return _show(_go(state, "area_region", area_for=COUNCILS), catalog)
    if where == "detail":
        return _show(_go(state, "detail", detail=state["items"][key]), catalog)
    if where == "area":
        return _show(_go(state, "area_region", area_for=SERVICE), catalog)
    if where == "area_region":
        return _show(_go(state, "area_district", area_region=key), catalog)
    if where == "area_district":
        return _placed(state, key, catalog)
    if where == "area_skip":
        return _show(_go(state, "message", region=None, district=None), catalog)
    if catalog.asks_where(key):
        return _show(_go(state, "area_region", area_for=PLACE, institution=key), catalog)
    return _show(_go(state, "message", institution=key), catalog)


def _placed(state: dict, district: str, catalog: Catalog) -> Step:
    """The district is chosen: the institution it decides, or the councils to choose from."""
    region = state.get("area_region")
    where = {"region": region, "district": district}
    purpose = state.get("area_for")
    if purpose == PLACE:
        return _show(_go(state, "message", **where), catalog)
    if purpose == COUNCILS:
        councils = catalog.councils_in(district)
        if len(councils) > 1:
            return _show(_go(state, "council", **where), catalog)
        code = councils[0].code if councils else catalog.for_region(region)
        return _show(_go(state, "message", institution=code, **where), catalog)
    code = catalog.serving(state.get("sector"), district)
    return _show(_go(state, "message", institution=code, **where), catalog)


def _home(state: dict, value: str, catalog: Catalog) -> Step:
    if value == "1":
        return _show(_go(state, "kind"), catalog)
    if value == "2":
        return _show(_go(state, "track"), catalog)
    if value == "3":
        recent = _go(state, "recent", items=[])
        return Step("", recent, Action("recent", {}))
    if value == "4":
        return _show(_go(state, "language"), catalog)
    if value == "5":
        return _show(_go(state, "help"), catalog)
    return _invalid(state, catalog)


def _kind(state: dict, value: str, catalog: Catalog) -> Step:
    number = _number(value)
    if number is not None and 1 <= number <= len(KIND_ORDER):
        return _show(_go(state, "sector", kind=KIND_ORDER[number - 1]), catalog)
    return _invalid(state, catalog)


def _language(state: dict, value: str, catalog: Catalog) -> Step:
    number = _number(value)
    if number is not None and 1 <= number <= len(LANGUAGE_NAMES):
        lang = LANGUAGE_NAMES[number - 1][0]
        # Remembered for the phone by the webhook, whether or not anything is sent.
        return Step("", _restart(state, lang), Action("language", {"language": lang}))
    return _invalid(state, catalog)


def _message(state: dict, value: str, catalog: Catalog) -> Step:
    if len(value) < BODY_MIN:
        return _show(state, catalog, texts.error("body.too_short", state["lang"]))
    if len(value) > BODY_MAX:
        return _show(state, catalog, texts.error("body.too_long", state["lang"]))
    return _show(_go(state, "anonymous", body=value), catalog)


def _anonymous(state: dict, value: str, catalog: Catalog) -> Step:
    if value in (YES, NO):
        return _show(_go(state, "confirm", anonymous=value == YES), catalog)
    return _invalid(state, catalog)


def _confirm(state: dict, value: str, catalog: Catalog) -> Step:
    if value == "1":
        args = {key: state.get(key) for key in ("kind", "institution", "body", "region",
                                                 "district")}
        return Step("", state, Action("submit", {**args, "language": state["lang"],
                                                 "anonymous": bool(state.get("anonymous"))}))
    if value == "2":
        return _show(_restart(state), catalog, say("notice.cancelled", state["lang"]))
    return _invalid(state, catalog)


def _track(state: dict, value: str, catalog: Catalog) -> Step:
    reference = references.normalize(value)
    if reference is None:
        return _invalid(state, catalog, "error.reference")
    return Step("", state, Action("track", {"reference": reference}))


def _detail(state: dict, value: str, catalog: Catalog) -> Step:
    offered = offers(state.get("detail"))
    number = _number(value)
    if number is None or not 1 <= number <= len(offered):
        return _invalid(state, catalog)
    act = offered[number - 1]
    return _show(_go(state, "rate" if act == "rate" else "act_text", act=act), catalog)


def _act_text(state: dict, value: str, catalog: Catalog) -> Step:
    if len(value) < BODY_MIN:
        return _show(state, catalog, texts.error("body.too_short", state["lang"]))
    if len(value) > BODY_MAX:
        return _show(state, catalog, texts.error("body.too_long", state["lang"]))
    return _show(_go(state, "act_confirm", act_text=value, score=None), catalog)


def _rate(state: dict, value: str, catalog: Catalog) -> Step:
    number = _number(value)
    if number not in SCORES:
        return _invalid(state, catalog, "error.score")
    return _show(_go(state, "act_confirm", score=number, act_text=None), catalog)


def _act_confirm(state: dict, value: str, catalog: Catalog) -> Step:
    act = state.get("act")
    if value == YES and act in ACTS:
        args = {"reference": (state.get("detail") or {}).get("reference")}
        if act == "rate":
            args["score"] = state.get("score")
        else:
            args["text"] = state.get("act_text")
        return Step("", state, Action(act, args))
    if value == NO:
        return _show(_restart(state), catalog, say("notice.nothing_sent", state["lang"]))
    return _invalid(state, catalog)


def _help(state: dict, value: str, catalog: Catalog) -> Step:
    if value == "1":
        return _show(_go(state, "privacy"), catalog)
    return _invalid(state, catalog)


def _privacy(state: dict, value: str, catalog: Catalog) -> Step:
    return _invalid(state, catalog)


HANDLERS = {
    "home": _home, "kind": _kind, "language": _language, "message": _message,
    "anonymous": _anonymous, "confirm": _confirm, "track": _track, "detail": _detail,
    "act_text": _act_text, "rate": _rate, "act_confirm": _act_confirm, "help": _help,
    "privacy": _privacy,
}
