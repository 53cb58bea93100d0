"""Possible duplicates of a feedback: the same phone number, or very similar words, sent to
the same institution within 30 days, among what the officer may see. Anonymous citizens are
never matched by phone, so a suggestion cannot link an anonymous case to a named one."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from ...extensions import db
from ...models import Feedback, StaffUser
from .. import access

WINDOW = timedelta(days=30)
SIMILAR = 0.6  # share of distinct words in common (Jaccard) that counts as "very similar"
CANDIDATES = 300  # text is compared in Python, over the most recent candidates only
_WORD = re.compile(r"\w{3,}", re.UNICODE)


@dataclass
class Suggestion:
    item: Feedback
    same_phone: bool
    similarity: float


def words(text: str | None) -> set[str]:
    """The distinct lower-case words of three letters or more."""
    return set(_WORD.findall((text or "").lower()))


def similarity(a: str | None, b: str | None) -> float:
    """Jaccard similarity of two texts' word sets, from 0 to 1."""
    left, right = words(a), words(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def suggestions(item: Feedback, user: StaffUser, limit: int = 5) -> list[Suggestion]:
    """The likeliest duplicates of item that user may see, most similar first."""
    columns = (Feedback.id, Feedback.subject, Feedback.body, Feedback.citizen_phone,
               Feedback.anonymous)
    nearby = sa.select(*columns).where(
        access.visibility(user),
        Feedback.institution_id == item.institution_id,
        Feedback.id != item.id,
        Feedback.created_at.between(item.created_at - WINDOW, item.created_at + WINDOW),
    )
    candidates = {}
    if item.citizen_phone and not item.anonymous:
        # Uses ix_feedback_phone_created, so it finds them however busy the institution is.
        same_phone = nearby.where(Feedback.citizen_phone == item.citizen_phone,
                                  Feedback.anonymous.is_(False)).limit(20)
        candidates.update((row.id, row) for row in db.session.execute(same_phone))
    # Plain columns, not objects: only the few that match are loaded whole below.
    recent = nearby.order_by(Feedback.created_at.desc()).limit(CANDIDATES)
    candidates.update((row.id, row) for row in db.session.execute(recent))
    mine = f"{item.subject or ''} {item.body}"
    scored = []
    for row in candidates.values():
        same_phone = bool(item.citizen_phone and not item.anonymous and not row.anonymous
                          and row.citizen_phone == item.citizen_phone)
        score = similarity(mine, f"{row.subject or ''} {row.body}")
        if same_phone or score >= SIMILAR:
            scored.append((score, same_phone, row.id))
    scored = sorted(scored, reverse=True)[:limit]
    if not scored:
        return []
    found = {other.id: other for other in db.session.scalars(
        sa.select(Feedback).where(Feedback.id.in_([ident for _s, _p, ident in scored])))}
    return [Suggestion(found[ident], same_phone, score) for score, same_phone, ident in scored]
