"""The one intake for every channel: validate (the one schema), route, submit.

Routing is the router's (mrejesho.router): an institution the citizen chose (a web or USSD
choice, an SMS keyword's code) wins with confidence 1.0; otherwise the router reads the
message and sends it to the institution it points to, or, below the confidence threshold,
to the triage desk with its suggestions kept on the feedback. Either way the place found in
the text and the routing's confidence and reasons are recorded on the feedback.

Web, SMS, USSD (and the API) hand over what the citizen gave as a plain dict and get back
the feedback, or Rejected with an error code per field, which each channel words in the
citizen's language (mrejesho.texts.error). An institution that is unknown, or was closed
after the citizen chose it, is decided here once: where the citizen can pick again (web,
API) it is refused; where they cannot (an SMS, the end of a USSD session) the message goes
to the triage desk, because a citizen's message is never dropped.
"""
from __future__ import annotations

from dataclasses import replace

from marshmallow import ValidationError

from . import feedback as core
from . import preferences, router, routing, urgency
from .models import Feedback
from .schemas import load_submission

# Channels whose citizen can no longer choose again: their message goes to the triage desk.
TRIAGE_WHEN_UNKNOWN = frozenset({"sms", "ussd"})


class Rejected(ValueError):
    """The submission is not valid; errors maps each field to an error code."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors

    @property
    def first(self) -> str:
        """The first error code, for channels that can say only one thing."""
        return next(iter(self.errors.values()))


def take(raw: dict, *, channel: str, source_key: str | None = None,
         attachment: dict | None = None, officer=None, priority: int | None = None
         ) -> Feedback:
    """Validate and route a citizen's submission and hand it to the core (which flushes;
    the caller's unit of work commits). officer: who recorded it for the citizen at the
    desk; priority: the one the officer chose, over the router's suggestion."""
    data = routed(_validated(raw, channel))
    if priority is not None and priority != data["priority"]:
        data = {**data, "priority": priority, "priority_reason": None}
    extra = {"source_key": source_key, "attachment": attachment, "officer": officer}
    try:
        item = core.submit(data, channel=channel, **extra)
    except routing.UnknownInstitution:
        # Closed between validation and submission.
        if channel not in TRIAGE_WHEN_UNKNOWN:
            raise Rejected({"institution": "institution.unknown"}) from None
        item = core.submit({**data, "institution": None}, channel=channel, **extra)
    _remember(data)
    return item


def _remember(data: dict) -> None:
    """The phone's language and place, for its next message on any channel (a submission
    that names no place keeps the one remembered)."""
    if not data.get("phone"):
        return
    place = ({"region_id": data["region_id"], "district_id": data.get("district_id")}
             if data.get("region_id") else {})
    preferences.remember(data["phone"], language=data.get("language") or "sw", **place)


def routed(data: dict) -> dict:
    """The validated submission with the router's decision: the institution (None: the
    triage desk), the place's ids, the confidence and the reasons, and the priority its
    words of danger suggest (mrejesho.urgency) with the words found."""
    text = " ".join(part for part in (data.get("subject"), data.get("body")) if part)
    decision = router.route(text, chosen=data.get("institution"))
    if data.get("region") or data.get("district"):  # chosen by the citizen: it wins
        ward = decision.ward if decision.district == data.get("district") else None
        decision = replace(decision, region=data.get("region") or decision.region,
                           district=data.get("district") or decision.district, ward=ward)
    ids = router.place_ids(decision)
    suggestion = urgency.suggest(text)
    return {**data, "institution": decision.code, **ids, "priority": suggestion.priority,
            "priority_reason": suggestion.reason,
            "routing_confidence": decision.confidence, "routing_reasons": decision.as_json()}


def validate(raw: dict, channel: str) -> dict:
    """The cleaned submission, or Rejected; for forms that check before they store files."""
    return _validated(raw, channel)


def _validated(raw: dict, channel: str) -> dict:
    try:
        return load_submission(raw)
    except ValidationError as exc:
        errors = _codes(exc.messages)
        if set(errors) == {"institution"} and channel in TRIAGE_WHEN_UNKNOWN:
            return load_submission({**raw, "institution": None})
        raise Rejected(errors) from None


def _codes(messages: dict) -> dict[str, str]:
    """marshmallow's {field: [code, ...]} as {field: code}."""
    out = {}
    for field, codes in messages.items():
        out[field] = str(codes[0] if isinstance(codes, list) and codes else codes)
    return out
