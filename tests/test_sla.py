"""Due dates count working days: weekends and Tanzanian public holidays are skipped."""
from datetime import datetime
from zoneinfo import ZoneInfo

from mrejesho import sla
from mrejesho.timeutil import from_local, to_local

EAT = ZoneInfo("Africa/Dar_es_Salaam")


def local(*args) -> datetime:
    return from_local(datetime(*args, tzinfo=EAT))


def test_five_working_days_from_monday_is_next_monday():
    due = sla.add_working_days(local(2026, 3, 2, 10, 0), 5)  # Mon 2 March 2026
    assert to_local(due).date().isoformat() == "2026-03-09"


def test_friday_plus_one_working_day_is_monday():
    due = sla.add_working_days(local(2026, 3, 6, 15, 30), 1)
    assert to_local(due).date().isoformat() == "2026-03-09"
    assert to_local(due).hour == 15  # the same time of day


def test_easter_monday_and_karume_day_are_skipped():
    # Easter Monday is 6 April 2026 and Karume Day Tuesday 7 April 2026.
    assert not sla.is_working_day(datetime(2026, 4, 6).date())
    assert not sla.is_working_day(datetime(2026, 4, 7).date())
    due = sla.add_working_days(local(2026, 4, 6, 9, 0), 1)
    assert to_local(due).date().isoformat() == "2026-04-08"


def test_christmas_and_boxing_day_are_skipped():
    due = sla.add_working_days(local(2026, 12, 24, 9, 0), 1)  # Thursday 24 Dec 2026
    assert to_local(due).date().isoformat() == "2026-12-28"


def test_working_days_between_ignores_weekend_and_holiday():
    assert sla.working_days_between(local(2026, 4, 3, 9), local(2026, 4, 10, 9)) == 3
