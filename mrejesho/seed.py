"""Demo and reference data: sectors and institutions from data/institutions.json, demo staff."""
from __future__ import annotations

import json
from pathlib import Path

from .extensions import db
from .models import Institution, Sector, StaffUser

DATA_FILE = Path(__file__).parent / "data" / "institutions.json"

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


def load_institutions(path: Path = DATA_FILE) -> dict:
    """Create or update sectors and institutions from the JSON file; returns counts."""
    data = json.loads(path.read_text(encoding="utf-8"))
    sectors = {s.code: s for s in db.session.scalars(db.select(Sector))}
    for item in data["sectors"]:
        sector = sectors.get(item["code"]) or Sector(code=item["code"])
        sector.name_sw, sector.name_en = item["name_sw"], item["name_en"]
        sectors[item["code"]] = sector
        db.session.add(sector)
    institutions = {i.code: i for i in db.session.scalars(db.select(Institution))}
    for item in data["institutions"]:
        inst = institutions.get(item["code"]) or Institution(code=item["code"])
        inst.name_sw, inst.name_en = item["name_sw"], item["name_en"]
        inst.kind, inst.sector = item["kind"], sectors[item["sector"]]
        inst.aliases = [a.lower() for a in item.get("aliases", [])]
        inst.sla_days = item.get("sla_days", inst.sla_days or {})
        inst.active = True
        institutions[item["code"]] = inst
        db.session.add(inst)
    for item in data["institutions"]:
        parent = item.get("parent")
        institutions[item["code"]].parent = institutions[parent] if parent else None
    db.session.commit()
    return {"sectors": len(data["sectors"]), "institutions": len(data["institutions"])}


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
