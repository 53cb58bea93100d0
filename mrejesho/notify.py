"""What the citizen is told at each step, in Swahili or English, queued in the SMS outbox.

Every template fits one 160-character GSM-7 segment with the longest reference and
institution code (tests/test_sms_notify.py checks it). Where an institution's name fits, it
is used instead of its bare code, since "MOW" means little to a citizen. Free text typed by
an officer (a reply, a reason) can make a message longer: it is then cut at a word boundary
rather than split into costly segments, except for replies, which are the substance and are
sent whole. Characters outside GSM-7 are replaced by plain ones, so no message is ever
forced into UCS-2 (70 characters a segment).
"""
from __future__ import annotations

import unicodedata

from .extensions import db
from .gsm import BASIC, EXTENDED, septets, to_gsm
from .models import Feedback, OutboundSms
from .notify_texts import KEYWORDS, KIND_WORDS, MESSAGES, STATUS_WORDS

__all__ = ["KIND_WORDS", "MESSAGES", "STATUS_WORDS", "citizen", "plain", "queue_sms",
           "render", "tell"]

SEGMENT = 160
WHOLE_TEXT = {"reply"}  # the officer's words are the message: never cut
NAMED = {"received", "transferred", "reopened"}  # say who is responsible by name if it fits


def render(key: str, lang: str, *, ref: str = "", inst: str = "", kind: str = "",
           status: str = "", text: str = "", names: tuple[str, ...] = ()) -> str:
    """Fill a message template; shorten the free text so the whole fits one segment.

    names are longer ways to say inst ("Wizara ya Maji (MOW)"), tried first, in order.
    """
    lang = lang if lang in ("sw", "en") else "sw"
    template = MESSAGES[key][lang]
    text = plain(" ".join((text or "").split()))
    values = {
        "ref": ref, "kind": KIND_WORDS[lang].get(kind, kind),
        "status": STATUS_WORDS[lang].get(status, status),
        "keyword": KEYWORDS[lang].get(kind, KEYWORDS[lang]["complaint"]),
    }
    for name in (*names, inst):
        message = template.format(text=text, inst=plain(name), **values).strip()
        if septets(message) <= SEGMENT:
            return message
    values["inst"] = plain(inst)
    if key in WHOLE_TEXT:
        return template.format(text=text, **values).strip()
    room = SEGMENT - septets(template.format(text="", **values).strip()) - 4
    return template.format(text=_shorten(text, max(room, 0)), **values).strip()


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
    institution = feedback.institution
    names = ()
    if key in NAMED:
        name = institution.name(feedback.language)
        names = (f"{name} ({institution.code})", name)
    message = render(
        key, feedback.language, ref=feedback.reference, inst=institution.code,
        kind=feedback.kind, status=feedback.status, text=text, names=names,
    )
    return queue_sms(feedback.citizen_phone, message, feedback)


def tell(phone: str, key: str, lang: str, *, feedback: Feedback | None = None,
         **values) -> OutboundSms:
    """Queue an answer to whoever sent a channel command (help, status, a wrong reference),
    inside the caller's transaction; feedback links it to the case when it is theirs."""
    return queue_sms(phone, render(key, lang, **values), feedback)
