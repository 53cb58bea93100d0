"""The one validation of a submission, used by every channel.

Errors are codes ("body.too_long"), not sentences, so each channel can say them in the
citizen's language with texts.error(); the sentences live in the Babel catalogs.
"""
from __future__ import annotations

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates,
)

from . import phones, routing
from .languages import LANGUAGES
from .models import KINDS

BODY_MIN, BODY_MAX = 3, 2000
SUBJECT_MAX, NAME_MAX, EMAIL_MAX = 200, 120, 200

# The codes a submission can be refused with; texts.error() says each in words.
ERROR_CODES = ("required", "kind.invalid", "institution.unknown", "body.too_short",
               "body.too_long", "subject.too_long", "name.too_long", "phone.invalid",
               "email.invalid", "language.invalid", "invalid")


def _blank_to_none(value):
    if isinstance(value, str):
        value = value.strip()
    return value or None


class SubmissionSchema(Schema):
    """A citizen's submission, from any channel."""

    class Meta:
        unknown = EXCLUDE

    kind = fields.String(
        required=True, validate=validate.OneOf(KINDS, error="kind.invalid"),
        error_messages={key: "kind.invalid" for key in ("required", "null", "invalid")},
    )
    institution = fields.String(load_default=None, allow_none=True)
    subject = fields.String(
        load_default=None, allow_none=True,
        validate=validate.Length(max=SUBJECT_MAX, error="subject.too_long"),
    )
    body = fields.String(
        required=True,
        error_messages={"required": "body.too_short", "null": "body.too_short",
                        "invalid": "body.too_short"},
    )
    name = fields.String(
        load_default=None, allow_none=True,
        validate=validate.Length(max=NAME_MAX, error="name.too_long"),
    )
    phone = fields.String(load_default=None, allow_none=True)
    # Where it happened, as the citizen chose it (gazetteer keys; unknown ones are ignored).
    region = fields.String(load_default=None, allow_none=True)
    district = fields.String(load_default=None, allow_none=True)
    email = fields.Email(
        load_default=None, allow_none=True,
        error_messages={"invalid": "email.invalid"},
        validate=validate.Length(max=EMAIL_MAX, error="email.invalid"),  # the column's 200
    )
    anonymous = fields.Boolean(load_default=False)
    language = fields.String(
        load_default="sw", validate=validate.OneOf(LANGUAGES, error="language.invalid"),
    )

    @pre_load
    def strip_blanks(self, data, **_kwargs):
        """Treat empty strings as absent, and trim whitespace."""
        cleaned = dict(data)
        for key in ("institution", "subject", "name", "phone", "email"):
            if key in cleaned:
                cleaned[key] = _blank_to_none(cleaned[key])
        if isinstance(cleaned.get("body"), str):
            cleaned["body"] = cleaned["body"].strip()
        if isinstance(cleaned.get("kind"), str):
            cleaned["kind"] = cleaned["kind"].strip().lower()
        return cleaned

    @validates("body")
    def check_body(self, value, **_kwargs):
        if len(value) < BODY_MIN:
            raise ValidationError("body.too_short")
        if len(value) > BODY_MAX:
            raise ValidationError("body.too_long")

    @validates("institution")
    def check_institution(self, value, **_kwargs):
        if value is not None and not routing.known(value):
            raise ValidationError("institution.unknown")

    @validates("phone")
    def check_phone(self, value, **_kwargs):
        if value is not None:
            try:
                phones.normalize(value)
            except phones.InvalidPhone as exc:
                raise ValidationError("phone.invalid") from exc

    @post_load
    def normalize(self, data, **_kwargs):
        if data.get("phone"):
            data["phone"] = phones.normalize(data["phone"])
        if data.get("institution"):
            data["institution"] = data["institution"].upper()
        return data


def load_submission(data: dict) -> dict:
    """Validate a submission; raises marshmallow.ValidationError with code messages."""
    return SubmissionSchema().load(data)
