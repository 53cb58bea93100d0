"""The institutions as the SMS parser sees them: the codes a citizen may type as a command.

Pure data built from (code, aliases) pairs, so the parser stays a pure function; the
channel builds it from the database (sms.inbox.directory). Aliases are no longer the
parser's business: a message without a typed code goes to the router (mrejesho.router),
which weighs every word of it, through intake.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+")  # letters and digits of any script; the rest separates


@dataclass(frozen=True)
class Directory:
    """Institution codes as the parser matches them (whole words only)."""

    codes: frozenset[str] = frozenset()

    @classmethod
    def build(cls, entries: Iterable[tuple[str, Iterable[str]]]) -> Directory:
        """Index (code, aliases) pairs; the aliases are the router's, not read here."""
        return cls(frozenset(code.upper() for code, _aliases in entries))
