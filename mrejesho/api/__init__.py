"""The JSON API for other systems (/api/v1), documented by its own marshmallow schemas as
OpenAPI 3.1 (/api/openapi.json, /api/docs). Token auth (institution API keys): no session,
no CSRF; every error a problem-details JSON (api.errors)."""
from __future__ import annotations

import http

from flask import Flask, request
from flask.sessions import SessionInterface
from flask_smorest import Api as SmorestApi
from flask_smorest.utils import prepare_response

from ..extensions import csrf
from . import schemas

DESCRIPTION = """Submit feedback for citizens, follow it by reference, and work an
institution's queue. Endpoints marked with a lock need an institution API key, created by a
manager in the staff workspace: `Authorization: Bearer mrj_...`. Errors are problem details
(RFC 9457, `application/problem+json`) in Swahili or English (`Accept-Language`)."""


class Api(SmorestApi):
    """flask-smorest's Api whose errors are problems, and that leaves the rest of the app's
    errors (its HTML pages, the SMS and USSD answers) to mrejesho.errors."""

    def _register_error_handlers(self):
        pass  # the API blueprints register their own (api.errors.register)

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = schemas.Problem
            prepare_response(response, self.spec, "application/problem+json")
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An error, as problem details.", "schema": schemas.Problem}
        prepare_response(response, self.spec, "application/problem+json")
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


class _NoSessionForTheApi(SessionInterface):
    """The app's session interface, except that no answer under /api/ sets a cookie: the
    API authenticates by key, and a cookie (a ?lang= remembered) is of no use to it."""

    def __init__(self, inner: SessionInterface):
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def open_session(self, app, request):
        return self.inner.open_session(app, request)

    def is_null_session(self, obj) -> bool:
        return self.inner.is_null_session(obj)

    def save_session(self, app, session, response) -> None:
        if request.path.startswith("/api/"):
            return None
        return self.inner.save_session(app, session, response)


def init_app(app: Flask) -> None:
    """Register the API's blueprints, its document and its documentation page."""
    from . import docs, v1

    app.config.setdefault("OPENAPI_URL_PREFIX", "/api")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = Api(spec_kwargs={
        "title": "e-Mrejesho API", "version": "1", "openapi_version": "3.1.0",
        "info": {"description": DESCRIPTION},
        "servers": [{"url": "/"}],
    })
    api.init_app(app)
    api.spec.components.security_scheme(
        "apiKey", {"type": "http", "scheme": "bearer",
                   "description": "An institution API key (mrj_...)."})
    for blueprint in v1.blueprints():
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
    csrf.exempt(docs.bp)
    app.register_blueprint(docs.bp)
    app.extensions["mrejesho-api"] = api
    app.session_interface = _NoSessionForTheApi(app.session_interface)
