"""The public statistics page: per institution and per region, no personal data, both
languages."""
import re
from datetime import timedelta

from mrejesho.stats import figures
from mrejesho.timeutil import utcnow
from tests.factories import make_feedback, make_staff, move_to, rate


def test_statistics_per_institution(client, db):
    officer = make_staff()
    on_time, late, waiting = (make_feedback() for _ in range(3))
    move_to(on_time, "resolved", by=officer)
    move_to(late, "resolved", by=officer)
    late.due_at = late.resolved_at - timedelta(days=1)
    waiting.due_at = utcnow() - timedelta(days=1)
    db.session.commit()
    rate(on_time, 4)
    rate(late, 2)
    make_feedback(institution="DAWASA", name="Siri Kubwa", channel="sms")
    [tanesco, dawasa] = figures.per_institution(utcnow())
    assert tanesco.institution.code == "TANESCO"
    assert (tanesco.received, tanesco.resolved, tanesco.on_time, tanesco.overdue) == (3, 2, 1, 1)
    assert tanesco.average_rating == 3.0 and tanesco.on_time_share == 0.5
    assert (dawasa.received, dawasa.resolved, dawasa.on_time_share) == (1, 0, None)
    total = figures.totals([tanesco, dawasa])
    assert (total.received, total.average_rating) == (4, 3.0)


def test_page_shows_institutions_without_personal_data_in_both_languages(client):
    item = make_feedback(name="Siri Kubwa")
    english = client.get("/stats/?lang=en").get_data(as_text=True)
    assert 'data-institution="TANESCO"' in english and "Tanzania Electric Supply" in english
    assert "Public statistics" in english
    for private in ("Siri Kubwa", "+255712345678", item.reference, item.body):
        assert private not in english
    swahili = client.get("/stats/?lang=sw").get_data(as_text=True)
    assert "Takwimu za umma" in swahili and "Shirika la Umeme Tanzania" in swahili


def test_institutions_without_feedback_are_left_out_and_periods_filter(client, db):
    old = make_feedback(institution="DAWASA")
    old.created_at = utcnow() - timedelta(days=400)
    db.session.commit()
    recent_year = client.get("/stats/").get_data(as_text=True)
    assert 'data-institution="DAWASA"' not in recent_year
    assert 'data-institution="TRA"' not in recent_year
    assert 'data-institution="DAWASA"' in client.get("/stats/?period=all").get_data(as_text=True)
    assert client.get("/stats/?period=bogus").status_code == 200


def test_home_page_links_to_the_statistics(client):
    html = client.get("/?lang=sw").get_data(as_text=True)
    assert 'href="/stats/"' in html and "Takwimu za umma" in html


def test_statistics_are_kept_briefly_per_period(app, client, monkeypatch):
    from mrejesho.stats import cache

    moment = [0.0]
    monkeypatch.setitem(app.config, "STATS_CACHE_SECONDS", 60)
    monkeypatch.setattr(cache, "clock", lambda: moment[0])
    cache.clear()
    try:
        make_feedback(region="ARUSHA")
        first = client.get("/stats/").get_data(as_text=True)
        make_feedback(region="ARUSHA")
        moment[0] += 59
        assert 'data-figure="received">1<' in first
        kept = client.get("/stats/").get_data(as_text=True)
        assert 'data-figure="received">1<' in kept
        assert region_rows(kept)["ARUSHA"]["received"] == "1"  # the regions are kept too
        assert 'data-figure="received">2<' in client.get("/stats/?period=all").get_data(
            as_text=True)
        moment[0] += 2
        assert 'data-figure="received">2<' in client.get("/stats/").get_data(as_text=True)
    finally:
        cache.clear()


NO_PLACE = "Umeme umekatika tangu asubuhi, tunaomba msaada."


def region_rows(html: str) -> dict[str, dict[str, str]]:
    """{region key or "none": {figure: text}} of the page's per-region table."""
    return {key: dict(re.findall(r'data-figure="([^"]+)">([^<]*)<', cells))
            for key, cells in re.findall(r'<tr data-region="([^"]+)">(.*?)</tr>', html, re.S)}


def test_statistics_per_region_in_both_languages_without_personal_data(app, client, db):
    officer = make_staff()
    overdue, on_time, late = (make_feedback(region="ARUSHA", name="Siri Kubwa")
                              for _ in range(3))
    move_to(on_time, "resolved", by=officer)
    move_to(late, "resolved", by=officer)
    overdue.due_at = utcnow() - timedelta(hours=1)
    late.due_at = late.resolved_at - timedelta(days=1)
    db.session.commit()
    make_feedback(institution="DAWASA", region="MWANZA")
    make_feedback(body=NO_PLACE)
    english = client.get("/stats/?lang=en").get_data(as_text=True)
    rows = region_rows(english)
    assert list(rows) == ["ARUSHA", "MWANZA", "none"]  # busiest first, not known last
    assert rows["ARUSHA"] == {"received": "3", "open": "1", "overdue": "1", "resolved": "2",
                              "on-time": "50%"}
    assert rows["MWANZA"] == {"received": "1", "open": "1", "overdue": "0", "resolved": "0",
                              "on-time": "—"}
    assert rows["none"]["received"] == "1"
    assert "Per region" in english and ">Arusha</td>" in english and "Not known" in english
    for private in ("Siri Kubwa", "+255712345678", overdue.reference, overdue.body):
        assert private not in english
    swahili = app.test_client().get("/stats/").get_data(as_text=True)  # Swahili by default
    assert "Kwa kila mkoa" in swahili and "Haijulikani" in swahili
    assert "Per region" not in swahili and region_rows(swahili) == rows


def test_regions_follow_the_period(client, db):
    old = make_feedback(region="KIGOMA")
    old.created_at = utcnow() - timedelta(days=400)
    db.session.commit()
    make_feedback(region="ARUSHA")
    assert list(region_rows(client.get("/stats/").get_data(as_text=True))) == ["ARUSHA"]
    assert set(region_rows(client.get("/stats/?period=all").get_data(as_text=True))) == {
        "ARUSHA", "KIGOMA"}
