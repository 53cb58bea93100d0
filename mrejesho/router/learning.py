"""The router learns from the central desk (issue 10).

When the router is unsure, a message goes to the central desk, whose officer transfers it
to the right institution, usually with one click on a suggestion. Each such transfer (an
Event "transferred" whose from_value is a triage desk's code) says which institution the
words of that message belong to: accepted when it went to the router's first suggestion,
corrected otherwise.

learn() mines them, as a batch: the words and two-word phrases of each message, without
everyday words and greetings, place names (the gazetteer's business) and what the lexicon
already says for the chosen institution. A phrase becomes a `learned` routing alias
(models.RoutingAlias) once at least ROUTING_LEARN_MIN (3) distinct messages from distinct
citizens evidence it, and at least 80% of the desk's transfers of messages with it went to
one institution. Its weight grows with the evidence (1.5, +0.25 a message, at most 3.0). An
alias an admin added, edited or disabled is never touched.

Run by `flask routing-learn`, the admin's "Learn now" button and the SMS worker's schedule.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import click
import sqlalchemy as sa
from flask import current_app, has_app_context

from ..extensions import db
from ..models import Event, Feedback, Institution, RoutingAlias
from ..timeutil import utcnow
from . import lexicon
from .gazetteer import words
from .index import build
from .scoring import matches

log = logging.getLogger(__name__)

MIN_EVIDENCE = 3  # distinct messages, from distinct citizens (ROUTING_LEARN_MIN)
MIN_SHARE = 0.8  # of the desk's transfers of messages with the phrase, to one institution
FIRST_WEIGHT, STEP, MAX_WEIGHT = 1.5, 0.25, 3.0
LEARN_DAYS = 365  # how far back the desk's transfers count (ROUTING_LEARN_DAYS)
TRIAGE_KIND = "triage"
LEARNED, ADMIN = "learned", "admin"

# Everyday words that say nothing of whose a message is: function words, greetings and
# politeness, time, pronouns and possessives, and generic complaint words (Swahili and
# English). lexicon.NOT_NAMES adds the everyday words the lexicon already knows about.
STOP_WORDS = frozenset("""
na ya wa za la cha vya kwa katika kwenye ni si siyo sio hii hiyo huu huo hizi hizo hao ile
yule wale hili hilo kile kile hicho vile sisi mimi wewe yeye wao nyinyi ninyi sana pia tu
lakini ila au kama kuwa hapa pale huko hapo humo kwetu kwenu kwao yetu yangu wetu wangu zetu
zangu langu letu changu chetu vyetu yake wake zake lake chake yao wao zao lao chao naomba
tunaomba nimeomba tafadhali asante ahsante shikamoo salaam salamu salama habari hujambo
mambo ndugu mheshimiwa bwana bibi mama baba dada kaka jana leo kesho juzi tangu sasa bado
tena hadi mpaka mwezi miezi wiki siku saa masaa mwaka miaka usiku asubuhi mchana jioni kila
wote yote zote kitu vitu jambo tatizo shida matatizo hatua msaada mtusaidie nisaidie
tusaidie msaidie saidia haraka kabisa hakuna hatuna sina nina tuna ana wana kuna ipo yupo
wapo iko kipo nini lini wapi vipi kwanini gani nani ndiyo ndio hapana sijui hivyo hivi
kwamba ambayo ambao ambaye ambacho ambapo kutoka kwenda zaidi kidogo mno kubwa ndogo nzuri
mbaya mtaa mji kijiji eneo maeneo wilaya mkoa kata karibu nyumbani watu mtu wananchi
mwananchi sisi tumekuwa tumechoka muda mrefu sababu bila hata pamoja mara nyingi tunateseka
tunapata nimepata hatujapata sijapata fulani jamani kweli naam sawa
the and for with this that these those there here our ours we us my mine me you your
please help since yesterday today tomorrow week weeks day days month months year years
hello hi dear sir madam thank thanks have has had been was were are is not no yes from into
about very still again area street village town problem problems issue issues kindly our
they them their what when where which who why how any some all can could would should will
just also but because until now then than too more most much many get got
""".split()) | lexicon.NOT_NAMES


@dataclass
class Result:
    """What one run of the learner saw and did."""

    transfers: int = 0  # feedbacks the desk transferred (its latest transfer of each)
    accepted: int = 0  # to the router's first suggestion
    corrected: int = 0  # elsewhere
    added: int = 0  # new learned aliases
    strengthened: int = 0  # learned aliases whose evidence (and weight) grew
    kept: int = 0  # phrases learned before but an admin's now: left alone
    phrases: list = field(default_factory=list)  # (phrase, code, evidence, weight) learned

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in (
            "transfers", "accepted", "corrected", "added", "strengthened", "kept")}


def min_evidence() -> int:
    if has_app_context():
        return max(1, int(current_app.config.get("ROUTING_LEARN_MIN", MIN_EVIDENCE)))
    return MIN_EVIDENCE


def weight_for(evidence: int, minimum: int = MIN_EVIDENCE) -> float:
    """1.5 at the minimum evidence, 0.25 more for each further message, at most 3.0."""
    return min(MAX_WEIGHT, FIRST_WEIGHT + STEP * max(0, evidence - minimum))


def triage_codes() -> list[str]:
    return list(db.session.scalars(sa.select(Institution.code)
                                   .where(Institution.kind == TRIAGE_KIND)))


def desk_transfers(since=None) -> list:
    """The desk's transfers, the latest of each feedback: rows with feedback_id, created_at,
    from_value, to_value, subject, body, citizen_phone, citizen_email, routing_reasons."""
    codes = triage_codes()
    if not codes:
        return []
    stmt = (sa.select(Event.feedback_id, Event.created_at, Event.from_value, Event.to_value,
                      Feedback.subject, Feedback.body, Feedback.citizen_phone,
                      Feedback.citizen_email, Feedback.routing_reasons)
            .join(Feedback, Feedback.id == Event.feedback_id)
            .where(Event.type == "transferred", Event.actor_type == "staff",
                   Event.from_value.in_(codes))
            .order_by(Event.id))
    if since is not None:
        stmt = stmt.where(Event.created_at >= since)
    latest = {}
    for row in db.session.execute(stmt):
        latest[row.feedback_id] = row
    return list(latest.values())


def first_suggestion(routing_reasons) -> str | None:
    suggestions = (routing_reasons or {}).get("suggestions") or ()
    try:
        return str(suggestions[0][0]).upper()
    except (IndexError, TypeError, KeyError):
        return None


def desk_record(days: int = 30, now=None) -> dict:
    """The desk's record over the last `days`: how many it transferred, the share that went
    to the router's first suggestion (accepted) and elsewhere (corrected), and the most
    frequent corrections as ((suggested or None, chosen), count)."""
    since = (now or utcnow()) - timedelta(days=days)
    rows = desk_transfers(since)
    pairs: Counter = Counter()
    accepted = 0
    for row in rows:
        suggested = first_suggestion(row.routing_reasons)
        if suggested == (row.to_value or "").upper():
            accepted += 1
        else:
            pairs[(suggested, row.to_value)] += 1
    total = len(rows)
    return {"days": days, "transfers": total, "accepted": accepted,
            "corrected": total - accepted,
            "accepted_share": accepted / total if total else None,
            "corrected_share": (total - accepted) / total if total else None,
            "pairs": pairs.most_common(10)}


def candidates(text: str, place_names) -> set[str]:
    """The words and two-word phrases of a message that could name an institution."""
    found: set[str] = set()
    usable = [w if _usable(w, place_names) else None for w in words(text or "")]
    found.update(w for w in usable if w)
    for first, second in zip(usable, usable[1:], strict=False):
        if first and second and first != second:
            found.add(f"{first} {second}")
    return {p for p in found if tuple(p.split()) not in place_names}


def _usable(word: str, place_names) -> bool:
    return (len(word) >= 3 and not any(ch.isdigit() for ch in word)
            and word not in STOP_WORDS and (word,) not in place_names)


def _citizen(row) -> str:
    return row.citizen_phone or (row.citizen_email or "").lower() or f"#{row.feedback_id}"


def _lexicon_index(snapshot):
    """The router's index without the routing aliases: what the lexicon and the
    institutions' own names already say."""
    return build(snapshot.desks, snapshot.triage.code if snapshot.triage else None)


