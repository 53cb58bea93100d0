"""The dashboard: figures from aggregate queries, inline SVG charts, per institution for
admins, the managers' banner."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from mrejesho.extensions import db
from mrejesho.models import Feedback, Region
from mrejesho.staff.dashboard import charts, volume
from mrejesho.stats import figures
from mrejesho.timeutil import utcnow
from tests.factories import make_feedback, make_staff, move_to, reply_to


def submit(channel="web", **overrides):
    return make_feedback(channel=channel, **overrides)


def test_stacked_bars_draw_one_rect_per_non_zero_value_with_a_tooltip():
    svg = charts.stacked_bars(["01/03", "02/03"], [("sms", "SMS", [2, 0]),
                                                   ("web", "<Web>", [1, 3])], title="Volume")
    assert svg.startswith("<svg") and svg.count("<rect") == 3
    assert "<title>02/03 - &lt;Web&gt;: 3</title>" in svg  # labels are escaped
    assert ">5</text>" in svg and ">2.5</text>" in svg  # a round top above the tallest bar


def test_horizontal_bars_draw_each_row_to_scale_with_its_total():
    svg = charts.horizontal_bars(["Arusha", "Mwanza"], [("overdue", "Overdue", [1, 0]),
                                                        ("open", "Open", [3, 2])],
                                 title="By region")
    assert svg.count("<rect") == 3 and ">Arusha</text>" in svg
    assert ">4</text>" in svg and ">2</text>" in svg  # each row's total at its end
    widths = [float(w) for w in re.findall(r'<rect x="[^"]+" y="[^"]+" width="([^"]+)"', svg)]
    assert widths[0] + widths[1] == pytest.approx(2 * widths[2], abs=0.2)  # 4 against 2


def test_charts_cope_with_no_data():
    assert charts.horizontal_bars([], [], title="Empty").count("<rect") == 0
    assert charts.stacked_bars([], [], title="Empty").count("<rect") == 0
    assert charts.meter(None, title="SLA").count("<rect") == 2  # the track and the empty part
    assert charts.split_bar([("overdue", "Overdue", 0)], title="x").count("<rect") == 1


def test_meter_fills_its_share():
    svg = charts.meter(0.75, title="SLA")
    assert '<rect x="0.00" y="0" width="75.00" height="10" fill="#0b6e4f">' in svg


@pytest.mark.parametrize("value, expected", [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20),
                                             (120, 200), (501, 1000)])
def test_axis_maximum_is_a_round_number(value, expected):
    assert charts._nice_max(value) == expected


def test_summary_figures(db):
    officer = make_staff()
    now = utcnow()
    on_time, late, open_late, waiting = (submit() for _ in range(4))
    reply_to(on_time, officer, "Tunashughulikia.")
    move_to(on_time, "resolved", by=officer)
    move_to(late, "resolved", by=officer)
    move_to(waiting, "awaiting_citizen", by=officer)
    late.due_at = now - timedelta(days=1)
    late.resolved_at = now
    open_late.due_at = now - timedelta(hours=1)
    waiting.due_at = now - timedelta(hours=1)  # the clock is paused: not overdue
    on_time.created_at = now - timedelta(hours=5)
    on_time.first_response_at = now - timedelta(hours=3)
    on_time.resolved_at = now - timedelta(hours=1)
    late.created_at, late.first_response_at = now - timedelta(hours=10), now - timedelta(hours=6)
    waiting.created_at = now - timedelta(hours=3)
    waiting.first_response_at = now - timedelta(hours=2)
    on_time.rating, late.rating = 5, 2
    db.session.commit()
    scope = Feedback.institution_id == officer.institution_id
    summary = figures.summary(scope, now - timedelta(days=30), now + timedelta(seconds=1))
    assert (summary.received, summary.open, summary.overdue) == (4, 2, 1)
    assert (summary.resolved, summary.on_time, summary.on_time_share) == (2, 1, 0.5)
    assert summary.average_rating == pytest.approx(3.5) and summary.ratings == 2
    assert summary.first_response_hours == pytest.approx(2, abs=0.01)  # of 2, 4 and 1 hours
    assert summary.resolution_hours == pytest.approx(7, abs=0.01)  # of 4 and 10 hours


def test_volume_is_counted_per_east_africa_day_and_channel(db):
    officer = make_staff()
    now = utcnow().replace(hour=12)
    today, late_evening = submit(channel="sms"), submit(channel="web", kind="suggestion")
    today.created_at = now
    # 22:30 UTC two days ago is already 01:30 the next morning in Dar es Salaam.
    late_evening.created_at = (now - timedelta(days=2)).replace(hour=22, minute=30)
    db.session.commit()
    scope = Feedback.institution_id == officer.institution_id
    counted = volume.volume(scope, now - timedelta(days=30), now, 30)
    assert len(counted.labels) == 30
    assert counted.by_channel["sms"][-1] == 1
    assert counted.by_channel["web"][-2] == 1 and sum(counted.by_channel["web"]) == 1
    assert counted.by_kind["suggestion"][-2] == 1
    weekly = volume.volume(scope, now - timedelta(days=90), now, 90)
    assert len(weekly.labels) == 13 and weekly.by_channel["web"][-1] == 1


def test_officer_dashboard_renders_charts_for_its_institution(client, staff_login):
    staff_login(make_staff())
    submit(channel="ussd")
    response = client.get("/staff/dashboard?days=90&lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<svg") == 5 and "Feedback received by channel" in html
    assert "Feedback received by region" in html  # the fifth: its place (Sinza, Dar es Salaam)
    assert 'data-figure="received">1<' in html
    assert "Per institution" not in html


def test_admin_dashboard_lists_institutions_and_can_narrow_to_one(client, staff_login):
    staff_login(make_staff("DAWATI", role="admin"))
    submit(), submit(institution="DAWASA")
    html = client.get("/staff/dashboard?lang=en").get_data(as_text=True)
    assert "Per institution" in html and 'data-figure="received">2<' in html
    assert re.search(r">TANESCO</a>", html) and re.search(r">DAWASA</a>", html)
    narrowed = client.get("/staff/dashboard?institution=dawasa").get_data(as_text=True)
    assert 'data-figure="received">1<' in narrowed


def test_unknown_period_falls_back_to_thirty_days(client, staff_login):
    staff_login(make_staff())
    response = client.get("/staff/dashboard?days=abc")
    assert response.status_code == 200
    assert '<option value="30" selected>' in response.get_data(as_text=True)


def test_escalate_command_flags_then_escalates_and_managers_see_it(app, client, db, runner,
                                                                    staff_login):
    item = submit()
    item.due_at = utcnow() - timedelta(days=10)
    db.session.commit()
    assert "flagged=1" in runner.invoke(args=["escalate"]).output
    assert "escalated=1" in runner.invoke(args=["escalate"]).output
    staff_login(make_staff("MOE", role="manager"))
    html = client.get("/staff/dashboard?lang=en").get_data(as_text=True)
    assert "1 item was escalated to you from institutions you oversee." in html
    queue = client.get("/staff/?tab=escalated").get_data(as_text=True)
    assert item.reference in queue
    escalated = db.session.scalar(sa.select(Feedback.escalation_level).filter_by(id=item.id))
    assert escalated == 1


@pytest.fixture
def kept(app, monkeypatch):
    """Figures kept for 30 s on a clock the test moves."""
    from mrejesho.stats import cache

    moment = [1000.0]
    monkeypatch.setitem(app.config, "STATS_CACHE_SECONDS", 30)
    monkeypatch.setattr(cache, "clock", lambda: moment[0])
    cache.clear()
    yield moment
    cache.clear()


def received_on(html: str) -> int:
    return int(re.search(r'data-figure="received">(\d+)<', html).group(1))


def test_dashboard_figures_are_kept_30_seconds_and_say_when(client, staff_login, kept):
    staff_login(make_staff())
    submit()
    first = client.get("/staff/dashboard").get_data(as_text=True)
    stamp = re.search(r'<time datetime="([^"]+)" data-computed-at>', first).group(1)
    submit()
    kept[0] += 29
    again = client.get("/staff/dashboard").get_data(as_text=True)
    assert received_on(first) == received_on(again) == 1
    assert f'<time datetime="{stamp}" data-computed-at>' in again  # the same computation
    assert received_on(client.get("/staff/dashboard?days=90").get_data(as_text=True)) == 2
    kept[0] += 2  # 31 s after the first: computed again
    later = client.get("/staff/dashboard").get_data(as_text=True)
    assert received_on(later) == 2 and f'datetime="{stamp}"' not in later


def test_kept_figures_are_per_institution(client, staff_login, kept):
    staff_login(make_staff())
    submit()
    assert received_on(client.get("/staff/dashboard").get_data(as_text=True)) == 1
    staff_login(make_staff("DAWASA", email="afisa@dawasa.go.tz"))
    assert received_on(client.get("/staff/dashboard").get_data(as_text=True)) == 0
    admin = make_staff("DAWATI", role="admin", email="admin@dawati.go.tz")
    staff_login(admin)
    assert received_on(client.get("/staff/dashboard").get_data(as_text=True)) == 1
    assert received_on(client.get("/staff/dashboard?institution=DAWASA").get_data(
        as_text=True)) == 0


def test_an_expired_entry_is_computed_once_while_others_get_the_last_figures(app, kept):
    from mrejesho.stats import cache

    calls = []
    with app.app_context():
        assert cache.remembered(("k",), lambda: calls.append(1) or 1) == 1
        kept[0] += 31

        def slow():
            # Another request asks meanwhile: it gets the previous value, not a second run.
            calls.append(2)
            assert cache.remembered(("k",), lambda: calls.append(3) or 3) == 1
            return 2

        assert cache.remembered(("k",), slow) == 2
        assert cache.remembered(("k",), lambda: calls.append(4) or 4) == 2
    assert calls == [1, 2]


def test_nothing_is_kept_under_testing_unless_asked(app):
    from mrejesho.stats import cache

    with app.app_context():
        assert cache.lifetime() == 0
        values = iter((1, 2))
        assert [cache.remembered(("k",), lambda: next(values)) for _ in range(2)] == [1, 2]


# --- per region -----------------------------------------------------------------------------

NO_PLACE = "Umeme umekatika tangu asubuhi, tunaomba msaada."


def placed(region=None, **overrides):
    """Feedback about a region (a gazetteer key chosen by the citizen), or about no place."""
    if region is None:
        return submit(body=NO_PLACE, **overrides)
    return submit(region=region, **overrides)


@pytest.fixture
def by_region(db):
    """TANESCO: three in Arusha (one open and overdue, one resolved on time, one late), one
    open in Mwanza and one without a place; DAWASA: one in Arusha."""
    officer = make_staff()
    now = utcnow()
    overdue, on_time, late = (placed("ARUSHA") for _ in range(3))
    move_to(on_time, "resolved", by=officer)
    move_to(late, "resolved", by=officer)
    overdue.due_at = now - timedelta(hours=1)
    late.due_at = late.resolved_at - timedelta(days=1)
    mwanza, unknown = placed("MWANZA"), placed()
    dawasa = placed("ARUSHA", institution="DAWASA")
    db.session.commit()
    regions = dict(db.session.execute(sa.select(Region.id, Region.key)).all())
    assert {regions[item.region_id] for item in (overdue, on_time, late, dawasa)} == {"ARUSHA"}
    assert regions[mwanza.region_id] == "MWANZA" and unknown.region_id is None
    return officer


def region_rows(html: str) -> dict[str, dict[str, str]]:
    """{region key or "none": {figure: text}} of the dashboard's per-region table."""
    rows = {}
    for key, cells in re.findall(r'<tr data-region="([^"]+)">(.*?)</tr>', html, re.S):
        rows[key] = {name: re.sub(r"<[^>]+>", "", value).strip() for name, value in
                     re.findall(r'data-figure="([^"]+)"[^>]*>(.*?)</td>', cells, re.S)}
    return rows


