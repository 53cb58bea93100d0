"""Carry out a parsed SMS command through the core, and answer through the outbox.

Each handler records the outcome on the stored InboundSms row, in the same unit of work as
the change it made (inbox.process commits both at once), so a retried message is never
applied twice and a failed one is never marked done.
"""
from __future__ import annotations

from dataclasses import replace

from mrejesho import feedback, intake, notify, preferences, texts
from mrejesho.extensions import db
from mrejesho.feedback import FeedbackError
from mrejesho.models import Event, Feedback, InboundSms
from mrejesho.preferences import Preferences
from mrejesho.rights import holdings
from mrejesho.rights import messages as rights_messages
from mrejesho.timeutil import utcnow

from . import replies
from .parser import Command


def carry_out(row: InboundSms, command: Command, phone: str | None) -> None:
    """Do what the command asks for the sender's phone (None: a sender we cannot answer).
    A message that shows no language is answered in the phone's remembered one."""
    known = preferences.get(phone) if phone else Preferences("")
    if not command.language_known and known.language:
        command = replace(command, language=known.language, language_known=True)
    HANDLERS[command.action](row, command, phone, known)


def _submit(row: InboundSms, command: Command, phone: str | None, known: Preferences) -> None:
    # Anonymous this once (SIRI before the message) or always (SIRI alone, earlier): the
    # officers see no number (staff views and exports mask it); the citizen is still texted.
    data = {"kind": command.kind, "institution": command.institution, "body": command.body,
            "phone": phone, "language": command.language,
            "anonymous": command.anonymous or known.anonymous}
    item = intake.take(data, channel="sms", source_key=f"sms:{row.provider_id}")
    _finish(row, "feedback", item)


def _status(row: InboundSms, command: Command, phone: str | None,
            _known: Preferences) -> None:
    item = feedback.find(command.reference)
    if item is None:
        _reply(phone, "not_found", command.language, ref=command.reference)
        return _finish(row, "not_found")
    # Anyone may ask the status of a reference, as on the web; only the citizen who sent it
    # is told more than the status and the institution.
    mine = _is_theirs(item, phone)
    _reply(phone, "status", _language(command, item if mine else None),
           feedback=item if mine else None, ref=item.reference, inst=item.institution.code,
           status=item.status, text=_latest_public_text(item) if mine else "")
    _finish(row, "status", item if mine else None)


def _follow_up(row: InboundSms, command: Command, phone: str | None,
               _known: Preferences) -> None:
    item = _theirs(command.reference, phone)
    if item is None:
        # The same answer whether the reference exists or not: it reveals nothing.
        _reply(phone, "not_yours", command.language, ref=command.reference)
        return _finish(row, "not_yours")
    feedback.follow_up(item, command.body, channel="sms")
    _finish(row, "follow_up", item)


def _rate(row: InboundSms, command: Command, phone: str | None,
          _known: Preferences) -> None:
    if command.reference:
        item = _theirs(command.reference, phone)
        missing = "not_yours"
    else:
        item = feedback.to_rate(phone) if phone else None
        missing = "nothing_to_rate"
    if item is None:
        _reply(phone, missing, command.language, ref=command.reference or "")
        return _finish(row, missing)
    language = _language(command, item)
    try:
        feedback.rate(item, command.rating)
    except FeedbackError as exc:
        _reply(phone, "refused", language, feedback=item, ref=item.reference,
               text=texts.error(exc.code, language, **exc.params))
        return _finish(row, "rate_refused", item)
    _finish(row, "rated", item)


def _help(row: InboundSms, command: Command, phone: str | None,
          _known: Preferences) -> None:
    if command.kind:  # a keyword without its message
        _reply(phone, "empty_message", command.language, kind=command.kind)
    else:
        _answer(phone, "help" if command.page == 1 else "help_more", command.language)
    _finish(row, "help")


def _bad_reference(row: InboundSms, command: Command, phone: str | None,
                   _known: Preferences) -> None:
    _reply(phone, "bad_reference", command.language, ref=command.reference or "")
    _finish(row, "bad_reference")


def _anonymity(row: InboundSms, command: Command, phone: str | None,
               known: Preferences) -> None:
    if not phone:
        return _finish(row, "anonymity")
    hidden = not known.anonymous if command.choice is None else command.choice == "on"
    preferences.remember(phone, anonymous=hidden)
    outcome = "anonymous_on" if hidden else "anonymous_off"
    _answer(phone, outcome, command.language)
    _finish(row, outcome)


def _choose_language(row: InboundSms, command: Command, phone: str | None,
                     _known: Preferences) -> None:
    if command.choice is None or not phone:  # "LUGHA" alone: say how
        _answer(phone, "language_how", command.language)
        return _finish(row, "language_how")
    preferences.remember(phone, language=command.choice)
    _answer(phone, "language_set", command.choice)
    _finish(row, "language")


def _my_data(row: InboundSms, command: Command, phone: str | None,
             _known: Preferences) -> None:
    if phone:
        notify.queue_sms(phone, rights_messages.held(holdings.count(phone), command.language))
    _finish(row, "my_data")


HANDLERS = {"feedback": _submit, "status": _status, "follow_up": _follow_up,
            "rate": _rate, "help": _help, "bad_reference": _bad_reference,
            "anonymity": _anonymity, "language": _choose_language, "my_data": _my_data}


# --- helpers ------------------------------------------------------------------------------

def _finish(row: InboundSms, outcome: str, item: Feedback | None = None) -> None:
    """Record what became of the message (committed with the change by the caller)."""
    row.outcome = outcome
    row.processed_at = utcnow()
    row.feedback_id = item.id if item is not None else None


def _reply(phone: str | None, key: str, language: str, **values) -> None:
    if phone:  # a short code or a name cannot be answered
        notify.tell(phone, key, language, **values)


def _answer(phone: str | None, key: str, language: str) -> None:
    """One of the channel's own answers (sms.replies): help, a setting confirmed."""
    if phone:
        notify.queue_sms(phone, replies.render(key, language))


def _language(command: Command, item: Feedback | None) -> str:
    """The citizen's language: what this message shows, else what their feedback is in."""
    if command.language_known or item is None:
        return command.language
    return item.language


def _is_theirs(item: Feedback, phone: str | None) -> bool:
    return bool(phone) and item.citizen_phone == phone


def _theirs(reference: str | None, phone: str | None) -> Feedback | None:
    item = feedback.find(reference or "")
    return item if item is not None and _is_theirs(item, phone) else None


def _latest_public_text(item: Feedback) -> str:
    """The last thing the institution told the citizen (a reply or a status message)."""
    return db.session.scalar(
        db.select(Event.text)
        .where(Event.feedback_id == item.id, Event.public.is_(True), Event.text.is_not(None),
               Event.type.in_(("reply", "status")))
        .order_by(Event.id.desc()).limit(1)
    ) or ""
