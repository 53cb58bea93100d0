"""The places of Tanzania as the router finds them in a message (mrejesho/data/places/).

Read once per process from the gazetteer's files (they change with a release, not at run
time): every region, district, ward and street name, and the spellings people use, each
pointing to the places it may mean. A name that is also an everyday word ("jana", "moshi",
"kati"), an English word or an institution's name (ambiguous.csv), and any street name, is
weak: it can confirm a place that something else in the message names, never decide alone.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PLACES_DIR = Path(__file__).resolve().parent.parent / "data" / "places"
WORD = re.compile(r"[^\W_]+")
APOSTROPHES = str.maketrans("", "", "'’‘`ʼ´")
SUFFIX = re.compile(r"\s+(?:[a-d]|i{1,3}|iv|\d+)$")  # "Mikocheni B", "Kitama 1"
LEVELS = ("region", "district", "ward", "street")


def words(text: str) -> list[str]:
    """Lower-case words without apostrophes: "Nyang'hwale" -> ["nyanghwale"]."""
    return WORD.findall(text.lower().translate(APOSTROPHES))


# Well-known town neighbourhoods that mtaa (2021) does not list as wards, from general
# knowledge of the towns: (postcode district, name). They carry no ward of the tables.
EXTRA_PLACES = (
    ("ARUSHACBD", "Njiro"), ("ARUSHACBD", "Sakina"), ("ARUSHACBD", "Kijenge"),
    ("ARUSHACBD", "Kwa Mrombo"), ("MTWARACBD", "Mikindani"), ("KINONDONI", "Mbezi Beach"),
    ("KINONDONI", "Masaki"), ("KINONDONI", "Oysterbay"), ("KINONDONI", "Mikocheni"),
    ("KINONDONI", "Mwenge"), ("KINONDONI", "Tegeta"), ("KINONDONI", "Kawe"),
    ("UBUNGO", "Mbezi Luis"), ("UBUNGO", "Kibamba"), ("UBUNGO", "Mbezi Msumi"),
    ("ILALA", "Pugu"), ("ILALA", "Kinyerezi"), ("TEMEKE", "Kurasini"),
    ("DODOMACBD", "Kisasa"), ("DODOMACBD", "Area D"), ("NYAMAGANA", "Buhongwa"),
    ("ILEMELA", "Kiseke"), ("ILEMELA", "Kirumba"), ("ILEMELA", "Buswelu"),
    # Towns that give a council its name but are no ward in the tables (each council's
    # district from jurisdictions.json).
    ("BAGAMOYO", "Chalinze"), ("SONGEA", "Madaba"), ("MUFINDI", "Mafinga"),
    ("RUNGWE", "Busokelo"), ("MANYONI", "Itigi"), ("KAHAMA", "Msalala"),
    ("SENGEREMA", "Buchosa"), ("MLELE", "Mpimbwe"),
    # Zanzibar: the tables have its districts but none of its shehia; the best-known towns
    # and neighbourhoods, from general knowledge.
    ("MJINI", "Darajani"), ("MJINI", "Malindi"), ("MJINI", "Mkunazini"), ("MJINI", "Kikwajuni"),
    ("MJINI", "Mlandege"), ("MJINI", "Kisiwandui"), ("MJINI", "Stone Town"),
    ("MJINI", "Mji Mkongwe"), ("MAGHARIBIB", "Mwanakwerekwe"), ("MAGHARIBIB", "Fuoni"),
    ("MAGHARIBIB", "Kiembe Samaki"), ("MAGHARIBIB", "Chukwani"), ("MAGHARIBIA", "Bububu"),
    ("MAGHARIBIA", "Mwera"), ("KUSINI", "Makunduchi"), ("KUSINI", "Jambiani"),
    ("KUSINI", "Paje"), ("KUSINI", "Kizimkazi"), ("KUSINI", "Bwejuu"), ("KATI", "Dunga"),
    ("KATI", "Chwaka"), ("KATI", "Uroa"), ("KATI", "Tunguu"), ("KASKAZINIA", "Nungwi"),
    ("KASKAZINIA", "Kendwa"), ("KASKAZINIA", "Matemwe"), ("KASKAZINIA", "Mkokotoni"),
    ("KASKAZINIB", "Mahonda"), ("KASKAZINIB", "Donge"), ("KASKAZINIB", "Kitope"),
    ("MICHEWENI", "Konde"), ("MKOANI", "Kengeja"), ("WETE", "Gando"),
)


@dataclass(frozen=True)
class Place:
    level: str  # region, district, ward, street
    key: str  # the region's, district's or ward's key (a street: its ward's key)
    region: str
    district: str | None = None
    ward: str | None = None


@dataclass(frozen=True)
class Gazetteer:
    names: dict  # tuple of words -> tuple of Place
    longest: dict  # first word -> the most words a name starting with it has
    weak: frozenset  # names (tuples of words) that never decide alone
    regions: dict  # key -> name
    districts: dict  # key -> (region key, name, kind)
    wards: dict  # key -> (district key, name)


@lru_cache(maxsize=4)
def load(directory: Path = PLACES_DIR) -> Gazetteer:
    def rows(name):
        with (directory / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    names: dict[tuple, dict[Place, None]] = {}

    def add(name: str, place: Place) -> None:
        spelt = tuple(words(name))
        if spelt:
            names.setdefault(spelt, {})[place] = None
        bare = SUFFIX.sub("", name.lower().translate(APOSTROPHES).strip())
        if bare != name.lower().translate(APOSTROPHES).strip():
            bare_words = tuple(words(bare))
            if bare_words:
                names.setdefault(bare_words, {})[place] = None

    regions = {r["key"]: r["name"] for r in rows("regions.csv")}
    districts = {d["key"]: (d["region_key"], d["name"], d["kind"]) for d in rows("districts.csv")}
    wards = {w["key"]: (w["district_key"], w["name"]) for w in rows("wards.csv")}
    region_places = {key: Place("region", key, key) for key in regions}
    district_places = {key: Place("district", key, region, key)
                       for key, (region, _n, _k) in districts.items()}
    ward_places = {key: Place("ward", key, districts[district][0], district, key)
                   for key, (district, _n) in wards.items()}
    for key, name in regions.items():
        add(name, region_places[key])
    for key, (_region, name, _kind) in districts.items():
        add(name, district_places[key])
        if name.lower().endswith(" cbd"):
            add(name[:-4], district_places[key])  # "Moshi CBD" is what people call Moshi
    for key, (_district, name) in wards.items():
        add(name, ward_places[key])
    for street in rows("streets.csv"):
        ward = ward_places.get(street["ward_key"])
        if ward is not None:
            add(street["name"], Place("street", ward.key, ward.region, ward.district, ward.key))
    by_level = {"region": region_places, "district": district_places, "ward": ward_places}
    for row in rows("spellings.csv"):
        table = by_level.get(row["level"])
        for key in row["key"].split(";"):
            if table is not None and key in table:
                add(row["spelling"], table[key])

    for district, name in EXTRA_PLACES:
        if district in district_places:
            region = district_places[district].region
            add(name, Place("ward", f"{district}.{name.upper().replace(' ', '')}", region,
                            district, None))

    weak = {tuple(words(row["name"])) for row in rows("ambiguous.csv")}
    for name, places in names.items():
        if all(p.level == "street" for p in places):
            weak.add(name)
    frozen = {name: tuple(places) for name, places in names.items()}
    longest: dict[str, int] = {}
    for name in frozen:
        longest[name[0]] = max(longest.get(name[0], 0), len(name))
    return Gazetteer(frozen, longest, frozenset(weak), regions, districts, wards)


@lru_cache(maxsize=1)
def listing() -> tuple[tuple[tuple[str, str], ...], dict[str, tuple[tuple[str, str], ...]]]:
    """The regions as (key, name) by name, and each region's districts likewise: what the
    web form, the USSD menu and the staff filters list."""
    gaz = load()
    districts: dict[str, list] = {}
    for key, (region, name, _kind) in gaz.districts.items():
        districts.setdefault(region, []).append((key, name))
    return (tuple(sorted(gaz.regions.items(), key=lambda item: item[1])),
            {region: tuple(sorted(items, key=lambda item: item[1]))
             for region, items in districts.items()})
