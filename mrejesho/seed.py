"""Reference and demo data: sectors and institutions (data/institutions.json), councils,
regional secretariats and water authorities with what they cover (data/jurisdictions.json),
the gazetteer's regions, districts and wards (data/places/), and demo staff.

Seeding adds and updates reference data but never overwrites what an admin edited: each
institution remembers what seed last wrote into its editable fields (Institution.seeded),
and a field that holds something else now is left as it is."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import sqlalchemy as sa

from . import reference
from .extensions import db
from .models import District, Feedback, Institution, Region, Sector, StaffUser, Ward

DATA_FILE = Path(__file__).parent / "data" / "institutions.json"
JURISDICTIONS_FILE = Path(__file__).parent / "data" / "jurisdictions.json"
PLACES_DIR = Path(__file__).parent / "data" / "places"

# (email, name, role, institution code); password is DEMO_PASSWORD. Development only.
DEMO_STAFF = (
    ("admin@mrejesho.go.tz", "Asha Mwinyi", "admin", "DAWATI"),
    ("triage@mrejesho.go.tz", "Juma Hassan", "officer", "DAWATI"),
    ("afisa@tanesco.go.tz", "Neema Mollel", "officer", "TANESCO"),
    ("meneja@tanesco.go.tz", "Baraka Mushi", "manager", "TANESCO"),
    ("afisa@dawasa.go.tz", "Rehema Said", "officer", "DAWASA"),
    ("afisa@tra.go.tz", "Daudi Kimaro", "officer", "TRA"),
)
DEMO_PASSWORD = "mrejesho-demo"


def load_institutions(path: Path = DATA_FILE, jurisdictions: Path = JURISDICTIONS_FILE) -> dict:
    """Create or update the sectors and the institutions of institutions.json (with what
    jurisdictions.json says of the same codes: short name, coverage, aliases); returns counts.

    The test suite calls this after every test and deletes any other institution, so it
    stays the cheap core set; `flask seed` adds the rest with load_jurisdictions().
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    sectors = {s.code: s for s in db.session.scalars(db.select(Sector))}
    for item in data["sectors"]:
        sector = sectors.get(item["code"]) or Sector(code=item["code"])
        sector.name_sw, sector.name_en = item["name_sw"], item["name_en"]
        sectors[item["code"]] = sector
        db.session.add(sector)
    regional = {item["code"]: item for item in _jurisdictions(jurisdictions)}
    records = [_merged(item, regional.get(item["code"])) for item in data["institutions"]]
    _store(records, sectors)
    db.session.commit()
    return {"sectors": len(data["sectors"]), "institutions": len(data["institutions"])}


def load_jurisdictions(path: Path = JURISDICTIONS_FILE, core: Path = DATA_FILE) -> dict:
    """Create or update every council, regional secretariat and urban water authority of
    jurisdictions.json, with what each covers (those also in institutions.json are
    load_institutions' business); returns counts."""
    sectors = {s.code: s for s in db.session.scalars(db.select(Sector))}
    known = {item["code"] for item in json.loads(core.read_text(encoding="utf-8"))["institutions"]}
    records = [_merged(None, item) for item in _jurisdictions(path) if item["code"] not in known]
    _store(records, sectors)
    db.session.commit()
    return {"institutions": len(records)}


def records(path: Path = DATA_FILE, jurisdictions: Path = JURISDICTIONS_FILE) -> list[dict]:
    """Every institution as `flask seed` writes it (both files merged), without a database:
    for evaluating the router on the reference data as shipped."""
    data = json.loads(path.read_text(encoding="utf-8"))
    regional = {item["code"]: item for item in _jurisdictions(jurisdictions)}
    out = [_merged(item, regional.pop(item["code"], None)) for item in data["institutions"]]
    return out + [_merged(None, item) for item in regional.values()]


def _jurisdictions(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["institutions"]


def _merged(core: dict | None, regional: dict | None) -> dict:
    """One institution from institutions.json and/or jurisdictions.json. For a code in both,
    jurisdictions.json's aliases win: they name the institution, never a bare place (which
    the router finds in the gazetteer)."""
    base = dict(core or regional)
    if regional:
        for key in ("name_sw", "name_en", "kind", "parent"):
            base.setdefault(key, regional.get(key))
        base["short_name"] = regional.get("short_name")
        base["covers"] = {"regions": list(regional.get("covers", {}).get("regions", [])),
                          "districts": list(regional.get("covers", {}).get("districts", []))}
        base["aliases"] = regional.get("aliases", [])
        base.setdefault("sector", (regional.get("sectors") or ["GENERAL"])[0])
        base["handles"] = {"sectors": list(regional.get("sectors", []))}
    base.setdefault("short_name", None)
    base.setdefault("covers", {})
    base.setdefault("handles", {"sectors": [base["sector"]]})
    base["aliases"] = [a.lower() for a in base.get("aliases", [])]
    return base


EDITABLE = ("aliases", "covers", "handles", "short_name")


def _store(items: list[dict], sectors: dict) -> None:
    institutions = {i.code: i for i in db.session.scalars(db.select(Institution))}
    for item in items:
        inst = institutions.get(item["code"])
        if inst is None:
            inst = Institution(code=item["code"], seeded={})
            db.session.add(inst)
            institutions[item["code"]] = inst
        _set(inst, name_sw=item["name_sw"], name_en=item["name_en"], kind=item["kind"],
             sla_days=item.get("sla_days", inst.sla_days or {}), active=True)
        if inst.sector is not sectors[item["sector"]]:
            inst.sector = sectors[item["sector"]]
        seeded = dict(inst.seeded or {})
        for name in EDITABLE:
            current = getattr(inst, name)
            # An admin's edit is what differs from what seed last wrote: keep it.
            # (Rows seeded before seed kept this record count as seed's own.)
            if name not in seeded or current == seeded[name]:
                if current != item[name]:
                    setattr(inst, name, item[name])
                seeded[name] = item[name]
        if seeded != (inst.seeded or {}):
            inst.seeded = seeded
    db.session.flush()  # new rows get their ids
    for item in items:
        parent = institutions.get(item.get("parent") or "")
        inst = institutions[item["code"]]
        if inst.parent_id != (parent.id if parent else None):
            inst.parent_id = parent.id if parent else None


def _set(obj, **values) -> None:
    """Set only what differs, so an unchanged row is not written (nor the version bumped)."""
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)


