"""Turn the text of an SMS into a command. Pure: no database, no app, safe on any input.

What a citizen may send (Swahili or English, any case, extra spaces and punctuation):
  LALAMIKO [CODE] text      a complaint (PENDEKEZO, SWALI, PONGEZI... for the other kinds);
                            the CODE is the citizen's explicit choice of institution
  text                      without a code: still feedback, which the router
                            (mrejesho.router, through intake) sends where its words say
  HALI <ref> / STATUS <ref> the status of a reference (a bare reference asks the same)
  <ref> text                more information on one's own feedback
  1 .. 5                    the rating asked for when a feedback was resolved
  MSAADA / HELP             how to use the service; MSAADA 2 / HELP 2 the second screen
  SIRI / ANON               alone: hide this phone's number from officers on all its new
                            feedback (again: show it; SIRI ZIMA / ANON OFF, SIRI WASHA /
                            ANON ON say which); before a message: file that one anonymously
  LUGHA EN / LANGUAGE SW    the language of the answers to this phone
  TAARIFA / MYDATA          how many feedback items are kept about this phone, and the link
                            to see, download or erase them
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from mrejesho.references import normalize as normalize_reference
from mrejesho.schemas import BODY_MAX, BODY_MIN

from . import vocabulary as words_of
from .directory import WORD as _WORD
from .directory import Directory

__all__ = ["ACTIONS", "Command", "Directory", "parse"]
ACTIONS = ("feedback", "status", "follow_up", "rate", "help", "bad_reference", "anonymity",
           "language", "my_data")

_REF_DIGITS = r"[1-9](?:[\s\-./]*\d){9}(?!\d)"  # references never start with 0, phones do
_LEADING_REF = re.compile(
    r"[\W_]*(?:(?:" + "|".join(words_of.REFERENCE_WORDS) + r")\b[\W_]*)?(" + _REF_DIGITS + ")",
    re.IGNORECASE,
)
_RATING = re.compile(
    r"[\W_]*(?:([^\W\d_]+)[\W_]*)?([1-5])(?:\s*/\s*5)?[\W_]*(?:(nyota|stars?)[\W_]*)?",
    re.IGNORECASE,
)
_LEADING_JUNK = " \t\r\n:;,.-#*)=>"


@dataclass(frozen=True)
class Command:
    """What the citizen asked for; language_known is False when the text gave no clue."""

    action: str
    language: str = "sw"
    language_known: bool = False
    kind: str | None = None
    institution: str | None = None  # the code the citizen typed as a command, if any
    body: str = ""
    reference: str | None = None
    rating: int | None = None
    anonymous: bool = False  # feedback: file this one anonymously
    choice: str | None = None  # anonymity: "on", "off" (None: toggle); language: "sw", "en"
    page: int = 1  # help: which screen


def parse(text: str, directory: Directory) -> Command:
    """Read one SMS; never raises, whatever the text."""
    text = str(text or "").strip()
    tokens = list(_WORD.finditer(text))
    words = [token.group().lower() for token in tokens]
    return _anonymity(text, tokens, words, directory) or _parse(text, tokens, words, directory)


def _parse(text: str, tokens: list[re.Match], words: list[str],
           directory: Directory) -> Command:
    return (
        _help(words) or _my_data(words) or _language_choice(words) or _rating(text)
        or _status(text, words)
        or _reference(text) or _feedback(text, tokens, words, directory)
    )


def _help(words: list[str]) -> Command | None:
    if not words:
        return Command("help")
    words, page = _help_page(words)
    known = {**words_of.HELP_WORDS, **words_of.POLITE_WORDS}
    if words and all(w in known for w in words) and any(w in words_of.HELP_WORDS for w in words):
        return Command("help", known[words[0]], True, page=page)
    return None


def _my_data(words: list[str]) -> Command | None:
    phrase = " ".join(w for w in words if w not in words_of.POLITE_WORDS)
    language = words_of.DATA_PHRASES.get(phrase)
    return Command("my_data", language, True) if language else None


def _help_page(words: list[str]) -> tuple[list[str], int]:
    """The words without a trailing page number ("HELP 2", "msaada2"), and the page."""
    last = words[-1]
    if last in words_of.HELP_PAGES:
        return words[:-1], words_of.HELP_PAGES[last]
    if last[-1:] in words_of.HELP_PAGES and last[:-1] in words_of.HELP_WORDS:
        return [*words[:-1], last[:-1]], words_of.HELP_PAGES[last[-1]]
    return words, 1


def _anonymity(text: str, tokens: list[re.Match], words: list[str],
               directory: Directory) -> Command | None:
    """SIRI / ANON first, in any case: a setting when alone (or with ON/OFF), else the rest
    of the message filed anonymously. Other commands after it are carried out as such."""
    if not words or words[0] not in words_of.ANONYMITY_WORDS:
        return None
    # One keyword is a weak clue to the language (SIRI is also the word English speakers
    # are shown): the phone's remembered language goes before it (sms.commands).
    language = words_of.ANONYMITY_WORDS[words[0]]
    rest_words = [w for w in words[1:] if w not in words_of.POLITE_WORDS]
    if not rest_words:
        return Command("anonymity", language)
    if rest_words == rest_words[:1] and rest_words[0] in words_of.ANONYMITY_SWITCH:
        return Command("anonymity", language, choice=words_of.ANONYMITY_SWITCH[rest_words[0]])
    rest = text[tokens[0].end():].lstrip(_LEADING_JUNK).strip()
    rest_tokens = list(_WORD.finditer(rest))
    command = _parse(rest, rest_tokens, [t.group().lower() for t in rest_tokens], directory)
    if command.action != "feedback":
        return command
    if not command.language_known:
        command = replace(command, language=language)
    return replace(command, anonymous=True)


def _language_choice(words: list[str]) -> Command | None:
    """LUGHA EN, LANGUAGE SW, or the name of a language alone ("ENGLISH"); LUGHA alone asks
    how. A sentence that starts with the word ("Lugha ya walimu...") is not one."""
    rest = [w for w in words if w not in words_of.POLITE_WORDS]
    if len(rest) == 1 and len(rest[0]) > 3 and rest[0] in words_of.LANGUAGE_CHOICES:
        choice = words_of.LANGUAGE_CHOICES[rest[0]]
        return Command("language", choice, True, choice=choice)
    if not rest or rest[0] not in words_of.LANGUAGE_WORDS:
        return None
    if len(rest) == 1:
        return Command("language", words_of.LANGUAGE_WORDS[rest[0]], True)
    if len(rest) == 2 and rest[1] in words_of.LANGUAGE_CHOICES:
        choice = words_of.LANGUAGE_CHOICES[rest[1]]
        return Command("language", choice, True, choice=choice)
    return None


def _rating(text: str) -> Command | None:
    match = _RATING.fullmatch(text)
    if match is None:
        return None
    word = (match.group(1) or match.group(3) or "").lower()
    if match.group(1) and word not in words_of.RATING_WORDS:
        return None
    language = words_of.RATING_WORDS.get(word)
    return Command("rate", language or "sw", language is not None, rating=int(match.group(2)))


def _status(text: str, words: list[str]) -> Command | None:
    if not words or words[0] not in words_of.STATUS_WORDS:
        return None
    language = words_of.STATUS_WORDS[words[0]]
    rest = text[_WORD.search(text).end():]
    if not _WORD.search(rest):
        return Command("help", language, True)  # "HALI" alone: say how to ask
    match = _LEADING_REF.match(rest)
    if match is None and re.search(r"[^\W\d_]", rest):
        return None  # "hali ya barabara ni mbaya": feedback that starts with "hali"
    digits = re.sub(r"\D", "", match.group(1) if match else rest)
    reference = normalize_reference(digits)
    action = "status" if reference else "bad_reference"
    return Command(action, language, True, reference=reference or digits[:20])


def _reference(text: str) -> Command | None:
    match = _LEADING_REF.match(text)
    if match is None:
        return None
    digits = re.sub(r"\D", "", match.group(1))
    rest = text[match.end():].lstrip(_LEADING_JUNK).strip()
    language, known = _guess_language([w.lower() for w in _WORD.findall(rest)])
    reference = normalize_reference(digits)
    if reference is None:
        return Command("bad_reference", language, known, reference=digits)
    if not rest:
        return Command("status", reference=reference)
    rating = _rating(rest)
    if rating is not None:
        return Command("rate", rating.language, rating.language_known, reference=reference,
                       rating=rating.rating)
    return Command("follow_up", language, known, reference=reference,
                   body=rest[:BODY_MAX].rstrip())


def _feedback(text: str, tokens: list[re.Match], words: list[str],
              directory: Directory) -> Command:
    kind, kind_language, code, consumed, typed_as_command = _prefix(tokens, directory)
    if code and not (kind or tokens[0].group().isupper()):
        code = None  # "Polisi wamechukua rushwa": a sentence, which the router reads
    if len(text[consumed:].lstrip(_LEADING_JUNK).strip()) < BODY_MIN:
        # Too little to act on: "hi", or a keyword with no message ("LALAMIKO TANESCO").
        language, known = (kind_language, True) if kind_language else _guess_language(words)
        return Command("help", language, known, kind=kind)
    if kind is None:
        kind, kind_language = _kind_nearby(words) or (_guess_kind(text, words), None)
    language, known = (kind_language, True) if kind_language else _guess_language(words)
    body = text[typed_as_command:].lstrip(_LEADING_JUNK).strip()
    return Command("feedback", language, known, kind=kind, institution=code,
                   body=body[:BODY_MAX].rstrip())


def _prefix(tokens: list[re.Match], directory: Directory):
    """The command words at the start: a kind keyword and/or an institution code.

    Returns where the command words end, and where those typed in capitals end: only the
    capitals ("LALAMIKO TANESCO ...") are cut from the body, because in a sentence such as
    "Polisi wamechukua rushwa" or "Malalamiko yangu ni..." the word belongs to the message.
    """
    kind = language = code = None
    consumed = typed_as_command = 0
    for token in tokens[:2]:
        word = token.group().lower()
        if kind is None and word in words_of.KIND_WORDS:
            kind, language = words_of.KIND_WORDS[word]
        elif code is None and _is_code(token.group(), directory):
            code = token.group().upper()
        else:
            break
        if typed_as_command == consumed and token.group().isupper():
            typed_as_command = token.end()
        consumed = token.end()
    return kind, language, code, consumed, typed_as_command


def _kind_nearby(words: list[str]) -> tuple[str, str] | None:
    """A kind keyword among the first words: "Nina swali...", "I have a complaint..."."""
    for word in words[:4]:
        if word in words_of.KIND_WORDS:
            return words_of.KIND_WORDS[word]
    return None


def _guess_kind(text: str, words: list[str]) -> str:
    if text.rstrip().endswith("?") or (words and words[0] in words_of.QUESTION_WORDS):
        return "enquiry"
    return "complaint"


def _is_code(typed: str, directory: Directory) -> bool:
    upper = typed.upper()
    if upper not in directory.codes:
        return False
    return typed.isupper() or typed.lower() not in words_of.AMBIGUOUS_WORDS


def _guess_language(words: list[str]) -> tuple[str, bool]:
    """("en"|"sw", sure?) from the everyday words of each language; Swahili by default."""
    swahili = sum(w in words_of.SWAHILI_HINTS for w in words)
    english = sum(w in words_of.ENGLISH_HINTS for w in words)
    if english == swahili:
        # Swahili words end in a vowel ("umeme umekatika"); most English ones do not.
        letters = [w for w in words if len(w) > 2 and w.isalpha()]
        swahili = sum(w[-1] in "aeiou" for w in letters)
        english = len(letters) - swahili
        if len(letters) < 2 or english == swahili:
            return "sw", False
    return ("en" if english > swahili else "sw"), True
