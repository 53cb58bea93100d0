"""The institutions as the SMS parser sees them: codes, and aliases matched as whole words.

Pure data built from (code, aliases) pairs, so the parser stays a pure function; the
channel builds it from the database (sms.inbox.directory).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import vocabulary as words_of

WORD = re.compile(r"[^\W_]+")  # letters and digits of any script; the rest separates


@dataclass(frozen=True)
class Directory:
    """Institution codes and aliases as the parser matches them (whole words only)."""

    codes: frozenset[str] = frozenset()
    # first word of an alias -> [(all its words, code)], longest aliases first
    aliases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: Iterable[tuple[str, Iterable[str]]]) -> Directory:
        """Index (code, aliases) pairs; an alias that is an everyday word is left out."""
        codes, index = set(), {}
        for code, aliases in entries:
            codes.add(code.upper())
            for alias in aliases or ():
                alias_words = tuple(w.lower() for w in WORD.findall(alias))
                if not alias_words or (len(alias_words) == 1
                                       and alias_words[0] in words_of.AMBIGUOUS_WORDS):
                    continue
                index.setdefault(alias_words[0], []).append((alias_words, code.upper()))
        for candidates in index.values():
            candidates.sort(key=lambda entry: -len(entry[0]))
        return cls(frozenset(codes), index)
