"""The scored router: which institution a citizen's message belongs to (issue 10).

Every channel asks it through intake. It weighs, in the words of the message:
  - topic words and phrases (lexicon.py), the longest match winning ("kibali cha ujenzi" is
    the council's, not the Ministry of Works' "ujenzi");
  - institutions' names: their codes (an ambiguous one such as TAA only in capitals) and
    aliases (those that are everyday words, topic words or bare place names are left out);
  - the place named (gazetteer.py: ward -> district -> region, ambiguous names and streets
    only confirming what something else names), which turns a regional service (water,
    councils, regional hospitals) into the institution covering that place;
and the channel's explicit choice, which wins outright. It returns a Decision: the
institution (None: the triage desk), a confidence 0..1, the reasons, the top three
suggestions with their scores, and the place found.

route(text) is a pure function of the text and an index built once per reference snapshot
(reference.current().derived), so it costs tens of microseconds per message.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import current_app, has_app_context

from . import gazetteer as places
from . import lexicon
from .gazetteer import Gazetteer, Place, words

DEFAULT_THRESHOLD = 0.3  # chosen on tests/routing/corpus.csv (routing_eval)
LEVEL_WEIGHT = {"region": 3.0, "district": 3.0, "ward": 2.0, "street": 0.5}
WEAK_WEIGHT = 0.75  # a place name that is also an everyday word, or a street
MAX_PHRASE = 6
AFFIX_KEY = 3  # prefixes and verb stems are looked up by their first/last three letters
ZANZIBAR = frozenset({"KASKAZINIUNGUJA", "KUSINIUNGUJA", "MJINIMAGHARIBI", "KASKAZINIPEMBA",
                      "KUSINIPEMBA"})
ZANZIBAR_WORDS = frozenset({"zanzibar", "unguja", "znz"})
CHOSEN = "chosen by citizen"
URBAN_FIRST = ("CC", "MC", "TC", "DC")  # a district's councils, the town's first


@dataclass(frozen=True)
class Decision:
    code: str | None  # None: the triage desk
    confidence: float
    reasons: tuple[str, ...] = ()
    suggestions: tuple[tuple[str, float], ...] = ()  # the top three, best first
    region: str | None = None
    district: str | None = None
    ward: str | None = None

    def as_json(self) -> dict:
        """What the feedback keeps (Feedback.routing_reasons), for the central desk."""
        return {"reasons": list(self.reasons),
                "suggestions": [[code, round(score, 2)] for code, score in self.suggestions],
                "place": {"region": self.region, "district": self.district, "ward": self.ward}}


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


# --- the index --------------------------------------------------------------------------------

def build(desks: Iterable, triage: str | None = None,
          gazetteer: Gazetteer | None = None) -> Index:
    """Index the active institutions (reference.Desk or alike) with the lexicon."""
    gaz = gazetteer or places.load()
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
    longest: dict[str, int] = {}
    for phrase in phrases:
        longest[phrase[0]] = max(longest.get(phrase[0], 0), len(phrase))
    water, councils, secretariats = _coverage(desks, gaz)
    skip = _not_places(gaz)
    stems: dict[str, str] = {}
    for desk in sorted(desks, key=lambda d: (-_urban_rank(d.code), d.code)):
        stem = _stem(desk.code)
        if desk.kind == "council" and stem not in skip and (stem,) not in gaz.weak:
            stems[stem] = desk.code  # the town's council last, so it wins
    return Index({k: tuple(v) for k, v in phrases.items()}, longest,
                 {k: tuple(v) for k, v in prefixes.items()}, codes, known, water, councils,
                 secretariats, stems, triage, gaz,
                 {k: tuple(v) for k, v in suffixes.items()},
                 frozenset(lexicon.MAINLAND_ONLY) & known)


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
            codes.sort(key=lambda c: (_urban_rank(c), c))
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


def _urban_rank(code: str) -> int:
    for rank, suffix in enumerate(URBAN_FIRST):
        if code.endswith(suffix):
            return rank
    return len(URBAN_FIRST)


def index() -> Index:
    """The index of this app's current reference data (built once per snapshot)."""
    from .. import reference

    snapshot = reference.current()
    return snapshot.derived("router", lambda snap: build(
        snap.desks, snap.triage.code if snap.triage else None))


