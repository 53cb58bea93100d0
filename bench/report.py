"""The rows `python -m bench` measures, the one table it prints, and the same as JSON."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from .wrk import Outcome


@dataclass(frozen=True)
class Row:
    """One line of the table: a path measured on a backend, and the ceiling it is held to."""

    backend: str  # "sqlite", "postgresql"; "-" for the bare Flask ceiling
    path: str
    outcome: Outcome
    ceiling: float  # requests/s of the bare app, same client shape, same run
    unit: str = ""  # "sessions" when a unit of work is several requests

    @property
    def ratio(self) -> float:
        return self.outcome.per_second / self.ceiling if self.ceiling else math.nan

    def as_dict(self) -> dict:
        out = self.outcome
        return {"backend": self.backend, "path": self.path, "requests_per_s": out.per_second,
                "unit": self.unit or None,
                "units_per_s": out.finished_per_second if self.unit else None,
                "p50_ms": out.p50, "p95_ms": out.p95, "p99_ms": out.p99,
                "non2xx": out.non2xx, "errors": out.errors, "ratio_to_bare": self.ratio,
                "outcome": asdict(out)}


HEADER = ("backend", "path", "req/s", "sessions/s", "p50 ms", "p95 ms", "p99 ms",
          "non-2xx/errors", "x bare")
LEFT = 2  # the first columns are text, left-aligned


def cells(row: Row) -> tuple[str, ...]:
    out = row.outcome
    per_unit = f"{out.finished_per_second:,.1f}" if row.unit else ""
    return (row.backend, row.path, f"{out.per_second:,.0f}", per_unit, _number(out.p50),
            _number(out.p95), _number(out.p99), f"{out.non2xx}/{out.errors}",
            f"{row.ratio:.2f}")


def _number(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.1f}"


def table(rows: list[Row]) -> str:
    """The rows as one plain-text table."""
    lines = [HEADER, *(cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    text = ["  ".join(cell.ljust(width) if i < LEFT else cell.rjust(width)
                      for i, (cell, width) in enumerate(zip(line, widths, strict=True)))
            for line in lines]
    text.insert(1, "-" * len(text[0]))
    return "\n".join(text)
