"""Words people read that the core only names by code: refusals, validation errors, status
and kind names, in the reader's language.

TRANSITIONAL: this first version reads the old sw/en dicts; it is being moved onto the
Babel catalogs (issue 8), keeping these function signatures.
"""
from __future__ import annotations

from .languages import pick

CHANGED = {
    "sw": "Mrejesho huu umebadilishwa na mtu mwingine sasa hivi; pakia ukurasa upya.",
    "en": "This feedback was changed by someone else a moment ago; reload the page.",
}


def error(code: str, lang: str, **params) -> str:
    """The sentence for a refusal or validation error code, in lang."""
    from .feedback import FeedbackError
    from .schemas import ERROR_TEXTS, error_text

    lang = pick(lang)
    if code == "changed":
        return CHANGED[lang]
    if code in FeedbackError.TEXTS:
        sw, en = FeedbackError.TEXTS[code]
        if code == "transition":
            params = {key: status_label(value, lang) for key, value in params.items()}
        return (en if lang == "en" else sw).format(**params)
    if code in ERROR_TEXTS:
        return error_text(code, lang)
    return error_text("invalid", lang)


def status_label(status: str, lang: str) -> str:
    """The citizen's word for a status."""
    from .notify import STATUS_WORDS

    return STATUS_WORDS[pick(lang)].get(status, status)


def kind_label(kind: str, lang: str) -> str:
    """The citizen's word for a kind of feedback."""
    from .notify import KIND_WORDS

    return KIND_WORDS[pick(lang)].get(kind, kind)