def test_per_region_figures_count_received_open_overdue_and_on_time(db, by_region):
    now = utcnow()
    scope = Feedback.institution_id == by_region.institution_id
    rows = figures.per_region(now + timedelta(seconds=1), since=now - timedelta(days=30),
                              where=scope)
    assert [row.region.key for row in rows] == ["ARUSHA", "MWANZA", ""]  # not known last
    arusha, mwanza, unknown = rows
    assert arusha.region == figures.RegionLabel("ARUSHA", "Arusha")
    assert (arusha.received, arusha.open, arusha.overdue) == (3, 1, 1)
    assert (arusha.resolved, arusha.on_time, arusha.on_time_share) == (2, 1, 0.5)
    assert (mwanza.received, mwanza.open, mwanza.overdue, mwanza.on_time_share) == (
        1, 1, 0, None)
    assert not unknown.region.known and (unknown.received, unknown.open) == (1, 1)
    everyone = figures.per_region(now + timedelta(seconds=1))
    assert everyone[0].region.key == "ARUSHA" and everyone[0].received == 4


def test_officer_dashboard_shows_its_institution_per_region_with_links_to_the_queue(
        client, staff_login, by_region):
    staff_login(by_region)
    html = client.get("/staff/dashboard?lang=en").get_data(as_text=True)
    assert "Per region" in html and "Not known" in html
    rows = region_rows(html)
    assert list(rows) == ["ARUSHA", "MWANZA", "none"]
    assert rows["ARUSHA"] == {"received": "3", "open": "1", "overdue": "1", "resolved": "2",
                              "on-time": "50%"}
    assert rows["none"]["received"] == "1"
    for tab in ("all", "open", "overdue"):
        link = re.search(rf'href="(/staff/\?tab={tab}&amp;region=ARUSHA[^"]*)"', html)
        assert link, tab
    assert "from=" in link.group(1) and "institution=TANESCO" in link.group(1)
    queue = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert re.findall(r'<tr data-reference="(\d{10})"', queue) == [
        overdue_reference(by_region, "ARUSHA")]
    assert html.count("<svg") == 5  # the region chart besides the four


