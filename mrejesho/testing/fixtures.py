"""pytest fixtures of the testing package; tests/conftest.py registers this module as a plugin."""
from __future__ import annotations

import pytest

from .clock import frozen_clock


@pytest.fixture
def clock(request):
    """Time stands still from the start of the test: clock.set(moment), clock.advance(days=2).
    It starts at the real time, or at the moment given by indirect parametrization
    (@pytest.mark.parametrize("clock", [datetime(...)], indirect=True)). The real clock is
    back after the test. Processes the test starts (gunicorn, a worker) keep the real time."""
    with frozen_clock(getattr(request, "param", None)) as frozen:
        yield frozen
