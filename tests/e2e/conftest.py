"""Browser fixtures: the app served on 127.0.0.1 in a thread, driven by Debian's Chromium.

Playwright's own browser download is not used: tests launch /usr/bin/chromium, which
.ci/run installs from Debian's packages when it is missing. Without it, `make test` skips the
browser tests and says why; under CI (CI set, as .ci/run sets it) they fail instead.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
# Without these, Chromium keeps calling home and this sandbox refuses each connection.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
def live_server(app):
    """Serve the test app on a free local port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the browser tests, never pass without them
        pytest.skip(message + " (browser tests skipped; CI runs them)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser page with its own cookies; resize with page.set_viewport_size."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sw-TZ")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot(page, request):
    """Save a full-page screenshot under tests/artifacts/: screenshot("queue")."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        backend = request.node.callspec.params.get("backend", "") if hasattr(
            request.node, "callspec") else ""
        path = ARTIFACTS / f"{name}{'-' + backend if backend else ''}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
