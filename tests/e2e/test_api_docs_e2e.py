"""/api/docs in a real browser: Swagger UI, vendored, draws the API's operations from
/api/openapi.json with every request outside the app refused (it works offline), and the
page's content security policy reports no violation."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.test_security_headers_e2e import WATCH, violations

pytestmark = pytest.mark.e2e


def test_the_api_documentation_works_offline_under_the_policy(live_server, page, db):
    app_host = urlsplit(live_server).netloc
    elsewhere: list[str] = []

    def only_the_app(route):
        if urlsplit(route.request.url).netloc in (app_host, ""):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_app)
    page.add_init_script(WATCH)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{live_server}/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("e-Mrejesho API")
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/track/{reference}")
    expect(operation.first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/feedback").first
           ).to_be_visible()
    assert violations(page, console) == []
    assert elsewhere == []
