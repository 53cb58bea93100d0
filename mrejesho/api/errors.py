"""Problem details (RFC 9457) for every error of the API: JSON, never HTML, never a trace."""
from __future__ import annotations

import time

from flask import current_app, jsonify, request
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from .. import texts
from ..extensions import db, limiter
from ..languages import LANGUAGES

PROBLEM = "application/problem+json"
# A refusal of the core (mrejesho.feedback.FeedbackError.code) -> the HTTP status it answers.
CORE_STATUS = {"changed": 409, "transition": 409, "closed": 409, "not_open": 409,
               "not_found": 404, "same_institution": 422, "wrong_institution": 422,
               "empty_text": 422, "message_required": 422, "self_duplicate": 422}


class ApiProblem(Exception):
    """Raised by API views: answered as a problem with this status, detail and field errors."""

    def __init__(self, status: int, detail: str | None = None, *,
                 errors: list[dict] | None = None, code: str | None = None):
        super().__init__(detail or str(status))
        self.status, self.detail, self.errors, self.code = status, detail, errors, code


def language() -> str:
    """The caller's language: Accept-Language (sw or en), Swahili when it says neither."""
    return request.accept_languages.best_match(LANGUAGES, default="sw")


def _titles() -> dict[int, str]:
    return {
        400: _("The request could not be read."), 401: _("An API key is required."),
        403: _("This key may not do that."),
        404: _("Nothing of that name here, or not yours to see."),
        405: _("This method is not allowed here."), 409: _("Conflict with the current state."),
        413: _("The request is too large."), 415: _("Send the body as JSON."),
        422: _("Some fields are not valid."), 429: _("Too many requests; try again later."),
        500: _("Something went wrong on our side."),
    }


def problem(status: int, detail: str | None = None, *, errors: list[dict] | None = None,
            code: str | None = None, headers: dict | None = None):
    """A problem-details response in the caller's language."""
    with force_locale(language()):
        title = _titles().get(status) or _("The request failed.")
    body = {"type": "about:blank", "title": title, "status": status,
            "detail": detail or title, "instance": request.path}
    if code:
        body["code"] = code
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def field_errors(messages, prefix: str = "") -> list[dict]:
    """marshmallow's nested {field: [message or code]} as [{field, pointer, code, detail}],
    codes said in the caller's language (texts.error)."""
    out = []
    if isinstance(messages, dict):
        for name, value in messages.items():
            path = f"{prefix}/{name}" if prefix else str(name)
            out.extend(field_errors(value, path))
        return out
    for message in messages if isinstance(messages, list) else [messages]:
        if isinstance(message, dict):
            out.extend(field_errors(message, prefix))
            continue
        message = str(message)
        known = message in texts.error_codes()
        out.append({"field": prefix or "_schema", "pointer": f"#/{prefix}",
                    "code": message if known else "invalid",
                    "detail": texts.error(message, language()) if known else message})
    return out


def from_http(error: HTTPException):
    """An HTTPException (also flask-smorest's and webargs' 400/422) as a problem."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    headers = {}
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if status == 429:
        headers["Retry-After"] = str(_retry_after())
    if messages:
        # webargs puts the errors under the location ({"json": {...}, "query": {...}}).
        flat = {}
        for location, fields in messages.items():
            flat.update(fields if isinstance(fields, dict) else {location: fields})
        return problem(status, errors=field_errors(flat), headers=headers)
    return problem(status, headers=headers)


def _retry_after() -> int:
    """Seconds until the limit that refused this request lets the caller in again."""
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, int(current.reset_at - time.time()) + 1)


def register(blueprint) -> None:
    """Answer every error raised inside the blueprint's views as a problem."""
    blueprint.register_error_handler(ApiProblem, lambda e: problem(
        e.status, e.detail, errors=e.errors, code=e.code))
    blueprint.register_error_handler(HTTPException, from_http)
    blueprint.register_error_handler(Exception, unexpected)


def unexpected(error: Exception):
    """Any other exception: rolled back, logged, answered as a 500 problem (not HTML)."""
    if isinstance(error, HTTPException):
        return from_http(error)
    db.session.rollback()
    current_app.logger.exception("Unhandled API error on %s", request.path)
    return problem(500)
