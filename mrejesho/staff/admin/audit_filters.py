"""The audit log's search (issue 15): by officer, action, East Africa dates, reference and
phone number (searched by its keyed hash, never kept readable), as WHERE clauses shared by
the admin's page and its CSV export."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import phones, references
from ...audit import AuditEntry, phone_hash
from ...timeutil import LOCAL_TZ, from_local
from ..queue.filters import parse_date

# What the page calls the actions the application records; others show as written.
ACTIONS = {
    "case.view": _l("Case opened"),
    "attachment.download": _l("Attachment downloaded"),
    "phone.reveal": _l("Citizen's number shown"),
    "queue.export": _l("Queue exported (CSV)"),
    "queue.phone_search": _l("Queue searched by phone number"),
    "staff.created": _l("Account created"),
    "staff.updated": _l("Account changed"),
    "staff.role_changed": _l("Role changed"),
    "staff.password_set": _l("Password set"),
    "staff.locked": _l("Locked out after failed sign-ins"),
    "staff.unlocked": _l("Account unlocked"),
    "audit.export": _l("Audit log exported (CSV)"),
    "audit.phone_search": _l("Audit log searched by phone number"),
    "api_key.created": _l("API key created"),
    "api_key.revoked": _l("API key revoked"),
    "api_key.listed": _l("Queue read through the API"),
    "api_key.viewed": _l("Case read through the API"),
    "api_key.replied": _l("Reply sent through the API"),
    "api_key.noted": _l("Internal note added through the API"),
    "api_key.status_set": _l("Status changed through the API"),
    "api_key.transferred": _l("Transferred through the API"),
    "api_key.assigned": _l("Assigned through the API"),
    "webhook.created": _l("Webhook address added"),
    "webhook.removed": _l("Webhook address removed"),
    "data.code_sent": _l("Data access code sent to a citizen"),
    "data.viewed": _l("Citizen viewed their data"),
    "data.downloaded": _l("Citizen downloaded their data"),
    "data.erasure": _l("Citizen's data erased at their request"),
    "retention.run": _l("Old personal data removed (retention run)"),
}


@dataclass(frozen=True)
class AuditFilter:
    officer: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    reference: str = ""
    phone: str = ""  # E.164 once parsed; only its hash reaches the query

    def args(self) -> dict:
        """The filters as query arguments for links (the phone as typed, normalised)."""
        values = asdict(self)
        values["from"], values["to"] = values.pop("date_from"), values.pop("date_to")
        return {key: value for key, value in values.items() if value}


def parse(args) -> tuple[AuditFilter, list[str]]:
    """An AuditFilter from request.args, and the messages about values that were dropped."""
    errors: list[str] = []
    phone_text = args.get("phone", "").strip()[:40]
    phone = phones.normalize_or_none(phone_text) if phone_text else None
    if phone_text and phone is None:
        errors.append(_("That is not a phone number; the search ignores it."))
    reference = args.get("reference", "").strip()[:30]
    return AuditFilter(
        officer=args.get("officer", "").strip()[:120], action=args.get("action", "").strip()[:40],
        date_from=parse_date(args.get("from"), errors),
        date_to=parse_date(args.get("to"), errors),
        reference=references.normalize(reference) or reference.upper(), phone=phone or "",
    ), errors


def _start_of(day: date) -> datetime:
    """The stored UTC time when this East Africa day began."""
    return from_local(datetime.combine(day, time(), tzinfo=LOCAL_TZ))


def clauses(filters: AuditFilter) -> list[sa.ColumnElement[bool]]:
    """The WHERE clauses of the filters."""
    found = []
    if filters.officer:
        if filters.officer.isdigit() and len(filters.officer) < 10:
            found.append(AuditEntry.actor_id == int(filters.officer))
        else:
            pattern = "%" + filters.officer.replace("\\", "\\\\").replace(
                "%", "\\%").replace("_", "\\_") + "%"
            found.append(AuditEntry.actor_name.ilike(pattern, escape="\\"))
    if filters.action:
        found.append(AuditEntry.action == filters.action)
    if filters.date_from:
        found.append(AuditEntry.created_at >= _start_of(filters.date_from))
    if filters.date_to:
        found.append(AuditEntry.created_at < _start_of(filters.date_to + timedelta(days=1)))
    if filters.reference:
        found.append(AuditEntry.reference == filters.reference)
    if filters.phone:
        found.append(AuditEntry.phone_hash == phone_hash(filters.phone))
    return found
