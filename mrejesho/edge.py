"""The edge: what every request carries is cleaned here, once, before any view reads it.

- Form bodies that are not valid UTF-8 are decoded with replacement characters rather than
  dropped whole (Werkzeug's own parser answers an empty form, so an SMS would be lost).
- NUL bytes are removed from every query and form value and every uploaded file's name:
  PostgreSQL text cannot hold them and no citizen or gateway means one.
- Integers in URLs (<int:...>) are at most those an INTEGER column holds: a longer number
  is simply not found (404) instead of overflowing the database or int() (500).
Field lengths are then checked where each form or webhook reads its fields.
"""
from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Flask, abort, request
from flask.wrappers import Request
from werkzeug.formparser import FormDataParser
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property

MAX_INT = 2**31 - 1  # the largest value of an INTEGER column (PostgreSQL, and our ids)


def clean(value: str) -> str:
    """The value without NUL bytes."""
    return value.replace("\x00", "") if "\x00" in value else value


def small_int(text: str | None, maximum: int = MAX_INT) -> int | None:
    """The non-negative integer written in text, or None if it is not one or too large."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if value <= maximum else None


def _cleaned(values):
    if not any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
        return values
    return type(values)((clean(key), clean(value)) for key, value in values.items(multi=True))


class EdgeFormDataParser(FormDataParser):
    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        items = parse_qsl(stream.read().decode("utf-8", "replace"), keep_blank_values=True,
                          errors="replace")
        return stream, self.cls(items), self.cls()


class EdgeRequest(Request):
    """Flask's request with cleaned query and form values (see the module's docstring)."""

    form_data_parser_class = EdgeFormDataParser

    @cached_property
    def args(self):
        return _cleaned(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _cleaned(self.__dict__["form"])
        for storage in self.__dict__["files"].values():
            if storage.filename:
                storage.filename = clean(storage.filename)


class BoundedInt(IntegerConverter):
    """<int:...> up to MAX_INT; a longer number does not match the route at all."""

    regex = r"\d{1,10}"
    signed_regex = r"-?\d{1,10}"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_INT, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app: Flask) -> None:
    """Install the cleaning request class and the bounded int converter (before any route)."""
    app.request_class = EdgeRequest
    app.url_map.converters["int"] = BoundedInt
    app.before_request(_no_nul_in_path)


def _no_nul_in_path():
    """A path with a NUL byte names nothing here (files and database values refuse it)."""
    if "\x00" in request.path:
        abort(404)
