"""GSM 03.38 text: which characters fit the 7-bit alphabet, and how many SMS segments."""

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


def segments(text: str) -> int:
    """How many SMS segments the text needs (GSM-7 if it can, else UCS-2)."""
    if is_gsm(text):
        size = septets(text)
        return 1 if size <= 160 else -(-size // 153)
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= 70 else -(-units // 67)
