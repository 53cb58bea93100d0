"""What the citizen is told at each step, in their language, queued in the SMS outbox.

Every template fits one 160-character GSM-7 segment with the longest reference and
institution code (tests/test_sms_notify.py checks it, in every language of the catalogs).
Where an institution's name fits, it is used instead of its bare code, since "MOW" means
little to a citizen. Free text typed by an officer (a reply, a reason) can make a message
longer: it is then cut at a word boundary rather than split into costly segments, except for
replies, which are the substance and are sent whole. Characters outside GSM-7 are replaced
by plain ones, so no message is ever forced into UCS-2 (70 characters a segment).

Placeholders: %(ref)s reference, %(inst)s institution (a name where it fits, else its code),
%(kind)s kind word, %(keyword)s the SMS keyword for the kind, %(status)s status word,
%(text)s free text (an officer's reply or reason), the part that is shortened.
"""
from __future__ import annotations

import unicodedata
from functools import cache

import sqlalchemy as sa

from . import i18n, reference, texts
from .extensions import db
from .gsm import BASIC, EXTENDED, septets, to_gsm
from .languages import pick
from .models import Feedback, OutboundSms

# Events on a feedback (sent by mrejesho.feedback through citizen()).
EVENT_KEYS = ("received", "transferred", "reply", "awaiting_citizen", "resolved", "rejected",
              "duplicate", "closed", "reopened", "follow_up", "rated", "status")
# Answers to SMS commands (sent by the sms channel through tell()).
COMMAND_KEYS = ("help", "empty_message", "not_found", "not_yours", "bad_reference",
                "nothing_to_rate", "refused")
KEYS = EVENT_KEYS + COMMAND_KEYS


@cache
def templates(lang: str) -> dict[str, str]:
    """{message key: its template} in lang, read from the catalogs once per process."""
    _ = i18n.catalog(lang).gettext
    return {
        "received": _("e-Mrejesho: Your %(kind)s was received by %(inst)s. Reference number: "
                      "%(ref)s. To track it send STATUS %(ref)s"),
        "transferred": _("e-Mrejesho %(ref)s: Your feedback was transferred to %(inst)s, "
                         "which is now responsible. %(text)s"),
        "reply": _("e-Mrejesho %(ref)s (%(inst)s): %(text)s"),
        "awaiting_citizen": _("e-Mrejesho %(ref)s: %(inst)s needs more information: %(text)s "
                              "Reply: %(ref)s your message"),
        "resolved": _("e-Mrejesho %(ref)s: Resolved. %(text)s Rate 1-5 for the service "
                      "(5=best). If it is not solved reply: %(ref)s reason"),
        "rejected": _("e-Mrejesho %(ref)s: Rejected. Reason: %(text)s"),
        "duplicate": _("e-Mrejesho %(ref)s: Rejected. It duplicates feedback %(text)s."),
        "closed": _("e-Mrejesho %(ref)s: Your feedback has been closed. Thank you for using "
                    "e-Mrejesho."),
        "reopened": _("e-Mrejesho %(ref)s: Your feedback was reopened and %(inst)s will work "
                      "on it."),
        "follow_up": _("e-Mrejesho %(ref)s: We received your additional information. Thank "
                       "you."),
        "rated": _("e-Mrejesho %(ref)s: Thank you for your rating (%(text)s/5)."),
        "status": _("e-Mrejesho %(ref)s (%(inst)s): Status: %(status)s. %(text)s"),
        "help": _("e-Mrejesho: Send COMPLAINT, SUGGESTION, QUESTION or COMPLIMENT, the "
                  "institution and your message. E.g. COMPLAINT TANESCO no power in Sinza. "
                  "Track: STATUS ref"),
        "empty_message": _("e-Mrejesho: Write your message after %(keyword)s. E.g. "
                           "%(keyword)s TANESCO your message. For help send HELP"),
        "not_found": _("e-Mrejesho: We found no feedback with reference number %(ref)s. "
                       "Check it and try again."),
        "not_yours": _("e-Mrejesho: Reference number %(ref)s is not registered to your phone "
                       "number. Send from the phone you used to submit it."),
        "bad_reference": _("e-Mrejesho: %(ref)s is not a valid reference number. It has 10 "
                           "digits; check the SMS you received."),
        "nothing_to_rate": _("e-Mrejesho: You have no resolved feedback waiting for a "
                             "rating. To rate, send the reference number and a score 1-5."),
        "refused": _("e-Mrejesho %(ref)s: %(text)s"),
    }


