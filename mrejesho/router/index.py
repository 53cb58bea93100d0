"""What the router knows, built once per reference snapshot: the lexicon's phrases and
affixes, the institutions' codes and aliases, and who covers which place (water authorities,
councils, regional secretariats)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from . import gazetteer, lexicon
from .gazetteer import Gazetteer, words
from .places import not_places

AFFIX_KEY = 3  # prefixes and verb stems are looked up by their first/last three letters
URBAN_FIRST = ("CC", "MC", "TC", "DC")  # a district's councils, the town's first


@dataclass(frozen=True)
class Index:
    """What the router knows, built from one reference snapshot."""

    phrases: dict  # tuple of words -> ((target, weight, label), ...)
    longest: dict  # first word -> most words of a phrase starting with it
    prefixes: dict  # first letters -> ((prefix, ((target, weight, label), ...)), ...)
    codes: dict  # lower-case code -> (CODE, capitals only?)
    known: frozenset  # active institution codes
    water: dict  # district key -> water authority codes; region key -> (its main one,)
    councils: dict  # district key -> council codes, town first; region key -> (main,)
    secretariats: dict  # region key -> regional secretariat code
    council_stems: dict  # a council's own name ("butiama") -> its code, town first
    triage: str | None
    gazetteer: Gazetteer = field(repr=False, default=None)
    suffixes: dict = field(default_factory=dict)  # last letters -> ((stem, rest, entries),)
    mainland: frozenset = frozenset()  # institutions that do not serve Zanzibar



def build(desks: Iterable, triage: str | None = None,
          gaz: Gazetteer | None = None, aliases: Iterable = ()) -> Index:
    """Index the active institutions (reference.Desk or alike) with the lexicon, and the
    routing aliases: (phrase, CODE, weight, source) rows of the admins' alias table."""
    gaz = gaz or gazetteer.load()
    desks = [d for d in desks if d.active]
    known = frozenset(d.code for d in desks)
    phrases: dict[tuple, list] = {}
    prefixes: dict[str, list] = {}
    suffixes: dict[str, list] = {}
    for phrase, targets in lexicon.parse().items():
        entries = [(t, w, phrase) for t, w in targets if t.startswith("@") or t in known]
        if not entries:
            continue
        if phrase.endswith("*"):
            stem = phrase[:-1]
            prefixes.setdefault(stem[:AFFIX_KEY], []).append((stem, tuple(entries)))
        elif phrase.startswith("*"):
            # "*ibiwa": a verb with any subject, tense and object prefix (nimeibiwa, zimeibiwa)
            stem, *rest = phrase[1:].split()
            suffixes.setdefault(stem[-AFFIX_KEY:], []).append(
                (stem, tuple(rest), tuple(entries)))
        else:
            phrases[tuple(words(phrase))] = entries
    place_names = gaz.names
    codes = {}
    for desk in desks:
        codes[desk.code.lower()] = (desk.code, desk.code in lexicon.CAPITALS_ONLY)
        for alias in desk.aliases:
            alias_words = tuple(words(alias))
            if (not alias_words or alias in lexicon.NOT_NAMES or alias_words in phrases
                    or alias_words in place_names or _is_place_phrase(alias_words, gaz)
                    or alias_words == (desk.code.lower(),)):
                continue
            weight = 4.0 if len(alias_words) > 1 else 3.0
            phrases.setdefault(alias_words, []).append((desk.code, weight, alias))
    _add_routing_aliases(phrases, aliases, known)
    longest: dict[str, int] = {}
    for phrase in phrases:
        longest[phrase[0]] = max(longest.get(phrase[0], 0), len(phrase))
    water, councils, secretariats = _coverage(desks, gaz)
    skip = not_places(gaz)
    stems: dict[str, str] = {}
    for desk in sorted(desks, key=lambda d: (-urban_rank(d.code), d.code)):
        own_name = council_name(desk.code)
        if desk.kind == "council" and own_name not in skip and (own_name,) not in gaz.weak:
            stems[own_name] = desk.code  # the town's council last, so it wins
    return Index({k: tuple(v) for k, v in phrases.items()}, longest,
                 {k: tuple(v) for k, v in prefixes.items()}, codes, known, water, councils,
                 secretariats, stems, triage, gaz,
                 {k: tuple(v) for k, v in suffixes.items()},
                 frozenset(lexicon.MAINLAND_ONLY) & known)


