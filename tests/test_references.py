"""Reference numbers: random, valid check digit, and every typing slip is caught.

Parameters are fixed at collection (hypothesis draws inside the test), so every
pytest-xdist worker collects the same tests.
"""
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mrejesho import references

BODIES = st.integers(min_value=10 ** 8, max_value=10 ** 9 - 1).map(str)
KNOWN = "4821937750"


def with_check_digit(body: str) -> str:
    return body + references.check_digit(body)


def test_new_references_are_ten_digits_with_a_valid_check_digit():
    for ref in (references.new_reference() for _ in range(200)):
        assert len(ref) == 10 and ref.isdigit() and ref[0] != "0"
        assert references.is_valid(ref)


def test_references_are_not_sequential():
    made = [references.new_reference() for _ in range(200)]
    assert len(set(made)) == len(made)
    steps = {int(b) - int(a) for a, b in zip(made, made[1:], strict=False)}
    assert len(steps) > 100  # no fixed stride between consecutive references


@given(BODIES)
@example("100000000")
@example("999999999")
def test_every_single_digit_error_is_caught(body):
    ref = with_check_digit(body)
    for position in range(len(ref)):
        for digit in "0123456789":
            if digit != ref[position]:
                typo = ref[:position] + digit + ref[position + 1:]
                assert not references.is_valid(typo), (ref, typo)


@given(BODIES)
@example("100000000")
@example("123456789")
def test_every_adjacent_swap_is_caught(body):
    ref = with_check_digit(body)
    for position in range(len(ref) - 1):
        a, b = ref[position], ref[position + 1]
        if a != b:
            swapped = ref[:position] + b + a + ref[position + 2:]
            assert not references.is_valid(swapped), (ref, swapped)


def test_normalize_accepts_spaces_dashes_and_dots():
    typed = f" {KNOWN[:3]} {KNOWN[3:6]}-{KNOWN[6:]}. "
    assert references.normalize(typed) == KNOWN
    assert references.normalize(KNOWN[:3] + "-" + KNOWN[3:]) == KNOWN


@pytest.mark.parametrize("text", ["", "abc", "123", "12345678901", "1234567890x", "4821937751"])
def test_normalize_rejects_what_is_not_a_reference(text):
    assert references.normalize(text) is None


def test_display_groups_for_reading_aloud():
    assert references.display(KNOWN) == "482 193 7750"
