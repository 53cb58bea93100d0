"""Static files and the headers of pages: light pages for citizens on slow phones.

- Fingerprinted URLs: url_for('static', filename='app.css') gives /static/app.css?v=<hash of
  the file's content> (a url_defaults hook, so every template's url_for does it). A request
  carrying the current hash is cached for a year (immutable): a changed file gets a new URL.
  Without it, or with an old hash, the browser revalidates (ETag), as Flask does by default.
- Compression: Flask-Compress (gzip, or brotli/zstd when the browser takes them) of pages
  (error pages too), styles, scripts and JSON; not of the text/plain answers to Africa's
  Talking.
- Every page, the staff workspace too, carries a strict content security policy: no inline
  script or style, nothing from another site, never inside another site's frame (the
  dashboard's legend colours are classes in staff.css). Every answer says nosniff and
  Referrer-Policy same-origin (the private follow-up link carries a secret); over HTTPS
  (request.is_secure, which behind a TLS-terminating balancer needs TRUSTED_PROXY_HOPS)
  Strict-Transport-Security too.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, request
from flask_compress import Compress
from werkzeug.security import safe_join

YEAR = 365 * 24 * 3600
CONTENT_SECURITY_POLICY = ("default-src 'self'; base-uri 'self'; form-action 'self'; "
                           "frame-ancestors 'none'")
HSTS = "max-age=31536000"
COMPRESSED = ["text/html", "text/css", "text/javascript", "application/javascript",
              "application/json", "image/svg+xml"]



class _Compress(Compress):
    """Flask-Compress, also for the pages of 4xx answers: the form sent back with its errors
    (422) is as big as the form, and error pages are read on the same phones."""

    def after_request(self, response):
        status = response.status_code
        if 400 <= status < 500 and response.mimetype == "text/html":
            response.status_code = 200  # the library compresses 2xx only
            try:
                return super().after_request(response)
            finally:
                response.status_code = status
        return super().after_request(response)


compress = _Compress()


class Fingerprints:
    """The content hash of each static file, recomputed when the file changes."""

    def __init__(self, folder: str):
        self.folder = folder
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def of(self, filename: str) -> str | None:
        path = safe_join(self.folder, filename)
        if path is None:
            return None
        try:
            stat = Path(path).stat()
        except (OSError, ValueError):  # ValueError: a NUL byte in the name
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        known = self._known.get(filename)
        if known and known[0] == key:
            return known[1]
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
        self._known[filename] = (key, digest)
        return digest


def register(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED)
    compress.init_app(app)
    fingerprints = Fingerprints(app.static_folder)
    app.extensions["static_fingerprints"] = fingerprints

    @app.url_defaults
    def fingerprint(endpoint, values):
        if endpoint == "static" and "v" not in values and "filename" in values:
            digest = fingerprints.of(values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        # The private follow-up link carries a secret: never send it to another site.
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if request.endpoint == "static":
            version = request.args.get("v")
            filename = (request.view_args or {}).get("filename", "")
            if (response.status_code in (200, 304) and version
                    and version == fingerprints.of(filename)):
                response.cache_control.no_cache = None
                response.cache_control.public = True
                response.cache_control.max_age = YEAR
                response.cache_control.immutable = True
            return response
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            response.headers.setdefault("X-Frame-Options", "DENY")  # browsers before CSP 2
        return response
