"""The API's marshmallow schemas: they validate requests and are the OpenAPI document."""
from __future__ import annotations

from datetime import UTC, datetime

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

from ..lifecycle import ALL
from ..models import ALL_CHANNELS, KINDS
from ..schemas import SubmissionSchema

STATUSES = tuple(str(status) for status in ALL)


class UtcDateTime(fields.DateTime):
    """A stored time (naive UTC) as RFC 3339 with its offset: 2025-03-04T06:15:00+00:00."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)
TEXT_MAX = 5000


class Base(Schema):
    class Meta:
        unknown = EXCLUDE


class Submission(SubmissionSchema):
    """A citizen's submission: the web form's own schema (mrejesho.schemas)."""

    @pre_load
    def strip_blanks(self, data, **kwargs):
        # The web form always gives a mapping; a JSON body may be anything.
        if not isinstance(data, dict):
            raise ValidationError("invalid", "_schema")
        return super().strip_blanks(data, **kwargs)


class IdempotencyHeader(Base):
    idempotency_key = fields.String(
        data_key="Idempotency-Key", validate=validate.Length(min=1, max=255),
        metadata={"description": "Any unique string (a UUID): a retried submission with the "
                                 "same key and body answers the same reference."})


class Problem(Schema):
    """RFC 9457 problem details, with field errors."""

    type = fields.String()
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    instance = fields.String()
    code = fields.String(metadata={"description": "The core's refusal code, if any."})
    errors = fields.List(fields.Dict(), metadata={
        "description": "Per field: field, pointer, code and detail (in the caller's language)."})


class Institution(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    name_sw = fields.String(required=True)
    name_en = fields.String(required=True)
    sector = fields.String(required=True)
    kind = fields.String(required=True)
    parent = fields.String(allow_none=True)
    short_name = fields.String(allow_none=True)


class Sector(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    name_sw = fields.String(required=True)
    name_en = fields.String(required=True)


class District(Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)


class Region(Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)
    districts = fields.List(fields.Nested(District), required=True)


class PublicEvent(Schema):
    type = fields.String(required=True)
    at = UtcDateTime(required=True)
    status = fields.String(allow_none=True)
    text = fields.String(allow_none=True)
    institution = fields.String(allow_none=True)
    reference = fields.String(allow_none=True)


class PublicStatus(Schema):
    """What the public tracking page shows: nothing about the citizen."""

    reference = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    status_label = fields.String(required=True)
    institution = fields.Nested(Institution, required=True)
    received_at = UtcDateTime(required=True)
    answer_expected_by = UtcDateTime(allow_none=True)
    timeline = fields.List(fields.Nested(PublicEvent), required=True)


class Created(Schema):
    reference = fields.String(required=True)
    status = fields.String(required=True)
    institution = fields.String(required=True, metadata={"description": "Its code."})
    track_url = fields.String(required=True)
    status_url = fields.String(required=True)
    private_url = fields.String(required=True, metadata={
        "description": "The citizen's private page (answer, dispute, rate): give it to the "
                       "citizen only."})


class Person(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class Citizen(Schema):
    name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)


class Item(Schema):
    """One feedback as its institution's key sees it (the citizen hidden when anonymous)."""

    reference = fields.String(required=True)
    version = fields.Integer(required=True, metadata={
        "description": "Send it back with a change: a change made meanwhile answers 409."})
    kind = fields.String(required=True)
    channel = fields.String(required=True)
    status = fields.String(required=True)
    subject = fields.String(allow_none=True)
    body = fields.String(required=True)
    language = fields.String(required=True)
    institution = fields.String(required=True)
    region = fields.String(allow_none=True)
    district = fields.String(allow_none=True)
    anonymous = fields.Boolean(required=True)
    citizen = fields.Nested(Citizen, allow_none=True)
    assignee = fields.Nested(Person, allow_none=True)
    created_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)
    due_at = UtcDateTime(required=True)
    first_response_at = UtcDateTime(allow_none=True)
    resolved_at = UtcDateTime(allow_none=True)
    closed_at = UtcDateTime(allow_none=True)
    escalated_at = UtcDateTime(allow_none=True)
    rating = fields.Integer(allow_none=True)
    has_attachment = fields.Boolean(required=True)


class Event(Schema):
    id = fields.Integer(required=True)
    type = fields.String(required=True)
    at = UtcDateTime(required=True)
    actor_type = fields.String(required=True)
    actor = fields.String(allow_none=True)
    from_value = fields.String(allow_none=True)
    to_value = fields.String(allow_none=True)
    text = fields.String(allow_none=True)
    public = fields.Boolean(required=True)


class ItemWithTimeline(Item):
    timeline = fields.List(fields.Nested(Event), required=True)


class Page(Schema):
    items = fields.List(fields.Nested(Item), required=True)
    next_cursor = fields.String(allow_none=True, required=True, metadata={
        "description": "Pass it as `cursor` for the next page; null on the last page."})


class QueueArgs(Base):
    status = fields.List(fields.String(validate=validate.OneOf(STATUSES)), metadata={
        "description": "Repeat for several; default: the open ones."})
    kind = fields.String(validate=validate.OneOf(KINDS))
    channel = fields.String(validate=validate.OneOf(ALL_CHANNELS))
    assignee = fields.String(validate=validate.Regexp(r"^(none|[1-9][0-9]{0,9})$"), metadata={
        "description": "An officer's id, or `none` for the unassigned."})
    region = fields.String(validate=validate.Length(max=24), metadata={
        "description": "A region key (GET /api/v1/regions)."})
    overdue = fields.Boolean()
    created_from = fields.Date(metadata={"description": "East Africa Time, inclusive."})
    created_to = fields.Date(metadata={"description": "East Africa Time, inclusive."})
    q = fields.String(validate=validate.Length(max=100), metadata={
        "description": "A reference, a phone number or words of the text."})
    cursor = fields.String(validate=validate.Length(max=200))
    limit = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))


def _text(required: bool = True):
    return fields.String(required=required, validate=validate.Length(min=1, max=TEXT_MAX))


class TextBody(Base):
    text = _text()


class StatusBody(Base):
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    message = fields.String(allow_none=True, validate=validate.Length(max=TEXT_MAX), metadata={
        "description": "Told to the citizen; needed to resolve, reject or ask."})
    version = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class TransferBody(Base):
    institution = fields.String(required=True, validate=validate.Length(min=1, max=20))
    reason = _text()
    version = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class AssignBody(Base):
    assignee = fields.Integer(required=True, allow_none=True,
                              validate=validate.Range(min=1, max=2**31 - 1),
                              metadata={"description": "An officer's id; null: unassign."})
    version = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
