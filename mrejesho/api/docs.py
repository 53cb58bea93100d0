"""/api/docs: Swagger UI, vendored under static/vendor/swagger-ui (works offline), reading
/api/openapi.json. Its start-up script is a file (static/js/api-docs.js): the page keeps the
site's content security policy, with images from data: URLs, which Swagger UI draws with."""
from __future__ import annotations

from flask import Blueprint, render_template, url_for

from ..static_files import CONTENT_SECURITY_POLICY

bp = Blueprint("api_docs", __name__)
DOCS_POLICY = CONTENT_SECURITY_POLICY + "; img-src 'self' data:"


@bp.get("/api/docs")
def page():
    """The API's documentation, from its OpenAPI document."""
    response = render_template(
        "api/docs.html",
        spec_url=url_for("api-docs.openapi_json"))
    return response, 200, {"Content-Security-Policy": DOCS_POLICY}
