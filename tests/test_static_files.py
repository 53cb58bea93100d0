"""Static files and page headers: fingerprinted URLs cached for a year, compressed pages,
styles and scripts, and a strict content security policy on every citizen page."""
from __future__ import annotations

import gzip
import re

import pytest
from flask import url_for

from mrejesho.static_files import CONTENT_SECURITY_POLICY, YEAR

CITIZEN_PAGES = ("/", "/submit", "/track", "/stats/", "/simulator", "/no-such-page")


def test_static_urls_carry_the_files_content_hash(app):
    with app.test_request_context():
        url = url_for("static", filename="app.css")
        other = url_for("static", filename="staff.css")
    assert re.fullmatch(r"/static/app\.css\?v=[0-9a-f]{12}", url)
    assert url.split("=")[1] != other.split("=")[1]


def test_fingerprinted_file_is_cached_for_a_year_others_revalidate(app, client):
    with app.test_request_context():
        url = url_for("static", filename="app.css")
    response = client.get(url)
    assert response.status_code == 200
    assert response.cache_control.max_age == YEAR and response.cache_control.immutable
    assert response.cache_control.public and not response.cache_control.no_cache
    for stale in ("/static/app.css", "/static/app.css?v=000000000000"):
        response = client.get(stale)
        assert response.status_code == 200
        assert response.cache_control.max_age != YEAR and not response.cache_control.immutable


def test_pages_reference_their_styles_by_fingerprinted_url(client):
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'href="/static/app\.css\?v=[0-9a-f]{12}"', page)


def test_pages_and_static_files_are_sent_compressed(app, client):
    response = client.get("/submit", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    html = gzip.decompress(response.get_data()).decode()
    assert "<form" in html and len(response.get_data()) < len(html) / 3
    with app.test_request_context():
        url = url_for("static", filename="app.css")
    styles = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert styles.headers.get("Content-Encoding") in ("br", "zstd", "gzip", "deflate")
    plain = client.get("/submit")
    assert "Content-Encoding" not in plain.headers
    errors = client.post("/submit", data={"body": "ab"}, headers={"Accept-Encoding": "gzip"})
    assert errors.status_code in (400, 422) and errors.headers["Content-Encoding"] == "gzip"
    assert "<form" in gzip.decompress(errors.get_data()).decode()
    missing = client.get("/no-such-page", headers={"Accept-Encoding": "gzip"})
    assert missing.status_code == 404 and missing.headers["Content-Encoding"] == "gzip"


def test_callbacks_answered_in_plain_text_are_not_compressed(client):
    response = client.post("/ussd?token=wrong", headers={"Accept-Encoding": "gzip"},
                           data={"sessionId": "s", "phoneNumber": "+255712345678",
                                 "text": ""})
    assert "Content-Encoding" not in response.headers


@pytest.mark.parametrize("path", CITIZEN_PAGES)
def test_citizen_pages_have_a_strict_policy_and_no_inline_script_or_style(client, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["Referrer-Policy"] == "same-origin"
    html = response.get_data(as_text=True)
    # A JSON data block (the simulator's settings) is never run, and the policy allows it.
    assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>",
                         html), "inline <script>"
    assert not re.search(r"<style\b|\sstyle=", html), "inline style"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
