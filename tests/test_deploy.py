"""deploy/: the nginx site file passes `nginx -t` and really serves the app (request ids,
/metrics closed, bodies over the app's limit refused), its limits match the app's, and the
systemd units pass `systemd-analyze verify`. nginx is Debian's (.ci/run installs it); under
CI a missing nginx fails the test, elsewhere it is skipped."""
from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mrejesho import create_app
from mrejesho.testing.cluster import free_port
from mrejesho.testing.servers import serve_app

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx" / "mrejesho.conf"
UNITS = ROOT / "deploy" / "systemd"


@pytest.fixture(scope="module")
def nginx() -> str:
    """The nginx binary."""
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
    if found is None:
        message = "nginx not found: apt-get install nginx"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must check the site file, never pass without it
        pytest.skip(message + " (CI runs this)")
    return found


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def _config(folder: Path, *, upstream: str | None = None, ports: tuple[int, int] | None = None
            ) -> Path:
    """A whole nginx.conf in folder around the site file: its certificates made here, its
    log in folder; with upstream and ports, pointed at a local app on local ports."""
    cert, key = _certificate(folder)
    site = SITE.read_text()
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", site)
    site = re.sub(r"access_log /var/log/nginx/\S+", f"access_log {folder / 'access.log'}", site)
    if upstream:
        site = re.sub(r"(?m)^\s*server 10\.\S+ max_fails.*\n", "", site)
        site = site.replace("keepalive 32;", f"server {upstream};\n    keepalive 32;")
    if ports:
        site = re.sub(r"(?m)^\s*listen \[::\]:.*\n", "", site)
        site = site.replace("listen 80;", f"listen 127.0.0.1:{ports[0]};")
        site = site.replace("listen 443 ssl", f"listen 127.0.0.1:{ports[1]} ssl")
    (folder / "site.conf").write_text(site)
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    conf = folder / "nginx.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
        + "events { worker_connections 64; }\nhttp {\n"
        + "".join(f"  {name}_temp_path {path};\n" if name != "body" else
                  f"  client_body_temp_path {path};\n" for name, path in temp.items())
        + f"  access_log off;\n  include {folder / 'site.conf'};\n}}\n")
    return conf


def test_nginx_accepts_the_site_file(nginx, tmp_path):
    conf = _config(tmp_path)
    checked = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(conf)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_site_file_matches_the_app_settings():
    site = SITE.read_text()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": "x", "WEBHOOK_TOKEN": "x", "MREJESHO_ENV": "testing"})
    size = re.search(r"client_max_body_size (\d+)m;", site)
    assert size and int(size[1]) * 1024 * 1024 == app.config["MAX_CONTENT_LENGTH"]
    # One proxy that appends the address it saw: TRUSTED_PROXY_HOPS=1, as the file says.
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in site
    assert "X-Forwarded-Proto $scheme" in site and "TRUSTED_PROXY_HOPS=1" in site
    assert re.search(r"location = /metrics \{[^}]*deny all;", site)


def _wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        assert process.poll() is None, "nginx exited"
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)  # polling for start-up, not timing a test
    raise AssertionError("nginx did not listen")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test looks at the redirect itself


def _open(url: str, **kwargs):
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # its own test cert
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context),
                                         _NoRedirect)
    try:
        return opener.open(urllib.request.Request(url, **kwargs), timeout=20)
    except urllib.error.HTTPError as error:
        return error


def test_nginx_serves_the_app_with_request_ids_closed_metrics_and_the_body_limit(
        nginx, app, backend, tmp_path):
    _name, _url, settings = backend
    with serve_app({**settings, "TRUSTED_PROXY_HOPS": 1}) as app_url:
        ports = (free_port(), free_port())
        conf = _config(tmp_path, upstream=app_url.removeprefix("http://"), ports=ports)
        process = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(conf),
                                    "-g", "daemon off;"], stderr=subprocess.PIPE)
        try:
            _wait_for_port(ports[1], process)
            base = f"https://127.0.0.1:{ports[1]}"
            answer = _open(base + "/healthz")
            assert answer.status == 200
            request_id = answer.headers["X-Request-ID"]
            assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id, kept
            closed = _open(base + "/metrics")  # nginx: not from the monitoring network
            assert closed.status == 403 and "X-Request-ID" not in closed.headers  # not the app
            assert _open(base + "/readyz").status == 200  # allowed from 127.0.0.1
            too_big = _open(base + "/submit", data=b"x" * (7 * 1024 * 1024), method="POST",
                            headers={"Content-Type": "application/octet-stream"})
            assert too_big.status == 413 and "X-Request-ID" not in too_big.headers
            redirect = _open(f"http://127.0.0.1:{ports[0]}/track")
            assert redirect.status == 301
            assert redirect.headers["Location"] == "https://127.0.0.1/track"
        finally:
            process.terminate()
            process.wait(timeout=15)
    log = (tmp_path / "access.log").read_text()
    assert request_id in log  # the same id in nginx's log line and the app's


def test_systemd_units_pass_verification(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not found")
    names = []
    for unit in UNITS.iterdir():
        text = unit.read_text().replace("/srv/mrejesho", str(ROOT))
        name = unit.name.replace("@.", "@1.")
        (tmp_path / name).write_text(text)
        names.append(f"./{name}")
    checked = subprocess.run([analyze, "verify", *sorted(names)], cwd=tmp_path,
                             capture_output=True, text=True)
    assert checked.returncode == 0 and not checked.stderr.strip(), checked.stderr
