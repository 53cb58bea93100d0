"""The real app (or any WSGI target) under gunicorn on a free port of 127.0.0.1, for tests
that need real processes and threads, and for the benchmark."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
WORKERS, THREADS = 2, 4  # gthread workers keep connections alive; sync workers would not
SETTINGS_VARIABLE = "MREJESHO_TEST_SETTINGS"
LISTENING = re.compile(r"Listening at: (http://127\.0\.0\.1:\d+)")


@contextmanager
def serve_app(settings: dict, *, workers: int = WORKERS, threads: int = THREADS) -> Iterator[str]:
    """Serve the app built with settings (what the test's own create_app got, as JSON
    values) with gunicorn; yields the base URL. Its database must already be migrated."""
    env = {**os.environ, SETTINGS_VARIABLE: json.dumps(settings), "PYTHONPATH": str(ROOT)}
    with gunicorn("mrejesho.testing.wsgi:app", env, workers=workers, threads=threads) as url:
        yield url


@contextmanager
def gunicorn(target: str, env: dict | None = None, *, workers: int = WORKERS,
             threads: int = THREADS) -> Iterator[str]:
    """Serve target ("module:app") with gunicorn; yields the base URL. What the server
    wrote on stderr is repeated on ours when it logged a traceback (pytest shows it)."""
    # Port 0: the system picks a free port as gunicorn binds, so two test workers starting
    # servers at once never race for one; gunicorn's log says which port it got.
    command = [sys.executable, "-m", "gunicorn", target, "--bind", "127.0.0.1:0",
               "--workers", str(workers), "--worker-class", "gthread", "--threads",
               str(threads), "--log-level", "info"]
    log = tempfile.TemporaryFile()  # not a pipe: a chatty server must never block on it
    env = env or {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        base_url = _wait_until_ready(process, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        _repeat_tracebacks(log)
        log.close()


def _wait_until_ready(process: subprocess.Popen, log, timeout: float = 30) -> str:
    """Wait for gunicorn to say its port and for the app to answer there; the base URL."""
    deadline = time.monotonic() + timeout
    base_url = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {_read(log)[-2000:]}")
        if base_url is None:
            found = LISTENING.search(_read(log))
            base_url = found.group(1) if found else None
        if base_url is not None:
            try:
                urllib.request.urlopen(base_url + "/", timeout=2).read()
                return base_url
            except urllib.error.HTTPError:
                return base_url  # it answered, even if not with 200
            except OSError:
                pass
        time.sleep(0.1)  # polling for start-up, not timing a test
    raise RuntimeError(f"gunicorn did not answer within {timeout} s: {_read(log)[-2000:]}")


def _read(log) -> str:
    log.seek(0)
    return log.read().decode(errors="replace")


def _repeat_tracebacks(log) -> None:
    text = _read(log)
    if "Traceback" in text:
        sys.stderr.write(f"--- gunicorn stderr ---\n{text[-20000:]}")
