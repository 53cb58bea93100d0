"""What each menu screen shows: state + catalog -> screen text, and the numbered entries of
list screens (so menu.py and the text agree on what "3" means). Pure functions.
"""
from __future__ import annotations

from functools import lru_cache

from mrejesho.gsm import septets
from mrejesho.references import display

from . import screens
from .catalog import Catalog, Place
from .screens import CON, END, compose, nav_lines, numbered, shorten
from .texts import LANGUAGE_NAMES, kind_name, refusal, say, status_name

KIND_ORDER = ("complaint", "suggestion", "enquiry", "compliment")
# What a caller may do with one of their items, in the order the detail screen offers it.
ACTS = ("answer", "add", "dispute", "rate")
DEFAULT_RETENTION_YEARS = 2  # as RETENTION_DAYS' default (730); the webhook says the setting
LIST_SCREENS = ("sector", "institution", "council", "recent", "area_region", "area_district")
HEADER_WIDTH = 40


def entries(state: dict, catalog: Catalog) -> tuple[str, tuple[tuple[str, tuple], ...]]:
    """Header and (label, target) entries of a list screen; target says where a choice leads."""
    if state["screen"] == "recent":
        lang = state["lang"]
        return say("recent", lang), tuple(
            (f"{i['reference']} {status_name(i['status'], lang)}", ("detail", n))
            for n, i in enumerate(state.get("items") or [])
        )
    header, items, _lines = _catalog_list(catalog, state["screen"], _list_key(state),
                                          state["lang"])
    return header, items


def list_lines(state: dict, catalog: Catalog) -> tuple[str, tuple[str, ...]]:
    """The header and numbered lines of a list screen."""
    if state["screen"] == "recent":
        header, items = entries(state, catalog)
        return header, tuple(numbered([label for label, _target in items]))
    header, _items, lines = _catalog_list(catalog, state["screen"], _list_key(state),
                                          state["lang"])
    return header, lines


def _list_key(state: dict) -> str | None:
    screen = state["screen"]
    if screen == "area_region":
        # A place asked only to record it may be skipped; one that decides may not.
        return f"{state.get('last_region') or ''}|{state.get('area_for') == 'place'}"
    if screen == "area_district":
        return f"{state.get('area_region')}|{state.get('last_district') or ''}"
    return state.get({"institution": "sector", "council": "district"}.get(screen, ""))


@lru_cache(maxsize=1024)
def _catalog_list(catalog: Catalog, screen: str, key: str | None, lang: str):
    """Header, entries and numbered lines of a list drawn from the catalog; cached, since
    the same few lists are shown over and over until the catalog is reloaded."""
    if screen == "sector":
        items = [(g.name(lang), ("sector", g.code)) for g in catalog.sectors]
        if catalog.councils:
            items.append((say("sector.councils", lang), ("regions", None)))
        if catalog.triage:
            items.append((say("sector.unsure", lang), ("place", catalog.triage)))
        header = say("sector", lang)
    elif screen == "institution":
        group = catalog.sector(key)
        header = say("institution", lang,
                     sector=shorten(group.name(lang), HEADER_WIDTH) if group else "")
        items = _places(group.places if group else (), lang)
        if group and group.by_area:
            items.append((say("institution.by_area", lang), ("area", group.code)))
    elif screen == "area_region":
        last, _bar, optional = (key or "").partition("|")
        header = say("region", lang)
        items = [(area.name, ("area_region", area.key))
                 for area in _last_first(catalog.areas.regions, last)]
        if optional == "True":
            items.append((say("region.skip", lang), ("area_skip", None)))
    elif screen == "area_district":
        region, _bar, last = (key or "").partition("|")
        header = say("district", lang)
        items = [(area.name, ("area_district", area.key))
                 for area in _last_first(catalog.areas.districts.get(region, ()), last)]
    else:
        header = say("council", lang)
        councils = catalog.councils_in(key)
        items = (_places(councils, lang) if not all(p.short for p in councils)
                 else [(p.short, ("place", p.code)) for p in councils])
    return header, tuple(items), tuple(numbered([label for label, _target in items]))


