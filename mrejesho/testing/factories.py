"""Factories for tests: data made the way the application makes it.

Feedback is submitted as a citizen's form is (mrejesho.intake: the one schema, routing, the
core) and moved along its lifecycle by the core's own operations; each factory then commits,
as the request, webhook call or job doing the same would. Times come from the clock, so a
test that needs old or overdue feedback moves the clock (the `clock` fixture), not columns.
"""
from __future__ import annotations

from collections import deque

from mrejesho import feedback as core
from mrejesho import intake, routing
from mrejesho.extensions import db
from mrejesho.lifecycle import TRANSITIONS, Status
from mrejesho.models import Feedback, StaffUser
from mrejesho.schemas import load_submission
from mrejesho.seed import create_staff

STAFF_PASSWORD = "correct horse battery staple"
CITIZEN_PHONE = "+255712345678"
# What an officer writes when a move needs a message to the citizen.
MESSAGES = {
    Status.RESOLVED: "Fundi amerekebisha laini; umeme umerudi.",
    Status.REJECTED: "Hili si jukumu la taasisi hii.",
    Status.AWAITING_CITIZEN: "Tafadhali tuma namba ya mita yako.",
}


def make_staff(code: str = "TANESCO", role: str = "officer", email: str | None = None,
               name: str | None = None) -> StaffUser:
    """Create a staff account of an institution (password STAFF_PASSWORD); committed."""
    email = email or f"{role}.{code.lower()}@example.go.tz"
    return create_staff(email, name or f"{role.title()} {code}", role, code, STAFF_PASSWORD)


def citizen_form(**overrides) -> dict:
    """What a citizen fills in: a complaint to TANESCO from Amina's phone, with overrides."""
    form = {"kind": "complaint", "institution": "TANESCO",
            "body": "Umeme umekatika tangu jana mtaa wa Sinza.", "name": "Amina Juma",
            "phone": "0712 345 678", "language": "sw"}
    form.update(overrides)
    return form


def submission(**overrides) -> dict:
    """citizen_form(**overrides) validated, as schemas.load_submission returns it."""
    return load_submission(citizen_form(**overrides))


def make_feedback(*, channel: str = "web", status: str | None = None,
                  by: StaffUser | None = None, source_key: str | None = None,
                  **form) -> Feedback:
    """Feedback taken in by the intake from citizen_form(**form), committed; with status,
    moved there by the core (by: the officer who acts; None for the system)."""
    item = intake.take(citizen_form(**form), channel=channel, source_key=source_key)
    db.session.commit()
    if status is not None:
        move_to(item, status, by=by)
    return item


def move_to(item: Feedback, status: str, *, by: StaffUser | None = None,
            message: str | None = None) -> Feedback:
    """Move item to status by the shortest allowed way, one set_status and one commit per
    step as an officer's clicks would; message is said at the last step."""
    target = Status(status)
    for step in lifecycle_path(item.status, target):
        text = message if message and step == target else MESSAGES.get(step)
        core.set_status(item, by, step, text)
        db.session.commit()
    return item


def reply_to(item: Feedback, officer: StaffUser,
             text: str = "Fundi atafika kesho asubuhi.") -> Feedback:
    """The officer replies to the citizen; committed."""
    core.reply(item, officer, text)
    db.session.commit()
    return item


def assign_to(item: Feedback, officer: StaffUser, assignee: StaffUser | None) -> Feedback:
    """The officer gives the case to assignee (None: back to the pool); committed."""
    core.assign(item, officer, assignee)
    db.session.commit()
    return item


def transfer_to(item: Feedback, code: str, *, by: StaffUser | None = None,
                reason: str = "Hili linahusu taasisi nyingine.") -> Feedback:
    """Transfer the case to the institution with this code; committed."""
    core.transfer(item, by, routing.by_code(code), reason)
    db.session.commit()
    return item


def follow_up(item: Feedback, text: str = "Bado sijapata umeme.", *,
              channel: str = "sms") -> Feedback:
    """The citizen adds to their feedback (resumes a paused clock, disputes a resolution)."""
    core.follow_up(item, text, channel=channel)
    db.session.commit()
    return item


def rate(item: Feedback, score: int, comment: str | None = None) -> Feedback:
    """The citizen rates the resolved case; committed."""
    core.rate(item, score, comment)
    db.session.commit()
    return item


def lifecycle_path(current: str, target: Status) -> list[Status]:
    """The statuses to pass through from current to target (shortest first, by TRANSITIONS)."""
    start = Status(current)
    came_from: dict[Status, Status | None] = {start: None}
    waiting = deque([start])
    while waiting:
        status = waiting.popleft()
        if status == target:
            path = []
            while came_from[status] is not None:
                path.append(status)
                status = came_from[status]
            return path[::-1]
        for following in sorted(TRANSITIONS[status]):
            if following not in came_from:
                came_from[following] = status
                waiting.append(following)
    raise ValueError(f"no way from {current} to {target}")
