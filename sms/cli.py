"""SMS commands: `flask sms-worker` (send the outbox, run the schedule) and
`flask sms-reprocess` (retry stored inbound messages that were never processed)."""
from __future__ import annotations

import logging
import signal
from datetime import timedelta

import click
from flask import current_app

from mrejesho.ops import metrics as ops_metrics

from . import inbox
from .worker import Worker


def register(app) -> None:
    """Add the SMS commands to the app's CLI."""
    app.cli.add_command(worker_command)
    app.cli.add_command(reprocess_command)


@click.command("sms-worker")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
@click.option("--batch", "batch_size", default=200, show_default=True,
              help="Messages claimed per transaction.")
@click.option("--poll", "poll_seconds", default=1.5, show_default=True,
              help="Seconds to wait when nothing is due.")
def worker_command(once, batch_size, poll_seconds):
    """Send queued SMS through the configured gateway; also escalates overdue feedback."""
    app = current_app._get_current_object()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    worker = Worker(app, batch_size=batch_size, poll_seconds=poll_seconds)
    # Sent/failed counters, served on WORKER_METRICS_PORT when set (docs/deployment.md).
    ops_metrics.instrument_worker(worker, app.config.get("WORKER_METRICS_PORT"))
    if once:
        counts = worker.drain()
        click.echo(_summary(counts))
        return
    # Finish the message in hand, give the rest of the batch back, and exit cleanly.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: worker.stop.set())
    click.echo(f"sms-worker: gateway={app.config['SMS_GATEWAY']} batch={batch_size}; "
               "stop with Ctrl-C or SIGTERM")
    worker.run()
    click.echo(f"sms-worker stopped: {_summary(worker.counts)}")


@click.command("sms-reprocess")
@click.option("--all", "include_errors", is_flag=True,
              help="Also retry messages whose processing failed before.")
def reprocess_command(include_errors):
    """Process stored inbound SMS that have no outcome yet."""
    tried = inbox.reprocess(older_than=timedelta(0), errors=include_errors)
    click.echo(f"Reprocessed {tried} inbound SMS.")


def _summary(counts) -> str:
    return " ".join(f"{k}={counts.get(k, 0)}" for k in ("sent", "queued", "failed", "lost"))