def _already_known(phrase: str, desk, idx) -> bool:
    """Whether the lexicon (or the institution's own names) already points this phrase to
    this institution, or to a service it gives (water, council, regional secretariat)."""
    tokens = phrase.split()
    for target, _weight, _label in matches(tokens, tokens, idx)[0]:
        if target == desk.code:
            return True
        if target.startswith("@"):
            return True  # the place decides whose it is: never one institution's word
    return False


def learn(now=None, *, minimum: int | None = None) -> Result:
    """Mine the desk's transfers and add or strengthen learned aliases (flushed; the caller
    commits)."""
    from .. import reference

    minimum = minimum or min_evidence()
    days = int(current_app.config.get("ROUTING_LEARN_DAYS", LEARN_DAYS))
    rows = desk_transfers((now or utcnow()) - timedelta(days=days))
    result = Result(transfers=len(rows))
    if not rows:
        return result
    snapshot = reference.current()
    idx = snapshot.derived("router.learning", _lexicon_index)
    place_names = idx.gazetteer.names
    # phrase -> chosen code -> {feedback id: citizen}
    evidence: dict[str, dict[str, dict[int, str]]] = {}
    for row in rows:
        chosen = (row.to_value or "").upper()
        if first_suggestion(row.routing_reasons) == chosen:
            result.accepted += 1
        else:
            result.corrected += 1
        if snapshot.active(chosen) is None or chosen not in idx.known:
            continue
        text = " ".join(part for part in (row.subject, row.body) if part)
        for phrase in candidates(text, place_names):
            evidence.setdefault(phrase, {}).setdefault(chosen, {})[row.feedback_id] = \
                _citizen(row)
    learned: list[tuple[str, str, int]] = []
    for phrase, by_code in evidence.items():
        total = sum(len(items) for items in by_code.values())
        code, items = max(by_code.items(), key=lambda item: (len(item[1]), item[0]))
        if (len(items) >= minimum and len(set(items.values())) >= minimum
                and len(items) / total >= MIN_SHARE
                and not _already_known(phrase, snapshot.active(code), idx)):
            learned.append((phrase, code, len(items)))
    _store(learned, minimum, result)
    return result