def place_ids(decision: Decision) -> dict[str, int | None]:
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


def threshold() -> float:
    if has_app_context():
        return float(current_app.config.get("ROUTING_THRESHOLD", DEFAULT_THRESHOLD))
    return DEFAULT_THRESHOLD


# --- routing ------------------------------------------------------------------------------

def route(text: str, *, chosen: str | None = None, idx: Index | None = None,
          limit: float | None = None) -> Decision:
    """Decide where a message goes. chosen: the institution the citizen picked (an SMS
    keyword's CODE, a USSD or web choice), which wins when it is known."""
    idx = idx or index()
    raw = _raw_words(text)
    tokens = [w.lower() for w in raw]
    matches, covered = _matches(raw, tokens, idx)
    region, district, ward, place_reasons = find_place(tokens, idx.gazetteer, covered)
    place = (region, district, ward)
    if chosen:
        code = chosen.strip().upper()
        if code in idx.known:
            return Decision(code, 1.0, (CHOSEN,), ((code, 1.0),), *place)
    scores, reasons = _score(matches, tokens, place, idx)
    reasons = place_reasons + reasons
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:3]
    if not ranked:
        return Decision(None, 0.0, tuple(reasons) or ("nothing to go by",), (), *place)
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = round(top / (top + second) * min(1.0, top / 4.0), 3)
    limit = threshold() if limit is None else limit
    code = best if confidence >= limit else None
    if code is None:
        reasons.append(f"confidence {confidence:.2f} below {limit:.2f}: triage")
    return Decision(code, confidence, tuple(reasons), tuple(ranked), *place)


def _matches(raw: list[str], tokens: list[str], idx: Index):
    """The lexicon's phrases, names and codes found: [(target, weight, label)], and the
    positions of the words inside phrases of several words (which are not place names)."""
    matches = []
    covered: set[int] = set()
    position = 0
    while position < len(tokens):
        word = tokens[position]
        matched = 0
        near = any(tuple(tokens[max(0, position - len(cue)):position]) == cue
                   for cue in lexicon.NEAR)
        factor = 0.3 if near else 1.0  # "karibu na shule": the school says where
        here: tuple = ()
        for size in range(min(idx.longest.get(word, 0), len(tokens) - position), 0, -1):
            entries = idx.phrases.get(tuple(tokens[position:position + size]))
            if entries:
                here = entries
                matches.extend((t, w * factor, label) for t, w, label in entries)
                matched = size
                if size > 1:
                    covered.update(range(position, position + size))
                break
        code = idx.codes.get(word) or idx.codes.get(word.rstrip("0123456789"))
        if (code is not None and (not code[1] or raw[position].isupper())
                and not (matched == 1 and any(entry[0] == code[0] for entry in here))):
            # (a word that is the lexicon's and a code, "polisi", counts once)
            matches.append((code[0], 5.0, raw[position]))
        if not matched:
            for stem, rest, entries in idx.suffixes.get(word[-AFFIX_KEY:], ()):
                if (len(word) > len(stem) and word.endswith(stem)
                        and tuple(tokens[position + 1:position + 1 + len(rest)]) == rest):
                    matches.extend((t, w * factor, label) for t, w, label in entries)
                    matched = 1 + len(rest)
                    break
        if not matched:
            for prefix, entries in idx.prefixes.get(word[:AFFIX_KEY], ()):
                if word.startswith(prefix):
                    matches.extend((t, w * factor, label) for t, w, label in entries)
                    break
        position += max(matched, 1)
    if "TANROADS" in idx.known and BETWEEN_TOWNS.search(" ".join(tokens)):
        matches.append(("TANROADS", 3.0, "road between towns"))
    return matches, covered