@cache
def keywords(lang: str) -> dict[str, str]:
    """{kind: the command word a citizen types for it} in lang, as the help texts show it.
    Each must be a word the SMS parser knows (sms/vocabulary.py; a test checks)."""
    pgettext = i18n.catalog(lang).pgettext
    return {
        "complaint": pgettext("SMS command word", "COMPLAINT"),
        "suggestion": pgettext("SMS command word", "SUGGESTION"),
        "enquiry": pgettext("SMS command word", "QUESTION"),
        "compliment": pgettext("SMS command word", "COMPLIMENT"),
    }


SEGMENT = 160
WHOLE_TEXT = {"reply"}  # the officer's words are the message: never cut
NAMED = {"received", "transferred", "reopened"}  # say who is responsible by name if it fits


def render(key: str, lang: str, *, ref: str = "", inst: str = "", kind: str = "",
           status: str = "", text: str = "", names: tuple[str, ...] = ()) -> str:
    """Fill a message template; shorten the free text so the whole fits one segment.

    names are longer ways to say inst ("Wizara ya Maji (MOW)"), tried first, in order.
    """
    lang = pick(lang)
    template = templates(lang)[key]
    words = keywords(lang)
    values = {
        "ref": ref, "kind": texts.kind_label(kind, lang),
        "status": texts.status_label(status, lang),
        "keyword": words.get(kind, words["complaint"]),
        "text": plain(" ".join((text or "").split())),
    }
    for name in (*names, inst):
        message = (template % {**values, "inst": plain(name)}).strip()
        if septets(message) <= SEGMENT:
            return message
    values["inst"] = plain(inst)
    if key in WHOLE_TEXT:
        return (template % values).strip()
    room = SEGMENT - septets((template % {**values, "text": ""}).strip()) - 4
    return (template % {**values, "text": _shorten(values["text"], max(room, 0))}).strip()


def plain(text: str) -> str:
    """Text in the GSM 7-bit alphabet: typographic marks made plain, accents dropped where
    GSM lacks the letter, anything else (emoji, other scripts) left out."""
    text = to_gsm(text)
    if all(ch in BASIC or ch in EXTENDED for ch in text):
        return text
    out = []
    for ch in text:
        if ch in BASIC or ch in EXTENDED:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in base if c in BASIC or c in EXTENDED))
    return "".join(out)


def _shorten(text: str, room: int) -> str:
    if septets(text) <= room:
        return text
    cut = text[:room].rsplit(" ", 1)[0] if " " in text[:room] else text[:room]
    return cut.rstrip(" .,;:") + "..."


def queue_sms(to: str, text: str, feedback: Feedback | None = None) -> OutboundSms:
    """Put one SMS in the outbox, inside the caller's transaction."""
    row = OutboundSms(to=to, text=text, feedback=feedback)
    db.session.add(row)
    return row


def citizen(feedback: Feedback, key: str, text: str = "") -> OutboundSms | None:
    """Queue the citizen's SMS for an event on their feedback, if they gave a phone number."""
    if not feedback.citizen_phone:
        return None
    institution = _institution_of(feedback)
    names = ()
    if key in NAMED:
        name = institution.name(feedback.language)
        names = (f"{name} ({institution.code})", name)
    message = render(
        key, feedback.language, ref=feedback.reference, inst=institution.code,
        kind=feedback.kind, status=feedback.status, text=text, names=names,
    )
    return queue_sms(feedback.citizen_phone, message, feedback)


def _institution_of(feedback: Feedback):
    """The feedback's institution: the loaded object, or else the reference data's copy (a
    new feedback carries only the id, and reading the row back would cost a query)."""
    if "institution" in sa.inspect(feedback).dict or feedback.institution_id is None:
        return feedback.institution
    return reference.current().by_id.get(feedback.institution_id) or feedback.institution


def tell(phone: str, key: str, lang: str, *, feedback: Feedback | None = None,
         **values) -> OutboundSms:
    """Queue an answer to whoever sent a channel command (help, status, a wrong reference),
    inside the caller's transaction; feedback links it to the case when it is theirs."""
    return queue_sms(phone, render(key, lang, **values), feedback)
