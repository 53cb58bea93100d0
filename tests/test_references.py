"""Reference numbers: random, valid check digit, and every typing slip is caught."""
import pytest

from mrejesho import references

SAMPLES = [references.new_reference() for _ in range(200)]


def test_new_references_are_ten_digits_with_a_valid_check_digit():
    for ref in SAMPLES:
        assert len(ref) == 10 and ref.isdigit() and ref[0] != "0"
        assert references.is_valid(ref)


def test_references_are_not_sequential():
    assert len(set(SAMPLES)) == len(SAMPLES)
    steps = {int(b) - int(a) for a, b in zip(SAMPLES, SAMPLES[1:], strict=False)}
    assert len(steps) > 100  # no fixed stride between consecutive references


@pytest.mark.parametrize("ref", SAMPLES[:40])
def test_every_single_digit_error_is_caught(ref):
    for position in range(len(ref)):
        for digit in "0123456789":
            if digit != ref[position]:
                typo = ref[:position] + digit + ref[position + 1:]
                assert not references.is_valid(typo), (ref, typo)


@pytest.mark.parametrize("ref", SAMPLES[:40])
def test_every_adjacent_swap_is_caught(ref):
    for position in range(len(ref) - 1):
        a, b = ref[position], ref[position + 1]
        if a != b:
            swapped = ref[:position] + b + a + ref[position + 2:]
            assert not references.is_valid(swapped), (ref, swapped)


def test_normalize_accepts_spaces_dashes_and_dots():
    ref = SAMPLES[0]
    typed = f" {ref[:3]} {ref[3:6]}-{ref[6:]}. "
    assert references.normalize(typed) == ref
    assert references.normalize(ref[:3] + "-" + ref[3:]) == ref


@pytest.mark.parametrize("text", ["", "abc", "123", "12345678901", "1234567890x"])
def test_normalize_rejects_what_is_not_a_reference(text):
    assert references.normalize(text) is None


def test_display_groups_for_reading_aloud():
    assert references.display("4821937750") == "482 193 7750"
