"""Figures kept briefly in the process: the dashboard and the public statistics aggregate
thousands of rows, so a page shows figures at most STATS_CACHE_SECONDS old (30 by default)
and says when they were computed. Kept per key (institution, period...) and per database.

Under TESTING nothing is kept unless STATS_CACHE_SECONDS is set, so that a test that changes
data and reloads a page sees the change. When an entry expires, the first request computes
it again while the others still get the previous figures, rather than all computing at once.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app

DEFAULT_SECONDS = 30
MAX_ENTRIES = 512

T = TypeVar("T")

_lock = threading.Lock()
_entries: dict[Hashable, tuple[float, object]] = {}  # key -> (expires at, value)
_computing: set[Hashable] = set()


def clock() -> float:
    """Seconds on a monotonic clock (tests replace it)."""
    return time.monotonic()


def lifetime() -> float:
    """How long figures are kept, in seconds; 0 keeps nothing."""
    value = current_app.config.get("STATS_CACHE_SECONDS")
    if value is None:
        return 0 if current_app.testing else DEFAULT_SECONDS
    return float(value)


def remembered(key: tuple, compute: Callable[[], T]) -> T:
    """compute()'s value for key, computed at most once per lifetime() in this process."""
    seconds = lifetime()
    if seconds <= 0:
        return compute()
    key = (current_app.config.get("SQLALCHEMY_DATABASE_URI"), *key)
    with _lock:
        entry = _entries.get(key)
        if entry is not None and (entry[0] > clock() or key in _computing):
            return entry[1]  # fresh, or being computed again by another request
        _computing.add(key)
    try:
        value = compute()
    finally:
        with _lock:
            _computing.discard(key)
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            _forget_oldest()
        _entries[key] = (clock() + seconds, value)
    return value


def _forget_oldest() -> None:
    now = clock()
    for key in [key for key, (expires, _value) in _entries.items() if expires <= now]:
        del _entries[key]
    while len(_entries) >= MAX_ENTRIES:
        del _entries[min(_entries, key=lambda key: _entries[key][0])]


def clear() -> None:
    """Forget every kept figure."""
    with _lock:
        _entries.clear()
