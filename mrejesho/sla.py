"""Due dates in working days: weekends and Tanzanian public holidays do not count."""
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

from .timeutil import from_local, to_local


@lru_cache(maxsize=16)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("TZ", years=year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Tanzanian public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: datetime, days: int) -> datetime:
    """Return start (naive UTC) moved forward by whole working days, in local time."""
    local = to_local(start)
    moved = local
    remaining = days
    while remaining > 0:
        moved += timedelta(days=1)
        if is_working_day(moved.date()):
            remaining -= 1
    return from_local(moved)


def working_days_between(start: datetime, end: datetime) -> int:
    """Count working days after start's local date up to and including end's local date."""
    first, last = to_local(start).date(), to_local(end).date()
    count, day = 0, first
    while day < last:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def due_at(start: datetime, *, working_days: int, priority: int,
           urgent_hours: int | None) -> datetime:
    """When an item received at start is due: an urgent one within its institution's urgent
    hours, on the clock (danger does not wait for Monday); others in working days."""
    from .urgency import URGENT  # urgency imports nothing of ours; kept local all the same

    if priority == URGENT and urgent_hours:
        return start + timedelta(hours=int(urgent_hours))
    return add_working_days(start, working_days)
