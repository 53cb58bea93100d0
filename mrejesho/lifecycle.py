"""The feedback lifecycle: its statuses, the sets they fall into, and the allowed moves.

Every other module imports these; nothing else spells a status set out again. The same
names are enforced in the database by CHECK constraints (migration 0003).
"""
from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    AWAITING_CITIZEN = "awaiting_citizen"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"
    REJECTED = "rejected"


ALL = tuple(Status)
# Someone still has to act on these.
OPEN = frozenset({Status.NEW, Status.IN_PROGRESS, Status.AWAITING_CITIZEN, Status.REOPENED})
# Open, and the SLA clock is running (it pauses while the citizen is asked for more).
CLOCK_RUNNING = OPEN - {Status.AWAITING_CITIZEN}
# Answered: the citizen may rate these, and statistics count them as resolved.
RESOLVED = frozenset({Status.RESOLVED, Status.CLOSED})
# Nothing more happens to these.
FINISHED = frozenset({Status.CLOSED, Status.REJECTED})
# Everything that is not open, for the queue's "closed" tab.
NOT_OPEN = frozenset(ALL) - OPEN
# Acting on these any further makes the citizen work again: work starts on the first reply.
WAITING_FOR_WORK = frozenset({Status.NEW, Status.REOPENED})

# Allowed status changes; anything else is refused before a row is touched.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.IN_PROGRESS, Status.AWAITING_CITIZEN, Status.RESOLVED,
                           Status.REJECTED}),
    Status.IN_PROGRESS: frozenset({Status.AWAITING_CITIZEN, Status.RESOLVED, Status.REJECTED}),
    Status.AWAITING_CITIZEN: frozenset({Status.IN_PROGRESS, Status.RESOLVED, Status.REJECTED}),
    Status.REOPENED: frozenset({Status.IN_PROGRESS, Status.AWAITING_CITIZEN, Status.RESOLVED,
                                Status.REJECTED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.REOPENED}),
    Status.CLOSED: frozenset(),
    Status.REJECTED: frozenset(),
}
# A transfer puts an open item back at the start of the other institution's queue.
TRANSFER_RESETS_TO = Status.NEW
# These moves must carry a message to the citizen (the answer, the reason, the question).
NEEDS_MESSAGE = frozenset({Status.RESOLVED, Status.REJECTED, Status.AWAITING_CITIZEN})
# The citizen is sent an SMS when their feedback moves into one of these.
CITIZEN_TOLD = frozenset({Status.AWAITING_CITIZEN, Status.RESOLVED, Status.REJECTED,
                          Status.CLOSED, Status.REOPENED})


def can_move(current: str, target: str) -> bool:
    """True when a feedback in status current may move to target."""
    try:
        return Status(target) in TRANSITIONS[Status(current)]
    except ValueError:
        return False


def next_statuses(current: str) -> list[Status]:
    """The statuses current may move to, in lifecycle order (for the officer's menu)."""
    allowed = TRANSITIONS.get(Status(current), frozenset())
    return [status for status in ALL if status in allowed]
