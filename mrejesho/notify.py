"""What the citizen is told at each step, in Swahili or English, queued in the SMS outbox.

Every message is written to fit one 160-character GSM-7 segment with the longest reference
and institution code; only free text typed by an officer (a reply, a reason) can make it
longer, and then it is cut at a word boundary rather than split into costly segments,
except for replies, which are the substance and are sent whole.
"""
from __future__ import annotations

from .extensions import db
from .gsm import septets, to_gsm
from .models import Feedback, OutboundSms

KIND_WORDS = {
    "sw": {"complaint": "lalamiko", "suggestion": "pendekezo", "enquiry": "swali",
           "compliment": "pongezi"},
    "en": {"complaint": "complaint", "suggestion": "suggestion", "enquiry": "enquiry",
           "compliment": "compliment"},
}

STATUS_WORDS = {
    "sw": {"new": "mpya", "in_progress": "inashughulikiwa",
           "awaiting_citizen": "inasubiri taarifa zako", "resolved": "imetatuliwa",
           "closed": "imefungwa", "reopened": "imefunguliwa upya", "rejected": "imekataliwa"},
    "en": {"new": "new", "in_progress": "in progress",
           "awaiting_citizen": "awaiting your information", "resolved": "resolved",
           "closed": "closed", "reopened": "reopened", "rejected": "rejected"},
}

# {text} is free text from an officer or the citizen; it is the part that gets shortened.
MESSAGES = {
    "received": {
        "sw": "e-Mrejesho: Mrejesho wako ({kind}) umepokelewa na {inst}. Namba ya "
              "kumbukumbu: {ref}. Kufuatilia tuma HALI {ref}",
        "en": "e-Mrejesho: Your {kind} was received by {inst}. Reference number: {ref}. "
              "To track it send STATUS {ref}",
    },
    "transferred": {
        "sw": "e-Mrejesho {ref}: Mrejesho wako umehamishiwa {inst}, sasa ndiyo inayohusika. "
              "{text}",
        "en": "e-Mrejesho {ref}: Your feedback was transferred to {inst}, which is now "
              "responsible. {text}",
    },
    "reply": {
        "sw": "e-Mrejesho {ref} ({inst}): {text}",
        "en": "e-Mrejesho {ref} ({inst}): {text}",
    },
    "awaiting_citizen": {
        "sw": "e-Mrejesho {ref}: {inst} inahitaji taarifa zaidi: {text} Jibu: {ref} "
              "ujumbe wako",
        "en": "e-Mrejesho {ref}: {inst} needs more information: {text} Reply: {ref} "
              "your message",
    },
    "resolved": {
        "sw": "e-Mrejesho {ref}: Imetatuliwa. {text} Toa alama 1-5 kwa huduma (5=bora). "
              "Kama haijatatuliwa jibu: {ref} sababu",
        "en": "e-Mrejesho {ref}: Resolved. {text} Rate 1-5 for the service (5=best). If "
              "it is not solved reply: {ref} reason",
    },
    "rejected": {
        "sw": "e-Mrejesho {ref}: Imekataliwa. Sababu: {text}",
        "en": "e-Mrejesho {ref}: Rejected. Reason: {text}",
    },
    "closed": {
        "sw": "e-Mrejesho {ref}: Mrejesho wako umefungwa. Asante kwa kutumia e-Mrejesho.",
        "en": "e-Mrejesho {ref}: Your feedback has been closed. Thank you for using "
              "e-Mrejesho.",
    },
    "reopened": {
        "sw": "e-Mrejesho {ref}: Mrejesho wako umefunguliwa upya na {inst} itaushughulikia.",
        "en": "e-Mrejesho {ref}: Your feedback was reopened and {inst} will work on it.",
    },
    "follow_up": {
        "sw": "e-Mrejesho {ref}: Tumepokea taarifa zako za ziada. Asante.",
        "en": "e-Mrejesho {ref}: We received your additional information. Thank you.",
    },
    "rated": {
        "sw": "e-Mrejesho {ref}: Asante kwa alama yako ({text}/5).",
        "en": "e-Mrejesho {ref}: Thank you for your rating ({text}/5).",
    },
    "status": {
        "sw": "e-Mrejesho {ref} ({inst}): Hali: {status}. {text}",
        "en": "e-Mrejesho {ref} ({inst}): Status: {status}. {text}",
    },
}

SEGMENT = 160
WHOLE_TEXT = {"reply"}  # the officer's words are the message: never cut


def render(key: str, lang: str, *, ref: str = "", inst: str = "", kind: str = "",
           status: str = "", text: str = "") -> str:
    """Fill a message template; shorten the free text so the whole fits one segment."""
    lang = lang if lang in ("sw", "en") else "sw"
    template = MESSAGES[key][lang]
    values = {
        "ref": ref, "inst": inst,
        "kind": KIND_WORDS[lang].get(kind, kind),
        "status": STATUS_WORDS[lang].get(status, status),
    }
    text = to_gsm(" ".join((text or "").split()))
    message = template.format(text=text, **values).strip()
    if key in WHOLE_TEXT or septets(message) <= SEGMENT:
        return message
    room = SEGMENT - septets(template.format(text="", **values).strip()) - 4
    return template.format(text=_shorten(text, max(room, 0)), **values).strip()


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
    message = render(
        key, feedback.language, ref=feedback.reference, inst=feedback.institution.code,
        kind=feedback.kind, status=feedback.status, text=text,
    )
    return queue_sms(feedback.citizen_phone, message, feedback)