def _add_routing_aliases(phrases: dict, aliases: Iterable, known: frozenset) -> None:
    """An alias sets what its exact phrase weighs for its institution: it replaces the
    lexicon's (or the institution's own aliases') entry for that institution, and weight 0
    removes it, so the phrase never counts for it."""
    for phrase, code, weight, source in aliases:
        key = tuple(words(phrase))
        if not key or code not in known:
            continue
        entries = [e for e in phrases.get(key, ()) if e[0] != code]
        if weight > 0:
            entries.append((code, float(weight), f"{source}: {' '.join(key)}"))
        if entries:
            phrases[key] = entries
        else:
            phrases.pop(key, None)


def _is_place_phrase(alias_words: tuple, gaz: Gazetteer) -> bool:
    """"mkoa wa mara", "mara region", "maji dar": a place with a generic word, which names a
    place (the gazetteer's business) rather than the institution."""
    generic = {"mkoa", "wa", "region", "maji", "water", "jiji", "la", "mji", "city", "dc",
               "wilaya", "ya", "vijijini", "rural"}
    rest = [w for w in alias_words if w not in generic]
    return 0 < len(rest) < len(alias_words) and tuple(rest) in gaz.names


def _coverage(desks, gaz: Gazetteer):
    water: dict[str, list] = {}
    councils: dict[str, list] = {}
    secretariats: dict[str, str] = {}
    town_districts = {key for key, (_r, _n, kind) in gaz.districts.items()
                      if kind == "postal_area"}
    for desk in desks:
        if not desk.regions:
            continue
        districts = desk.districts or tuple(
            key for key, (region, _n, _k) in gaz.districts.items() if region in desk.regions)
        if "WATER" in desk.handles:
            for district in districts:
                water.setdefault(district, []).append(desk.code)
        elif desk.kind == "council":
            for district in districts:
                councils.setdefault(district, []).append(desk.code)
        elif desk.kind == "region" and len(desk.regions) == 1:
            secretariats[desk.regions[0]] = desk.code
    for table in (water, councils):
        for district, codes in list(table.items()):
            codes.sort(key=lambda c: (urban_rank(c), c))
            region = gaz.districts.get(district, (None,))[0]
            if region is None:
                continue
            main = table.get(f"@{region}")
            # A region's main one: the one of its town (a postal area), else the first.
            if main is None or (district in town_districts and not main[1]):
                table[f"@{region}"] = [codes[0], district in town_districts]
    return ({k: tuple(v[:1]) if k.startswith("@") else tuple(v) for k, v in water.items()},
            {k: tuple(v[:1]) if k.startswith("@") else tuple(v) for k, v in councils.items()},
            secretariats)


def urban_rank(code: str) -> int:
    for rank, suffix in enumerate(URBAN_FIRST):
        if code.endswith(suffix):
            return rank
    return len(URBAN_FIRST)



def council_name(code: str) -> str:
    """A council's own name: its code without CC, MC, TC or DC."""
    return code[:-2].lower()


def index() -> Index:
    """The index of this app's current reference data (built once per snapshot)."""
    from .. import reference

    snapshot = reference.current()
    return snapshot.derived("router", lambda snap: build(
        snap.desks, snap.triage.code if snap.triage else None, aliases=snap.aliases))


def place_ids(decision) -> dict[str, int | None]:
    """The region's, district's and ward's row ids of a decision's place, for the feedback's
    columns (None where the gazetteer's tables lack it: `flask seed` loads them)."""
    from .. import reference

    ids = reference.current().derived("router.place_ids", _load_place_ids)
    return {"region_id": ids["region"].get(decision.region),
            "district_id": ids["district"].get(decision.district),
            "ward_id": ids["ward"].get(decision.ward)}


def _load_place_ids(_snapshot) -> dict[str, dict[str, int]]:
    from ..extensions import db
    from ..models import District, Region, Ward

    return {name: dict(db.session.execute(db.select(model.key, model.id)).all())
            for name, model in (("region", Region), ("district", District), ("ward", Ward))}
