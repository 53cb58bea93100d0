"""Structured logs: one JSON object a line (LOG_FORMAT=json, production's default) or plain
text (development's default), each record with the request id, and every phone-like number
masked (+2557•••••678) whatever logged it: the app, gunicorn, the SMS worker."""
from __future__ import annotations

import logging
import re
import secrets
import sys

from flask import Flask, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
ENVIRON_KEY = "mrejesho.request_id"
# What a load balancer's id may look like (nginx's $request_id, a UUID, ...); anything else
# is replaced, so a client cannot put newlines or megabytes into every log line.
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# E.164 or local numbers of 9 to 15 digits, also URL-encoded (%2B255...) in access logs;
# not digits inside a longer word (an id like ATXid_1234567890abc).
PHONE = re.compile(r"(?<![\w%])(\+|%2[Bb])?(\d{4})(\d{2,8})(\d{3})(?![\w])")
# The same numbers as people write them, in groups: "0712 345 678", "+255 712-345-678".
GROUPED = re.compile(r"(?<![\w%])(\+?\d{3,4})((?:[ -]\d{2,4}){1,3})([ -]\d{3})(?![\w])")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"
STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


def mask(text: str) -> str:
    """The text with every phone-like number masked: +255712345678 -> +2557•••••678."""
    return GROUPED.sub(_grouped, PHONE.sub(_masked, text))


def _masked(match: re.Match) -> str:
    return f"{match[1] or ''}{match[2]}{'•' * len(match[3])}{match[4]}"


def _grouped(match: re.Match) -> str:
    return f"{match[1]}{re.sub(r'[0-9]', '•', match[2])}{match[3]}"


class MaskPhones(logging.Filter):
    """Masks phone numbers in the message, the traceback and any extra text field."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            # Formatters print exc_text when exc_info is gone: the masked copy, never the raw.
            record.exc_text, record.exc_info = mask(record.exc_text), None
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        for key, value in record.__dict__.items():
            if key not in STANDARD and isinstance(value, str):
                record.__dict__[key] = mask(value)
        return True


class RequestId(logging.Filter):
    """Adds request_id: the current request's id, or "-" outside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request_id"):
            return True
        if has_request_context():
            record.request_id = request.environ.get(ENVIRON_KEY, "-")
        elif isinstance(record.args, dict):  # gunicorn's access log: the answer's header
            record.request_id = record.args.get("{x-request-id}o", "-")
        else:
            record.request_id = "-"
        return True


def formatter(kind: str) -> logging.Formatter:
    """The formatter for LOG_FORMAT kind ("json" or "text")."""
    if kind == "json":
        return JsonFormatter(JSON_FIELDS, rename_fields={"levelname": "level",
                                                         "asctime": "time", "name": "logger"})
    return logging.Formatter(TEXT_FORMAT)


def handler(kind: str, stream=None) -> logging.Handler:
    """A handler writing to stream (stderr) in format kind, with both filters."""
    out = logging.StreamHandler(stream or sys.stderr)
    out.setFormatter(formatter(kind))
    out.addFilter(RequestId())
    out.addFilter(MaskPhones())
    out.mrejesho = True  # ours: replaced, not doubled, when configured again
    return out


def configure(kind: str, stream=None, level: int = logging.INFO) -> logging.Handler:
    """Make the root logger write through our handler (replacing one set up before)."""
    if kind not in ("json", "text"):
        raise ValueError(f"LOG_FORMAT must be json or text, not {kind!r}")
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "mrejesho", False)]:
        root.removeHandler(old)
    new = handler(kind, stream)
    root.addHandler(new)
    root.setLevel(level)
    return new


def init_app(app: Flask) -> None:
    """Give each request an id (X-Request-ID if sane, else new; sent back in the answer)
    and configure logging, unless a test left LOG_FORMAT unset."""
    kind = app.config.get("LOG_FORMAT")
    if kind or not app.testing:
        configure(kind or ("json" if app.config.get("MREJESHO_ENV") == "production"
                           else "text"))

    @app.before_request
    def assign_request_id():
        environ = request.environ
        given = environ.get("HTTP_X_REQUEST_ID", "")
        environ[ENVIRON_KEY] = given if SANE_ID.fullmatch(given) else secrets.token_hex(16)

    @app.after_request
    def return_request_id(response):
        response.headers[REQUEST_ID_HEADER] = request.environ.get(ENVIRON_KEY, "-")
        return response