def _last_first(areas, last: str | None) -> list:
    """The caller's answer of last time first, the rest in their order."""
    return sorted(areas, key=lambda area: area.key != last)


def _places(places: tuple[Place, ...], lang: str) -> list[tuple[str, tuple]]:
    """'CODE short name' entries; words shared by all places of one kind are dropped
    ("Sekretarieti ya Mkoa wa ...") so what tells them apart survives the cut."""
    short = {}
    for kind in {p.kind for p in places}:
        same = [p for p in places if p.kind == kind]
        names = screens.strip_common_words([p.name(lang) for p in same])
        short.update({p.code: name for p, name in zip(same, names, strict=True)})
    return [(f"{p.code} {short[p.code]}", ("place", p.code)) for p in places]


def render(state: dict, catalog: Catalog, error: str | None = None) -> str:
    """The screen for this state, with an optional short error line on top."""
    lang, screen = state["lang"], state["screen"]
    if screen in LIST_SCREENS:
        header, lines = list_lines(state, catalog)
        if screen == "recent" and not lines:
            return compose(CON, error, say("recent.none", lang), *nav_lines(lang))
        return screens.listing(lang, header, lines, state.get("page", 0), error)
    return SCREENS[screen](state, lang, error)


def offers(detail: dict | None) -> list[str]:
    """What the detail screen offers, in menu order: what the item's summary allows."""
    allowed = (detail or {}).get("can") or ()
    return [act for act in ACTS if act in allowed]


def _first_fitting(*screens_: str) -> str:
    """The first screen that fits (the fullest first), else the last."""
    return next((s for s in screens_ if septets(s) <= screens.LIMIT), screens_[-1])


def _home(state: dict, lang: str, error: str | None) -> str:
    options = [say(key, lang) for key in
               ("home.give", "home.track", "home.recent", "home.language", "home.help")]
    return compose(CON, error, say("home", lang), *numbered(options))


def _help(state: dict, lang: str, error: str | None) -> str:
    text = say("help", lang, number=state.get("sms_number") or "")
    return compose(CON, error, text, *numbered([say("help.privacy", lang)]), *nav_lines(lang))


def _privacy(state: dict, lang: str, error: str | None) -> str:
    """The privacy notice (issue 15): what is kept, why, how long, how to ask for it."""
    text = say("privacy", lang, years=state.get("retention_years") or DEFAULT_RETENTION_YEARS,
               number=state.get("sms_number") or "")
    return compose(CON, error, text, *nav_lines(lang))


def _kind(state: dict, lang: str, error: str | None) -> str:
    kinds = numbered([kind_name(kind, lang) for kind in KIND_ORDER])
    return compose(CON, error, say("kind", lang), *kinds, *nav_lines(lang))


def _language(state: dict, lang: str, error: str | None) -> str:
    names = numbered([name for _code, name in LANGUAGE_NAMES])
    return compose(CON, error, say("language", lang), *names, *nav_lines(lang))


def _message(state: dict, lang: str, error: str | None) -> str:
    prompt = say("message", lang, inst=state.get("institution") or "")
    return compose(CON, error, prompt, *nav_lines(lang))


def _anonymous(state: dict, lang: str, error: str | None) -> str:
    # A phone that chose anonymity by SMS sees that choice named, first, as its usual one.
    yes = say("yes.usual" if state.get("usually_anonymous") else "yes", lang)
    options = numbered([yes, say("no", lang)])
    return compose(CON, error, say("anonymous", lang), *options, *nav_lines(lang))


