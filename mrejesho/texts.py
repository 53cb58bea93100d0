"""Words people read that the core and the channels only name by code: refusals, validation
errors, status and kind names, in the reader's language, from the Babel catalogs.

Each table is built once per language and kept (a per-message gettext call would cost more
than the rest of a USSD step); the gettext calls are written out so `pybabel extract` finds
every msgid.
"""
from __future__ import annotations

from functools import cache

from . import i18n
from .languages import pick

GENERIC = "invalid"


def error(code: str, lang: str, **params) -> str:
    """The sentence for a refusal or validation error code, in lang; an unknown code gets
    the generic "invalid value" sentence."""
    lang = pick(lang)
    sentences = _errors(lang)
    if code not in sentences:
        return sentences[GENERIC]
    if code == "transition":  # frm and to are status codes: say them as the citizen reads them
        params = {key: status_label(value, lang) for key, value in params.items()}
    return sentences[code] % {**_limits(), **params}


def error_codes() -> frozenset[str]:
    """Every code error() has its own sentence for."""
    return frozenset(_errors("en"))


def status_label(status: str, lang: str) -> str:
    """The citizen's word for a status."""
    return status_labels(lang).get(status, status)


def kind_label(kind: str, lang: str) -> str:
    """The citizen's word for a kind of feedback, as it stands inside a sentence."""
    return kind_labels(lang).get(kind, kind)


@cache
def status_labels(lang: str) -> dict[str, str]:
    """{status code: the citizen's word for it} in lang."""
    pgettext = i18n.catalog(lang).pgettext
    return {
        "new": pgettext("status", "new"),
        "in_progress": pgettext("status", "in progress"),
        "awaiting_citizen": pgettext("status", "awaiting your information"),
        "resolved": pgettext("status", "resolved"),
        "closed": pgettext("status", "closed"),
        "reopened": pgettext("status", "reopened"),
        "rejected": pgettext("status", "rejected"),
    }


@cache
def kind_labels(lang: str) -> dict[str, str]:
    """{kind code: the citizen's word for it} in lang."""
    pgettext = i18n.catalog(lang).pgettext
    return {
        "complaint": pgettext("kind", "complaint"),
        "suggestion": pgettext("kind", "suggestion"),
        "enquiry": pgettext("kind", "enquiry"),
        "compliment": pgettext("kind", "compliment"),
    }


@cache
def _errors(lang: str) -> dict[str, str]:
    _ = i18n.catalog(lang).gettext
    return {
        # The core's refusals (mrejesho.feedback.FeedbackError codes).
        "transition": _("The status cannot change from %(frm)s to %(to)s."),
        "message_required": _("Write a message to the citizen for this step."),
        "closed": _("This feedback is closed."),
        "not_open": _("This feedback is no longer open."),
        "same_institution": _("It is already with this institution."),
        "not_rateable": _("You can rate only after it is resolved."),
        "already_rated": _("A rating has already been given."),
        "rating_range": _("The rating must be from 1 to 5."),
        "wrong_institution": _("This officer does not belong to this institution."),
        "empty_text": _("Type a message."),
        "self_duplicate": _("Feedback cannot duplicate itself."),
        "not_found": _("This feedback no longer exists."),
        "priority_unknown": _("Choose a priority: urgent, high, normal or low."),
        "changed": _("This feedback was changed by someone else a moment ago; reload the "
                     "page."),
        # The submission schema's codes (mrejesho.schemas).
        "required": _("This field is required."),
        "kind.invalid": _("Choose a kind: complaint, suggestion, enquiry or compliment."),
        "institution.unknown": _("Unknown institution. Choose one from the list."),
        "body.too_short": _("Type your message (at least %(body_min)s characters)."),
        "body.too_long": _("The message is too long: at most %(body_max)s characters."),
        "subject.too_long": _("The subject is too long: at most %(subject_max)s characters."),
        "name.too_long": _("The name is too long: at most %(name_max)s characters."),
        "phone.invalid": _("The phone number is not valid. Example: 0712 345 678."),
        "email.invalid": _("The email address is not valid. Example: name@example.go.tz"),
        "language.invalid": _("Unknown language."),
        GENERIC: _("Invalid value."),
        # Attachments (mrejesho.public.attachments).
        "attachment.too_big": _("The attachment must be at most 5 MB."),
        "attachment.bad_type": _("The attachment must be an image (JPG, PNG, WEBP) or a PDF."),
    }


@cache
def _limits() -> dict[str, int]:
    """The schema's limits, which the validation sentences quote."""
    from .schemas import BODY_MAX, BODY_MIN, NAME_MAX, SUBJECT_MAX

    return {"body_min": BODY_MIN, "body_max": BODY_MAX, "subject_max": SUBJECT_MAX,
            "name_max": NAME_MAX}
