"""Reference data (sectors, institutions, places, routing aliases) as each process keeps it.

Every SMS, USSD step and form reads which institutions exist; an administrator changes them a
few times a year. So each process keeps a snapshot of them and rebuilds it only when the
database's reference version has moved. Any change to an Institution or Sector made through
the ORM (the admin pages, `flask seed`, tests' factories) bumps that version in the same
transaction, so every process, on every host, sees the change at its next request. Checking
the version is one primary-key read, made at most once a second per process: a change made
in another process shows within a second, one made in this process at once.

What the channels derive from the rows (the SMS parser's directory, the USSD menu's lists) is
built once per snapshot through Snapshot.derived().
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import db
from .models import (
    DEFAULT_SLA_DAYS,
    District,
    Institution,
    ReferenceVersion,
    Region,
    RoutingAlias,
    Sector,
    Ward,
)

NAME = "reference"
VERSION_SQL = f"SELECT version FROM reference_version WHERE name = '{NAME}'"
BUMPED = "reference_bumped"  # key in Session.info: this transaction changed reference data
TRIAGE_KIND = "triage"


@dataclass(frozen=True)
class Desk:
    """An institution as the hot paths need it (plain data, safe to share between threads)."""

    id: int
    code: str
    name_sw: str
    name_en: str
    kind: str
    sector: str
    parent: str | None
    aliases: tuple[str, ...]
    sla_days: MappingProxyType
    active: bool
    short_name: str | None = None
    regions: tuple[str, ...] = ()  # region keys it covers; none: the whole country
    districts: tuple[str, ...] = ()  # district keys it covers; none: all of its regions
    handles: tuple[str, ...] = ()  # sector codes it handles

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sw

    def sla_for(self, kind: str) -> int:
        return int(self.sla_days.get(kind, DEFAULT_SLA_DAYS[kind]))


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The sectors and institutions at one reference version."""

    version: int
    sectors: tuple[tuple[str, str, str], ...]  # (code, name_sw, name_en), in order
    desks: tuple[Desk, ...]  # every institution, in id order
    by_code: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    by_id: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    # The active routing aliases of active institutions: (phrase, CODE, weight, source).
    aliases: tuple[tuple[str, str, float, str], ...] = ()
    _derived: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def active(self, code: str | None) -> Desk | None:
        """The active institution with this code (any case), or None."""
        desk = self.by_code.get((code or "").strip().upper())
        return desk if desk is not None and desk.active else None

    @property
    def triage(self) -> Desk | None:
        """The active triage desk with the lowest id."""
        return next((d for d in self.desks if d.kind == TRIAGE_KIND and d.active), None)

    def derived(self, key: str, build: Callable[[Snapshot], object]):
        """build(self), computed once per snapshot and kept with it."""
        try:
            return self._derived[key]
        except KeyError:
            with self._lock:
                if key not in self._derived:
                    self._derived[key] = build(self)
                return self._derived[key]


def load(version: int) -> Snapshot:
    """Read the sectors, institutions and active routing aliases from the database."""
    sectors = tuple(tuple(row) for row in db.session.execute(
        sa.select(Sector.code, Sector.name_sw, Sector.name_en).order_by(Sector.id)))
    parent = sa.orm.aliased(Institution)
    rows = db.session.execute(
        sa.select(Institution.id, Institution.code, Institution.name_sw, Institution.name_en,
                  Institution.kind, Sector.code, parent.code, Institution.aliases,
                  Institution.sla_days, Institution.active, Institution.short_name,
                  Institution.covers, Institution.handles)
        .join(Sector, Sector.id == Institution.sector_id)
        .outerjoin(parent, parent.id == Institution.parent_id)
        .order_by(Institution.id)
    )
    desks = tuple(
        Desk(id_, code.upper(), sw, en, kind, sector, parent_code, tuple(aliases or ()),
             MappingProxyType(dict(sla or {})), bool(active), short,
             tuple((covers or {}).get("regions", ())), tuple((covers or {}).get("districts", ())),
             tuple((handles or {}).get("sectors", ())))
        for (id_, code, sw, en, kind, sector, parent_code, aliases, sla, active, short, covers,
             handles) in rows
    )
    aliases = tuple(
        (phrase, code.upper(), float(weight), source)
        for phrase, code, weight, source in db.session.execute(
            sa.select(RoutingAlias.phrase, Institution.code, RoutingAlias.weight,
                      RoutingAlias.source)
            .join(Institution, Institution.id == RoutingAlias.institution_id)
            .where(RoutingAlias.active.is_(True), Institution.active.is_(True))
            .order_by(RoutingAlias.id)))
    return Snapshot(version, sectors, desks, MappingProxyType({d.code: d for d in desks}),
                    MappingProxyType({d.id: d for d in desks}), aliases)


