"""Places named in a message (issue 10): the region, district and ward a text points to.

A name that is a ward, district or region somewhere counts by its level; a weak name (an
everyday word, a street) only confirms what another name agrees with; the region with most
evidence wins, then its district, then its ward.
"""
from __future__ import annotations

from . import lexicon
from .gazetteer import Gazetteer, Place

LEVEL_WEIGHT = {"region": 3.0, "district": 3.0, "ward": 2.0, "street": 0.5}
WEAK_WEIGHT = 0.75  # a place name that is also an everyday word, or a street


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
    skip = not_places(gaz)
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


def not_places(gaz: Gazetteer) -> frozenset:
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
       "the", "and", "in", "at", "to", "is", "no", "my", "our", "water", "police", "area",
       "street", "home", "house", "office", "market"}
)
