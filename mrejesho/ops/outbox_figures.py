"""The outbox's figures, read when Prometheus scrapes: how many messages wait in each
unfinished status and how old the oldest queued one is. One grouped query along
ix_outbound_due (status first); a database that does not answer gives up=0, not an error."""
from __future__ import annotations

import logging

import sqlalchemy as sa
from prometheus_client.core import GaugeMetricFamily

from ..extensions import db
from ..timeutil import utcnow

log = logging.getLogger(__name__)
WAITING = ("queued", "sending", "unknown")


class OutboxCollector:
    """A Prometheus collector run at scrape time in the scraping request's app context."""

    def describe(self):
        return []  # computed at scrape time; nothing to check at registration

    def collect(self):
        depth = GaugeMetricFamily("mrejesho_outbox_depth", "Outbox messages not yet "
                                  "settled, by status.", labels=["status"])
        age = GaugeMetricFamily("mrejesho_outbox_oldest_queued_age_seconds", "Age of the "
                                "oldest queued outbox message (0 when none).")
        up = GaugeMetricFamily("mrejesho_outbox_figures_up", "1 when the outbox figures "
                               "could be read from the database.")
        try:
            rows = read()
        except sa.exc.SQLAlchemyError as error:
            db.session.rollback()
            log.warning("metrics: outbox figures unavailable: %s", type(error).__name__)
            up.add_metric([], 0)
            yield up
            return
        now = utcnow()
        oldest = None
        for status in WAITING:
            count, first = rows.get(status, (0, None))
            depth.add_metric([status], count)
            if status == "queued":
                oldest = first
        age.add_metric([], max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
        up.add_metric([], 1)
        yield from (depth, age, up)


def read() -> dict[str, tuple[int, object]]:
    """status -> (messages, oldest created_at) for the unfinished statuses."""
    from ..models import OutboundMessage as Outbound

    rows = db.session.execute(
        sa.select(Outbound.status, sa.func.count(), sa.func.min(Outbound.created_at))
        .where(Outbound.status.in_(WAITING)).group_by(Outbound.status))
    return {status: (count, first) for status, count, first in rows}
