"""What each phone number has chosen or last told us, in one row per phone (PhonePreference):
the language of its answers, whether its new feedback is anonymous, and the place it last
wrote about.

Every channel shares it: an SMS "LUGHA EN" or "SIRI", a USSD language choice, and each
submission through intake (its language and place) are remembered here; SMS answers, USSD
menus and routing's remembered place read it. A phone without a row (or a row without a
language or place yet) falls back to its newest feedback, as before the table existed.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from .extensions import db
from .models import Feedback, PhonePreference
from .timeutil import utcnow

FIELDS = ("language", "anonymous", "region_id", "district_id")


@dataclass(frozen=True)
class Preferences:
    """A phone's preferences; None where nothing is known."""

    phone: str
    language: str | None = None
    anonymous: bool = False
    region_id: int | None = None
    district_id: int | None = None


_STORED = sa.select(PhonePreference.language, PhonePreference.anonymous,
                    PhonePreference.region_id, PhonePreference.district_id).where(
    PhonePreference.phone == sa.bindparam("phone"))
_LATEST = (
    sa.select(Feedback.language, Feedback.region_id, Feedback.district_id)
    .where(Feedback.citizen_phone == sa.bindparam("phone"))
    .order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(1)
)


def get(phone: str) -> Preferences:
    """The preferences of this phone (E.164): its row, completed by its newest feedback."""
    connection = db.session.connection()
    row = connection.execute(_STORED, {"phone": phone}).first()
    language, anonymous, region_id, district_id = row or (None, False, None, None)
    if language is None or region_id is None:
        latest = connection.execute(_LATEST, {"phone": phone}).first()
        if latest is not None:
            language = language or latest.language
            if region_id is None:  # the place as one: never a district of another region
                region_id, district_id = latest.region_id, latest.district_id
    return Preferences(phone, language, bool(anonymous), region_id, district_id)


def remember(phone: str, **changes) -> None:
    """Store these preferences of the phone (language=, anonymous=, region_id=,
    district_id=), leaving the others as they are; in the caller's unit of work. One
    statement inserts or updates, so two messages of one phone at once cannot collide."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown preferences: {sorted(unknown)}")
    now = utcnow()
    table = PhonePreference.__table__
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    statement = insert(table).values(phone=phone, updated_at=now, **changes)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.phone], set_={**changes, "updated_at": now})
    db.session.execute(statement)
