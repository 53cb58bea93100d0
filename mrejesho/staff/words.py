"""The words every staff page repeats (status, tab, channel and column names), translated
once per page rather than once per row: a gettext call costs more than the row itself.

These are the officer's words (the staff catalog); the citizen's words for the same codes
come from mrejesho.texts. The statuses are the lifecycle's, so a new one cannot go unnamed.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..lifecycle import Status
from .blueprint import bp

STATUS_NAMES = {
    Status.NEW: _l("New"), Status.IN_PROGRESS: _l("In progress"),
    Status.AWAITING_CITIZEN: _l("Awaiting citizen"), Status.RESOLVED: _l("Resolved"),
    Status.CLOSED: _l("Closed"), Status.REOPENED: _l("Reopened"),
    Status.REJECTED: _l("Rejected"),
}


def channel_names() -> dict[str, str]:
    """The channels' names in the current language."""
    return {"web": _("Web"), "sms": "SMS", "ussd": "USSD", "api": "API",
            "call": _("Phone call"), "visit": _("Visit to the office"), "letter": _("Letter"),
            "email": _("Email")}


def priority_names() -> dict[str, str]:
    """The priorities' names (mrejesho.urgency.NAMES) in the current language."""
    return {"urgent": _("Urgent"), "high": _("High"), "normal": _("Normal"), "low": _("Low")}


@bp.context_processor
def staff_words() -> dict:
    """Give staff templates `words`, a dict of translated names."""
    return {"words": {
        "status": {str(status): str(name) for status, name in STATUS_NAMES.items()},
        "tab": {
            "open": _("Open"), "new": _("New"), "mine": _("Mine"), "unassigned": _("Unassigned"),
            "in_progress": _("In progress"), "awaiting": _("Awaiting citizen"),
            "overdue": _("Overdue"), "escalated": _("Escalated"), "resolved": _("Resolved"),
            "all": _("All"),
        },
        "channel": channel_names(),
        "priority": priority_names(),
        "sms": {"queued": _("queued"), "sending": _("sending"), "sent": _("sent"),
                "delivered": _("delivered"), "failed": _("failed"),
                "calling": _("sending"), "unknown": _("outcome unknown")},
        "column": {"due": _("Due"), "reference": _("Reference"), "kind": _("Kind"),
                   "channel": _("Channel"), "institution": _("Institution"),
                   "status": _("Status"), "assigned": _("Assigned to"),
                   "subject": _("Subject")},
        "overdue": _("Overdue"), "escalated": _("Escalated"),
        "paused": _("The clock is paused while the citizen is asked."),
    }}
