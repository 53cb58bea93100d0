"""The SMS channel's own answers: the two help screens and the confirmations of a phone's
settings (anonymity, language), from the catalogs, each one GSM-7 segment in every language
(tests/test_sms_preferences.py checks them all with a 13-character number).

The answers about feedback (received, status, a wrong reference...) are the core's
notifications (mrejesho.notify); these concern only the channel and the phone.
"""
from __future__ import annotations

from functools import cache

from flask import current_app

from mrejesho import i18n
from mrejesho.languages import LANGUAGES, pick
from mrejesho.notify import plain

KEYS = ("help", "help_more", "anonymous_on", "anonymous_off", "language_set",
        "language_how")


@cache
def templates(lang: str) -> dict[str, str]:
    """{answer key: its template} in lang; %(number)s is the SMS number (SMS_SHORT_CODE)."""
    _ = i18n.catalog(lang).gettext
    return {
        "help": _("e-Mrejesho %(number)s: Send COMPLAINT, SUGGESTION, QUESTION or COMPLIMENT, "
                  "the institution and your message. E.g. COMPLAINT TANESCO no power. "
                  "More: HELP 2"),
        "help_more": _("e-Mrejesho %(number)s: Track: STATUS ref. Add: ref message. Rate: ref "
                       "1-5. Hide your number from officers: ANON, or once: ANON "
                       "COMPLAINT... LANGUAGE EN/SW"),
        "anonymous_on": _("e-Mrejesho: Officers will not see your phone number on your new "
                          "feedback; we still answer you by SMS. To show it again send ANON "
                          "OFF"),
        "anonymous_off": _("e-Mrejesho: Officers will see your phone number on your new "
                           "feedback again. To hide it send ANON"),
        # Named in the catalog's own language: "...kwa Kiswahili..." in Swahili.
        "language_set": _("e-Mrejesho: We will answer you in English from now on."),
        "language_how": _("e-Mrejesho: To choose the language of our SMS send LANGUAGE EN "
                          "(English) or LANGUAGE SW (Kiswahili)."),
        # How to come back to this catalog's language, said in it: added to language_set
        # in the other language.
        "language_back": _("For English send LANGUAGE EN"),
    }


def render(key: str, lang: str, *, number: str | None = None) -> str:
    """The answer in lang (Swahili if unknown), in the GSM-7 alphabet."""
    lang = pick(lang)
    if number is None:
        number = current_app.config["SMS_SHORT_CODE"]
    text = templates(lang)[key] % {"number": number}
    if key == "language_set":
        for other in LANGUAGES:
            if other != lang:
                text = f"{text} {templates(other)['language_back']}"
    return plain(text)
