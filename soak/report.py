"""The soak's table: load before the faults, then each fault's window and the window after
it, with requests, errors, error rate, p99 latency and the time until errors stopped."""
from __future__ import annotations

import math
from dataclasses import dataclass

AFTER_SECONDS = 15.0
QUIET = 5.0  # seconds without an error that say the app is back
RECOVERY_LIMIT = 30.0  # seconds within which the app must answer normally again


@dataclass
class Fault:
    name: str
    start: float  # time.monotonic()
    end: float  # when the fault was over (the process killed, the database back...)
    recovery: float | None = None  # seconds from start to the last error it caused
    note: str = ""


@dataclass(frozen=True)
class Window:
    requests: int
    errors: int
    p99: float

    @property
    def rate(self) -> float:
        return self.errors / self.requests if self.requests else 0.0


def window(lines, start: float, end: float) -> Window:
    """Requests answered (or failed) in [start, end)."""
    inside = [line for line in lines if start <= line.at < end]
    latencies = sorted(line.ms for line in inside if line.status)
    return Window(len(inside), sum(line.error for line in inside), percentile(latencies, 99))


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return math.nan
    return values[min(len(values) - 1, math.ceil(pct / 100 * len(values)) - 1)]


def recovery(lines, fault: Fault, until: float) -> float:
    """Seconds from the fault's start until the app answered normally for QUIET seconds in a
    row: the last error of the burst that follows the fault (0: none a client saw). A stray
    error later, after a quiet spell, is not the fault's."""
    errors = sorted(line.at for line in lines if fault.start <= line.at < until and line.error)
    last = fault.start
    for moment in errors:
        if moment - last >= QUIET:
            break
        last = moment
    return last - fault.start


def table(lines, started: float, faults: list[Fault], ended: float) -> list[str]:
    """The printed table, one row per period."""
    rows = [("period", "seconds", "requests", "req/s", "errors", "err %", "p99 ms",
             "recovery s")]

    def add(name, start, end, recovered=""):
        w = window(lines, start, end)
        seconds = max(end - start, 1e-9)
        rows.append((name, f"{end - start:.0f}", str(w.requests), f"{w.requests / seconds:.1f}",
                     str(w.errors), f"{100 * w.rate:.2f}", f"{w.p99:.0f}", recovered))

    first = faults[0].start if faults else ended
    add("load, before any fault", started, first)
    for fault in faults:
        span_end = max(fault.end, fault.start + 10)
        fault.recovery = recovery(lines, fault, span_end + AFTER_SECONDS)
        add(f"during: {fault.name}", fault.start, span_end, f"{fault.recovery:.1f}")
        add(f"  after ({AFTER_SECONDS:.0f} s)", span_end, span_end + AFTER_SECONDS)
    add("whole run", started, ended)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                      for i, cell in enumerate(row)) for row in rows]
