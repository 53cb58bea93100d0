"""The words every staff page repeats (status, tab, channel and column names), translated
once per page rather than once per row: a gettext call costs more than the row itself."""
from __future__ import annotations

from flask_babel import gettext as _

from .blueprint import bp


@bp.context_processor
def staff_words() -> dict:
    """Give staff templates `words`, a dict of translated names."""
    return {"words": {
        "status": {
            "new": _("New"), "in_progress": _("In progress"),
            "awaiting_citizen": _("Awaiting citizen"), "resolved": _("Resolved"),
            "closed": _("Closed"), "reopened": _("Reopened"), "rejected": _("Rejected"),
        },
        "tab": {
            "open": _("Open"), "new": _("New"), "mine": _("Mine"), "unassigned": _("Unassigned"),
            "in_progress": _("In progress"), "awaiting": _("Awaiting citizen"),
            "overdue": _("Overdue"), "escalated": _("Escalated"), "resolved": _("Resolved"),
            "all": _("All"),
        },
        "channel": {"web": _("Web"), "sms": "SMS", "ussd": "USSD", "api": "API"},
        "sms": {"queued": _("queued"), "sending": _("sending"), "sent": _("sent"),
                "delivered": _("delivered"), "failed": _("failed")},
        "column": {"due": _("Due"), "reference": _("Reference"), "kind": _("Kind"),
                   "channel": _("Channel"), "institution": _("Institution"),
                   "status": _("Status"), "assigned": _("Assigned to"),
                   "subject": _("Subject")},
        "overdue": _("Overdue"), "escalated": _("Escalated"),
        "paused": _("The clock is paused while the citizen is asked."),
    }}
