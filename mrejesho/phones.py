"""Phone numbers: parsed with phonenumbers, stored in E.164, masked for anonymity."""
from functools import lru_cache

import phonenumbers

DEFAULT_REGION = "TZ"


class InvalidPhone(ValueError):
    """The text is not a valid mobile or fixed-line number."""


def normalize(raw: str, region: str = DEFAULT_REGION) -> str:
    """Return the number in E.164 (+2557...), or raise InvalidPhone."""
    result = _normalized(raw or "", region)
    if isinstance(result, InvalidPhone):
        raise InvalidPhone(*result.args)
    return result


@lru_cache(maxsize=4096)
def _normalized(raw: str, region: str) -> str | InvalidPhone:
    # Every USSD step and SMS parses its sender's number, and parsing is slow (~0.1 ms):
    # the same callers come back, so the answer is kept (the outcome, never a raised error).
    try:
        return _parse(raw, region)
    except InvalidPhone as exc:
        return exc


def _parse(raw: str, region: str) -> str:
    text = raw.strip()
    if not text:
        raise InvalidPhone("empty")
    if text.startswith("00"):
        text = "+" + text[2:]
    elif text.startswith("255") and len(text.replace(" ", "")) >= 12:
        text = "+" + text
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(str(exc)) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone("not a valid number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_or_none(raw: str | None, region: str = DEFAULT_REGION) -> str | None:
    """The number in E.164, or None when it is missing or not a phone number (a short code,
    a sender name): for callers that answer a number only when there is one."""
    try:
        return normalize(raw or "", region)
    except InvalidPhone:
        return None


def mask(phone: str | None) -> str:
    """Hide all but the country code and last three digits: +255 *** *** 123."""
    if not phone:
        return ""
    return f"{phone[:4]} *** *** {phone[-3:]}"
