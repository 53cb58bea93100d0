"""SMS segment counting: GSM-7 (160 alone, 153 per part, extension characters two septets)
and UCS-2 (70 alone, 67 per part), a character never split between two parts."""
from hypothesis import given
from hypothesis import strategies as st

from mrejesho.gsm import BASIC, EXTENDED, count
from tests.factories import make_feedback, make_staff


def test_gsm7_boundaries():
    assert count("a" * 160) == ("GSM-7", 160, 1)
    assert count("a" * 161) == ("GSM-7", 161, 2)
    assert count("a" * 306).segments == 2 and count("a" * 307).segments == 3
    assert count("a" * 459).segments == 3 and count("a" * 460).segments == 4
    assert count("a" * 158 + "{") == ("GSM-7", 160, 1)
    assert count("a" * 159 + "{").segments == 2
    # An escape and its character never straddle two parts: 152 + 2 does not fit 153.
    assert count("a" * 152 + "{" + "a" * 152).segments == 3


def test_ucs2_boundaries():
    assert count("\u0107" * 70) == ("UCS-2", 70, 1)
    assert count("\u0107" * 71).segments == 2
    assert count("\u0107" * 201).segments == 3 and count("\u0107" * 202).segments == 4
    assert count("\U0001f600" * 35) == ("UCS-2", 70, 1)


@given(st.text(alphabet=sorted(BASIC), max_size=700))
def test_basic_gsm_text_counts_by_its_length(text):
    n = len(text)
    assert count(text).segments == (1 if n <= 160 else -(-n // 153))


@given(st.text(alphabet=sorted(BASIC | EXTENDED), max_size=500))
def test_every_part_holds_at_most_153_septets(text):
    counted = count(text)
    assert counted.units <= (160 if counted.segments == 1 else 153 * counted.segments)
    assert counted.segments >= -(-counted.units // 153)


def test_officer_box_shows_the_sms_count_and_its_script(app, db, client, staff_login):
    officer = staff_login(make_staff())
    item = make_feedback()
    page = client.get(f"/staff/feedback/{item.id}").get_data(as_text=True)
    assert 'data-sms-count="reply-text"' in page and 'data-sms-count="status-message"' in page
    assert "/static/js/segments.js" in page and "<script>" not in page
    assert officer
