"""A small load generator: N threads, each with its own keep-alive HTTP connection, repeating
one operation until a time limit or an operation budget is reached, timing every request.
"""
from __future__ import annotations

import http.client
import itertools
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit


class Connection:
    """One keep-alive connection; reconnects once if the server closed it."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors = 0

    def post(self, path: str, fields: dict, label: str | None = None) -> str:
        """POST a form; record its latency under label; returns the body ('' on error)."""
        body = urlencode(fields)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.conn.request("POST", path, body, headers)
                response = self.conn.getresponse()
                text = response.read().decode()
                break
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt == 2:
                    self.errors += 1
                    return ""
        if label:
            self.samples[label].append(time.perf_counter() - started)
        if response.status != 200:
            self.errors += 1
            return ""
        return text

    def record(self, label: str, seconds: float) -> None:
        """Record a timing measured by the caller (e.g. a whole session)."""
        self.samples[label].append(seconds)


@dataclass
class Result:
    """Timings per label, and how long the run took."""

    elapsed: float
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0

    def rate(self, label: str) -> float:
        return len(self.samples.get(label, [])) / self.elapsed if self.elapsed else 0.0

    def percentile(self, label: str, pct: int) -> float:
        """The pct-th percentile latency in milliseconds."""
        values = sorted(self.samples.get(label, []))
        if len(values) < 2:
            return values[0] * 1000 if values else float("nan")
        return statistics.quantiles(values, n=100, method="inclusive")[pct - 1] * 1000


def run(base_url: str, operation: Callable[[Connection], None], *, threads: int,
        seconds: float, max_operations: int = 1_000_000, warmup: int = 20) -> Result:
    """Run operation(connection) from `threads` threads for `seconds` (or until
    max_operations); the first `warmup` operations of each thread are not counted."""
    counter = itertools.count()
    connections: list[Connection] = []
    start_line = threading.Barrier(threads + 1)

    def worker() -> None:
        conn = Connection(base_url)
        for _ in range(warmup):
            operation(conn)
        conn.samples.clear()
        conn.errors = 0
        connections.append(conn)
        start_line.wait()  # everyone starts timing together, after warming up
        stop = time.perf_counter() + seconds
        while time.perf_counter() < stop and next(counter) < max_operations:
            operation(conn)

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    start_line.wait()
    started = time.perf_counter()
    for thread in pool:
        thread.join(seconds + 60)
    result = Result(elapsed=time.perf_counter() - started)
    for conn in connections:
        result.errors += conn.errors
        for label, values in conn.samples.items():
            result.samples.setdefault(label, []).extend(values)
    return result
