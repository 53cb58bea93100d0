"""Reference numbers: 10 random digits, the last a Damm check digit.

Random, so a reference cannot be guessed from another; digits only, so it is easy to type
on a phone keypad; the Damm check digit catches every single mistyped digit and every swap
of two neighbouring digits.
"""
import re
import secrets

LENGTH = 10

_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
_SEPARATORS = re.compile(r"[\s\-./#]+")


def check_digit(digits: str) -> str:
    """Return the Damm check digit for a string of digits."""
    interim = 0
    for char in digits:
        interim = _DAMM[interim][int(char)]
    return str(interim)


def new_reference() -> str:
    """Make a fresh random reference number (uniqueness is checked by the caller)."""
    body = str(secrets.randbelow(9 * 10 ** (LENGTH - 2)) + 10 ** (LENGTH - 2))
    return body + check_digit(body)


def normalize(text: str) -> str | None:
    """Strip spaces, dashes and dots from typed text; None unless a valid reference remains."""
    candidate = _SEPARATORS.sub("", text or "")
    if len(candidate) != LENGTH or not candidate.isdigit():
        return None
    return candidate if is_valid(candidate) else None


def is_valid(reference: str) -> bool:
    """True when the digits carry a correct check digit."""
    return (
        len(reference) == LENGTH and reference.isdigit() and check_digit(reference) == "0"
    )


def display(reference: str) -> str:
    """Group the digits for reading aloud: 482 193 7750."""
    return f"{reference[:3]} {reference[3:6]} {reference[6:]}"
