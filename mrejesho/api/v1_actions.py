"""/api/v1 with a key: reply, note, set status, transfer, assign, through the core
(mrejesho.feedback), as the key's account (auth.actor); the request commits."""
from __future__ import annotations

from .. import feedback as core
from .. import routing, texts
from ..extensions import db
from ..models import StaffUser
from . import schemas, serialize
from .auth import actor, audit, audit_reveal, is_actor, key_required, the_key
from .errors import CORE_STATUS, ApiProblem, field_errors, language
from .v1 import SECURED, bp
from .v1_queue import own_item


def _apply(reference: str, change, action: str) -> dict:
    """Run change(item, actor) on the key's feedback; a refusal of the core answers 409
    (illegal transition, changed meanwhile) or 422, in the caller's language."""
    item = own_item(reference)
    try:
        change(item, actor(the_key()))
    except core.FeedbackError as exc:
        status = CORE_STATUS.get(exc.code, 409)
        raise ApiProblem(status, texts.error(exc.code, language(), **exc.params),
                         code=exc.code) from None
    audit(action, feedback_id=item.id)
    db.session.refresh(item)
    audit_reveal(item)
    return serialize.item_with_timeline(item)


def _documented(view):
    """The key and the problems every action may answer."""
    for status, name in ((429, "TOO_MANY_REQUESTS"), (422, "UNPROCESSABLE_ENTITY"),
                         (409, "CONFLICT"), (404, "NOT_FOUND"), (403, "FORBIDDEN"),
                         (401, "UNAUTHORIZED")):
        view = bp.alt_response(status, response=name)(view)
    return bp.doc(security=SECURED)(bp.response(200, schemas.ItemWithTimeline)(view))


@bp.route("/feedback/<reference>/replies", methods=["POST"])
@key_required
@bp.arguments(schemas.TextBody)
@_documented
def reply(body, reference):
    """Send the citizen a public reply (by SMS or email, as the citizen wrote)."""
    return _apply(reference, lambda item, who: core.reply(item, who, body["text"]), "replied")


@bp.route("/feedback/<reference>/notes", methods=["POST"])
@key_required
@bp.arguments(schemas.TextBody)
@_documented
def note(body, reference):
    """Add an internal note the citizen never sees."""
    return _apply(reference, lambda item, who: core.note(item, who, body["text"]), "noted")


@bp.route("/feedback/<reference>/status", methods=["POST"])
@key_required
@bp.arguments(schemas.StatusBody)
@_documented
def set_status(body, reference):
    """Move the feedback along its lifecycle; resolving, rejecting or asking the citizen
    needs a message. An illegal move, or a version older than the feedback's, answers 409."""
    return _apply(reference, lambda item, who: core.set_status(
        item, who, body["status"], body.get("message"), version=body.get("version")),
        "status_set")


@bp.route("/feedback/<reference>/transfer", methods=["POST"])
@key_required
@bp.arguments(schemas.TransferBody)
@_documented
def transfer(body, reference):
    """Send the feedback to another institution's queue (the key loses sight of it)."""
    target = routing.by_code(body["institution"].strip())
    if target is None:
        raise ApiProblem(422, errors=field_errors({"institution": ["institution.unknown"]}))
    return _apply(reference, lambda item, who: core.transfer(
        item, who, target, body["reason"], version=body.get("version")), "transferred")


@bp.route("/feedback/<reference>/assignment", methods=["POST"])
@key_required
@bp.arguments(schemas.AssignBody)
@_documented
def assign(body, reference):
    """Give the feedback to an active officer of the institution (null: back to the pool)."""
    assignee = None
    if body["assignee"] is not None:
        assignee = db.session.get(StaffUser, body["assignee"])
        if (assignee is None or not assignee.active or is_actor(assignee)
                or assignee.institution_id != the_key().institution_id):
            raise ApiProblem(422, errors=field_errors({"assignee": ["invalid"]}))
    return _apply(reference, lambda item, who: core.assign(
        item, who, assignee, version=body.get("version")), "assigned")
