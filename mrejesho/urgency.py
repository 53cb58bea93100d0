"""Urgency: every feedback's priority (urgent, high, normal, low) and the router's suggestion
of it from words of danger, in Swahili and English, on every channel (issue 16).

The suggestion is a pure function of the text: a few patterns per danger (fire, a fallen
pole or bare live wires, floods, sewage bursting, cholera, violence, a child at risk...),
each with the words staff are shown as the reason. It never changes where a message is
routed (mrejesho.router decides that); officers may set any priority afterwards
(mrejesho.feedback.set_priority).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

URGENT, HIGH, NORMAL, LOW = 1, 2, 3, 4
PRIORITIES = (URGENT, HIGH, NORMAL, LOW)
NAMES = {URGENT: "urgent", HIGH: "high", NORMAL: "normal", LOW: "low"}
BY_NAME = {name: value for value, name in NAMES.items()}

_W = r"(?: \w+){0,3}"  # up to three words between two parts of a phrase

# (pattern over the normalized text, the words shown to staff, priority), most grave first.
DANGERS: tuple[tuple[str, str, int], ...] = (
    (rf"\bnguzo\b{_W} \w*(?:anguk|dondok|lal)\w*", "nguzo imeanguka", URGENT),
    (rf"\bwaya\b{_W} (?:wazi|chini|\w*katik\w*|\w*anguk\w*|\w*ning'?ini\w*)", "waya wazi",
     URGENT),
    (r"\b(?:live|exposed|bare|fallen|hanging|broken) (?:electric |power )?wires?\b",
     "live wire", URGENT),
    (r"\b(?:fallen|falling|collapsed) (?:electric |electricity |power )?poles?\b|\bpoles? "
     r"(?:has |have )?(?:fallen|fell|collapsed)\b", "fallen pole", URGENT),
    (r"(?<!\bya )(?<!\bza )\bmoto\b", "moto", URGENT),
    (r"\b(?:inaungua|imeungua|zinaungua|kuungua|unaungua|imeteketea)\b", "moto", URGENT),
    (r"\b(?:fire|on fire|burning|caught fire|blaze)\b", "fire", URGENT),
    (r"\bshoti\b|\bshort circuit\b|\belectrocut\w*|\bkupigwa shoti\b", "shoti", URGENT),
    (r"\bmafuriko\b|\b\w*furik\w*", "mafuriko", URGENT),
    (r"\bflood(?:s|ing|ed)?\b", "flood", URGENT),
    (r"\bkipindupindu\b", "kipindupindu", URGENT),
    (r"\bcholera\b", "cholera", URGENT),
    (r"\bmlipuko\b|\boutbreak\b", "mlipuko", URGENT),
    (r"\bmaji taka\b{_W} \w*(?:pasuk|furik|tiririk|vuj)\w*".replace("{_W}", _W),
     "maji taka yamepasuka", URGENT),
    (r"\b(?:sewage|sewer)\b(?: \w+){0,2} (?:burst|bursting|overflow\w*|spill\w*)\b|\bburst "
     r"(?:sewage|sewer)\b", "sewage burst", URGENT),
    (r"\bgas leak\b|\bvuja gesi\b|\bgesi inavuja\b", "gas leak", URGENT),
    (r"\bhatari\w*\b", "hatari", URGENT),
    (r"\bdanger(?:ous)?\b", "danger", URGENT),
    (r"\bvurugu\b|\bukatili\b|\bubakaji\b|\bkubakwa\b|\bamebakwa\b", "vurugu",
     URGENT),
    (r"\bviolen(?:ce|t)\b|\bassault\w*\b|\braped?\b|\battack(?:ed)?\b", "violence", URGENT),
    (r"\bmtoto\b{_W} (?:hatarini|ananyanyaswa|amepotea|ameibiwa)".replace("{_W}", _W),
     "mtoto yuko hatarini", URGENT),
    (r"\bchild(?:ren)?\b(?: \w+){0,2} (?:at risk|in danger|abused|missing)\b|\bchild abuse\b",
     "child at risk", URGENT),
    (r"\bwaya\b|\bwires?\b", "waya", HIGH),
    (r"\bmaji taka\b|\bsewage\b", "maji taka", HIGH),
    (r"\bbomba\b{_W} \w*pasuk\w*|\bburst pipe\b".replace("{_W}", _W), "bomba limepasuka", HIGH),
)
_COMPILED = tuple((re.compile(pattern), words, level) for pattern, words, level in DANGERS)


@dataclass(frozen=True)
class Suggestion:
    """The router's priority for a text and the words of danger that made it (none: normal)."""

    priority: int = NORMAL
    words: tuple[str, ...] = ()

    @property
    def reason(self) -> str | None:
        """What Feedback.priority_reason keeps: the words found, or None."""
        return ", ".join(self.words)[:200] or None


def normalized(text: str) -> str:
    """Lower case, accents dropped, every run of other characters one space."""
    plain = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^\w']+", " ", plain).split())


def suggest(text: str) -> Suggestion:
    """The priority the words of this message suggest, with the words found."""
    found = normalized(text)[:4000]  # danger is said early; a megabyte is not read whole
    hits = [(level, words) for pattern, words, level in _COMPILED if pattern.search(found)]
    if not hits:
        return Suggestion()
    level = min(level for level, _words in hits)
    words = tuple(dict.fromkeys(words for hit, words in hits if hit == level))
    return Suggestion(level, words)


def parse(value) -> int | None:
    """A priority from a form (its name or number), or None when it is not one."""
    text = str(value or "").strip().lower()
    if text in BY_NAME:
        return BY_NAME[text]
    return int(text) if text in {str(p) for p in PRIORITIES} else None
