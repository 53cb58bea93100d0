"""The institution and sector lists the menu shows, kept out of the database on the hot path.

They are built from mrejesho.reference's snapshot, once per change of the reference data, so
an administrator's edit shows at the next step. build() is pure (rows in, Catalog out),
which lets tests make catalogs without a database.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from mrejesho import reference

LISTED_ELSEWHERE = ("council", "triage")  # councils are reached by region; triage by "not sure"


@dataclass(frozen=True)
class Place:
    """An institution as the menu shows it."""

    code: str
    name_sw: str
    name_en: str
    kind: str
    sector: str
    parent: str | None = None

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sw


@dataclass(frozen=True)
class Group:
    """A sector: its code, names and the institutions listed under it."""

    code: str
    name_sw: str
    name_en: str
    places: tuple[Place, ...] = ()

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sw


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per load
class Catalog:
    """Everything the menu needs to know about institutions."""

    sectors: tuple[Group, ...] = ()
    regions: tuple[Place, ...] = ()
    councils: dict[str, tuple[Place, ...]] = field(default_factory=dict)
    by_code: dict[str, Place] = field(default_factory=dict)
    triage: str | None = None

    def sector(self, code: str | None) -> Group | None:
        return next((group for group in self.sectors if group.code == code), None)

    def find(self, code: str | None) -> Place | None:
        return self.by_code.get((code or "").strip().upper())


def build(sectors: Iterable[tuple[str, str, str]], places: Iterable[Place]) -> Catalog:
    """Group active institutions (already in display order) under sectors and regions."""
    places = tuple(places)
    listed = {code: [] for code, _sw, _en in sectors}
    councils: dict[str, list[Place]] = {}
    for place in places:
        if place.kind == "council" and place.parent:
            councils.setdefault(place.parent, []).append(place)
        elif place.kind not in LISTED_ELSEWHERE and place.sector in listed:
            listed[place.sector].append(place)
    groups = tuple(
        Group(code, sw, en, tuple(listed[code])) for code, sw, en in sectors if listed[code]
    )
    regions = tuple(p for p in places if p.kind == "region" and p.code in councils)
    triage = next((p.code for p in places if p.kind == "triage"), None)
    return Catalog(
        sectors=groups, regions=regions,
        councils={code: tuple(items) for code, items in councils.items()},
        by_code={p.code: p for p in places}, triage=triage,
    )


def load(snapshot: reference.Snapshot) -> Catalog:
    """The menu's lists from a reference snapshot: active sectors' institutions, in id order."""
    active = [desk for desk in snapshot.desks if desk.active]
    codes = {desk.code for desk in active}
    places = [
        Place(desk.code, desk.name_sw, desk.name_en, desk.kind, desk.sector,
              desk.parent if desk.parent in codes else None)
        for desk in active
    ]
    return build(snapshot.sectors, places)


def current() -> Catalog:
    """The catalog of the current reference data, built once per snapshot."""
    return reference.current().derived("ussd.catalog", load)


def clear() -> None:
    """Forget every cached catalog (tests, and after a seed)."""
    reference.clear()
