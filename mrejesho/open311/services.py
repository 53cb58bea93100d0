"""Open311 services and their definitions, from the reference data.

The service_code scheme (stable, documented in the README): a service is an institution,
and its code is the institution's code (`TANESCO`, `DAWASA`: the codes citizens type in an
SMS, which never change). Its group is the institution's sector. The kind of feedback
(complaint, suggestion, enquiry, compliment) is an attribute of every service, not a service
of its own: one list of institutions grouped by sector is what a reporting app can show,
where a service per kind would list every institution four times. The central desk's code
(`DAWATI`) means "I don't know which institution": the router reads the text and picks, or
leaves it to the desk, as it does for an SMS without a code.
"""
from __future__ import annotations

from flask_babel import gettext as _

from .. import reference, texts
from ..languages import LANGUAGES
from ..models import KINDS

DEFAULT_KIND = "complaint"
# Each language by its own name (as the staff forms' choices), the same in any catalog.
LANGUAGE_NAMES = (("sw", "Kiswahili"), ("en", "English"))


def _desks():
    """The institutions offered as services: active ones, the triage desk first."""
    snapshot = reference.current()
    return sorted((d for d in snapshot.desks if d.active),
                  key=lambda d: (d.kind != reference.TRIAGE_KIND, d.code))


def find(code: str | None):
    """The active institution a service_code names (any case), or None."""
    if not code or len(code) > 40:
        return None
    return reference.current().active(code)


def routed_by_router(desk) -> bool:
    """Whether a request to this service is routed by the router (the triage desk's code)."""
    return desk.kind == reference.TRIAGE_KIND


def _sector_names(lang: str) -> dict[str, str]:
    return {code: (name_en if lang == "en" else name_sw)
            for code, name_sw, name_en in reference.current().sectors}


def listing(lang: str) -> list[dict]:
    """GET services: every active institution as a service, grouped by sector."""
    sectors = _sector_names(lang)
    out = []
    for desk in _desks():
        name = desk.name(lang)
        if routed_by_router(desk):
            description = _("Not sure which institution? The central feedback desk reads "
                            "your message and sends it to the institution responsible.")
        else:
            description = _("Complaints, suggestions, enquiries and compliments to %(inst)s.",
                            inst=name)
        out.append({
            "service_code": desk.code, "service_name": name, "description": description,
            "metadata": True, "type": "realtime",
            "keywords": ",".join(desk.aliases), "group": sectors.get(desk.sector, desk.sector),
        })
    return out


def definition(desk, lang: str) -> dict:
    """GET services/{code}: the attributes a request to this service may carry."""
    kinds = texts.kind_labels(lang)
    return {"service_code": desk.code, "attributes": [
        {"variable": True, "code": "kind", "datatype": "singlevaluelist", "required": False,
         "datatype_description": _("Complaint unless you choose another kind."),
         "order": 1, "description": _("Kind of feedback"),
         "values": [{"key": kind, "name": kinds.get(kind, kind)} for kind in KINDS]},
        {"variable": True, "code": "subject", "datatype": "string", "required": False,
         "datatype_description": _("At most 200 characters."), "order": 2,
         "description": _("Subject"), "values": []},
        {"variable": True, "code": "anonymous", "datatype": "singlevaluelist",
         "required": False,
         "datatype_description": _("true: the institution never sees the phone number."),
         "order": 3, "description": _("Without identifying yourself"),
         "values": [{"key": "false", "name": _("No")}, {"key": "true", "name": _("Yes")}]},
        {"variable": True, "code": "language", "datatype": "singlevaluelist",
         "required": False, "datatype_description": _("Kiswahili unless you choose English."),
         "order": 4, "description": _("Language of the messages to the citizen"),
         "values": [{"key": code, "name": name} for code, name in LANGUAGE_NAMES
                    if code in LANGUAGES]},
    ]}


def attribute_values() -> dict[str, tuple[str, ...]]:
    """The values each list attribute accepts (POST requests checks them)."""
    return {"kind": KINDS, "anonymous": ("true", "false"), "language": tuple(LANGUAGES)}
