"""/api/v1 with a key: the institution's queue (the staff filters, keyset pages) and one
feedback with its timeline. Another institution's feedback is not found (404)."""
from __future__ import annotations

import base64
import binascii
from datetime import date, datetime

import sqlalchemy as sa

from .. import references
from ..extensions import db
from ..lifecycle import ALL, OPEN
from ..models import Feedback
from ..router import gazetteer as places_of_tanzania
from ..staff.queue import filters as staff_filters
from ..timeutil import utcnow
from . import schemas, serialize
from .auth import audit, audit_reveal, key_required, the_key
from .errors import ApiProblem, field_errors
from .v1 import SECURED, bp


def own_item(reference: str) -> Feedback:
    """The key's institution's feedback with this reference; any other is not found."""
    normalized = references.normalize(reference)
    item = (db.session.scalar(sa.select(Feedback).where(Feedback.reference == normalized))
            if normalized else None)
    if item is None or item.institution_id != the_key().institution_id:
        raise ApiProblem(404)
    return item


def _cursor(row: Feedback) -> str:
    raw = f"{row.due_at.isoformat()}|{row.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _after(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        due, _sep, ident = raw.partition("|")
        return datetime.fromisoformat(due), int(ident)
    except (ValueError, binascii.Error, UnicodeDecodeError, OverflowError):
        raise ApiProblem(422, errors=field_errors({"cursor": ["invalid"]})) from None


def _bounded(value: date | None, field: str) -> date | None:
    if value is not None and not (staff_filters.FIRST_YEAR <= value.year
                                  <= staff_filters.LAST_YEAR):
        raise ApiProblem(422, errors=field_errors({field: ["invalid"]}))
    return value


def conditions(args: dict) -> list:
    """The WHERE clauses of the query's filters, the staff queue's own (staff.queue.filters)
    for kind, channel, region, dates and text."""
    region = (args.get("region") or "").strip().upper()
    if region and region not in places_of_tanzania.load().regions:
        raise ApiProblem(422, errors=field_errors({"region": ["invalid"]}))
    wanted = staff_filters.QueueFilter(
        kind=args.get("kind", ""), channel=args.get("channel", ""), region=region,
        date_from=_bounded(args.get("created_from"), "created_from"),
        date_to=_bounded(args.get("created_to"), "created_to"),
        q=(args.get("q") or "").strip()[:100])
    clauses = [Feedback.institution_id == the_key().institution_id,
               Feedback.status.in_(args.get("status") or [s for s in ALL if s in OPEN]),
               *staff_filters.clauses(wanted)]
    assignee = args.get("assignee")
    if assignee == "none":
        clauses.append(Feedback.assigned_to_id.is_(None))
    elif assignee:
        clauses.append(Feedback.assigned_to_id == int(assignee))
    if args.get("overdue") is not None:
        late = Feedback.due_at < utcnow()
        clauses.append(late if args["overdue"] else ~late)
    return clauses


@bp.route("/feedback", methods=["GET"])
@key_required
@bp.arguments(schemas.QueueArgs, location="query")
@bp.response(200, schemas.Page)
@bp.doc(security=SECURED)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(403, response="FORBIDDEN")
@bp.alt_response(429, response="TOO_MANY_REQUESTS")
def queue(args):
    """The key's institution's queue, soonest due first, a page at a time (keyset on
    due date and id: pass next_cursor back as cursor)."""
    query = sa.select(Feedback).where(*conditions(args))
    if args.get("cursor"):
        due, ident = _after(args["cursor"])
        query = query.where(sa.tuple_(Feedback.due_at, Feedback.id) > sa.tuple_(
            sa.literal(due, sa.DateTime), sa.literal(ident, sa.Integer)))
    limit = args["limit"]
    rows = db.session.scalars(query.order_by(Feedback.due_at, Feedback.id)
                              .limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    audit("listed", count=len(rows), filters={
        name: str(value) for name, value in args.items() if name not in ("cursor", "limit")})
    return {"items": [serialize.item(row) for row in rows],
            "next_cursor": _cursor(rows[-1]) if more else None}


@bp.route("/feedback/<reference>", methods=["GET"])
@key_required
@bp.response(200, schemas.ItemWithTimeline)
@bp.doc(security=SECURED)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(403, response="FORBIDDEN")
@bp.alt_response(404, response="NOT_FOUND")
@bp.alt_response(429, response="TOO_MANY_REQUESTS")
def one(reference):
    """One feedback of the key's institution with its whole timeline (internal notes too);
    another institution's answers 404."""
    item = own_item(reference)
    audit("viewed", feedback_id=item.id)
    audit_reveal(item)
    return serialize.item_with_timeline(item)
