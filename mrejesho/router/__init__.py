"""The scored router: which institution a citizen's message belongs to (issue 10).

Every channel asks it through intake. It weighs, in the words of the message:
  - topic words and phrases (lexicon.py), the longest match winning ("kibali cha ujenzi" is
    the council's, not the Ministry of Works' "ujenzi");
  - institutions' names: their codes (an ambiguous one such as TAA only in capitals) and
    aliases (those that are everyday words, topic words or bare place names are left out);
  - the place named (gazetteer.py: ward -> district -> region, ambiguous names and streets
    only confirming what something else names), which turns a regional service (water,
    councils, regional hospitals) into the institution covering that place;
and the channel's explicit choice, which wins outright. It returns a Decision: the
institution (None: the triage desk), a confidence 0..1, the reasons, the top three
suggestions with their scores, and the place found.

The package: index.py builds what the router knows, places.py finds the place, scoring.py
weighs the words. route(text) is a pure function of the text and an index built once per
reference snapshot (reference.current().derived), so it costs tens of microseconds a message.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, has_app_context

from . import lexicon
from .index import Index, build, index, place_ids
from .places import find_place
from .scoring import NO_DESK, matches, raw_words, score_matches

__all__ = ["CHOSEN", "Decision", "Index", "build", "find_place", "index", "lexicon",
           "place_ids", "route", "score", "threshold"]

DEFAULT_THRESHOLD = 0.3  # chosen on tests/routing/corpus.csv (routing_eval)
CHOSEN = "chosen by citizen"


@dataclass(frozen=True)
class Decision:
    code: str | None  # None: the triage desk
    confidence: float
    reasons: tuple[str, ...] = ()
    suggestions: tuple[tuple[str, float], ...] = ()  # the top three, best first
    region: str | None = None
    district: str | None = None
    ward: str | None = None

    def as_json(self) -> dict:
        """What the feedback keeps (Feedback.routing_reasons), for the central desk."""
        return {"reasons": list(self.reasons),
                "suggestions": [[code, round(score, 2)] for code, score in self.suggestions],
                "place": {"region": self.region, "district": self.district, "ward": self.ward}}


def threshold() -> float:
    """The confidence below which a message goes to the central desk (ROUTING_THRESHOLD)."""
    if has_app_context():
        return float(current_app.config.get("ROUTING_THRESHOLD", DEFAULT_THRESHOLD))
    return DEFAULT_THRESHOLD


# --- routing ------------------------------------------------------------------------------

def route(text: str, *, chosen: str | None = None, idx: Index | None = None,
          limit: float | None = None) -> Decision:
    """Decide where a message goes. chosen: the institution the citizen picked (an SMS
    keyword's CODE, a USSD or web choice), which wins when it is known."""
    idx = idx or index()
    raw = raw_words(text)
    tokens = [w.lower() for w in raw]
    found, covered = matches(raw, tokens, idx)
    region, district, ward, place_reasons = find_place(tokens, idx.gazetteer, covered)
    place = (region, district, ward)
    if chosen:
        code = chosen.strip().upper()
        if code in idx.known:
            return Decision(code, 1.0, (CHOSEN,), ((code, 1.0),), *place)
    scores, reasons = score_matches(found, tokens, place, idx)
    reasons = place_reasons + reasons
    no_desk = scores.pop(NO_DESK, 0.0)
    # Equal scores: the topic the message raises first (scores keep the order of mention).
    order = {code: n for n, code in enumerate(scores)}
    ranked = sorted(scores.items(), key=lambda item: (-item[1], order[item[0]]))[:3]
    if not ranked:
        return Decision(None, 0.0, tuple(reasons) or ("nothing to go by",), (), *place)
    best, top = ranked[0]
    if no_desk >= top:
        reasons.append("a matter for no institution here: triage")
        return Decision(None, 0.0, tuple(reasons), tuple(ranked), *place)
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = round(top / (top + second) * min(1.0, top / 4.0), 3)
    limit = threshold() if limit is None else limit
    code = best if confidence >= limit else None
    if code is None:
        reasons.append(f"confidence {confidence:.2f} below {limit:.2f}: triage")
    return Decision(code, confidence, tuple(reasons), tuple(ranked), *place)



def score(text: str, idx: Index | None = None) -> dict[str, float]:
    """Each institution's score for this text (for tools and tests)."""
    idx = idx or index()
    raw = raw_words(text)
    tokens = [w.lower() for w in raw]
    found, covered = matches(raw, tokens, idx)
    region, district, ward, _reasons = find_place(tokens, idx.gazetteer, covered)
    return score_matches(found, tokens, (region, district, ward), idx)[0]