def _confirm(state: dict, lang: str, error: str | None) -> str:
    kind = kind_name(state.get("kind", ""), lang).lower()
    options = numbered([say("confirm.send", lang), say("confirm.cancel", lang)])
    fixed = compose(CON, error, say("confirm", lang, kind=kind, inst=state.get("institution"),
                                     preview=""), *options, *nav_lines(lang))
    preview = shorten(state.get("body", ""), screens.LIMIT - septets(fixed))
    question = say("confirm", lang, kind=kind, inst=state.get("institution"), preview=preview)
    return compose(CON, error, question, *options, *nav_lines(lang))


def _track(state: dict, lang: str, error: str | None) -> str:
    return compose(CON, error, say("track", lang), *nav_lines(lang))


def _detail(state: dict, lang: str, error: str | None) -> str:
    info = state.get("detail") or {}
    text = say("detail", lang, ref=display(info.get("reference", "")),
               kind=kind_name(info.get("kind", ""), lang), inst=info.get("institution", ""),
               status=status_name(info.get("status", ""), lang), date=info.get("date", ""))
    options = numbered([say(f"act.{act}", lang) for act in offers(info)])
    number, about, status, *rest = text.split("\n")
    # With two choices and an error the whole detail may not fit: the date goes, then the
    # kind and institution (the caller has just chosen the item from their list).
    return _first_fitting(*(compose(CON, error, *lines, *options, *nav_lines(lang))
                            for lines in ((number, about, status, *rest),
                                          (number, about, status), (number, status))))


def _reference(state: dict) -> str:
    return display((state.get("detail") or {}).get("reference") or "")


def _act_text(state: dict, lang: str, error: str | None) -> str:
    act, ref = state.get("act"), _reference(state)
    prompt = say(f"act.{act}.prompt", lang, ref=ref)
    question = (state.get("detail") or {}).get("question") if act == "answer" else None
    if not question:
        return compose(CON, error, prompt, *nav_lines(lang))
    room = screens.LIMIT - septets(compose(CON, error, say("act.question", lang, text=""),
                                           prompt, *nav_lines(lang)))
    asked = say("act.question", lang, text=shorten(question, max(room, 8)))
    return _first_fitting(compose(CON, error, asked, prompt, *nav_lines(lang)),
                          compose(CON, error, prompt, *nav_lines(lang)))


def _rate(state: dict, lang: str, error: str | None) -> str:
    return compose(CON, error, say("act.rate.prompt", lang, ref=_reference(state)),
                   *nav_lines(lang))


def _act_confirm(state: dict, lang: str, error: str | None) -> str:
    act, ref = state.get("act"), _reference(state)
    options = numbered([say("confirm.send", lang), say("confirm.cancel", lang)])
    if act == "rate":
        question = say("act.rate.confirm", lang, ref=ref, score=state.get("score") or "")
        return compose(CON, error, question, *options, *nav_lines(lang))
    question = say(f"act.{act}.confirm", lang, ref=ref)
    fixed = compose(CON, error, question, '""', *options, *nav_lines(lang))
    preview = shorten(state.get("act_text") or "", screens.LIMIT - septets(fixed))
    return compose(CON, error, question, f'"{preview}"', *options, *nav_lines(lang))


def _acted(state: dict, lang: str, error: str | None) -> str:
    ref = display(state.get("reference") or "")
    return compose(END, say(f"act.{state.get('act')}.done", lang, ref=ref))


def _refused(state: dict, lang: str, error: str | None) -> str:
    return compose(END, refusal(state.get("refusal") or "", lang))


def _done(state: dict, lang: str, error: str | None) -> str:
    text = say("done", lang, inst=state.get("institution") or "",
               ref=display(state.get("reference") or ""))
    return compose(END, text, say("done.sms", lang) if state.get("sms") else None)


SCREENS = {
    "home": _home, "kind": _kind, "language": _language, "message": _message,
    "anonymous": _anonymous, "confirm": _confirm, "track": _track, "detail": _detail,
    "done": _done, "help": _help, "privacy": _privacy, "act_text": _act_text, "rate": _rate,
    "act_confirm": _act_confirm, "acted": _acted, "refused": _refused,
}
