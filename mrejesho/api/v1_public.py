"""/api/v1 without a key: submit feedback, follow it by reference, list institutions,
sectors and places."""
from __future__ import annotations

from flask import current_app, request

from .. import feedback as core
from .. import intake, references
from ..extensions import db, limiter
from ..models import Institution, Sector
from ..public.views import lookup_limit
from ..router import gazetteer as places_of_tanzania
from . import idempotency, schemas, serialize
from .auth import bearer, current_key
from .errors import ApiProblem, field_errors, language
from .v1 import bp


def _submit_limit() -> str:
    return current_app.config.get("API_SUBMIT_LIMIT", "20/hour")


@bp.route("/feedback", methods=["POST"])
@limiter.limit(_submit_limit, exempt_when=lambda: bearer() is not None)
@bp.arguments(schemas.IdempotencyHeader, location="headers")
@bp.arguments(schemas.Submission, location="json", as_kwargs=True)
@bp.response(201, schemas.Created)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(429, response="TOO_MANY_REQUESTS")
def submit(headers, **_loaded):
    """Submit feedback, as the web form does (the same validation, routing and SMS).

    An API key is optional (it gives the key's own rate limit). With an Idempotency-Key
    header, a retried request answers the same reference (201 again); the same key with
    another body is refused (422)."""
    key = current_key(required=False)
    raw = request.get_json(silent=True)
    idem = headers.get("idempotency_key")
    scope = idempotency.scope_of(key)
    digest = idempotency.body_hash(raw) if idem else None
    if idem:
        earlier = idempotency.replay(scope, idem, digest)
        if earlier is not None:
            return serialize.created(earlier), 201, {"Idempotent-Replayed": "true"}
    try:
        item = intake.take(raw, channel="api", source_key=(
            idempotency.source_key(scope, idem) if idem else None))
    except intake.Rejected as exc:
        raise ApiProblem(422, errors=field_errors(
            {field: [code] for field, code in exc.errors.items()})) from None
    if idem:
        item = idempotency.remember(scope, idem, digest, item)
    return serialize.created(item), 201


@bp.route("/track/<reference>")
@lookup_limit
@bp.response(200, schemas.PublicStatus)
@bp.alt_response(404, response="NOT_FOUND")
@bp.alt_response(429, response="TOO_MANY_REQUESTS")
def track(reference):
    """The public status of a feedback by its reference: what the tracking page shows."""
    normalized = references.normalize(reference)
    item = core.find(normalized) if normalized else None
    if item is None:
        raise ApiProblem(404)
    return serialize.public_status(item, language())


@bp.route("/institutions")
@bp.response(200, schemas.Institution(many=True))
def institutions():
    """The institutions that take feedback (their code is what a submission names)."""
    rows = db.session.scalars(db.select(Institution).where(Institution.active.is_(True))
                              .order_by(Institution.code)).all()
    lang = language()
    return [serialize.institution(row, lang) for row in rows]


@bp.route("/sectors")
@bp.response(200, schemas.Sector(many=True))
def sectors():
    """The sectors institutions belong to."""
    lang = language()
    return [{"code": row.code, "name": row.name(lang), "name_sw": row.name_sw,
             "name_en": row.name_en}
            for row in db.session.scalars(db.select(Sector).order_by(Sector.code))]


@bp.route("/regions")
@bp.response(200, schemas.Region(many=True))
def regions():
    """The regions of Tanzania and their districts (keys a submission may name)."""
    listed, districts = places_of_tanzania.listing()
    return [{"key": key, "name": name,
             "districts": [{"key": d, "name": n} for d, n in districts.get(key, ())]}
            for key, name in listed]