def _score(matches, tokens: list[str], place: tuple, idx: Index):
    region, district, _ward = place
    scores: dict[str, float] = {}
    reasons: list[str] = []
    seen: set = set()
    zanzibar = region in ZANZIBAR or not ZANZIBAR_WORDS.isdisjoint(tokens)
    rural = not lexicon.RURAL.isdisjoint(tokens)
    for target, weight, label in matches:
        if (target, label) in seen:
            continue  # the same phrase twice counts once
        seen.add((target, label))
        if zanzibar and target in idx.mainland:
            reasons.append(f"'{label}': {target} does not serve Zanzibar")
            continue
        if target == "TANROADS" and label in lexicon.ANY_ROAD and rural:
            target = "TARURA"  # a village's road or bridge is TARURA's
        if target.startswith("@"):
            resolved = _resolve(target, region, district, tokens, idx, zanzibar)
            if resolved is None:
                reasons.append(f"'{label}': {target[1:].lower()} service, no place to say whose")
                continue
            code, why, factor = resolved
            scores[code] = scores.get(code, 0.0) + weight * factor
            reasons.append(f"'{label}' -> {code} ({why})")
        elif target in idx.known:
            scores[target] = scores.get(target, 0.0) + weight
            reasons.append(f"'{label}' -> {target}")
    return scores, reasons


def score(text: str, idx: Index | None = None) -> dict[str, float]:
    """Each institution's score for this text (for tools and tests)."""
    idx = idx or index()
    raw = _raw_words(text)
    tokens = [w.lower() for w in raw]
    matches, covered = _matches(raw, tokens, idx)
    region, district, ward, _reasons = find_place(tokens, idx.gazetteer, covered)
    return _score(matches, tokens, (region, district, ward), idx)[0]


def _raw_words(text: str) -> list[str]:
    return places.WORD.findall(str(text or "").translate(places.APOSTROPHES))


def _resolve(service: str, region: str | None, district: str | None, tokens: list[str],
             idx: Index, zanzibar: bool = False) -> tuple[str, str, float] | None:
    """The institution that gives this service at the place found: (code, why, factor)."""
    if service == "@WATER":
        rural = bool(lexicon.RURAL.intersection(tokens))
        covering = idx.water.get(district, ()) if district else ()
        if rural and "RUWASA" in idx.known:
            return "RUWASA", "village water", 1.5
        if covering:
            return covering[0], f"covers {district}", 1.0
        if district and "RUWASA" in idx.known:
            return "RUWASA", f"no town authority in {district}", 0.75
        main = idx.water.get(f"@{region}", ()) if region else ()
        if main:
            return main[0], f"covers {region}", 0.9
        if zanzibar:  # "Zanzibar", "Unguja": one authority covers all the islands' regions
            isles = {idx.water.get(f"@{key}", (None,))[0] for key in ZANZIBAR}
            if len(isles) == 1 and None not in isles:
                return isles.pop(), "covers Zanzibar", 0.9
        return None
    if service == "@COUNCIL":
        covering = idx.councils.get(district, ()) if district else ()
        if covering:
            named = [c for c in covering if _stem(c) in _joined(tokens)]
            return (named or covering)[0], f"council of {district}", 1.0
        named = _council_named(tokens, idx)
        if named:
            return named, "named", 1.0
        main = idx.councils.get(f"@{region}", ()) if region else ()
        if main:
            return main[0], f"main council of {region}", 0.75
        return None
    if service == "@RS":
        code = idx.secretariats.get(region) if region else None
        if code:
            return code, f"region {region}", 1.0
    return None


def _stem(code: str) -> str:
    return code[:-2].lower()


def _joined(tokens: list[str]) -> set[str]:
    """Each word, and each two words written together ("kigoma ujiji" -> "kigomaujiji")."""
    return set(tokens) | {a + b for a, b in zip(tokens, tokens[1:], strict=False)}


def _council_named(tokens: list[str], idx: Index) -> str | None:
    """A council whose own name (its code without CC/MC/TC/DC) is in the text, e.g.
    "Butiama", "Mlimba": councils the postcode districts do not tell apart."""
    joined = _joined(tokens)
    found = sorted((_urban_rank(code), code) for stem, code in idx.council_stems.items()
                   if stem in joined)
    return found[0][1] if found else None


