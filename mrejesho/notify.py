"""What the citizen is told at each step, in Swahili or English, queued in the SMS outbox.

Every template fits one 160-character GSM-7 segment with the longest reference and
institution code (tests/test_sms_notify.py checks it). Where an institution's name fits, it
is used instead of its bare code, since "MOW" means little to a citizen. Free text typed by
an officer (a reply, a reason) can make a message longer: it is then cut at a word boundary
rather than split into costly segments, except for replies, which are the substance and are
sent whole. Characters outside GSM-7 are replaced by plain ones, so no message is ever
forced into UCS-2 (70 characters a segment).

Placeholders: {ref} reference, {inst} institution (a name where it fits, else its code),
{kind} kind word, {keyword} the SMS keyword for the kind, {status} status word, {text} free
text (an officer's reply or reason), the part that is shortened.
"""
from __future__ import annotations

import unicodedata

from .extensions import db
from .gsm import BASIC, EXTENDED, septets, to_gsm
from .models import Feedback, OutboundSms

KIND_WORDS = {
    "sw": {"complaint": "lalamiko", "suggestion": "pendekezo", "enquiry": "swali",
           "compliment": "pongezi"},
    "en": {"complaint": "complaint", "suggestion": "suggestion", "enquiry": "enquiry",
           "compliment": "compliment"},
}

# The command word a citizen types for each kind.
KEYWORDS = {
    "sw": {"complaint": "LALAMIKO", "suggestion": "PENDEKEZO", "enquiry": "SWALI",
           "compliment": "PONGEZI"},
    "en": {"complaint": "COMPLAINT", "suggestion": "SUGGESTION", "enquiry": "QUESTION",
           "compliment": "COMPLIMENT"},
}

STATUS_WORDS = {
    "sw": {"new": "mpya", "in_progress": "inashughulikiwa",
           "awaiting_citizen": "inasubiri taarifa zako", "resolved": "imetatuliwa",
           "closed": "imefungwa", "reopened": "imefunguliwa upya", "rejected": "imekataliwa"},
    "en": {"new": "new", "in_progress": "in progress",
           "awaiting_citizen": "awaiting your information", "resolved": "resolved",
           "closed": "closed", "reopened": "reopened", "rejected": "rejected"},
}

MESSAGES = {
    # --- events on a feedback (sent by mrejesho.feedback through notify.citizen) ---
    "received": {
        "sw": "e-Mrejesho: Mrejesho wako ({kind}) umepokelewa na {inst}. Namba ya "
              "kumbukumbu: {ref}. Kufuatilia tuma HALI {ref}",
        "en": "e-Mrejesho: Your {kind} was received by {inst}. Reference number: {ref}. "
              "To track it send STATUS {ref}",
    },
    "transferred": {
        "sw": "e-Mrejesho {ref}: Mrejesho wako umehamishiwa {inst}, ambayo sasa ndiyo "
              "inayohusika. {text}",
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
    # --- answers to SMS commands (sent by the sms channel through notify.tell) ---
    "help": {
        "sw": "e-Mrejesho: Tuma LALAMIKO, PENDEKEZO, SWALI au PONGEZI, jina la taasisi na "
              "ujumbe. Mf: LALAMIKO TANESCO umeme umekatika Sinza. Fuatilia: HALI namba",
        "en": "e-Mrejesho: Send COMPLAINT, SUGGESTION, QUESTION or COMPLIMENT, the "
              "institution and your message. E.g. COMPLAINT TANESCO no power in Sinza. "
              "Track: STATUS ref",
    },
    "empty_message": {
        "sw": "e-Mrejesho: Andika ujumbe wako baada ya {keyword}. Mf: {keyword} TANESCO "
              "ujumbe wako. Kwa msaada tuma MSAADA",
        "en": "e-Mrejesho: Write your message after {keyword}. E.g. {keyword} TANESCO your "
              "message. For help send HELP",
    },
    "not_found": {
        "sw": "e-Mrejesho: Hatukupata mrejesho wenye namba ya kumbukumbu {ref}. Iangalie "
              "na ujaribu tena.",
        "en": "e-Mrejesho: We found no feedback with reference number {ref}. Check it and "
              "try again.",
    },
    "not_yours": {
        "sw": "e-Mrejesho: Namba ya kumbukumbu {ref} haipo kwa namba yako ya simu. Tuma "
              "kutoka simu uliyotumia kuwasilisha mrejesho.",
        "en": "e-Mrejesho: Reference number {ref} is not registered to your phone number. "
              "Send from the phone you used to submit it.",
    },
    "bad_reference": {
        "sw": "e-Mrejesho: {ref} si namba sahihi ya kumbukumbu. Ina tarakimu 10; iangalie "
              "kwenye SMS uliyopokea.",
        "en": "e-Mrejesho: {ref} is not a valid reference number. It has 10 digits; check "
              "the SMS you received.",
    },
    "nothing_to_rate": {
        "sw": "e-Mrejesho: Hakuna mrejesho uliotatuliwa unaosubiri alama yako. Kutoa alama "
              "tuma namba ya kumbukumbu na alama 1-5.",
        "en": "e-Mrejesho: You have no resolved feedback waiting for a rating. To rate, send "
              "the reference number and a score 1-5.",
    },
    "refused": {
        "sw": "e-Mrejesho {ref}: {text}",
        "en": "e-Mrejesho {ref}: {text}",
    },
}

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
