"""Scoring a message: the lexicon's phrases, institutions' names and codes found in its words,
and the services (@WATER, @COUNCIL, @RS) resolved to the institution covering the place."""
from __future__ import annotations

import re

from . import gazetteer, lexicon
from .index import AFFIX_KEY, Index, council_name, urban_rank

ZANZIBAR = frozenset({"KASKAZINIUNGUJA", "KUSINIUNGUJA", "MJINIMAGHARIBI", "KASKAZINIPEMBA",
                      "KUSINIPEMBA"})
ZANZIBAR_WORDS = frozenset({"zanzibar", "unguja", "znz"})
# A topic that no institution in the system handles (elections, Zanzibar's own bodies, MPs):
# when it weighs as much as the best institution, the central desk decides.
NO_DESK = "@NODESK"

# "barabara ya Kahama kwenda Isaka", "Mbeya-Tukuyu road": a road between towns is a trunk
# or regional road (TANROADS), not a street.
BETWEEN_TOWNS = re.compile(
    r"\b(?:barabara|road)(?: kuu)? (?:ya |from |between )?\w+ (?:kwenda|hadi|mpaka|to|and) \w+")



def raw_words(text: str) -> list[str]:
    """The words of a text as written (capitals kept: a code may count only in capitals)."""
    return gazetteer.WORD.findall(str(text or "").translate(gazetteer.APOSTROPHES))


def matches(raw: list[str], tokens: list[str], idx: Index):
    """The lexicon's phrases, names and codes found: [(target, weight, label)], and the
    positions of the words inside phrases of several words (which are not place names)."""
    matches = []
    covered: set[int] = set()
    position = 0
    while position < len(tokens):
        word = tokens[position]
        matched = 0
        near = any(tuple(tokens[max(0, position - len(cue)):position]) == cue
                   for cue in lexicon.NEAR)
        factor = 0.3 if near else 1.0  # "karibu na shule": the school says where
        here: tuple = ()
        for size in range(min(idx.longest.get(word, 0), len(tokens) - position), 0, -1):
            entries = idx.phrases.get(tuple(tokens[position:position + size]))
            if entries:
                here = entries
                matches.extend((t, w * factor, label) for t, w, label in entries)
                matched = size
                if size > 1:
                    covered.update(range(position, position + size))
                break
        code = idx.codes.get(word) or idx.codes.get(word.rstrip("0123456789"))
        if (code is not None and (not code[1] or raw[position].isupper())
                and not (matched == 1 and any(entry[0] == code[0] for entry in here))):
            # (a word that is the lexicon's and a code, "polisi", counts once)
            matches.append((code[0], 5.0, raw[position]))
        if not matched:
            for stem, rest, entries in idx.suffixes.get(word[-AFFIX_KEY:], ()):
                if (len(word) > len(stem) and word.endswith(stem)
                        and tuple(tokens[position + 1:position + 1 + len(rest)]) == rest):
                    matches.extend((t, w * factor, label) for t, w, label in entries)
                    matched = 1 + len(rest)
                    break
        if not matched:
            for prefix, entries in idx.prefixes.get(word[:AFFIX_KEY], ()):
                if word.startswith(prefix):
                    matches.extend((t, w * factor, label) for t, w, label in entries)
                    break
        position += max(matched, 1)
    if "TANROADS" in idx.known and BETWEEN_TOWNS.search(" ".join(tokens)):
        matches.append(("TANROADS", 3.0, "road between towns"))
    return matches, covered


def score_matches(matches, tokens: list[str], place: tuple, idx: Index):
    region, district, _ward = place
    scores: dict[str, float] = {}
    reasons: list[str] = []
    seen: set = set()
    zanzibar = region in ZANZIBAR or not ZANZIBAR_WORDS.isdisjoint(tokens)
    rural = not lexicon.RURAL.isdisjoint(tokens)
    for target, weight, label in matches:
        if (target, label) in seen:
            continue  # the same phrase twice counts once
        seen.add((target, label))
        if zanzibar and target in idx.mainland:
            reasons.append(f"'{label}': {target} does not serve Zanzibar")
            continue
        if target == "TANROADS" and label in lexicon.ANY_ROAD and rural:
            target = "TARURA"  # a village's road or bridge is TARURA's
        if target == NO_DESK:
            scores[NO_DESK] = scores.get(NO_DESK, 0.0) + weight
            reasons.append(f"'{label}': no desk here handles it")
            continue
        if target.startswith("@"):
            resolved = resolve(target, region, district, tokens, idx, zanzibar)
            if resolved is None:
                reasons.append(f"'{label}': {target[1:].lower()} service, no place to say whose")
                continue
            code, why, factor = resolved
            scores[code] = scores.get(code, 0.0) + weight * factor
            reasons.append(f"'{label}' -> {code} ({why})")
        elif target in idx.known:
            scores[target] = scores.get(target, 0.0) + weight
            reasons.append(f"'{label}' -> {target}")
    return scores, reasons



def resolve(service: str, region: str | None, district: str | None, tokens: list[str],
             idx: Index, zanzibar: bool = False) -> tuple[str, str, float] | None:
    """The institution that gives this service at the place found: (code, why, factor)."""
    if service == "@WATER":
        rural = bool(lexicon.RURAL.intersection(tokens))
        covering = idx.water.get(district, ()) if district else ()
        if rural and "RUWASA" in idx.known:
            return "RUWASA", "village water", 1.5
        if covering:
            return covering[0], f"covers {district}", 1.0
        if district and "RUWASA" in idx.known:
            return "RUWASA", f"no town authority in {district}", 0.75
        main = idx.water.get(f"@{region}", ()) if region else ()
        if main:
            return main[0], f"covers {region}", 0.9
        if zanzibar:  # "Zanzibar", "Unguja": one authority covers all the islands' regions
            isles = {idx.water.get(f"@{key}", (None,))[0] for key in ZANZIBAR}
            if len(isles) == 1 and None not in isles:
                return isles.pop(), "covers Zanzibar", 0.9
        return None
    if service == "@COUNCIL":
        covering = idx.councils.get(district, ()) if district else ()
        if covering:
            named = [c for c in covering if council_name(c) in _joined(tokens)]
            return (named or covering)[0], f"council of {district}", 1.0
        named = _council_named(tokens, idx)
        if named:
            return named, "named", 1.0
        main = idx.councils.get(f"@{region}", ()) if region else ()
        if main:
            return main[0], f"main council of {region}", 0.75
        return None
    if service == "@RS":
        code = idx.secretariats.get(region) if region else None
        if code:
            return code, f"region {region}", 1.0
    return None



def _joined(tokens: list[str]) -> set[str]:
    """Each word, and each two words written together ("kigoma ujiji" -> "kigomaujiji")."""
    return set(tokens) | {a + b for a, b in zip(tokens, tokens[1:], strict=False)}


def _council_named(tokens: list[str], idx: Index) -> str | None:
    """A council whose own name (its code without CC/MC/TC/DC) is in the text, e.g.
    "Butiama", "Mlimba": councils the postcode districts do not tell apart."""
    joined = _joined(tokens)
    found = sorted((urban_rank(code), code) for stem, code in idx.council_stems.items()
                   if stem in joined)
    return found[0][1] if found else None
