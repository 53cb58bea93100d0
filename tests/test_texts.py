"""texts: every code the core, the schema and the attachment check can give has its own
sentence in every language, and codes become the citizen's words."""
import re
from pathlib import Path

import flask_babel
import pytest

from mrejesho import texts
from mrejesho.languages import LANGUAGES
from mrejesho.lifecycle import ALL as STATUSES
from mrejesho.models import KINDS
from mrejesho.schemas import ERROR_CODES

ROOT = Path(__file__).resolve().parent.parent


def codes_raised(path: str, pattern: str) -> set[str]:
    return set(re.findall(pattern, (ROOT / path).read_text(encoding="utf-8")))


def test_every_code_the_core_raises_has_a_sentence():
    raised = codes_raised("mrejesho/feedback.py",
                          r'(?:FeedbackError\(|super\(\)\.__init__\()\s*"([\w.]+)"')
    assert raised >= {"transition", "changed", "already_rated"}  # the pattern still matches
    assert raised - texts.error_codes() == set()


def test_every_schema_and_attachment_code_has_a_sentence():
    attachment = codes_raised("mrejesho/public/attachments.py", r'AttachmentError\("([\w.]+)"\)')
    assert attachment == {"attachment.too_big", "attachment.bad_type"}
    assert (set(ERROR_CODES) | attachment) - texts.error_codes() == set()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_sentence_renders_in_every_language(lang):
    for code in texts.error_codes():
        sentence = texts.error(code, lang, frm="new", to="closed")
        assert sentence and "%(" not in sentence, code
        if lang != "en":
            assert sentence != texts.error(code, "en", frm="new", to="closed"), code


def test_a_refused_transition_names_the_statuses_in_words():
    assert texts.error("transition", "sw", frm="closed", to="in_progress") == (
        "Hali hii haiwezi kubadilishwa kuwa inashughulikiwa kutoka imefungwa.")
    assert texts.error("transition", "en", frm="closed", to="in_progress") == (
        "The status cannot change from closed to in progress.")


def test_a_conflict_is_explained_in_both_languages():
    assert texts.error("changed", "sw") == (
        "Mrejesho huu umebadilishwa na mtu mwingine sasa hivi; pakia ukurasa upya.")
    assert texts.error("changed", "en") == (
        "This feedback was changed by someone else a moment ago; reload the page.")


def test_limits_are_quoted_from_the_schema():
    assert texts.error("body.too_long", "sw") == "Ujumbe ni mrefu mno: herufi 2000 zisizidi."
    assert texts.error("name.too_long", "en") == (
        "The name is too long: at most 120 characters.")


def test_an_unknown_code_or_language_gets_the_generic_sentence_in_swahili():
    assert texts.error("no.such.code", "sw") == "Thamani si sahihi."
    assert texts.error("no.such.code", "en") == "Invalid value."
    assert texts.error("closed", "fr") == "Mrejesho huu umefungwa."


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_status_and_kind_has_a_word(lang):
    for status in STATUSES:  # a word, never the code ("in_progress")
        assert texts.status_label(status, lang) and "_" not in texts.status_label(status, lang)
    for kind in KINDS:
        assert texts.kind_label(kind, lang)
    assert texts.status_label("awaiting_citizen", "sw") == "inasubiri taarifa zako"
    assert texts.kind_label("enquiry", "sw") == "swali"
    assert texts.status_label("no_such_status", lang) == "no_such_status"


@pytest.mark.parametrize("query,expected", [
    ("?lang=en", "in progress enquiry"), ("", "inashughulikiwa swali")])
def test_pages_name_statuses_in_the_readers_language(app, query, expected):
    template = app.jinja_env.from_string(
        "{{ 'in_progress'|status_name }} {{ 'enquiry'|kind_name }}")
    with app.test_request_context(f"/{query}"):
        flask_babel.refresh()  # the test's app context may hold another request's locale
        assert template.render() == expected
