"""The institution and sector lists the menu shows, kept out of the database on the hot path.

They are read-only reference data, so each process keeps plain immutable tuples, loaded
once and reloaded after TTL seconds so an administrator's edits show up within a minute.
build() is pure (rows in, Catalog out), which lets tests make catalogs without a database.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from mrejesho.extensions import db
from mrejesho.models import Institution, Sector

TTL_SECONDS = 60.0
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


def load() -> Catalog:
    """Read the active sectors and institutions from the database."""
    sectors = db.session.execute(
        db.select(Sector.code, Sector.name_sw, Sector.name_en).order_by(Sector.id)
    ).all()
    rows = db.session.scalars(
        db.select(Institution).where(Institution.active).order_by(Institution.id)
    ).all()
    codes = {row.id: row.code for row in rows}
    places = [
        Place(row.code, row.name_sw, row.name_en, row.kind, row.sector.code,
              codes.get(row.parent_id))
        for row in rows
    ]
    return build([tuple(s) for s in sectors], places)


_lock = threading.Lock()
_cache: dict[str, tuple[float, Catalog]] = {}


def current() -> Catalog:
    """The cached catalog of this app's database, reloaded when older than TTL_SECONDS."""
    key = str(db.engine.url)
    entry = _cache.get(key)
    if entry is None or time.monotonic() - entry[0] > TTL_SECONDS:
        with _lock:
            entry = _cache.get(key)
            if entry is None or time.monotonic() - entry[0] > TTL_SECONDS:
                entry = (time.monotonic(), load())
                _cache[key] = entry
    return entry[1]


def clear() -> None:
    """Forget every cached catalog (tests, and after a seed)."""
    with _lock:
        _cache.clear()
