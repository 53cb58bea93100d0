"""After the load: did every answered request do its work exactly once? Counts in the
database are compared with the answers wrk counted (warm-up and measured runs together)."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

# The ids the Lua scripts give (bench/lua): sessionId and SMS id prefixes.
SMS, SESSION, MENU = "bench-sms-", "bench-session-", "bench-menu-"


@dataclass(frozen=True)
class Check:
    backend: str
    name: str
    expected: int
    found: int

    @property
    def passed(self) -> bool:
        return self.expected == self.found

    def line(self) -> str:
        mark = "ok      " if self.passed else "MISMATCH"
        return (f"{mark} {self.backend:<10} {self.name}: expected {self.expected:,}, "
                f"found {self.found:,}")


def count(conn, sql: str, **params) -> int:
    return int(conn.execute(sa.text(sql), params).scalar_one())


def webhooks(backend: str, database_url: str, answered: dict[str, dict[str, int]]) -> list[Check]:
    """Checks for the webhook scenarios that ran; answered maps a scenario name to its
    summed counters ("ok", "finished")."""
    engine = sa.create_engine(database_url)
    checks = []
    try:
        with engine.connect() as conn:
            if "sms" in answered:
                checks += _sms(backend, conn, answered["sms"]["ok"])
            if "ussd-session" in answered:
                checks += _sessions(backend, conn, answered["ussd-session"]["finished"])
            if "ussd-menu" in answered:
                checks.append(Check(backend, "USSD menu steps: feedback filed", 0, count(
                    conn, "SELECT count(*) FROM feedback WHERE source_key LIKE :key",
                    key=f"ussd:{MENU}%")))
            if "sms" in answered or "ussd-session" in answered:
                checks += _receipts(backend, conn)
    finally:
        engine.dispose()
    return checks


def _sms(backend: str, conn, ok: int) -> list[Check]:
    key = f"sms:{SMS}%"
    return [
        Check(backend, "SMS: inbound messages stored = 200 answers", ok, count(
            conn, "SELECT count(*) FROM inbound_sms WHERE provider_id LIKE :id", id=f"{SMS}%")),
        Check(backend, "SMS: feedback rows (source_key sms:<id>) = 200 answers", ok, count(
            conn, "SELECT count(*) FROM feedback WHERE source_key LIKE :key", key=key)),
        Check(backend, "SMS: distinct feedback linked from the messages = 200 answers", ok,
              count(conn, "SELECT count(DISTINCT feedback_id) FROM inbound_sms "
                          "WHERE provider_id LIKE :id", id=f"{SMS}%")),
    ]


def _sessions(backend: str, conn, finished: int) -> list[Check]:
    return [
        Check(backend, "USSD: feedback rows (source_key ussd:<sessionId>) = sessions completed",
              finished, count(conn, "SELECT count(*) FROM feedback WHERE source_key LIKE :key",
                              key=f"ussd:{SESSION}%")),
        Check(backend, "USSD: sessions holding their feedback = sessions completed", finished,
              count(conn, "SELECT count(*) FROM ussd_session WHERE session_id LIKE :id "
                          "AND feedback_id IS NOT NULL", id=f"{SESSION}%")),
    ]


def _receipts(backend: str, conn) -> list[Check]:
    mine = "(f.source_key LIKE :sms OR f.source_key LIKE :ussd)"
    params = {"sms": f"sms:{SMS}%", "ussd": f"ussd:{SESSION}%"}
    made = count(conn, f"SELECT count(*) FROM feedback f WHERE {mine}", **params)
    return [
        Check(backend, "outbox: receipt SMS rows = feedback filed", made, count(
            conn, f"SELECT count(*) FROM outbound_message o "
                  f"JOIN feedback f ON o.feedback_id = f.id WHERE {mine}", **params)),
        Check(backend, "outbox: feedback without exactly one receipt", 0, count(
            conn, f"SELECT count(*) FROM feedback f WHERE {mine} AND (SELECT count(*) FROM "
                  "outbound_message o WHERE o.feedback_id = f.id) <> 1", **params)),
    ]