def overdue_reference(officer, region):
    """The reference of the officer's one overdue item in region."""
    return db.session.scalar(sa.select(Feedback.reference).join(Region).where(
        Feedback.institution_id == officer.institution_id, Region.key == region,
        Feedback.due_at < utcnow(), Feedback.resolved_at.is_(None)))


def test_an_officer_sees_no_other_institutions_counts_by_region(client, staff_login,
                                                                 by_region):
    staff_login(make_staff("DAWASA", email="afisa@dawasa.go.tz"))
    rows = region_rows(client.get("/staff/dashboard?lang=en").get_data(as_text=True))
    assert list(rows) == ["ARUSHA"] and rows["ARUSHA"]["received"] == "1"
    assert region_rows(client.get("/staff/dashboard?institution=TANESCO").get_data(
        as_text=True)) == rows  # an officer cannot pick another institution
    staff_login(make_staff("DAWATI", role="admin", email="admin@dawati.go.tz"))
    everything = region_rows(client.get("/staff/dashboard").get_data(as_text=True))
    assert everything["ARUSHA"]["received"] == "4" and everything["MWANZA"]["received"] == "1"
    narrowed = region_rows(client.get("/staff/dashboard?institution=DAWASA").get_data(
        as_text=True))
    assert narrowed == rows


