"""USSD scenario: menu steps alone, and whole sessions that file a complaint, as Africa's
Talking would post them (a '*' inside the typed message included)."""
from __future__ import annotations

import random
import time
import uuid

from .load import Connection, run
from .report import Row, Target

# home -> give feedback -> complaint -> Energy -> TANESCO -> message -> confirm
MENU = ("1", "1", "2", "2", "Umeme umekatika * Sinza tangu jana")
CONFIRM = "1"


def run_scenario(target: Target) -> list[Row]:
    """Measure menu steps, then full sessions, against the running app."""
    path = f"/ussd?token={target.token}"

    def session(conn: Connection, confirm: bool) -> None:
        fields = {"sessionId": f"bench-{uuid.uuid4().hex}", "serviceCode": "*152*00#",
                  "phoneNumber": f"+25571{random.randrange(10**7):07d}",
                  "networkCode": "64002", "text": ""}
        label = "step_in_session" if confirm else "step"
        inputs = []
        started = time.perf_counter()
        _expect(conn, conn.post(path, fields, label), "CON ")
        for value in MENU:
            inputs.append(value)
            _expect(conn, conn.post(path, {**fields, "text": "*".join(inputs)}, label), "CON ")
        if confirm:
            inputs.append(CONFIRM)
            done = conn.post(path, {**fields, "text": "*".join(inputs)}, "submit")
            _expect(conn, done, "END ")
            conn.record("session", time.perf_counter() - started)

    kwargs = {"threads": target.threads, "seconds": target.seconds, "warmup": 3}
    steps = run(target.url, lambda conn: session(conn, False), **kwargs)
    full = run(target.url, lambda conn: session(conn, True), **kwargs)
    return [
        Row(target.backend, "USSD menu step", "request", steps, "step"),
        Row(target.backend, "USSD final step (files it)", "request", full, "submit"),
        Row(target.backend, f"USSD full session ({len(MENU) + 2} steps)", "session", full,
            "session"),
    ]


def _expect(conn: Connection, screen: str, prefix: str) -> None:
    if not screen.startswith(prefix):
        conn.errors += 1
