"""The soak's load: wrk processes running soak/lua/soak.lua, one per scenario and app
instance (client-side balancing), and the lines they logged, one per request."""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import requests

LUA = Path(__file__).resolve().parent / "lua" / "soak.lua"
# Connections (one per wrk thread) per scenario and instance: a mixed load that a 2-core
# machine carries with room for the faults' recovery.
MIX = {"ussd": 3, "sms": 2, "web": 1, "staff": 1}
STAFF_EMAIL, STAFF_PASSWORD = "soak.officer@example.go.tz", "soak password 1"
STAFF_PATHS = "/staff/?tab=open,/staff/?tab=all,/staff/dashboard"


@dataclass(frozen=True)
class Line:
    """One request as a wrk thread logged it."""

    at: float  # time.monotonic() of the answer
    ms: float  # latency
    status: int  # 0: no answer (a socket error; wrk sent it again)
    kind: str  # ok, bad, ack, resent
    scenario: str
    ids: tuple[str, ...]

    @property
    def error(self) -> bool:
        return self.kind in ("bad", "resent")


def start(urls: list[str], seconds: float, folder: Path, token: str, cookie: str,
          csrf: str) -> list:
    """Start every wrk process; returns them (they stop after seconds)."""
    processes = []
    for number, url in enumerate(urls):
        for index, (scenario, threads) in enumerate(MIX.items()):
            tag = number * len(MIX) + index
            argv = ["wrk", "-t", str(threads), "-c", str(threads), "-d", f"{int(seconds)}s",
                    "--timeout", "10s", "-s", str(LUA), url, "--", f"scenario={scenario}",
                    f"token={token}", f"tag={tag}", f"log={folder}/{scenario}-{number}",
                    f"cookie={cookie}", f"csrf={csrf}", f"paths={STAFF_PATHS}"]
            out = open(folder / f"wrk-{scenario}-{number}.out", "w")
            processes.append(subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                                              env={**os.environ}))
    return processes


def sign_in(base_url: str) -> tuple[str, str]:
    """Sign the soak's officer in through the real form; the Cookie header's value and a
    CSRF token of that session (for the officer's replies)."""
    with requests.Session() as browser:
        form = browser.get(f"{base_url}/staff/login", timeout=30)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.text)
        answer = browser.post(f"{base_url}/staff/login", timeout=30, allow_redirects=False,
                              data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD,
                                    "csrf_token": token.group(1) if token else ""})
        if answer.status_code != 302 or "session" not in browser.cookies:
            raise RuntimeError(f"soak sign-in failed: {answer.status_code}")
        page = browser.get(f"{base_url}/staff/?tab=all", timeout=30)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if csrf is None:
            raise RuntimeError("soak sign-in: no CSRF token on the staff queue")
        return f"session={browser.cookies['session']}", csrf.group(1)


def read(folder: Path) -> list[Line]:
    """Every line the wrk threads logged, oldest first."""
    lines = []
    for path in folder.glob("*-*-*.log"):
        scenario = path.name.split("-")[0]
        for text in path.read_text().splitlines():
            parts = text.split()
            if len(parts) >= 4:
                lines.append(Line(float(parts[0]), float(parts[1]), int(parts[2]), parts[3],
                                  scenario, tuple(parts[4:])))
    return sorted(lines, key=lambda line: line.at)