def test_region_filter_narrows_every_figure_and_an_unknown_region_is_explained(
        client, staff_login, by_region):
    staff_login(by_region)
    html = client.get("/staff/dashboard?region=arusha&lang=en").get_data(as_text=True)
    assert 'data-figure="received">3<' in html and '<option value="ARUSHA" selected>' in html
    assert list(region_rows(html)) == ["ARUSHA"]
    dropped = client.get("/staff/dashboard?region=ATLANTIS&lang=en")
    page = dropped.get_data(as_text=True)
    assert dropped.status_code == 200 and "Unknown region; showing every region." in page
    assert 'data-figure="received">5<' in page
    swahili = client.get("/staff/dashboard?region=ATLANTIS&lang=sw").get_data(as_text=True)
    assert "Mkoa haujulikani" in swahili


def test_per_region_table_speaks_swahili(client, staff_login, by_region):
    staff_login(by_region)
    html = client.get("/staff/dashboard?lang=sw").get_data(as_text=True)
    assert "Kwa kila mkoa" in html and "Haijulikani" in html and "Per region" not in html


def test_kept_figures_are_per_region(client, staff_login, kept, by_region):
    staff_login(by_region)
    assert received_on(client.get("/staff/dashboard").get_data(as_text=True)) == 5
    assert received_on(client.get("/staff/dashboard?region=MWANZA").get_data(
        as_text=True)) == 1


