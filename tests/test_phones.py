"""Phone numbers in every way Tanzanians write them become E.164."""
import pytest

from mrejesho import phones


@pytest.mark.parametrize("typed", [
    "0712345678", "0712 345 678", "255712345678", "+255712345678", "+255 712 345 678",
    "00255712345678", "712345678", "0712-345-678",
])
def test_tanzanian_formats_normalize_to_e164(typed):
    assert phones.normalize(typed) == "+255712345678"


@pytest.mark.parametrize("typed", ["+254712345678", "0754 321 987", "0688123456"])
def test_other_valid_numbers(typed):
    assert phones.normalize(typed).startswith("+25")


@pytest.mark.parametrize("typed", ["", "12", "07123", "hello", "0712345678901234", "+999123"])
def test_invalid_numbers_are_refused(typed):
    with pytest.raises(phones.InvalidPhone):
        phones.normalize(typed)


def test_mask_keeps_country_code_and_last_three_digits():
    assert phones.mask("+255712345678") == "+255 *** *** 678"
    assert phones.mask(None) == ""
