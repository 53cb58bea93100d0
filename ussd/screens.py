"""Laying out USSD screens: at most 160 characters including the "CON "/"END " prefix,
GSM characters only, long lists split into pages the caller moves through with 98.

Pure functions of their arguments. On a list an error line takes the header's place, and
page breaks leave room for the longest one, so a page always holds the same items.
"""
from __future__ import annotations

from functools import lru_cache

from mrejesho.gsm import BASIC, EXTENDED, is_gsm, septets, to_gsm

from .texts import say

LIMIT = 160
CON, END = "CON ", "END "
LABEL_WIDTH = 27  # one list line after "12. "; a basic phone shows about 25-30 per line
LIST_ERRORS = ("error.choice", "error.code")  # what can replace a list header


_GSM = frozenset(BASIC | EXTENDED)


def gsm_safe(text: str) -> str:
    """Plain GSM text on one line: typographic characters replaced, others shown as '?'."""
    text = to_gsm(" ".join((text or "").split()))
    return "".join(ch if ch in _GSM else "?" for ch in text)


def shorten(text: str, width: int) -> str:
    """Cut text to width characters, at a word boundary when one is near, marked '..'."""
    text = gsm_safe((text or "")[: 4 * width])  # a long message is only previewed
    if septets(text) <= width:
        return text
    cut = text[: max(width - 2, 1)]
    while septets(cut) > width - 2 and len(cut) > 1:
        cut = cut[:-1]  # extension characters count twice
    if " " in cut and cut.rindex(" ") >= width // 2:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.-(/") + ".."


def strip_common_words(names: list[str]) -> list[str]:
    """Drop the words every name shares at its start or end ("Halmashauri ya ...",
    "... Regional Secretariat"), so lists stay readable when cut short; never empties one."""
    split = [name.split() for name in names]
    if len(split) < 2:
        return list(names)
    head = 0
    while _all_share(split, head, head + 1):
        head += 1
    tail = 0
    while _all_share(split, -1 - tail, head + tail + 1):
        tail += 1
    return [" ".join(words[head: len(words) - tail]) for words in split]


def _all_share(split: list[list[str]], index: int, keep: int) -> bool:
    """True when every name has more than keep words and the same word at index."""
    return all(len(words) > keep for words in split) and len(
        {words[index].lower() for words in split}
    ) == 1


def nav_lines(lang: str, more: bool = False, back: bool = True) -> list[str]:
    """The navigation footer: '98. Zaidi' when there is a next page, then back and home."""
    lines = [say("nav.more", lang)] if more else []
    if back:
        lines.append(f"{say('nav.back', lang)} {say('nav.home', lang)}")
    return lines


def compose(prefix: str, *parts: str | None) -> str:
    """Join the non-empty parts into one screen."""
    return prefix + "\n".join(part for part in parts if part)


def numbered(labels: list[str], start: int = 1) -> list[str]:
    """'1. label' lines, each label cut to LABEL_WIDTH."""
    return [f"{start + i}. {shorten(label, LABEL_WIDTH)}" for i, label in enumerate(labels)]


@lru_cache(maxsize=1024)
def paginate(lang: str, header: str, lines: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Split numbered lines into pages that fit under header, an error and the footer."""
    errors = [septets(say(key, lang)) for key in LIST_ERRORS]
    fixed = septets(CON) + max(septets(header), *errors) + 1
    room_last = LIMIT - fixed - septets("\n".join(nav_lines(lang))) - 1
    room_more = LIMIT - fixed - septets("\n".join(nav_lines(lang, more=True))) - 1
    pages: list[tuple[str, ...]] = []
    rest = tuple(lines)
    while rest:
        if _size(rest) <= room_last:
            pages.append(rest)
            break
        take = 1  # a page always shows at least one item
        while take < len(rest) and _size(rest[: take + 1]) <= room_more:
            take += 1
        pages.append(rest[:take])
        rest = rest[take:]
    return tuple(pages) or ((),)


def _size(lines: tuple[str, ...]) -> int:
    return septets("\n".join(lines))


def listing(lang: str, header: str, lines: tuple[str, ...], page: int,
            error: str | None = None) -> str:
    """One page of a numbered list under its header; an error takes the header's place."""
    pages = paginate(lang, header, lines)
    page = min(max(page, 0), len(pages) - 1)
    more = page < len(pages) - 1
    return compose(CON, error or header, *pages[page], *nav_lines(lang, more=more))


def page_count(lang: str, header: str, lines: tuple[str, ...]) -> int:
    """How many pages the list needs."""
    return len(paginate(lang, header, lines))


def fits(screen: str) -> bool:
    """True when a screen obeys the USSD rules: prefix, length and alphabet."""
    return (screen.startswith((CON, END)) and septets(screen) <= LIMIT and is_gsm(screen))