# --- abandoned USSD sessions (admins and the central desk) -------------------------------

def ussd_session_ended(client, values, status="Incomplete"):
    """A real USSD session through the webhook, ended by Africa's Talking's notice."""
    from tests.test_ussd_webhook import Caller

    caller = Caller(client, phone="+255754000222")
    caller.walk(*values)
    response = client.post("/ussd/events?token=test-token", data={
        "sessionId": caller.session_id, "status": status, "phoneNumber": caller.phone})
    assert response.status_code == 200


def test_abandoned_sessions_are_bucketed_per_east_africa_day_and_week(db, clock):
    from datetime import date, datetime

    from mrejesho.staff.dashboard.abandonment import abandonment
    from ussd.sessions import count_abandoned

    clock.set(datetime(2026, 3, 31, 12, 0))
    for day, screen in ((date(2026, 3, 31), "sector"), (date(2026, 3, 31), "sector"),
                        (date(2026, 3, 30), "message"), (date(2026, 3, 2), "kind"),
                        (date(2026, 3, 1), "kind")):  # the last: before the 30 days
        count_abandoned(day, screen)
    db.session.commit()
    month = abandonment(utcnow(), 30)
    assert month.total == 4 and len(month.labels) == 30 and month.labels[-1] == "31/03"
    assert month.by_day[-1] == 2 and month.by_day[-2] == 1 and month.by_day[0] == 1
    assert month.by_screen == [("sector", 2), ("kind", 1), ("message", 1)]
    quarter = abandonment(utcnow(), 90)
    assert len(quarter.labels) == 13 and quarter.by_day[-1] == 3 and quarter.total == 5


def test_admin_sees_where_ussd_callers_give_up_per_screen_and_day(client, staff_login):
    ussd_session_ended(client, ("1", "1"))
    ussd_session_ended(client, ("1", "1", "98"))
    ussd_session_ended(client, ("1", "1", "TANESCO"), status="Failed")
    ussd_session_ended(client, ("1", "1"), status="Success")  # ended by the menu: not counted
    staff_login(make_staff("DAWATI", role="admin"))
    html = client.get("/staff/dashboard?lang=en").get_data(as_text=True)
    assert 'data-figure="ussd-abandoned">3<' in html
    assert "USSD sessions abandoned, by screen" in html and ">List of sectors</text>" in html
    assert "USSD sessions abandoned, by day" in html
    rows = dict(re.findall(r'<tr data-screen="(\w+)">.*?data-figure="abandoned">(\d+)<', html,
                           re.S))
    assert rows == {"sector": "2", "message": "1"}
    swahili = client.get("/staff/dashboard?lang=sw").get_data(as_text=True)
    assert "Vipindi vya USSD vilivyoachwa" in swahili and "Orodha ya sekta" in swahili


def test_the_central_desk_sees_abandoned_sessions_and_other_officers_do_not(
        client, staff_login):
    ussd_session_ended(client, ("1",))
    staff_login(make_staff("DAWATI"))
    desk = client.get("/staff/dashboard?lang=en").get_data(as_text=True)
    assert 'data-figure="ussd-abandoned">1<' in desk and '<tr data-screen="kind">' in desk
    staff_login(make_staff("TANESCO", role="manager", email="meneja@tanesco.go.tz"))
    other = client.get("/staff/dashboard?lang=en").get_data(as_text=True)
    assert "USSD sessions abandoned" not in other and "ussd-abandoned" not in other


def test_a_period_without_abandoned_sessions_says_so(client, staff_login):
    staff_login(make_staff("DAWATI", role="admin"))
    html = client.get("/staff/dashboard?lang=en").get_data(as_text=True)
    assert 'data-figure="ussd-abandoned">0<' in html
    assert "No USSD session was abandoned in this period." in html
