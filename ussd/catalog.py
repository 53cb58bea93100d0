"""The institution and sector lists the menu shows, kept out of the database on the hot path.

They are built from mrejesho.reference's snapshot, once per change of the reference data, so
an administrator's edit shows at the next step. build() is pure (rows in, Catalog out),
which lets tests make catalogs without a database.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from mrejesho import reference
from mrejesho.router import gazetteer as places_of_tanzania

LISTED_ELSEWHERE = ("council", "triage")  # councils are reached by place; triage by "not sure"

# National institutions whose work happens somewhere: the menu asks region and district after
# one is chosen (the caller may skip), so the feedback carries its place for the regional
# office and the figures per region. Water and councils are chosen by place instead.
PLACE_MATTERS = frozenset({"TARURA", "TANROADS", "POLISI", "RUWASA", "TFS", "LATRA"})


@dataclass(frozen=True)
class Place:
    """An institution as the menu shows it."""

    code: str
    name_sw: str
    name_en: str
    kind: str
    sector: str
    parent: str | None = None
    districts: tuple[str, ...] = ()  # the districts it serves, if only some (a town's utility)
    regions: tuple[str, ...] = ()  # the regions it covers, if not the whole country
    short: str | None = None  # a name that fits a menu line ("Kahama MC")

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sw


@dataclass(frozen=True)
class Area:
    """A region or district as the menu lists it."""

    key: str
    name: str


@dataclass(frozen=True)
class Areas:
    """Regions and their districts (the gazetteer), for services chosen by place."""

    regions: tuple[Area, ...] = ()
    districts: dict[str, tuple[Area, ...]] = field(default_factory=dict)


# Where a service chosen by place goes when no institution of the sector serves the district
# chosen: rural water is RUWASA's (the router decides alike).
AREA_FALLBACK = {"WATER": "RUWASA"}


@dataclass(frozen=True)
class Group:
    """A sector: its code, names and the institutions listed under it."""

    code: str
    name_sw: str
    name_en: str
    places: tuple[Place, ...] = ()
    by_area: bool = False  # some of its institutions serve only some districts: ask where

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sw


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per load
class Catalog:
    """Everything the menu needs to know about institutions."""

    sectors: tuple[Group, ...] = ()
    councils: dict[str, tuple[Place, ...]] = field(default_factory=dict)  # by district key
    secretariats: dict[str, str] = field(default_factory=dict)  # region key -> code
    by_code: dict[str, Place] = field(default_factory=dict)
    triage: str | None = None
    areas: Areas = field(default_factory=Areas)
    serves: dict[tuple[str, str], str] = field(default_factory=dict)  # (sector, district) -> code

    def sector(self, code: str | None) -> Group | None:
        return next((group for group in self.sectors if group.code == code), None)

    def serving(self, sector: str | None, district: str | None) -> str | None:
        """The institution of sector that serves district, its fallback, or the triage desk."""
        code = self.serves.get((sector, district)) or AREA_FALLBACK.get(sector or "")
        return code if code in self.by_code else self.triage

    def find(self, code: str | None) -> Place | None:
        return self.by_code.get((code or "").strip().upper())

    def councils_in(self, district: str | None) -> tuple[Place, ...]:
        """The councils serving a district, the town's first."""
        return self.councils.get(district or "", ())

    def for_region(self, region: str | None) -> str | None:
        """Where a council matter goes when the district has no council of its own in the
        data: the regional secretariat, else the triage desk."""
        return self.secretariats.get(region or "") or self.triage

    def asks_where(self, code: str | None) -> bool:
        """Whether the menu asks the place after this institution is chosen."""
        return code in PLACE_MATTERS and code in self.by_code


def build(sectors: Iterable[tuple[str, str, str]], places: Iterable[Place],
          areas: Areas | None = None) -> Catalog:
    """Group active institutions (already in display order) under sectors and regions; an
    institution serving only some districts is reached through its place when areas are
    given (the caller picks a region, then a district)."""
    places = tuple(places)
    areas = areas or Areas()
    listed = {code: [] for code, _sw, _en in sectors}
    by_area: dict[str, list[Place]] = {}
    councils: dict[str, list[Place]] = {}
    secretariats: dict[str, str] = {}
    for place in places:
        if place.kind == "council":
            for district in place.districts:
                councils.setdefault(district, []).append(place)
        elif place.kind == "region" and len(place.regions) == 1:
            secretariats.setdefault(place.regions[0], place.code)
        if place.kind in LISTED_ELSEWHERE or place.sector not in listed:
            continue
        elif place.districts and areas.regions:
            by_area.setdefault(place.sector, []).append(place)
        else:
            listed[place.sector].append(place)
    groups = tuple(
        Group(code, sw, en, tuple(listed[code]), code in by_area)
        for code, sw, en in sectors if listed[code] or code in by_area
    )
    serves = {}
    for sector, served in by_area.items():
        # The most specific first: a town's utility before one serving a whole region.
        for place in sorted(served, key=lambda p: -len(p.districts)):
            for district in place.districts:
                serves[(sector, district)] = place.code
    triage = next((p.code for p in places if p.kind == "triage"), None)
    return Catalog(
        sectors=groups,
        councils={key: tuple(sorted(items, key=_town_first)) for key, items in councils.items()},
        secretariats=secretariats, by_code={p.code: p for p in places}, triage=triage,
        areas=areas, serves=serves,
    )


def _town_first(place: Place) -> tuple[int, str]:
    """A district's councils: the city's, municipality's or town's before the district's."""
    for rank, suffix in enumerate(("CC", "MC", "TC")):
        if place.code.endswith(suffix):
            return rank, place.code
    return 3, place.code


def load(snapshot: reference.Snapshot) -> Catalog:
    """The menu's lists from a reference snapshot: active sectors' institutions, in id order,
    and the gazetteer's regions and districts."""
    gazetteer = places_of_tanzania.load()
    active = [desk for desk in snapshot.desks if desk.active]
    codes = {desk.code for desk in active}
    places = [
        Place(desk.code, desk.name_sw, desk.name_en, desk.kind, desk.sector,
              desk.parent if desk.parent in codes else None, _served(desk, gazetteer),
              tuple(desk.regions), desk.short_name)
        for desk in active
    ]
    return build(snapshot.sectors, places, _areas())


def _served(desk: reference.Desk, gazetteer) -> tuple[str, ...]:
    """The districts an institution covering only part of the country serves."""
    if not desk.regions:
        return ()
    return desk.districts or tuple(key for key, (region, _name, _kind)
                                   in gazetteer.districts.items() if region in desk.regions)


def _areas() -> Areas:
    regions, districts = places_of_tanzania.listing()
    return Areas(tuple(Area(*region) for region in regions),
                 {key: tuple(Area(*district) for district in items)
                  for key, items in districts.items()})


def current() -> Catalog:
    """The catalog of the current reference data, built once per snapshot."""
    return reference.current().derived("ussd.catalog", load)


def clear() -> None:
    """Forget every cached catalog (tests, and after a seed)."""
    reference.clear()
