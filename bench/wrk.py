"""Running wrk with one of the Lua scripts in bench/lua and reading what its done() printed
(one line, "BENCH_JSON {...}": counters, the measured window and latency percentiles)."""
from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).resolve().parent / "lua"
MARK = "BENCH_JSON "
# wrk's -d is only a safety net (each thread stops itself once its last answer is in);
# this much longer than the measured run, it lets slow pages finish their last request.
SAFETY_SECONDS = 30


@dataclass(frozen=True)
class Load:
    """How hard wrk drives: threads, connections (shared among the threads), seconds."""

    threads: int
    connections: int
    seconds: float


@dataclass(frozen=True)
class Outcome:
    """What one wrk run measured."""

    answered: int  # responses received, whatever their status
    ok: int  # 2xx responses
    non2xx: int
    bad: int  # answers the script did not expect (non-2xx included)
    finished: int  # whole units of work (a USSD session, a menu pair)
    seconds: float  # from the first request sent to the last answer received
    p50: float  # latency percentiles of single requests, ms
    p95: float
    p99: float
    socket_errors: int  # connect, read, write errors and timeouts
    cut_threads: int  # threads that did not stop themselves: wrk's -d cut them off
    unanswered: int  # requests sent that got no answer (lost with a connection, or cut off)

    @property
    def per_second(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    @property
    def finished_per_second(self) -> float:
        return self.finished / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        """Socket errors, plus 2xx answers that were not what the step expected."""
        return self.socket_errors + max(self.bad - self.non2xx, 0)


def parse(output: str) -> Outcome:
    """The Outcome in wrk's output (the BENCH_JSON line that done() wrote)."""
    for line in output.splitlines():
        if line.startswith(MARK):
            data = json.loads(line[len(MARK):])
            break
    else:
        raise ValueError(f"no {MARK.strip()} line in wrk's output:\n{output[-2000:]}")
    latency = data["latency_us"]
    return Outcome(
        answered=int(data["answered"]), ok=int(data["ok"]), non2xx=int(data["non2xx"]),
        bad=int(data["bad"]), finished=int(data["finished"]), seconds=float(data["seconds"]),
        p50=_ms(latency.get("p50")), p95=_ms(latency.get("p95")), p99=_ms(latency.get("p99")),
        socket_errors=sum(int(value) for value in data["errors"].values()),
        cut_threads=int(data["threads"]) - int(data["stopped"]),
        unanswered=int(data["sent"]) - int(data["answered"]),
    )


def _ms(microseconds) -> float:
    return microseconds / 1000 if microseconds is not None else math.nan


def command(script: str, url: str, load: Load, args: dict, headers: dict) -> list[str]:
    """The wrk command line for script (a file name in bench/lua) against url."""
    argv = ["wrk", "-t", str(load.threads), "-c", str(load.connections),
            "-d", f"{math.ceil(load.seconds) + SAFETY_SECONDS}s", "--timeout", "30s",
            "-s", str(LUA / script)]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    settings = {**args, "seconds": load.seconds}
    return [*argv, url, "--", *(f"{key}={value}" for key, value in settings.items())]


def run(script: str, url: str, load: Load, args: dict, headers: dict | None = None) -> Outcome:
    """Run wrk and return what it measured."""
    env = {**os.environ, "LUA_PATH": f"{LUA}/?.lua;;"}
    done = subprocess.run(command(script, url, load, args, headers or {}), env=env,
                          capture_output=True, text=True,
                          timeout=load.seconds + SAFETY_SECONDS + 30)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr[-2000:]}")
    return parse(done.stdout)


def available() -> bool:
    return shutil.which("wrk") is not None
