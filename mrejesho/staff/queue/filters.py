"""The queue's filters: read from the query string (a bad value is dropped with a message
rather than failing the page) and turned into WHERE clauses."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ... import phones, references
from ...models import ALL_CHANNELS, KINDS, CaseView, Feedback, Institution, Region, StaffUser
from ...router import gazetteer as places_of_tanzania
from ...timeutil import LOCAL_TZ, from_local
from .tabs import TABS

DEFAULT_TAB = "open"
FIRST_YEAR, LAST_YEAR = 1900, 2999  # dates outside are refused with a message


@dataclass(frozen=True)
class QueueFilter:
    """What the officer asked to see; every field optional but the tab."""

    tab: str = DEFAULT_TAB
    kind: str = ""
    channel: str = ""
    institution: str = ""
    region: str = ""  # a region key of the gazetteer
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    # Only rows where the citizen wrote since the officer last opened the case.
    answered: bool = False

    @property
    def created_from(self) -> datetime | None:
        """Start of date_from in East Africa Time, as stored UTC."""
        if self.date_from is None:
            return None
        return from_local(datetime.combine(self.date_from, time(), LOCAL_TZ))

    @property
    def created_until(self) -> datetime | None:
        """Start of the day after date_to in East Africa Time, as stored UTC."""
        if self.date_to is None:
            return None
        return from_local(datetime.combine(self.date_to + timedelta(days=1), time(), LOCAL_TZ))

    def args(self, **changes) -> dict:
        """Query-string arguments that reproduce this filter (for links), with changes."""
        current = replace(self, **changes)
        values = {
            "tab": current.tab, "kind": current.kind, "channel": current.channel,
            "institution": current.institution, "region": current.region, "q": current.q,
            "answered": "1" if current.answered else "",
            "from": current.date_from.isoformat() if current.date_from else "",
            "to": current.date_to.isoformat() if current.date_to else "",
        }
        return {key: value for key, value in values.items() if value}


def parse(args: MultiDict, *, can_pick_institution: bool) -> tuple[QueueFilter, list[str]]:
    """A QueueFilter from request.args, and the messages about values that were dropped."""
    errors: list[str] = []
    tab = args.get("tab", DEFAULT_TAB)
    kind = args.get("kind", "").strip()
    channel = args.get("channel", "").strip()
    if kind and kind not in KINDS:
        errors.append(_("Unknown kind; showing every kind."))
        kind = ""
    if channel and channel not in ALL_CHANNELS:
        errors.append(_("Unknown channel; showing every channel."))
        channel = ""
    date_from = parse_date(args.get("from"), errors)
    date_to = parse_date(args.get("to"), errors)
    institution = args.get("institution", "").strip().upper() if can_pick_institution else ""
    region = args.get("region", "").strip().upper()
    if region and region not in places_of_tanzania.load().regions:
        errors.append(_("Unknown region; showing every region."))
        region = ""
    return QueueFilter(
        tab=tab if tab in TABS else DEFAULT_TAB, kind=kind, channel=channel,
        institution=institution[:20], region=region, date_from=date_from, date_to=date_to,
        q=args.get("q", "").strip()[:100], answered=args.get("answered", "") in ("1", "on"),
    ), errors


def parse_date(text: str | None, errors: list[str]) -> date | None:
    """A YYYY-MM-DD filter date, or None with a sentence added to errors when it is not one."""
    if not text:
        return None
    try:
        value = date.fromisoformat(text.strip()[:10])
    except ValueError:
        value = None
    # Years far off would overflow the day arithmetic (9999-12-31 + 1 day); none is useful.
    if value is None or not FIRST_YEAR <= value.year <= LAST_YEAR:
        errors.append(_("Dates are written YYYY-MM-DD, for example 2025-03-31."))
        return None
    return value


def clauses(filters: QueueFilter, user: StaffUser | None = None
            ) -> list[sa.ColumnElement[bool]]:
    """The WHERE clauses of the filters: kind, channel, institution, region, dates, text,
    and (for this user) "citizen answered"."""
    clauses = []
    if filters.answered and user is not None:
        clauses.append(citizen_answered(user))
    if filters.kind:
        clauses.append(Feedback.kind == filters.kind)
    if filters.channel:
        clauses.append(Feedback.channel == filters.channel)
    if filters.institution:
        clauses.append(Feedback.institution_id == sa.select(Institution.id).where(
            Institution.code == filters.institution).scalar_subquery())
    if filters.region:
        clauses.append(Feedback.region_id == sa.select(Region.id).where(
            Region.key == filters.region).scalar_subquery())
    if filters.created_from:
        clauses.append(Feedback.created_at >= filters.created_from)
    if filters.created_until:
        clauses.append(Feedback.created_at < filters.created_until)
    if filters.q:
        clauses.append(_search(filters.q))
    return clauses


def citizen_answered(user: StaffUser) -> sa.ColumnElement[bool]:
    """Feedback the citizen wrote on after this user last opened it (or that the user never
    opened). `citizen_activity_at IS NOT NULL` lets the walk use ix_feedback_citizen_activity,
    which holds only such rows; each is then checked against the user's one case_view row."""
    seen = sa.select(CaseView.seen_at).where(
        CaseView.staff_id == user.id, CaseView.feedback_id == Feedback.id,
        CaseView.seen_at >= Feedback.citizen_activity_at)
    return sa.and_(Feedback.citizen_activity_at.is_not(None), ~seen.exists())


def is_answered(activity, seen_at) -> bool:
    """The row's marker: the citizen wrote after the user last opened it (or never did)."""
    return activity is not None and (seen_at is None or seen_at < activity)


def _search(text: str) -> sa.ColumnElement[bool]:
    """A reference, a phone number (never of anonymous citizens) or words of the text."""
    reference = references.normalize(text)
    if reference:
        return Feedback.reference == reference
    phone = phones.normalize_or_none(text)
    if phone:
        return sa.and_(Feedback.citizen_phone == phone, Feedback.anonymous.is_(False))
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return sa.or_(
        Feedback.subject.ilike(pattern, escape="\\"),
        Feedback.body.ilike(pattern, escape="\\"),
        sa.and_(Feedback.anonymous.is_(False), Feedback.citizen_name.ilike(pattern, escape="\\")),
    )
