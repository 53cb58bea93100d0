"""Due dates count working days: weekends and Tanzanian public holidays are skipped; the
clock they are counted from can be stopped and moved by a test."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mrejesho import sla
from mrejesho.escalation import escalate_overdue
from mrejesho.lifecycle import Status
from mrejesho.testing.clock import frozen_clock
from mrejesho.timeutil import from_local, to_local, utcnow
from tests.factories import follow_up, make_feedback

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


def test_frozen_clock_stands_still_moves_when_told_and_gives_the_real_time_back():
    before = utcnow()
    with frozen_clock(datetime(2026, 3, 2, 7, 0)) as clock:
        assert utcnow() == utcnow() == datetime(2026, 3, 2, 7, 0)
        clock.advance(days=1, hours=2)
        assert utcnow() == datetime(2026, 3, 3, 9, 0)
        clock.set(datetime(2026, 3, 6, 18, 30, tzinfo=EAT))  # an aware time is stored as UTC
        assert utcnow() == datetime(2026, 3, 6, 15, 30)
    assert utcnow() >= before  # the machine's time again, not 6 March


def test_feedback_is_due_in_working_days_from_when_it_arrived(db, clock):
    clock.set(local(2026, 3, 6, 15, 30))  # a Friday afternoon in Dar es Salaam
    item = make_feedback()
    assert item.created_at == clock.now
    days = item.institution.sla_for(item.kind)
    assert item.due_at == sla.add_working_days(clock.now, days)
    assert to_local(item.due_at).weekday() < 5 and to_local(item.due_at).hour == 15
    assert item.due_at - item.created_at >= timedelta(days=days + 2)  # one weekend at least


@pytest.mark.parametrize("clock", [datetime(2026, 12, 24, 6, 0)], indirect=True)
def test_a_clock_can_start_at_a_given_moment(clock):
    assert utcnow() == datetime(2026, 12, 24, 6, 0)
    assert to_local(clock.advance(hours=3)).isoformat() == "2026-12-24T12:00:00+03:00"


def test_feedback_is_flagged_overdue_only_once_the_clock_passes_its_due_time(db, clock):
    item = make_feedback()
    clock.set(item.due_at - timedelta(minutes=1))
    assert escalate_overdue()["flagged"] == 0
    clock.advance(minutes=2)
    assert escalate_overdue()["flagged"] == 1
    db.session.refresh(item)
    assert item.overdue_flagged_at == clock.now


def test_the_clock_pauses_while_the_citizen_is_asked_for_more(db, clock):
    clock.set(local(2026, 3, 2, 9, 0))  # a Monday
    item = make_feedback(status=Status.AWAITING_CITIZEN)
    due = item.due_at
    clock.advance(days=7)  # the citizen answers a week later: five working days paused
    assert escalate_overdue()["flagged"] == 0
    follow_up(item, "Namba ya mita ni 04212345678.")
    assert item.status == Status.IN_PROGRESS
    assert item.due_at == sla.add_working_days(due, 5)
