"""The one validation of a submission, used by every channel.

Errors are codes ("body.too_long"), not sentences, so each channel can say them in the
citizen's language with error_text(); both languages live in ERROR_TEXTS below.
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
from .models import KINDS

BODY_MIN, BODY_MAX = 3, 2000

ERROR_TEXTS = {
    "required": {"sw": "Sehemu hii inahitajika.", "en": "This field is required."},
    "kind.invalid": {
        "sw": "Chagua aina: lalamiko, pendekezo, swali au pongezi.",
        "en": "Choose a kind: complaint, suggestion, enquiry or compliment.",
    },
    "institution.unknown": {
        "sw": "Taasisi hii haijulikani. Chagua kutoka kwenye orodha.",
        "en": "Unknown institution. Choose one from the list.",
    },
    "body.too_short": {
        "sw": f"Andika ujumbe wako (angalau herufi {BODY_MIN}).",
        "en": f"Type your message (at least {BODY_MIN} characters).",
    },
    "body.too_long": {
        "sw": f"Ujumbe ni mrefu mno: herufi {BODY_MAX} zisizidi.",
        "en": f"The message is too long: at most {BODY_MAX} characters.",
    },
    "subject.too_long": {
        "sw": "Kichwa ni kirefu mno: herufi 200 zisizidi.",
        "en": "The subject is too long: at most 200 characters.",
    },
    "name.too_long": {
        "sw": "Jina ni refu mno: herufi 120 zisizidi.",
        "en": "The name is too long: at most 120 characters.",
    },
    "phone.invalid": {
        "sw": "Namba ya simu si sahihi. Mfano: 0712 345 678.",
        "en": "The phone number is not valid. Example: 0712 345 678.",
    },
    "email.invalid": {
        "sw": "Barua pepe si sahihi. Mfano: jina@mfano.go.tz",
        "en": "The email address is not valid. Example: name@example.go.tz",
    },
    "language.invalid": {"sw": "Lugha haijulikani.", "en": "Unknown language."},
    "invalid": {"sw": "Thamani si sahihi.", "en": "Invalid value."},
}


def error_text(code: str, lang: str) -> str:
    """The citizen-facing sentence for an error code, in sw or en."""
    entry = ERROR_TEXTS.get(code, ERROR_TEXTS["invalid"])
    return entry.get(lang, entry["sw"])


def localize_errors(messages: dict, lang: str) -> dict[str, str]:
    """Turn marshmallow's {field: [code, ...]} into {field: sentence} in one language."""
    out = {}
    for field_name, codes in messages.items():
        code = codes[0] if isinstance(codes, list) else str(codes)
        out[field_name] = error_text(code if code in ERROR_TEXTS else "invalid", lang)
    return out


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
        validate=validate.Length(max=200, error="subject.too_long"),
    )
    body = fields.String(
        required=True,
        error_messages={"required": "body.too_short", "null": "body.too_short",
                        "invalid": "body.too_short"},
    )
    name = fields.String(
        load_default=None, allow_none=True,
        validate=validate.Length(max=120, error="name.too_long"),
    )
    phone = fields.String(load_default=None, allow_none=True)
    email = fields.Email(
        load_default=None, allow_none=True,
        error_messages={"invalid": "email.invalid"},
    )
    anonymous = fields.Boolean(load_default=False)
    language = fields.String(
        load_default="sw", validate=validate.OneOf(("sw", "en"), error="language.invalid"),
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
        if value is not None and routing.by_code(value) is None:
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
