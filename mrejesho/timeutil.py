"""Clock helpers: the database stores naive UTC; people see East Africa Time.

Everything that needs the time asks utcnow(), which reads one replaceable clock: tests stop
and move it (mrejesho.testing.clock) instead of editing timestamps in the database.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Africa/Dar_es_Salaam")


def system_clock() -> datetime:
    """The machine's current UTC time without tzinfo."""
    return datetime.now(UTC).replace(tzinfo=None)


_clock: Callable[[], datetime] = system_clock


def utcnow() -> datetime:
    """Return the current UTC time without tzinfo, as stored in the database."""
    return _clock()


@contextmanager
def clock_set_to(clock: Callable[[], datetime]) -> Iterator[None]:
    """Read the time from clock() instead of the machine until the block ends (tests)."""
    global _clock
    previous, _clock = _clock, clock
    try:
        yield
    finally:
        _clock = previous


def to_local(moment: datetime) -> datetime:
    """Convert a stored naive-UTC time to East Africa Time."""
    return moment.replace(tzinfo=UTC).astimezone(LOCAL_TZ)


def from_local(moment: datetime) -> datetime:
    """Convert an aware local time back to stored naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None)
