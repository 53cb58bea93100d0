"""CSV export of the current filtered queue, streamed row by row so that memory stays flat
whatever the size (yield_per reads the rows in chunks; on PostgreSQL with a server cursor)."""
from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from flask import Response, request, stream_with_context
from flask_login import current_user
from sqlalchemy.orm import aliased

from ... import phones
from ...audit import record
from ...extensions import db
from ...lifecycle import CLOCK_RUNNING, OPEN
from ...models import Feedback, Institution, StaffUser
from ...timeutil import to_local, utcnow
from ..access import visibility
from ..blueprint import bp
from .filters import clauses
from .tabs import tab_condition
from .views import read_filters

HEADER = ("reference", "created", "kind", "channel", "institution", "status", "due",
          "overdue", "assigned_to", "subject", "body", "citizen_name", "citizen_phone",
          "citizen_email", "anonymous", "rating")
CHUNK = 1000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str | None) -> str:
    """Free text, defused so a spreadsheet never runs it as a formula."""
    value = value or ""
    return "'" + value if value.startswith(FORMULA_START) else value


def _time(moment) -> str:
    return to_local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def row_cells(row, now, institution_id: int | None = None) -> list:
    """One CSV line; an anonymous citizen's name and email are left out, the phone masked.
    A named citizen's number is written out only for an open case of institution_id (the
    exporter's own, as on the case page), masked otherwise."""
    anonymous = bool(row.anonymous)
    readable = not anonymous and row.status in OPEN and row.institution_id == institution_id
    overdue = row.status in CLOCK_RUNNING and row.due_at < now
    return [
        row.reference, _time(row.created_at), row.kind, row.channel, row.code, row.status,
        _time(row.due_at), "yes" if overdue else "", _text(row.assignee),
        _text(row.subject), _text(row.body),
        "" if anonymous else _text(row.citizen_name),
        (row.citizen_phone or "") if readable else phones.mask(row.citizen_phone),
        "" if anonymous else _text(row.citizen_email),
        "yes" if anonymous else "", row.rating or "",
    ]


def export_query(user, filters, now) -> sa.Select:
    """The queue's rows as plain columns, in queue order."""
    assignee = aliased(StaffUser)
    return (
        sa.select(
            Feedback.reference, Feedback.created_at, Feedback.kind, Feedback.channel,
            Institution.code, Feedback.status, Feedback.due_at,
            assignee.name.label("assignee"), Feedback.subject, Feedback.body,
            Feedback.citizen_name, Feedback.citizen_phone, Feedback.citizen_email,
            Feedback.anonymous, Feedback.rating, Feedback.institution_id,
        )
        .join(Institution, Institution.id == Feedback.institution_id)
        .outerjoin(assignee, assignee.id == Feedback.assigned_to_id)
        .where(visibility(user), *clauses(filters, user), tab_condition(filters.tab, user, now))
        .order_by(Feedback.due_at, Feedback.id)
    )


def _audit(stmt: sa.Select, filters) -> None:
    """Record the export, its filters and row count, before any row leaves (the request's
    unit of work commits it before the body streams)."""
    rows = db.session.scalar(sa.select(sa.func.count()).select_from(
        stmt.order_by(None).subquery()))
    used = {key[:40]: value[:200] for key, value in request.args.items() if value}
    record("queue.export", actor=current_user, phone=phones.normalize_or_none(filters.q or ""),
           detail={"filters": used, "rows": rows})


@bp.get("/export.csv")
def export():
    """Download the filtered queue as CSV (UTF-8 with a BOM, so spreadsheets read Swahili)."""
    filters, _errors = read_filters()
    now = utcnow()
    stmt = export_query(current_user, filters, now)
    _audit(stmt, filters)
    stmt = stmt.execution_options(yield_per=CHUNK)
    institution_id = current_user.institution_id

    def rows():
        return (row_cells(row, now, institution_id) for row in db.session.execute(stmt))

    return csv_download(HEADER, rows, f"mrejesho-{filters.tab}-{to_local(now):%Y%m%d-%H%M}.csv")


def csv_download(header, rows, name: str) -> Response:
    """Stream rows() (lists of cells; called only as the body streams, so its query runs
    there) as a CSV download, CHUNK rows a piece: UTF-8 with a BOM, so spreadsheets read
    Swahili; memory stays flat however many rows."""

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")
        writer.writerow(header)
        for count, cells in enumerate(rows(), start=1):
            writer.writerow(cells)
            if count % CHUNK == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        if buffer.tell():
            yield buffer.getvalue()

    return Response(stream_with_context(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
