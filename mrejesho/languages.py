"""The languages people read e-Mrejesho in. Swahili is the default everywhere."""
from __future__ import annotations

LANGUAGES = ("sw", "en")
DEFAULT = "sw"


def pick(lang: str | None) -> str:
    """lang when it is one we speak, else the default (Swahili)."""
    return lang if lang in LANGUAGES else DEFAULT
