"""POST requests: an Open311 form (service_code, description, attribute[...], the citizen's
contact, a place) as the intake's submission, refused field by field in words."""
from __future__ import annotations

import math

from flask_babel import gettext as _

from .. import intake, texts
from ..schemas import BODY_MIN
from . import services
from .render import Open311Error

ADDRESS_MAX = 250


def submission(form, lang: str) -> dict:
    """The raw submission mrejesho.intake takes; Open311Error (400) for a bad service or
    attribute, intake.Rejected for a description too short."""
    desk = services.find(form.get("service_code"))
    if not form.get("service_code"):
        raise Open311Error(400, _("service_code is missing."))
    if desk is None:
        raise Open311Error(400, _("service_code %(code)s is not a service of this endpoint.",
                                  code=form.get("service_code", "")[:40]))
    attributes = _attributes(form)
    body = (form.get("description") or "").strip()
    if len(body) < BODY_MIN:  # checked before a place is added to it
        raise intake.Rejected({"body": "body.too_short"})
    address = (form.get("address_string") or "").strip()[:ADDRESS_MAX]
    where = _place(form.get("lat"), form.get("long"))
    if address or where:
        # Kept with the citizen's words, where the officer reads them and the router
        # finds the place's name.
        body = "\n\n".join(part for part in (body, " ".join(filter(None, (address, where))))
                           if part)
    name = " ".join(filter(None, ((form.get("first_name") or "").strip(),
                                  (form.get("last_name") or "").strip())))
    return {
        "kind": attributes.get("kind") or services.DEFAULT_KIND,
        "institution": None if services.routed_by_router(desk) else desk.code,
        "subject": attributes.get("subject"), "body": body, "name": name or None,
        "phone": form.get("phone"), "email": form.get("email"),
        "anonymous": attributes.get("anonymous") == "true",
        "language": attributes.get("language") or lang,
    }


def _attributes(form) -> dict[str, str]:
    """attribute[code]=value pairs, each list attribute checked against its values."""
    allowed = services.attribute_values()
    out = {}
    for name, value in form.items():
        if not (name.startswith("attribute[") and name.endswith("]")):
            continue
        code, value = name[len("attribute["):-1], value.strip()
        if code in allowed and value and value not in allowed[code]:
            raise Open311Error(400, _("attribute[%(code)s] must be one of: %(values)s.",
                                      code=code, values=", ".join(allowed[code])))
        if code in allowed or code == "subject":
            out[code] = value or None
    return out


def _place(lat: str | None, long: str | None) -> str | None:
    """"(lat, long)" when both are given and are coordinates; Open311Error when not."""
    if not lat and not long:
        return None
    try:
        latitude, longitude = float(lat or "x"), float(long or "x")
    except ValueError:
        latitude = longitude = math.nan
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Open311Error(400, _("lat and long must be a latitude and a longitude in "
                                  "decimal degrees (WGS84)."))
    return f"({latitude:.6f}, {longitude:.6f})"


def refusals(rejected: intake.Rejected, lang: str) -> list[dict]:
    """The intake's refusal, one Open311 error per field, in the reader's language."""
    fields = {"body": "description", "name": "first_name"}
    return [{"code": 400, "description": f"{fields.get(field, field)}: "
             f"{texts.error(code, lang)}"} for field, code in rejected.errors.items()]