def _store(learned: list[tuple[str, str, int]], minimum: int, result: Result) -> None:
    if not learned:
        return
    ids = dict(db.session.execute(sa.select(Institution.code, Institution.id)).all())
    phrases = sorted({phrase for phrase, _c, _n in learned})
    existing = {(row.phrase, row.institution_id): row for row in db.session.scalars(
        sa.select(RoutingAlias).where(RoutingAlias.phrase.in_(phrases)))}
    for phrase, code, count in sorted(learned):
        weight = weight_for(count, minimum)
        row = existing.get((phrase, ids[code]))
        if row is None:
            db.session.add(RoutingAlias(phrase=phrase, institution_id=ids[code], weight=weight,
                                        source=LEARNED, active=True, hits=count))
            result.added += 1
        elif row.source != LEARNED or not row.active:
            result.kept += 1  # an admin's: added, edited or disabled by hand
            continue
        elif count > (row.hits or 0):
            row.hits, row.weight = count, max(row.weight, weight)
            result.strengthened += 1
        else:
            continue
        result.phrases.append((phrase, code, count, weight))
    db.session.flush()


def run_scheduled() -> None:
    """The SMS worker's periodic job: learn, and commit (a concurrent run that added the
    same alias first makes this one give way until the next time)."""
    try:
        result = learn()
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        log.info("Routing learner: another run added the same aliases; skipped")
        return
    if result.added or result.strengthened:
        log.info("Routing learner: %s", result.as_dict())


@click.command("routing-learn")
@click.option("--min", "minimum", type=int, default=None,
              help="Distinct messages (and citizens) an alias needs (ROUTING_LEARN_MIN, 3).")
def command(minimum):
    """Learn routing aliases from the central desk's transfers."""
    result = learn(minimum=minimum)
    db.session.commit()
    click.echo(" ".join(f"{k}={v}" for k, v in result.as_dict().items()))
    for phrase, code, count, weight in result.phrases:
        click.echo(f"  {phrase!r} -> {code} (evidence {count}, weight {weight:.2f})")