_lock = threading.Lock()
_snapshots: dict[str, Snapshot] = {}


def current() -> Snapshot:
    """The snapshot of this app's database at its current reference version."""
    if db.session.registry.has() and db.session.info.get(BUMPED):
        # This unit of work changed reference data it has not committed yet: it sees its
        # own change, which no other request may see (it could still be rolled back).
        return load(-1)
    version = _version()
    key = str(db.engine.url)
    snapshot = _snapshots.get(key)
    if snapshot is None or snapshot.version != version:
        with _lock:
            snapshot = _snapshots.get(key)
            if snapshot is None or snapshot.version != version:
                snapshot = _snapshots[key] = load(version)
    return snapshot


def clear() -> None:
    """Forget every snapshot (the next read rebuilds it)."""
    with _lock:
        _snapshots.clear()
        _checked.clear()


CHECK_SECONDS = 1.0  # how long a process trusts the version it read last
_checked: dict[str, tuple[float, int]] = {}


def _version() -> int:
    key = str(db.engine.url)
    entry = _checked.get(key)
    now = time.monotonic()
    if entry is not None and now - entry[0] < CHECK_SECONDS:
        return entry[1]
    version = _read_version()
    _checked[key] = (now, version)
    return version


def _read_version() -> int:
    # Plain SQL: this runs on every request of every hot path, and skipping the ORM's
    # statement machinery makes it about five times cheaper (about 20 instead of 110 µs).
    return db.session.connection().exec_driver_sql(VERSION_SQL).scalar() or 0


REFERENCE_MODELS = (Institution, Sector, Region, District, Ward, RoutingAlias)


@event.listens_for(Session, "after_flush")
def _bump_when_reference_changed(session, _context) -> None:
    # An attribute set to the value it had leaves its object in session.dirty, unchanged.
    dirty = (obj for obj in session.dirty
             if isinstance(obj, REFERENCE_MODELS)
             and session.is_modified(obj, include_collections=False))
    changed = (*session.new, *session.deleted)
    if any(isinstance(obj, REFERENCE_MODELS) for obj in changed) or any(True for _ in dirty):
        bump(session)


def bump(session: Session) -> None:
    """Move the reference version on, in this transaction (the ORM's changes do it by
    themselves; bulk writes to reference tables call this)."""
    connection = session.connection()
    bumped = connection.execute(
        sa.update(ReferenceVersion).where(ReferenceVersion.name == NAME)
        .values(version=ReferenceVersion.version + 1)
    )
    if bumped.rowcount == 0:
        connection.execute(sa.insert(ReferenceVersion).values(name=NAME, version=1))
    session.info[BUMPED] = True


@event.listens_for(Session, "after_commit")
def _read_afresh_after_own_change(session) -> None:
    if session.info.pop(BUMPED, None):
        _checked.clear()  # this process sees its own change at once


@event.listens_for(Session, "after_rollback")
def _forget_bump(session) -> None:
    session.info.pop(BUMPED, None)
