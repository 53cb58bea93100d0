"""The dashboard's SVG charts are built as markup: every label must arrive escaped."""
from mrejesho.staff.dashboard import charts

HOSTILE = '<script>alert("x")</script>'


def test_chart_labels_and_titles_are_escaped():
    svg = str(charts.stacked_bars([HOSTILE], [("sms", HOSTILE, [3])], title=HOSTILE))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_horizontal_bars_escape_their_labels_names_and_title():
    svg = str(charts.horizontal_bars([HOSTILE], [("open", HOSTILE, [3])], title=HOSTILE))
    assert "<script>" not in svg
    assert svg.count("&lt;script&gt;") == 4  # the title, the row label, the tooltip twice


def test_split_bar_and_meter_escape_their_titles():
    for svg in (charts.split_bar([("on_time", HOSTILE, 2)], title=HOSTILE),
                charts.meter(0.5, title=HOSTILE)):
        assert "<script>" not in str(svg) and "&lt;script&gt;" in str(svg)


def test_unknown_series_gets_the_fallback_colour_not_its_name():
    assert charts.color('"><script>') == charts.FALLBACK