def load_places(directory: Path = PLACES_DIR) -> dict:
    """Create or update regions, districts and wards from the gazetteer's CSV files (bulk:
    about 4,100 rows); returns counts. Streets stay in streets.csv, read by the router."""
    regions = _csv(directory / "regions.csv")
    districts = _csv(directory / "districts.csv")
    wards = _csv(directory / "wards.csv")
    region_ids = _upsert(Region, [
        {"key": r["key"], "name": r["name"], "zone": r["zone"] or "mainland"} for r in regions])
    district_ids = _upsert(District, [
        {"key": d["key"], "region_id": region_ids[d["region_key"]], "name": d["name"],
         "kind": d["kind"] or "district"} for d in districts])
    _upsert(Ward, [
        {"key": w["key"], "district_id": district_ids[w["district_key"]], "name": w["name"],
         "post_code": w["post_code"] or None} for w in wards])
    db.session.commit()
    return {"regions": len(regions), "districts": len(districts), "wards": len(wards)}


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _upsert(model, rows: list[dict]) -> dict[str, int]:
    """Insert the rows whose key is new and update those that changed, in bulk; returns
    key -> id."""
    table = model.__table__
    columns = [c for c in rows[0] if c != "key"] if rows else []
    existing = {row.key: row for row in db.session.execute(
        sa.select(table.c.id, table.c.key, *[table.c[c] for c in columns]))}
    new = [row for row in rows if row["key"] not in existing]
    changed = [{"id": existing[row["key"]].id, **row} for row in rows
               if row["key"] in existing
               and any(getattr(existing[row["key"]], c) != row[c] for c in columns)]
    if new or changed:
        reference.bump(db.session)
    if new:
        db.session.execute(sa.insert(table), new)
    if changed:
        db.session.execute(sa.update(table).where(table.c.id == sa.bindparam("_id")),
                           [{"_id": row.pop("id"), **row} for row in changed])
    return dict(db.session.execute(sa.select(table.c.key, table.c.id)).all())


def create_staff(email: str, name: str, role: str, institution_code: str,
                 password: str) -> StaffUser:
    """Create a staff account (or reset an existing one's details and password)."""
    institution = db.session.scalar(db.select(Institution).filter_by(code=institution_code.upper()))
    if institution is None:
        raise LookupError(f"No institution with code {institution_code}")
    user = db.session.scalar(db.select(StaffUser).filter_by(email=email.lower()))
    user = user or StaffUser(email=email.lower())
    user.name, user.role, user.institution, user.active = name, role, institution, True
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def seed_demo_staff() -> list[tuple[str, str, str]]:
    """Create the demo accounts; returns (email, role, institution) for printing."""
    created = []
    for email, name, role, code in DEMO_STAFF:
        create_staff(email, name, role, code, DEMO_PASSWORD)
        created.append((email, role, code))
    return created


# Sample feedback for a new install (`flask seed --sample`, which `make run` does): enough
# for a living queue, dashboard and statistics, never to be mistaken for citizens' own.
SAMPLE_COUNT = 400
SAMPLE_DAYS = 90
SAMPLE_SEED = 2024
SAMPLE_PREFIX = "sample"  # each sample row's source_key is "sample:<reference>"


def sample_count() -> int:
    """How many sample feedback items the database holds."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Feedback)
        .where(Feedback.source_key.like(f"{SAMPLE_PREFIX}:%")))


def load_sample_feedback(count: int = SAMPLE_COUNT, *, now=None, dispute_days: int = 7,
                         grace_days: int = 2) -> int:
    """Add count generated feedback items (mrejesho.generate: channels, institutions,
    places and states as a national service's) over the last SAMPLE_DAYS days, with their
    timelines and SMS; returns how many were added: none when a sample is already there,
    so running it twice does not double it."""
    from . import generate  # it imports this module
    from .timeutil import utcnow

    if sample_count():
        return 0
    summary = generate.load(count, seed=SAMPLE_SEED, now=now or utcnow(), chunk=count,
                            dispute_days=dispute_days, grace_days=grace_days,
                            days=SAMPLE_DAYS, source_prefix=SAMPLE_PREFIX)
    return summary.feedback
