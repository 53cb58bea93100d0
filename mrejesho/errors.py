"""Error pages: every error a visitor can cause gets a page in their language, never a 500 trace."""
from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .extensions import db


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _plain_text() -> bool:
    # Africa's Talking callbacks read text/plain; a USSD reply must still start with END.
    return request.path.startswith(("/ussd", "/sms"))


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/error.html", code=400, csrf=True), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        if request.path.startswith("/api/"):  # no route matched, or a method not allowed
            from .api.errors import from_http

            return from_http(error)
        if request.path.startswith("/open311/"):  # the specification's own error format
            from .open311.render import error as open311_error

            fmt = "json" if request.path.endswith(".json") else "xml"
            return open311_error(fmt, error.code, error.name)
        if _wants_json():
            return jsonify(error=error.name, code=error.code), error.code
        if _plain_text():
            prefix = "END " if request.path.startswith("/ussd") and error.code < 500 else ""
            return f"{prefix}{error.name}", error.code, {"Content-Type": "text/plain"}
        return render_template("errors/error.html", code=error.code), error.code

    @app.errorhandler(Exception)
    def unexpected(error):
        db.session.rollback()
        app.logger.exception("Unhandled error on %s", request.path)
        if request.path.startswith("/api/"):
            from .api.errors import problem

            return problem(500)
        if _wants_json():
            return jsonify(error="Internal Server Error", code=500), 500
        try:
            return render_template("errors/error.html", code=500), 500
        except Exception:  # the page itself failed: still answer, plainly
            return "e-Mrejesho: hitilafu / error (500)", 500, {"Content-Type": "text/plain"}