# --- places ---------------------------------------------------------------------------------

def find_place(tokens: list[str], gaz: Gazetteer, covered: set[int] = frozenset()
               ) -> tuple[str | None, str | None, str | None, list]:
    """(region, district, ward, reasons) named in the text: the region with most evidence,
    then its district, then its ward. A weak name (an everyday word, a street) counts only
    where another name in the message agrees with it (the same district or region)."""
    mentions = _mentions(tokens, gaz, covered)
    if not mentions:
        return None, None, None, []
    region_score: dict[str, float] = {}
    established: set[str] = set()
    for _name, primary, _all, weak in mentions:
        in_regions: dict[str, float] = {}
        for place in primary:
            weight = _weight(place, weak)
            in_regions[place.region] = max(in_regions.get(place.region, 0.0), weight)
        for region, weight in in_regions.items():
            region_score[region] = region_score.get(region, 0.0) + weight / len(in_regions)
            if weight > WEAK_WEIGHT and weight / len(in_regions) >= 1.0:
                established.add(region)
    agreed = _agreements(mentions)
    for district in agreed:
        region = gaz.districts[district][0]
        region_score[region] = region_score.get(region, 0.0) + AGREEMENT
        established.add(region)
    candidates = sorted(established, key=lambda r: (-region_score[r] - _prior(r), r))
    if not candidates:
        return None, None, None, []
    region = candidates[0]
    if len(candidates) > 1 and (region_score[candidates[1]] + _prior(candidates[1])
                                == region_score[region] + _prior(region)):
        return None, None, None, [f"place unclear: {candidates[0]} or {candidates[1]}"]
    district = _best(mentions, region, "district", gaz, agreed=agreed)
    ward = _best(mentions, region, "ward", gaz, district) if district else None
    where = " / ".join(k for k in (region, district, ward) if k)
    return region, district, ward, [f"place: {where}"]


# "barabara ya Kahama kwenda Isaka", "Mbeya-Tukuyu road": a road between towns is a trunk
# or regional road (TANROADS), not a street.
BETWEEN_TOWNS = re.compile(
    r"\b(?:barabara|road)(?: kuu)? (?:ya |from |between )?\w+ (?:kwenda|hadi|mpaka|to|and) \w+")

# Words before a name that say it is a place: "mkoa wa Mara", "wilaya ya Same".
PLACE_CUES = frozenset({("mkoa", "wa"), ("mkoa",), ("wilaya", "ya"), ("wilaya",),
                        ("kata", "ya"), ("mji", "wa"), ("manispaa", "ya"), ("jiji", "la"),
                        ("mjini",), ("in",), ("at",)})

AGREEMENT = 2.0  # two names in the message that meet in one district


def _prior(region: str) -> float:
    """Between two equally named places, the more populous (Dar es Salaam) first."""
    return 0.1 if region == "DSM" else 0.0


def _weight(place: Place, weak: bool) -> float:
    return WEAK_WEIGHT if weak or place.level == "street" else LEVEL_WEIGHT[place.level]


def _mentions(tokens: list[str], gaz: Gazetteer, covered) -> list[tuple]:
    """(name, primary places, all places, weak?) for each place name in the words: a name
    that is a ward, district or region somewhere means that first, its streets second."""
    mentions = []
    skip = _not_places(gaz)
    position = 0
    while position < len(tokens):
        if position in covered:
            position += 1
            continue
        size_max = min(gaz.longest.get(tokens[position], 0), len(tokens) - position)
        for size in range(size_max, 0, -1):
            name = tuple(tokens[position:position + size])
            found = gaz.names.get(name)
            if found and size > 1 and all(p.level == "street" for p in found) and any(
                    any(p.level != "street" for p in gaz.names.get(name[:n], ()))
                    for n in range(1, size)):
                continue  # "Mikocheni B" (a street) is in Mikocheni (a ward): the ward
            if found and not (size == 1 and name[0] in skip):
                # A region's or district's name means that place first, a ward of the same
                # name elsewhere second ("Tanga" the town, not Tanga ward in Songea).
                primary = (tuple(p for p in found if p.level in ("region", "district"))
                           or tuple(p for p in found if p.level != "street") or found)
                weak = (name in gaz.weak or name in _ALSO_WEAK) and not (
                    tuple(tokens[max(0, position - 2):position]) in PLACE_CUES
                    or tuple(tokens[max(0, position - 1):position]) in PLACE_CUES)
                mentions.append((name, primary, found, weak))
                position += size
                break
        else:
            position += 1
    return mentions


