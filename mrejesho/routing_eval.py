"""`flask routing-eval FILE`: how well the router sends a labelled corpus (issue 10, item 5).

The corpus is CSV with at least `id`, `text`, `acceptable` (codes separated by `|`) and
`triage_ok` (yes/no). A message routed to one of its acceptable codes is right; left to the
triage desk it is triage (neither right nor wrong); routed anywhere else it is wrong.
"""
from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import click

TRIAGE = "DAWATI"


@dataclass
class Outcome:
    id: str
    text: str
    acceptable: tuple[str, ...]
    triage_ok: bool
    routed: str | None  # None: the triage desk
    reasons: tuple[str, ...] = ()

    @property
    def verdict(self) -> str:
        if self.routed is None or self.routed == TRIAGE:
            return "triage"
        return "right" if self.routed in self.acceptable else "wrong"


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def share(self, verdict: str) -> float:
        return sum(o.verdict == verdict for o in self.outcomes) / max(len(self.outcomes), 1)

    @property
    def accuracy(self) -> float:
        return self.share("right")

    @property
    def wrong(self) -> float:
        return self.share("wrong")

    @property
    def triage(self) -> float:
        return self.share("triage")

    @property
    def triage_fine(self) -> float:
        """Share left to triage where the central desk is an acceptable outcome."""
        return sum(o.verdict == "triage" and o.triage_ok for o in self.outcomes) / max(
            len(self.outcomes), 1)

    def summary(self) -> str:
        return (f"{len(self.outcomes)} messages: right {self.accuracy:.1%}, "
                f"wrong {self.wrong:.1%}, triage {self.triage:.1%} "
                f"(of which triage acceptable {self.triage_fine:.1%})")


def read(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def evaluate(rows: Iterable[dict], route: Callable[[str], tuple[str | None, tuple]]) -> Report:
    """route(text) -> (code or None for triage, reasons)."""
    report = Report()
    for row in rows:
        code, reasons = route(row["text"])
        report.outcomes.append(Outcome(
            row["id"], row["text"], tuple(c for c in row["acceptable"].split("|") if c),
            row.get("triage_ok", "").strip().lower() == "yes", code, tuple(reasons)))
    return report


def router_route(text: str) -> tuple[str | None, tuple]:
    """The router on this app's reference data, as intake uses it."""
    from . import router

    decision = router.route(text)
    return decision.code, tuple(decision.reasons)


def shipped_index():
    """The router's index over the reference data as `flask seed` would load it (both
    institution files), without a database: what tests and --shipped evaluate."""
    from types import MappingProxyType

    from . import router, seed
    from .reference import Desk

    desks = []
    for number, item in enumerate(seed.records(), start=1):
        covers = item.get("covers") or {}
        desks.append(Desk(
            number, item["code"], item["name_sw"], item["name_en"], item["kind"],
            item["sector"], item.get("parent"), tuple(item["aliases"]),
            MappingProxyType(dict(item.get("sla_days") or {})), True, item.get("short_name"),
            tuple(covers.get("regions", ())), tuple(covers.get("districts", ())),
            tuple((item.get("handles") or {}).get("sectors", ()))))
    triage = next((d.code for d in desks if d.kind == "triage"), None)
    return router.build(desks, triage)


def index_route(idx, limit: float | None = None):
    """route(text) for evaluate(), on a given index."""
    from . import router

    def route(text: str):
        decision = router.route(text, idx=idx, limit=limit)
        return decision.code, tuple(decision.reasons)

    return route


@click.command("routing-eval")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--all", "show_all", is_flag=True, help="Also list the messages left to triage.")
@click.option("--shipped", is_flag=True,
              help="Use the reference data files as seed would load them, not the database.")
def command(path, show_all, shipped):
    """Route every message of a labelled corpus and print the figures and the misroutes."""
    route = index_route(shipped_index()) if shipped else router_route
    report = evaluate(read(path), route)
    click.echo(report.summary())
    for outcome in report.outcomes:
        if outcome.verdict == "wrong" or (show_all and outcome.verdict == "triage"):
            click.echo(f"{outcome.verdict:6} {outcome.id} -> {outcome.routed or TRIAGE} "
                       f"(acceptable: {'|'.join(outcome.acceptable) or '-'}"
                       f"{', triage ok' if outcome.triage_ok else ''}) {outcome.text[:90]}")
            if outcome.reasons:
                click.echo(f"         {'; '.join(outcome.reasons)}")
