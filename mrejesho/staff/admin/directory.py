"""Operations on the directory: institutions, sectors and canned responses. The admin and
manager views call these; they keep the rules (unique codes, no parent loops) in one place.
They change and flush; the request's unit of work commits."""
from __future__ import annotations

from ...extensions import db
from ...models import KINDS, CannedResponse, Institution, Sector


class DirectoryError(ValueError):
    """A change that would break the directory; code names the rule."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parent_loops(institution: Institution | None, parent: Institution | None) -> bool:
    """True when making `parent` the parent of `institution` would create a cycle."""
    seen = set()
    while parent is not None and parent.id not in seen:
        if institution is not None and parent.id == institution.id:
            return True
        seen.add(parent.id)
        parent = parent.parent
    return False


def save_institution(institution: Institution | None, data: dict) -> Institution:
    """Create (institution None) or update an institution from form data."""
    taken = db.session.scalar(db.select(Institution).filter_by(code=data["code"]))
    if taken is not None and taken is not institution:
        raise DirectoryError("code_taken")
    parent = db.session.scalar(db.select(Institution).filter_by(code=data["parent"])) \
        if data.get("parent") else None
    if parent_loops(institution, parent):
        raise DirectoryError("parent_loop")
    institution = institution or Institution(code=data["code"])
    institution.code = data["code"]
    institution.name_sw, institution.name_en = data["name_sw"].strip(), data["name_en"].strip()
    institution.sector = db.session.get(Sector, data["sector"])
    institution.kind, institution.parent = data["kind"], parent
    institution.sla_days = {kind: data[f"sla_{kind}"] for kind in KINDS if data.get(f"sla_{kind}")}
    institution.aliases = sorted({word.strip().lower()
                                  for word in (data.get("aliases") or "").split(",")
                                  if word.strip()})
    institution.active = bool(data["active"])
    db.session.add(institution)
    db.session.flush()
    return institution


def save_sector(sector: Sector | None, data: dict) -> Sector:
    """Create (sector None) or update a sector."""
    taken = db.session.scalar(db.select(Sector).filter_by(code=data["code"]))
    if taken is not None and taken is not sector:
        raise DirectoryError("code_taken")
    sector = sector or Sector()
    sector.code = data["code"]
    sector.name_sw, sector.name_en = data["name_sw"].strip(), data["name_en"].strip()
    db.session.add(sector)
    db.session.flush()
    return sector


def save_canned(row: CannedResponse | None, *, institution: Institution, title: str,
                body: str, language: str) -> CannedResponse:
    """Create (row None) or update a canned response of an institution."""
    row = row or CannedResponse()
    row.institution_id = institution.id
    row.title, row.body, row.language = title.strip(), body.strip(), language
    db.session.add(row)
    db.session.flush()
    return row


def delete_canned(row: CannedResponse) -> None:
    """Remove a canned response."""
    db.session.delete(row)
    db.session.flush()
