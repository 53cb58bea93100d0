"""pytest fixtures of the testing package; tests/conftest.py registers this module as a plugin."""
from __future__ import annotations

import pytest

from .clock import frozen_clock


@pytest.fixture
def clock():
    """Time stands still at the start of the test: clock.set(moment), clock.advance(days=2).
    The real clock is back after the test. Processes the test starts (gunicorn, workers)
    keep the real time."""
    with frozen_clock() as frozen:
        yield frozen
