"""GSM 03.38 text: which characters fit the 7-bit alphabet, and how many SMS segments a
text takes (GSM-7, or UCS-2 when a character is outside it). static/js/segments.js counts
the same way in the officer's box as they type."""
from typing import NamedTuple

BASIC = set(
    "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"
    "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9"
    " !\"#\u00a4%&'()*+,-./0123456789:;<=>?"
    "\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7"
    "\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0"
)
EXTENDED = set("^{}\\[~]|\u20ac\f")  # each costs two septets

# Characters that phones and word processors put in text, and their plain GSM stand-ins.
_REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...",
    "\u00a0": " ", "\u2009": " ", "\u200b": "", "\t": " ",
}


def is_gsm(text: str) -> bool:
    """True when every character is in the GSM 7-bit alphabet (basic or extension)."""
    return all(ch in BASIC or ch in EXTENDED for ch in text)


def to_gsm(text: str) -> str:
    """Replace typographic characters with plain ones so the text stays GSM 7-bit."""
    return "".join(_REPLACEMENTS.get(ch, ch) for ch in text)


def septets(text: str) -> int:
    """Length in GSM septets (extension characters count twice)."""
    return sum(2 if ch in EXTENDED else 1 for ch in text)


# Per-segment capacity: one segment alone, or each part of a concatenated message (the
# user data header that joins the parts takes 6 octets: 7 septets, 3 UCS-2 characters).
GSM_SINGLE, GSM_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


class Count(NamedTuple):
    """How an SMS is sent: its encoding, its length in that encoding's units (septets or
    UTF-16 code units) and the number of segments."""

    encoding: str  # "GSM-7" or "UCS-2"
    units: int
    segments: int


def count(text: str) -> Count:
    """Encoding, length and segments of text, as a phone and the operator count them."""
    if is_gsm(text):
        sizes = [2 if ch in EXTENDED else 1 for ch in text]
        return Count("GSM-7", sum(sizes), _parts(sizes, GSM_SINGLE, GSM_PART))
    sizes = [2 if ord(ch) > 0xFFFF else 1 for ch in text]  # a surrogate pair: two units
    return Count("UCS-2", sum(sizes), _parts(sizes, UCS2_SINGLE, UCS2_PART))


def _parts(sizes: list[int], single: int, part: int) -> int:
    """Segments for characters of these sizes: one if they fit a single segment; else parts
    of at most `part` units, a character never split between two (an escape and its
    character, or a surrogate pair, travel in one part, so a part may hold one unit less)."""
    if sum(sizes) <= single:
        return 1
    parts, used = 1, 0
    for size in sizes:
        if used + size > part:
            parts, used = parts + 1, 0
        used += size
    return parts


def segments(text: str) -> int:
    """How many SMS segments the text needs (GSM-7 if it can, else UCS-2)."""
    return count(text).segments


def fits(text: str, max_segments: int) -> bool:
    """True when text travels in at most max_segments segments."""
    return count(text).segments <= max_segments
