"""Security headers on every page (issue 12 #5) and language links that never leave the site
(#9)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import url_for

from mrejesho import create_app
from mrejesho.staff.dashboard.charts import COLORS, FALLBACK
from tests.factories import make_feedback, make_staff


def language_links(response) -> dict[str, str]:
    html = response.get_data(as_text=True)
    return {code: href.replace("&amp;", "&")
            for href, code in re.findall(r'<a href="([^"]*)" hreflang="(\w+)"', html)}


@pytest.mark.parametrize("path", ["/%5Cevil.example/", "/%2F%2Fevil.example/",
                                  "/%5C%5Cevil.example/x?lang=sw", "/no/such/page"])
def test_language_links_on_a_404_page_stay_on_this_site(client, path):
    response = client.get(path)
    assert response.status_code == 404
    en = language_links(response)["en"]
    assert en.startswith("?") and "lang=en" in en, en


def test_language_links_are_built_from_the_route(client):
    response = client.get("/track?ref=1234&lang=sw")
    assert language_links(response)["en"] == "/track?ref=1234&lang=en"
    response = client.get("/track/%5Cevil.example")
    assert response.status_code == 404
    assert language_links(response)["en"] == "/track/%5Cevil.example?lang=en"


# --- headers (#5) ------------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>")


def assert_no_inline_code(html: str) -> None:
    assert not INLINE_SCRIPT.search(html), "inline <script>"
    assert not re.search(r"<style\b|\sstyle=", html), "inline style"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def assert_page_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/staff/login", "/staff/login?lang=en", "/", "/track",
                                  "/no/such/page"])
def test_pages_without_sign_in_carry_the_security_headers(client, path):
    response = client.get(path)
    assert_page_headers(response)
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP
    assert_no_inline_code(response.get_data(as_text=True))


STAFF_PAGES = ["/staff/", "/staff/dashboard", "/staff/dashboard?days=90&lang=en",
               "/staff/canned", "/staff/users", "/staff/admin/institutions",
               "/staff/admin/routing", "/staff/password"]


def test_staff_workspace_has_the_policy_and_satisfies_it(client, staff_login):
    item = make_feedback(channel="ussd")
    make_feedback(kind="compliment")
    staff_login(make_staff("DAWATI", role="admin"))
    for path in STAFF_PAGES + [f"/staff/feedback/{item.id}"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_page_headers(response)
        assert_no_inline_code(response.get_data(as_text=True))


def test_dashboard_legend_colours_are_classes_with_the_charts_colours(client, staff_login):
    css = (Path(__file__).resolve().parent.parent / "static" / "staff.css").read_text()
    rules = dict(re.findall(r"\.swatch-(\w+) \{ background:(#[0-9a-f]{6}); \}", css))
    assert rules == COLORS
    assert re.search(r"\.swatch \{[^}]*background:" + FALLBACK, css)
    staff_login(make_staff())
    html = client.get("/staff/dashboard?lang=en").get_data(as_text=True)
    assert '<span class="swatch swatch-web">' in html


def test_non_html_answers_say_nosniff_too(client, app):
    with app.test_request_context():
        css = url_for("static", filename="app.css")
    for response in (client.get(css), client.post("/ussd?token=wrong", data={})):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_hsts_only_over_https_and_behind_a_trusted_proxy_saying_so(client, backend):
    assert "max-age=" in client.get("/", base_url="https://localhost").headers[
        "Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in client.get(
        "/", headers={"X-Forwarded-Proto": "https"}).headers  # no trusted proxy: ignored
    _name, _url, settings = backend
    proxied = create_app({**settings, "TRUSTED_PROXY_HOPS": 1}).test_client()
    assert "Strict-Transport-Security" in proxied.get(
        "/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "41.59.1.1"}).headers
