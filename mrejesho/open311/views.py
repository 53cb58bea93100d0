"""The Open311 GeoReport v2 routes. Each answers in the format its path ends with (.json or
.xml); every refusal is the specification's error list in that format, never a page."""
from __future__ import annotations

from flask import Blueprint, current_app, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from .. import intake, references
from ..api import keys
from ..extensions import csrf, db, limiter
from ..models import Feedback
from . import requests as found
from . import services, submit
from .render import Open311Error, answer, error

bp = Blueprint("open311", __name__, url_prefix="/open311")
csrf.exempt(bp)  # a machine API: the api_key authenticates, no browser session is used

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-25T00:00:00Z"  # when this endpoint's shape last changed
READ_LIMIT, WRITE_LIMIT = "120/minute", "30/minute"


def route(rule: str, **options):
    """Register a view at rule.json and rule.xml (the format is part of the path)."""
    def decorator(view):
        for fmt in ("json", "xml"):
            bp.add_url_rule(f"{rule}.{fmt}", view_func=view, defaults={"fmt": fmt}, **options)
        return view
    return decorator


def _lang() -> str:
    return str(get_locale() or "sw")


def _key(required: bool):
    """The live API key given as api_key (query or form); Open311Error(403) when one was
    given and is not valid, or none was given and one is required."""
    raw = request.values.get("api_key")
    key = keys.authenticate(raw) if raw else None
    if key is None and (raw or required):
        raise Open311Error(403, _("api_key is missing or not valid."))
    return key


@bp.errorhandler(Open311Error)
def refused(exc: Open311Error):
    return error(request.view_args.get("fmt", "xml") if request.view_args else "xml",
                 exc.status, exc.description)


@bp.errorhandler(429)
def too_many(_exc):
    return error((request.view_args or {}).get("fmt", "xml"), 429,
                 _("Too many requests: wait a minute and try again."))


@route("/v2/discovery")
@limiter.limit(READ_LIMIT)
def discovery(fmt: str):
    """Where the endpoint is and what it speaks."""
    base = url_for("open311.services_list", fmt=fmt, _external=True).rsplit("/", 1)[0] + "/"
    return answer(fmt, "discovery", "", {
        "changeset": CHANGESET, "contact": current_app.config.get("OPEN311_CONTACT", ""),
        "key_service": _("An institution's manager creates API keys in the staff workspace."),
        "endpoints": [{"specification": SPECIFICATION, "url": base, "changeset": CHANGESET,
                       "type": "production", "formats": ["text/xml", "application/json"]}],
    })


@route("/discovery", endpoint="discovery_root")
@limiter.limit(READ_LIMIT)
def discovery_root(fmt: str):
    """The discovery document where clients look first, beside the version's own."""
    return discovery(fmt)


@route("/v2/services")
@limiter.limit(READ_LIMIT)
def services_list(fmt: str):
    """Every institution as a service, grouped by sector."""
    return answer(fmt, "services", "service", services.listing(_lang()))


@route("/v2/services/<name>")
@limiter.limit(READ_LIMIT)
def service_definition(fmt: str, name: str):
    """The attributes a request to this service may carry."""
    desk = services.find(name)
    if desk is None:
        raise Open311Error(404, _("No service has this service_code."))
    return answer(fmt, "service_definition", "", services.definition(desk, _lang()))


@route("/v2/requests", methods=["POST"])
@limiter.limit(WRITE_LIMIT)
def create(fmt: str):
    """Submit feedback through the same intake as the web form; answers its reference."""
    _key(required=True)
    lang = _lang()
    try:
        item = intake.take(submit.submission(request.form, lang), channel="api")
    except intake.Rejected as rejected:
        return answer(fmt, "errors", "error", submit.refusals(rejected, lang), status=400)
    return answer(fmt, "service_requests", "request", [{
        "service_request_id": item.reference, "token": found.token_for(item.reference),
        "service_notice": None, "account_id": None}])


@route("/v2/requests")
@limiter.limit(READ_LIMIT)
def search(fmt: str):
    """The key's institution's requests, filtered as the specification says."""
    key = _key(required=True)
    args = request.args
    wanted = _listed(args.get("service_request_id"))
    refs = None
    if wanted:  # asked by reference: other filters do not apply (the specification)
        refs = [r for r in (references.normalize(w) for w in wanted if len(w) < 40) if r]
    statuses = set(_listed(args.get("status"))) or None
    if statuses and not statuses <= {"open", "closed"}:
        raise Open311Error(400, _("status must be open, closed or both."))
    start, end = _moment(args, "start_date"), _moment(args, "end_date")
    if start and end and end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    codes = _listed(args.get("service_code"))
    items = found.search(key.institution_id, references=refs,
                         codes=[c.upper() for c in codes] or None,
                         statuses=statuses, start=start, end=end)
    lang = _lang()
    return answer(fmt, "service_requests", "request",
                  [found.represent(item, lang, full=True) for item in items])


@route("/v2/requests/<reference>")
@limiter.limit(READ_LIMIT)
def one(fmt: str, reference: str):
    """One request: in full for its institution's key, its public part for anyone."""
    key = _key(required=False)
    normalized = references.normalize(reference) if len(reference) < 40 else None
    item = db.session.scalar(db.select(Feedback).filter_by(reference=normalized)) \
        if normalized else None
    if item is None or (key is not None and item.institution_id != key.institution_id):
        raise Open311Error(404, _("No request has this service_request_id."))
    return answer(fmt, "service_requests", "request",
                  [found.represent(item, _lang(), full=key is not None)])


@route("/v2/tokens/<token>")
@limiter.limit(READ_LIMIT)
def token(fmt: str, token: str):
    """The request a token of POST requests stands for."""
    reference = found.reference_of(token)
    exists = reference and db.session.scalar(
        db.select(Feedback.id).filter_by(reference=reference))
    if not exists:
        raise Open311Error(404, _("No request has this token."))
    return answer(fmt, "service_requests", "request",
                  [{"service_request_id": reference, "token": token}])


@bp.route("/<path:path>", methods=["GET", "POST"])
def unknown(path: str):
    """Anything else under /open311: the specification's 404, in the format asked for."""
    return error("json" if path.endswith(".json") else "xml", 404,
                 _("Unknown resource: paths end with .json or .xml."))


def _listed(value: str | None) -> list[str]:
    """A comma-separated parameter as its non-empty parts (at most 100)."""
    return [part.strip() for part in (value or "").split(",") if part.strip()][:100]


def _moment(args, name: str):
    value = args.get(name)
    if not value:
        return None
    try:
        return found.parse_w3c(value)
    except ValueError:
        raise Open311Error(400, _("%(name)s must be a W3C datetime, e.g. "
                                  "2026-11-25T09:15:00+03:00.", name=name)) from None
