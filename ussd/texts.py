"""Every word a USSD caller reads, in Swahili and English; plain GSM characters only.

Screens are laid out by screens.py; these are the pieces. Keep them short: a whole screen,
prefix included, must fit in 160 characters with the longest institution name.
"""
from __future__ import annotations

from mrejesho.notify import STATUS_WORDS

LANGS = ("sw", "en")

TEXTS = {
    "home": {"sw": "Karibu e-Mrejesho", "en": "Welcome to e-Mrejesho"},
    "home.give": {"sw": "Toa mrejesho", "en": "Give feedback"},
    "home.track": {"sw": "Fuatilia", "en": "Track"},
    "home.recent": {"sw": "Mrejesho wangu", "en": "My feedback"},
    "home.language": {"sw": "Language/Lugha", "en": "Lugha/Language"},
    "kind": {"sw": "Chagua aina:", "en": "Choose the kind:"},
    "sector": {"sw": "Sekta (au andika kifupi):", "en": "Sector (or type a code):"},
    "sector.councils": {"sw": "Halmashauri (kwa mkoa)", "en": "Councils (by region)"},
    "sector.unsure": {"sw": "Sijui taasisi", "en": "Not sure which"},
    "institution": {"sw": "{sector}:", "en": "{sector}:"},
    "region": {"sw": "Chagua mkoa:", "en": "Choose a region:"},
    "council": {"sw": "Chagua halmashauri:", "en": "Choose a council:"},
    "message": {"sw": "Andika ujumbe wako kwa {inst}:", "en": "Type your message to {inst}:"},
    "confirm": {"sw": "Tuma {kind} kwa {inst}?\n\"{preview}\"",
                "en": "Send {kind} to {inst}?\n\"{preview}\""},
    "confirm.send": {"sw": "Tuma", "en": "Send"},
    "confirm.cancel": {"sw": "Ghairi", "en": "Cancel"},
    "done": {"sw": "Asante! Mrejesho wako umepokelewa na {inst}.\nNamba ya kumbukumbu:\n{ref}",
             "en": "Thank you! Your feedback was received by {inst}.\nReference number:\n{ref}"},
    "done.sms": {"sw": "Utapokea SMS yenye namba hii.",
                 "en": "An SMS with this number will follow."},
    "track": {"sw": "Andika namba ya kumbukumbu (tarakimu 10):",
              "en": "Type the reference number (10 digits):"},
    "detail": {"sw": "Namba {ref}\n{kind} kwa {inst}\nHali: {status}\nTarehe: {date}",
               "en": "Number {ref}\n{kind} to {inst}\nStatus: {status}\nDate: {date}"},
    "recent": {"sw": "Mrejesho wako wa karibuni:", "en": "Your recent feedback:"},
    "recent.none": {"sw": "Hakuna mrejesho kutoka namba hii bado.",
                    "en": "No feedback from this number yet."},
    "language": {"sw": "Chagua lugha / Choose language:", "en": "Choose language / Chagua lugha:"},
    "nav.back": {"sw": "0. Rudi", "en": "0. Back"},
    "nav.home": {"sw": "00. Mwanzo", "en": "00. Home"},
    "nav.more": {"sw": "98. Zaidi", "en": "98. More"},
    "error.choice": {"sw": "Chaguo si sahihi.", "en": "Invalid choice."},
    "error.code": {"sw": "Kifupi hicho hakijulikani.", "en": "Unknown institution code."},
    "error.reference": {"sw": "Namba si sahihi, angalia tarakimu.",
                        "en": "Not a valid number; check the digits."},
    "error.not_found": {"sw": "Hakuna mrejesho wenye namba hiyo.",
                        "en": "No feedback has that number."},
    "notice.cancelled": {"sw": "Mrejesho haukutumwa.", "en": "Feedback not sent."},
    "failure": {"sw": "Samahani, kuna hitilafu. Jaribu tena baadaye.",
                "en": "Sorry, something went wrong. Please try again later."},
    "bad_request": {"sw": "Ombi si sahihi.", "en": "Invalid request."},
}

# Short, capitalised kind names for menus (the SMS texts use their own in notify.py).
KINDS = {
    "complaint": {"sw": "Lalamiko", "en": "Complaint"},
    "suggestion": {"sw": "Pendekezo", "en": "Suggestion"},
    "enquiry": {"sw": "Swali", "en": "Enquiry"},
    "compliment": {"sw": "Pongezi", "en": "Compliment"},
}
LANGUAGE_NAMES = (("sw", "Kiswahili"), ("en", "English"))


def say(key: str, lang: str, **params) -> str:
    """The text for key in lang (Swahili when lang is unknown), with params filled in."""
    entry = TEXTS[key]
    return entry.get(lang, entry["sw"]).format(**params)


def kind_name(kind: str, lang: str) -> str:
    """The menu name of a feedback kind."""
    entry = KINDS.get(kind)
    return entry.get(lang, entry["sw"]) if entry else kind


def status_name(status: str, lang: str) -> str:
    """The citizen's word for a status, as the SMS texts use it."""
    return STATUS_WORDS.get(lang, STATUS_WORDS["sw"]).get(status, status)
