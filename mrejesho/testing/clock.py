"""A clock that stands still until the test moves it; mrejesho.timeutil.utcnow() reads it."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from mrejesho import timeutil


class FrozenClock:
    """The time utcnow() returns while the clock is in use: set it, or advance it."""

    def __init__(self, moment: datetime):
        self.now = _as_stored(moment)

    def __call__(self) -> datetime:
        return self.now

    def set(self, moment: datetime) -> datetime:
        """Jump to moment (naive UTC, or aware in any zone); returns the new time."""
        self.now = _as_stored(moment)
        return self.now

    def advance(self, *, days: float = 0, hours: float = 0, minutes: float = 0,
                seconds: float = 0) -> datetime:
        """Move forward (or back, with negative values); returns the new time."""
        self.now += timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        return self.now


@contextmanager
def frozen_clock(moment: datetime | None = None) -> Iterator[FrozenClock]:
    """Stop the time at moment (default: now, to the second) until the block ends."""
    clock = FrozenClock(moment or timeutil.system_clock().replace(microsecond=0))
    with timeutil.clock_set_to(clock):
        yield clock


def _as_stored(moment: datetime) -> datetime:
    """Naive UTC, as the database stores times."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment
