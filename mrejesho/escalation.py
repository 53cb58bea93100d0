"""The escalation job: flag overdue feedback, escalate what stays overdue past the grace
period to the parent institution, close resolved feedback nobody disputed.

Run by the SMS worker every few minutes and by `flask escalate`. Each item is its own unit
of work: one that fails is rolled back alone and tried again on the next run.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime

from . import feedback as core
from .timeutil import utcnow
from .unit_of_work import unit_of_work


def escalate_overdue(now: datetime | None = None) -> dict[str, int]:
    """Run the job once; returns how many items were flagged, escalated and closed.
    Safe to run as often as you like: an item is flagged, escalated and closed once."""
    now = now or utcnow()
    counts = Counter({"flagged": 0, "escalated": 0, "closed": 0})
    for feedback_id in core.overdue_ids(now):
        with unit_of_work():
            outcome = core.flag_or_escalate(feedback_id, now)
        if outcome:
            counts[outcome] += 1
    for feedback_id in core.unclosed_ids(now):
        with unit_of_work():
            outcome = core.close_undisputed(feedback_id, now)
        if outcome:
            counts[outcome] += 1
    return dict(counts)