def _agreements(mentions: list[tuple]) -> set[str]:
    """Districts that two different names of the message both point into."""
    agreed: set[str] = set()
    districts = [(name, {p.district for p in found if p.district})
                 for name, _p, found, _w in mentions]
    for i, (first_name, first) in enumerate(districts):
        for second_name, second in districts[i + 1:]:
            if first_name == second_name:
                continue  # a word written twice is one name, not two that agree
            if first and second and min(len(first), len(second)) <= 40:
                agreed |= first & second
    return agreed if len(agreed) <= 2 else set()


def _best(mentions, region: str, level: str, gaz: Gazetteer, within: str | None = None,
          agreed: set | None = None):
    scores: dict[str, float] = {key: AGREEMENT for key in agreed or ()
                                if level == "district" and gaz.districts[key][0] == region}
    for _name, primary, found, weak in mentions:
        keys: dict[str, float] = {}
        for place in found:
            if place.region != region or (within and place.district != within):
                continue
            key = place.district if level == "district" else place.ward
            if key is None:
                continue
            weight = _weight(place, weak) if place in primary else WEAK_WEIGHT / 2
            keys[key] = max(keys.get(key, 0.0), weight)
        if level == "district":
            # "Moshi" is the district of Moshi's countryside and the town's postal area: a
            # citizen naming it means the town.
            for key in [k for k in keys if k + "CBD" in keys]:
                del keys[key]
        for key, weight in keys.items():
            scores[key] = scores.get(key, 0.0) + weight / len(keys)
    if not scores:
        return None
    towns = {k for k, (_r, _n, kind) in gaz.districts.items() if kind == "postal_area"}
    return max(scores, key=lambda k: (scores[k], level == "district" and k in towns, k))


def _not_places(gaz: Gazetteer) -> frozenset:
    """Single words never read as a place: the lexicon's words (unless a region's or a
    district's name) and the words of _NOT_PLACES."""
    cached = _SKIP.get(id(gaz))
    if cached is None:
        big = {name[0] for name, found in gaz.names.items()
               if len(name) == 1 and any(p.level in ("region", "district") for p in found)}
        lexicon_words = {phrase for phrase in lexicon.parse() if " " not in phrase}
        cached = _SKIP[id(gaz)] = frozenset((lexicon_words - big) | _NOT_PLACES)
    return cached


_SKIP: dict[int, frozenset] = {}

# Names of districts or regions that are also the lexicon's words: places only when
# something else in the message confirms them.
_ALSO_WEAK = frozenset({("chemba",), ("mbu",), ("bunda",)})

# Single words that are place names somewhere but, in a message, almost always mean
# something else.
_NOT_PLACES = frozenset(
    {"mjini", "kati", "sokoni", "kijijini", "mtoni", "stendi", "station", "juu", "chini",
       "kusini", "kaskazini", "mashariki", "magharibi", "mpya", "kuu", "centre", "town",
       "city", "road", "kwetu", "hapa", "leo", "jana", "sasa", "tu", "mimi", "sisi", "kila",
       "bila", "kwa", "na", "ya", "wa", "la", "cha", "mji", "kijiji", "mtaa", "kata",
       "wilaya", "mkoa", "nyumbani", "ofisi", "kanisa", "msikiti", "hospitali", "shule",
       "zahanati", "kituo", "polisi", "posta", "bandari", "uwanja", "ndege", "mto", "ziwa",
       "mlima", "bahari", "mbali", "karibu", "ndani", "nje", "good", "new", "old",
       "the", "and", "in", "at", "to", "is", "no", "my", "our", "water", "police"}
)
