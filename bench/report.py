"""What a scenario hands back, and the one table `python -m bench` prints."""
from __future__ import annotations

from dataclasses import dataclass

from .load import Result


@dataclass(frozen=True)
class Target:
    """The running app a scenario drives, and how hard."""

    backend: str  # "sqlite" or "postgresql"
    url: str
    token: str
    seconds: float
    threads: int


@dataclass(frozen=True)
class Row:
    """One line of the table: the timings recorded under label in result."""

    backend: str
    name: str
    unit: str  # "request" or "session"
    result: Result
    label: str


HEADER = ("backend", "measured", "unit", "per s", "p50 ms", "p95 ms", "p99 ms",
          "per s / bare", "p50 / bare", "errors")


def table(rows: list[Row], baseline: Row) -> str:
    """Format the rows, each compared with the bare Flask baseline."""
    base_rate = baseline.result.rate(baseline.label)
    base_p50 = baseline.result.percentile(baseline.label, 50)
    lines = [HEADER]
    for row in rows:
        res, label = row.result, row.label
        rate, p50 = res.rate(label), res.percentile(label, 50)
        lines.append((row.backend, row.name, row.unit, f"{rate:,.0f}", f"{p50:.1f}",
                      f"{res.percentile(label, 95):.1f}", f"{res.percentile(label, 99):.1f}",
                      f"{rate / base_rate:.2f}", f"{p50 / base_p50:.1f}", str(res.errors)))
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    text = ["  ".join(cell.ljust(w) if i < 3 else cell.rjust(w)
                      for i, (cell, w) in enumerate(zip(line, widths, strict=True)))
            for line in lines]
    text.insert(1, "-" * len(text[0]))
    return "\n".join(text)
