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
    aliases = sorted({word.strip().lower() for word in (data.get("aliases") or "").split(",")
                      if word.strip()})
    # A list holding the same words in another order is left as it is: `flask seed` tells an
    # admin's edit from its own by comparing values (seed.py), and a re-save is no edit.
    if sorted(institution.aliases or []) != aliases:
        institution.aliases = aliases
    if "short_name" in data and institution.short_name != data["short_name"]:
        institution.short_name = data["short_name"]
    if "regions" in data:
        covers = {"regions": list(data["regions"]), "districts": list(data.get("districts", []))}
        current = institution.covers or {}
        if ({k: sorted(v) for k, v in current.items() if v}
                != {k: sorted(v) for k, v in covers.items() if v}):
            institution.covers = covers if covers["regions"] or covers["districts"] else {}
    institution.active = bool(data["active"])
    institution.urgent_sla_hours = data.get("urgent_sla_hours") or 24
    db.session.add(institution)
    db.session.flush()
    return institution


def coverage_errors(regions: list[str], districts: list[str]) -> dict[str, str]:
    """What is wrong with a coverage, by field: keys the gazetteer does not know, and
    districts outside the regions covered. Empty when it is fine."""
    from flask_babel import gettext as _

    from ...router import gazetteer

    gaz = gazetteer.load()
    errors = {}
    unknown = [key for key in regions if key not in gaz.regions]
    if unknown:
        errors["regions"] = _("Unknown region key: %(keys)s. Use the keys of the list below.",
                              keys=", ".join(unknown))
    unknown = [key for key in districts if key not in gaz.districts]
    outside = [key for key in districts
               if key in gaz.districts and regions and gaz.districts[key][0] not in regions]
    if unknown:
        errors["districts"] = _("Unknown district key: %(keys)s. Use the keys of the list "
                                "below.", keys=", ".join(unknown))
    elif outside:
        errors["districts"] = _("Not in the regions covered: %(keys)s.", keys=", ".join(outside))
    elif districts and not regions:
        errors["districts"] = _("Give the regions of these districts too.")
    return errors


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
