"""The staff catalog: complete, and in step with the other catalogs it is merged with."""
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
STAFF = ROOT / "mrejesho/staff/translations/sw/LC_MESSAGES/messages.po"


def catalog(path: Path) -> dict:
    with path.open("rb") as handle:
        return {message.id: message.string for message in read_po(handle) if message.id}


def test_every_staff_message_has_a_swahili_translation():
    empty = [msgid for msgid, text in catalog(STAFF).items()
             if not text or (isinstance(text, tuple) and not all(text))]
    assert empty == []


@pytest.mark.parametrize("other", [p for p in ROOT.glob(
    "mrejesho/**/translations/sw/LC_MESSAGES/messages.po") if p != STAFF],
    ids=lambda p: str(p.relative_to(ROOT)))
def test_shared_messages_are_translated_alike(other):
    # Flask-Babel merges every catalog into one, so a msgid translated two ways would
    # change another area's page depending on the order the catalogs load in.
    mine, theirs = catalog(STAFF), catalog(other)
    differing = {msgid: (mine[msgid], theirs[msgid]) for msgid in mine.keys() & theirs.keys()
                 if theirs[msgid] and mine[msgid] != theirs[msgid]}
    assert differing == {}


@pytest.mark.parametrize("url, swahili, english", [
    ("/staff/login", "Kuingia kwa watumishi", "Staff sign-in"),
    ("/stats/", "Takwimu za umma", "Public statistics"),
])
def test_pages_speak_both_languages(client, url, swahili, english):
    assert swahili in client.get(url + "?lang=sw").get_data(as_text=True)
    assert english in client.get(url + "?lang=en").get_data(as_text=True)


def test_every_status_of_the_lifecycle_has_an_officers_word(app):
    from mrejesho.lifecycle import ALL
    from mrejesho.staff.words import STATUS_NAMES

    assert set(STATUS_NAMES) == set(ALL)


def test_every_message_of_the_staff_code_is_in_the_catalog(tmp_path):
    from babel.messages.frontend import CommandLineInterface

    template = tmp_path / "staff.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F",
                                str(ROOT / "mrejesho/staff/babel.cfg"), "-k", "_l",
                                "-o", str(template), str(ROOT)])
    with template.open("rb") as handle:
        wanted = {message.id for message in read_po(handle) if message.id}
    assert sorted(wanted - catalog(STAFF).keys()) == []
