"""Prometheus metrics at /metrics: requests by route (the URL rule, never the raw path) and
status, their latency, USSD sessions and screens, and, read at scrape time, the outbox's
depth and the age of its oldest queued message. The SMS worker counts what it sent and what
failed (instrument_worker). Under gunicorn, PROMETHEUS_MULTIPROC_DIR (deploy/gunicorn.conf.py)
makes every worker process write its figures there and /metrics adds them all up."""
from __future__ import annotations

import os
import time
from collections import Counter as Tally

from flask import Blueprint, Flask, Response, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)

from . import access, outbox_figures

bp = Blueprint("ops_metrics", __name__)
STARTED = "mrejesho.started"
METHODS = frozenset({"GET", "POST", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"})
USSD_STEP = "ussd.ussd"  # the endpoint of a USSD step (ussd/webhooks.py)

REQUESTS = Counter("mrejesho_http_requests", "HTTP requests answered, by route (URL rule), "
                   "method and status.", ["route", "method", "status"])
LATENCY = Histogram("mrejesho_http_request_duration_seconds", "Time to answer a request, "
                    "by route (URL rule).", ["route"],
                    buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))
USSD_SESSIONS = Counter("mrejesho_ussd_sessions", "USSD sessions begun (a first step, "
                        "answered).")
USSD_SCREENS = Counter("mrejesho_ussd_screens", "USSD screens answered, by kind (CON goes "
                       "on, END ends the session).", ["kind"])
USSD_CON, USSD_END = USSD_SCREENS.labels("CON"), USSD_SCREENS.labels("END")
SMS = Counter("mrejesho_outbox_messages_handled", "Outbox messages the SMS worker handled, by "
              "outcome (sent, queued again for a retry, unknown, failed, lost claim).",
              ["outcome"])


def init_app(app: Flask) -> None:
    """Count and time every request (registered first: its after_request runs last).
    The hot paths (USSD, SMS webhooks) pay a few microseconds: the labelled children are
    kept in dictionaries instead of being looked up through .labels() each time."""
    counted: dict[tuple[str, str, int], object] = {}
    timed: dict[str, object] = {}

    @app.before_request
    def start_clock():
        request.environ[STARTED] = time.perf_counter()

    @app.after_request
    def count_request(response):
        current = request._get_current_object()
        environ = current.environ
        rule = current.url_rule
        route = rule.rule if rule is not None else "<unmatched>"
        method = environ.get("REQUEST_METHOD", "")
        # Any other method is OTHER: the kept children stay few whatever clients send.
        key = (route, method if method in METHODS else "OTHER", response.status_code)
        counter = counted.get(key)
        if counter is None:
            counter = counted[key] = REQUESTS.labels(route, key[1], str(key[2]))
        counter.inc()
        started = environ.get(STARTED)
        if started is not None:
            histogram = timed.get(route)
            if histogram is None:
                histogram = timed[route] = LATENCY.labels(route)
            histogram.observe(time.perf_counter() - started)
        if rule is not None and rule.endpoint == USSD_STEP and key[2] == 200:
            _count_ussd(current, response)
        return response


def _count_ussd(current, response: Response) -> None:
    # Africa's Talking sends an empty text on the first step of a session.
    if current.form.get("text", None) == "":
        USSD_SESSIONS.inc()
    (USSD_END if response.get_data()[:3] == b"END" else USSD_CON).inc()


@bp.get("/metrics")
def metrics():
    """The metrics in Prometheus' text format, for the allowed (METRICS_TOKEN bearer or
    METRICS_ALLOWED_IPS); every process's under gunicorn."""
    refused = access.refusal()
    if refused is not None:
        return refused
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REGISTRY)
    registry.register(outbox_figures.OutboxCollector())
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


class SmsCounts(Tally):
    """The SMS worker's counts (a collections.Counter) that also move the Prometheus
    counter, so the worker need not know about metrics."""

    def update(self, other=(), /, **kwargs):
        delta = Tally(other, **kwargs) if not isinstance(other, Tally) or kwargs else other
        super().update(delta)
        for outcome, count in delta.items():
            SMS.labels(outcome).inc(count)


def instrument_worker(worker, port: int | None) -> None:
    """Count what the worker sends; serve its metrics on 127.0.0.1:port (WORKER_METRICS_PORT,
    or WORKER_METRICS_ADDRESS for another interface) when a port is set."""
    worker.counts = SmsCounts(worker.counts)
    if port:
        start_http_server(port, addr=os.environ.get("WORKER_METRICS_ADDRESS", "127.0.0.1"))
