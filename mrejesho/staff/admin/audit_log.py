"""The admin's audit log page (issue 15): the newest entries first, searched by officer,
action, dates, reference and phone number, and exported as CSV. Searching by a phone
number and exporting are themselves audited."""
from __future__ import annotations

import json

import sqlalchemy as sa
from flask import render_template, request
from flask_login import current_user

from ...audit import AuditEntry, record
from ...edge import small_int
from ...extensions import db
from ...timeutil import to_local, utcnow
from .. import access
from ..blueprint import bp
from ..queue.export import csv_download
from .audit_filters import ACTIONS, clauses, parse

PAGE = 100
CHUNK = 1000
HEADER = ("id", "time", "action", "actor_id", "actor_name", "actor_role", "reference",
          "feedback_id", "phone_hash", "detail")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _query(filters) -> sa.Select:
    return (sa.select(AuditEntry).where(*clauses(filters))
            .order_by(AuditEntry.id.desc()))


def _used(filters) -> dict:
    """The filters for the entry that records a search: the phone goes as its hash."""
    return {key: str(value) for key, value in filters.args().items() if key != "phone"}


@bp.get("/admin/audit")
@access.role_required(access.ADMIN)
def audit_log():
    """The audit log, newest first, one page at a time."""
    filters, errors = parse(request.args)
    stmt = _query(filters)
    before = small_int(request.args.get("before"))
    if before is not None:
        stmt = stmt.where(AuditEntry.id < before)
    rows = db.session.scalars(stmt.limit(PAGE + 1)).all()
    if filters.phone:  # looking a number up is an access to personal data too
        record("audit.phone_search", actor=current_user, phone=filters.phone,
               detail={"filters": _used(filters)})
    actions = sorted(set(ACTIONS) | set(db.session.scalars(
        sa.select(AuditEntry.action).distinct())))
    return render_template(
        "staff/admin_audit.html", rows=rows[:PAGE], filters=filters, errors=errors,
        older=rows[PAGE - 1].id if len(rows) > PAGE else None, actions=actions,
        names=ACTIONS, detail_text=_detail_text)


def _detail_text(detail) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else ""


def _cell(value) -> str:
    """Text defused so a spreadsheet never runs it as a formula."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


@bp.get("/admin/audit.csv")
@access.role_required(access.ADMIN)
def audit_export():
    """The searched audit log as CSV (UTF-8 with a BOM); the export is recorded first."""
    filters, _errors = parse(request.args)
    stmt = _query(filters)
    rows = db.session.scalar(sa.select(sa.func.count()).select_from(
        stmt.order_by(None).subquery()))
    record("audit.export", actor=current_user, phone=filters.phone or None,
           detail={"filters": _used(filters), "rows": rows})
    stmt = stmt.execution_options(yield_per=CHUNK)

    def cells():
        return ([entry.id, to_local(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                 _cell(entry.action), entry.actor_id or "", _cell(entry.actor_name),
                 entry.actor_role or "", entry.reference or "", entry.feedback_id or "",
                 entry.phone_hash or "", _cell(_detail_text(entry.detail))]
                for entry in db.session.scalars(stmt))

    return csv_download(HEADER, cells, f"mrejesho-audit-{to_local(utcnow()):%Y%m%d-%H%M}.csv")
