"""Generated feedback for benchmarks and demos: `flask generate-feedback N`.

Two halves. FeedbackGenerator is pure: given the institutions (Desk), the time and a seed it
makes plain tuples for feedback, their timeline events and their SMS, each row as the core
would have left it after the story it tells (received, perhaps forwarded by the triage desk,
answered, resolved and closed, or still open in a backlog). load() writes them in chunks
straight through the driver, with no ORM objects: COPY on PostgreSQL, executemany inside one
explicit transaction per chunk on SQLite (whose connections leave BEGIN to the code).

The shape is meant to look like a national service: a few institutions (TANESCO, DAWASA,
TRA, NIDA...) get most of the feedback (Zipf), volume grows over two years and follows the
working day, older items are mostly closed while the big institutions keep backlogs of
thousands, phones repeat, most texts are Swahili. Most feedback has a place (region,
district, often a ward) where its institution works: a council's or water authority's own
districts (Institution.covers), anywhere in the country for national ones, more where more
people live; some has none. Due dates are exact (working days with
Tanzanian holidays, computed once per day and SLA); references are unique, with their Damm
check digit. The rows follow the seed, the rows already there and the clock (times spread back
from now): the same seed on the same data at the same moment gives the same rows.

Generated staff (--staff, for institutions without any) sign in as afisaN@<code>.mrejesho.go.tz
or meneja1@<code>.mrejesho.go.tz with the demo password of `flask seed`.
"""
from __future__ import annotations

import random
import time
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

import click
import sqlalchemy as sa
from flask import current_app
from werkzeug.security import generate_password_hash

from . import notify, references, sla
from .extensions import db
from .lifecycle import Status
from .models import KINDS, District, Institution, Region, StaffUser, Ward
from .seed import DEMO_PASSWORD
from .timeutil import LOCAL_TZ, utcnow

FEEDBACK_COLUMNS = (
    "id", "reference", "kind", "channel", "institution_id", "subject", "body", "status",
    "language", "citizen_name", "citizen_phone", "citizen_email", "anonymous", "created_at",
    "updated_at", "due_at", "paused_at", "first_response_at", "resolved_at", "closed_at",
    "assigned_to_id", "escalation_level", "overdue_flagged_at", "escalated_at", "rating",
    "rating_comment", "source_key", "version", "region_id", "district_id", "ward_id",
)
EVENT_COLUMNS = ("feedback_id", "created_at", "actor_type", "staff_id", "type", "from_value",
                 "to_value", "text", "public")
SMS_COLUMNS = ("to", "text", "feedback_id", "status", "attempts", "next_attempt_at",
               "provider_id", "created_at", "sent_at", "delivered_at")
DATETIME_COLUMNS = {
    "feedback": {FEEDBACK_COLUMNS.index(c) for c in (
        "created_at", "updated_at", "due_at", "paused_at", "first_response_at", "resolved_at",
        "closed_at", "overdue_flagged_at", "escalated_at")},
    "event": {EVENT_COLUMNS.index("created_at")},
    "outbound_message": {SMS_COLUMNS.index(c) for c in (
        "next_attempt_at", "created_at", "sent_at", "delivered_at")},
}

TRIAGE = "DAWATI"
# The busiest institutions first; the rest follow in the seed file's order. Shares fall as
# 1/rank (Zipf), so with the 99 seeded institutions TANESCO holds about a fifth.
BUSIEST = (
    "TANESCO", "DAWASA", "TRA", "NIDA", "NHIF", "POLISI", "TARURA", "HESLB", TRIAGE, "RUWASA",
    "UHAMIAJI", "TANROADS", "LATRA", "DCC", "KINONDONIMC", "TEMEKEMC", "RITA", "NSSF", "TTCL",
    "MWAUWASA", "AUWSA", "DART", "UBUNGOMC", "PSSSF", "NECTA", "MNH", "TCRA", "BRELA",
)
DAYS = 730  # created_at spreads over the last two years
KIND_SHARES = {"complaint": 62, "enquiry": 20, "suggestion": 10, "compliment": 8}
CHANNEL_SHARES = {"sms": 45, "ussd": 25, "web": 25, "api": 5}
ENGLISH_SHARE = 0.15
ANONYMOUS_SHARE = 0.08
TRANSFER_SHARE = 0.06  # sent to the triage desk first, which forwarded it
REJECT_SHARE = 0.05
QUICK_SHARE = 0.3  # resolved with the first answer
RATED_SHARE = 0.3
PLACELESS_SHARE = 0.15  # no place given or found
WARD_SHARE = 0.6  # of the placed, how many name their ward too
# People per region in thousands (2022 census, rounded): national institutions hear from
# a region in proportion, and within it from a district by its number of wards.
REGION_PEOPLE = {
    "DSM": 5383, "MWANZA": 3699, "TABORA": 3391, "MOROGORO": 3197, "DODOMA": 3085,
    "KAGERA": 2989, "GEITA": 2977, "TANGA": 2615, "KIGOMA": 2470, "MARA": 2372,
    "ARUSHA": 2356, "MBEYA": 2343, "SHINYANGA": 2241, "SIMIYU": 2140, "PWANI": 2024,
    "SINGIDA": 2008, "MANYARA": 1892, "KILIMANJARO": 1861, "RUVUMA": 1848, "MTWARA": 1634,
    "RUKWA": 1540, "SONGWE": 1344, "LINDI": 1194, "IRINGA": 1192, "KATAVI": 1152,
    "NJOMBE": 889, "MJINIMAGHARIBI": 894, "KASKAZINIPEMBA": 272, "KUSINIPEMBA": 271,
    "KASKAZINIUNGUJA": 257, "KUSINIUNGUJA": 195,
}
# Local hours of the day, by how much feedback arrives in each (people write by day).
HOURLY = (1, 1, 1, 1, 1, 2, 4, 7, 10, 11, 11, 10, 9, 9, 10, 10, 9, 8, 7, 6, 5, 4, 3, 2)
PHONE_PREFIXES = ("71", "74", "75", "76", "77", "78", "65", "67", "68", "69", "62", "61")
# Statuses as plain strings: the drivers adapt str, not every str subclass.
NEW, IN_PROGRESS, AWAITING, RESOLVED, CLOSED, REOPENED, REJECTED = (status.value for status in (
    Status.NEW, Status.IN_PROGRESS, Status.AWAITING_CITIZEN, Status.RESOLVED, Status.CLOSED,
    Status.REOPENED, Status.REJECTED))
# The reference placeholder in cached SMS texts: as long as a reference, so the text fits.
_REF = "0" * references.LENGTH


class Batch(NamedTuple):
    """Rows for one chunk, as tuples in FEEDBACK_COLUMNS, EVENT_COLUMNS and SMS_COLUMNS order."""

    feedback: list[tuple]
    events: list[tuple]
    sms: list[tuple]


@dataclass(frozen=True)
class Desk:
    """An institution as the generator sees it: what it is called, how much feedback it gets,
    how fast it works and who works there."""

    id: int
    code: str
    name_sw: str
    name_en: str
    sector: str
    parent_code: str | None
    sla: dict[str, int]
    weight: float
    kind: str = "agency"
    officers: tuple[tuple[int, str], ...] = ()
    manager: tuple[int, str] | None = None
    covers: tuple[str, ...] = ()  # district keys where it works; none: the whole country

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sw

    def short(self, lang: str) -> str:
        """What a citizen calls it: an agency by its code (TANESCO), others by name."""
        return self.code if self.kind == "agency" else self.name(lang)


class Area(NamedTuple):
    """A district as the generator places feedback in it: ids, a name for the text, wards."""

    region_id: int
    district_id: int
    name: str
    wards: tuple[tuple[int, str], ...]  # (ward id, name)
    weight: float  # how much feedback comes from it, among the whole country's


def covered_districts(covers: dict | None, by_region: dict[str, Sequence[str]]
                      ) -> tuple[str, ...]:
    """The district keys an institution's covers names: its districts, else every district
    of its regions; () for the whole country."""
    covers = covers or {}
    if covers.get("districts"):
        return tuple(covers["districts"])
    return tuple(key for region in covers.get("regions", ()) for key in by_region.get(region, ()))


# --- texts ----------------------------------------------------------------------------------
# (subject, body) per sector, for complaints; {place}, {when} and {number} are filled in.
COMPLAINTS_SW = {
    "ENERGY": (
        ("Umeme kukatika", "Umeme umekatika mtaa wa {place} tangu {when}, hatujapata msaada."),
        ("LUKU", "Nimelipia LUKU {when} lakini sijapokea tokeni. Namba ya mita {number}."),
        ("Nguzo hatari", "Nguzo ya umeme imeanguka {place}, waya ziko chini, ni hatari kwa "
                         "watoto."),
        ("Umeme kukatika", "Umeme unakatika kila siku jioni {place}, vifaa vyetu vinaungua."),
    ),
    "WATER": (
        ("Maji hayatoki", "Maji hayatoki mtaa wa {place} tangu {when}."),
        ("Bomba kupasuka", "Bomba limepasuka karibu na {place}, maji mengi yanapotea barabarani."),
        ("Bili ya maji", "Bili ya maji ya mwezi huu si sahihi, mita {number} haisomwi kabisa."),
    ),
    "FINANCE": (
        ("TIN", "Nimeshindwa kupata TIN mtandaoni tangu {when}, mfumo unakataa."),
        ("Kodi", "Nimetozwa kodi mara mbili, risiti ya EFD namba {number}."),
        ("Risiti", "Maduka mengi ya {place} hayatoi risiti za EFD."),
    ),
    "IDENTITY": (
        ("Kitambulisho", "Kitambulisho changu cha taifa bado hakijatoka tangu nijisajili "
                         "{when}. Namba ya usajili {number}."),
        ("Cheti cha kuzaliwa", "Cheti cha kuzaliwa cha mtoto wangu kina makosa ya jina, "
                               "nimefuatilia ofisi ya {place} bila mafanikio."),
        ("Pasipoti", "Pasipoti yangu imechelewa, niliomba {when} na safari yangu iko karibu."),
    ),
    "TRANSPORT": (
        ("Barabara mbovu", "Barabara ya {place} ina mashimo makubwa, magari yanaharibika."),
        ("Nauli", "Daladala za {place} zinatoza nauli zaidi ya iliyopangwa."),
        ("Foleni", "Kituo cha mabasi {place} kina foleni kubwa kila asubuhi, mabasi hayatoshi."),
    ),
    "HEALTH": (
        ("Dawa", "Dawa hazipatikani zahanati ya {place} tangu {when}."),
        ("Bima ya afya", "Kadi yangu ya bima ya afya imekataliwa hospitalini {place}."),
        ("Huduma", "Tumesubiri daktari zaidi ya saa tano hospitali ya {place}."),
    ),
    "EDUCATION": (
        ("Mkopo", "Mkopo wangu wa elimu ya juu haujaingia tangu {when}. Namba {number}."),
        ("Matokeo", "Matokeo ya mtihani ya mtoto wangu yana makosa, tunaomba yahakikiwe."),
        ("Walimu", "Walimu hawafiki shule ya msingi {place} mara kwa mara."),
    ),
    "COMMS": (
        ("Mtandao", "Mtandao wa simu haupatikani {place} tangu {when}."),
        ("Intaneti", "Intaneti yangu imekatika tangu {when} ingawa nimelipia kifurushi."),
    ),
    "BUSINESS": (
        ("Usajili", "Usajili wa jina la biashara umekwama tangu {when}, namba ya maombi "
                    "{number}."),
        ("Mizani", "Mizani ya soko la {place} si sahihi, wakulima wanapunjwa."),
    ),
    "LANDS": (
        ("Mgogoro wa ardhi", "Mgogoro wa ardhi {place} haujatatuliwa tangu {when}."),
        ("Hati", "Hati ya kiwanja changu imechelewa, nililipia {when}."),
    ),
    "JUSTICE": (
        ("Rushwa", "Askari wa usalama barabarani {place} wanaomba rushwa kwa madereva."),
        ("Kesi", "Kesi yangu imeahirishwa mara nyingi bila sababu, namba ya shauri {number}."),
        ("Usalama", "Wizi umekithiri mtaa wa {place}, hakuna doria usiku."),
    ),
    "AGRICULTURE": (
        ("Mbolea", "Mbolea ya ruzuku haijafika {place} na msimu umeanza."),
        ("Bei ya mbolea", "Mbolea inauzwa {place} zaidi ya bei elekezi."),
    ),
    "ENVIRONMENT": (
        ("Kelele", "Kelele za muziki kutoka baa ya {place} usiku kucha, hatulali."),
        ("Misitu", "Miti inakatwa ovyo msitu wa {place} tangu {when}."),
    ),
    "LOCALGOV": (
        ("Taka", "Takataka hazijazolewa mtaa wa {place} tangu {when}."),
        ("Mitaro", "Mitaro imeziba {place}, mvua ikinyesha nyumba zinajaa maji."),
        ("Taa za barabarani", "Taa za barabarani {place} hazifanyi kazi tangu {when}."),
    ),
    "LABOUR": (
        ("Mafao", "Mafao yangu hayajalipwa tangu nilipostaafu {when}. Namba {number}."),
        ("Michango", "Mwajiri wangu hapeleki michango yangu ya hifadhi ya jamii."),
    ),
    "GENERAL": (
        ("Msaada", "Sijui nipeleke wapi lalamiko langu kuhusu huduma ya {place}, naomba "
                   "msaada."),
        ("Huduma", "Nimefuatilia jambo langu ofisi za {place} tangu {when} bila majibu."),
    ),
}
# Other kinds, any sector; {inst} is the institution's short name.
OTHER_SW = {
    "suggestion": (
        ("Pendekezo", "Napendekeza {inst} iongeze ofisi za huduma {place}."),
        ("Pendekezo", "Ni vizuri {inst} ikaweka huduma kwa simu ili tusisafiri mbali."),
        ("Pendekezo", "Tunaomba {inst} itume SMS maombi yakishakamilika."),
    ),
    "enquiry": (
        ("Swali", "Naomba kujua utaratibu wa kupata huduma ya {inst} nikiwa {place}."),
        ("Swali", "Je, ofisi za {inst} {place} zinafunguliwa saa ngapi siku ya Jumamosi?"),
        ("Swali", "Maombi yangu ya {when} yamefikia wapi? Namba {number}."),
    ),
    "compliment": (
        ("Pongezi", "Nawapongeza wafanyakazi wa {inst} {place} kwa huduma nzuri."),
        ("Pongezi", "Asanteni {inst} kwa kutatua tatizo langu haraka."),
    ),
}
ENGLISH = {
    "complaint": (
        ("Service problem", "I reported a problem to {inst} in {place} {when} and nobody "
                            "has come."),
        ("Service problem", "The {inst} office in {place} sent me away twice without help."),
        ("Overcharged", "I was charged twice by {inst}, receipt number {number}."),
    ),
    "suggestion": (
        ("Suggestion", "Please open a {inst} service point in {place}."),
        ("Suggestion", "{inst} should send an SMS when an application is ready."),
    ),
    "enquiry": (
        ("Question", "How do I follow up my application {number} with {inst}?"),
        ("Question", "What documents does {inst} need for registration?"),
    ),
    "compliment": (
        ("Thank you", "Thank you {inst} staff in {place} for the quick service."),
    ),
}
WHEN = {
    "sw": ("jana", "juzi", "wiki iliyopita", "siku tatu zilizopita", "asubuhi ya leo",
           "mwezi uliopita", "Jumatatu"),
    "en": ("yesterday", "last week", "three days ago", "this morning", "last month"),
}
PLACES = ("Sinza", "Mbezi", "Kimara", "Tegeta", "Buguruni", "Mbagala", "Kariakoo", "Tabata",
          "Ilala", "Ubungo", "Kigamboni", "Mwenge", "Njiro", "Sakina", "Usa River", "Kisasa",
          "Area D", "Nyamagana", "Buhongwa", "Igoma", "Uyole", "Iyunga", "Kihonda", "Mazimbu",
          "Chumbageni", "Pongwe", "Soweto", "Majengo", "Kilosa", "Kahama", "Tunduma", "Mpanda",
          "Songea", "Kigoma Ujiji", "Bukoba", "Musoma", "Singida", "Tabora", "Lindi", "Mtwara")
REPLIES = {
    "sw": ("Tumepokea, fundi atafika ndani ya saa 48.",
           "Tunalifanyia kazi suala lako; tutakujulisha hatua zinazofuata.",
           "Tumewasiliana na ofisi ya eneo lako kulishughulikia.",
           "Asante kwa taarifa, tumeipeleka kwa kitengo husika."),
    "en": ("We have received your report; a technician will come within 48 hours.",
           "We are working on it and will update you.",
           "Thank you, we have passed it to the responsible unit."),
}
RESOLUTIONS = {
    "sw": ("Tatizo limetatuliwa. Asante kwa uvumilivu.", "Fundi amerekebisha hitilafu.",
           "Huduma imerejeshwa katika eneo lako.",
           "Maombi yako yamekamilika, tafadhali fika ofisini kuchukua.",
           "Tumekujibu kwa simu na kukupa maelezo yote."),
    "en": ("The problem has been fixed. Thank you for your patience.",
           "Your application is complete; please collect it at our office."),
}
REJECTIONS = {
    "sw": ("Hili si jukumu la taasisi hii; wasiliana na halmashauri yako.",
           "Taarifa hazitoshi kulishughulikia.", "Lalamiko hili limeshawasilishwa awali."),
    "en": ("This is not the responsibility of this institution.",
           "There is not enough information to act on this."),
}
QUESTIONS = {
    "sw": ("Tafadhali tuma namba ya mita yako.", "Tafadhali tuma namba ya akaunti yako.",
           "Tafadhali eleza mahali hasa tatizo lilipo."),
    "en": ("Please send your meter number.", "Please send your account number."),
}
FOLLOW_UPS = {"sw": "Tatizo bado halijatatuliwa.", "en": "The problem is still not solved."}
RATING_COMMENTS = ("Huduma nzuri sana", "Walichelewa lakini wametatua", "Sijaridhika",
                   "Asanteni sana")
RATINGS = (1, 2, 3, 4, 5)
RATING_WEIGHTS = tuple(accumulate((15, 10, 15, 25, 35)))
FIRST_NAMES = ("Amina", "Juma", "Neema", "Baraka", "Rehema", "Daudi", "Zawadi", "Hamisi",
               "Upendo", "Saidi", "Grace", "Joseph", "Mwanaisha", "Emmanuel", "Halima",
               "Godfrey", "Fatuma", "Elia", "Subira", "Issa", "Agnes", "Hassani", "Mariamu",
               "Frank", "Tumaini", "Ramadhani", "Paulina", "Shabani")
LAST_NAMES = ("Mollel", "Mushi", "Kimaro", "Mwinyi", "Said", "Hassan", "Massawe", "Mrema",
              "Lyimo", "Swai", "Mbwana", "Kombo", "Nyerere", "Mwakyusa", "Mwamba", "Shirima",
              "Temba", "Magesa", "Chande", "Kapinga", "Ngowi", "Mfinanga", "Kisanga", "Urio")


# --- the pure half --------------------------------------------------------------------------

class KeyedPermutation:
    """A keyed bijection of range(size): a four-round Feistel network on an even number of
    bits, walking the cycle until the value falls inside (so references look random but can
    never repeat)."""

    def __init__(self, size: int, key: int):
        bits = max(2, (size - 1).bit_length())
        self.size, self.half = size, (bits + 1) // 2
        self.mask = (1 << self.half) - 1
        draw = random.Random(key)
        self.keys = tuple(draw.getrandbits(32) | 1 for _ in range(4))

    def _f(self, value: int, key: int) -> int:
        return (((value ^ key) * 0x9E3779B1) >> 7 ^ key) & self.mask

    def forward(self, value: int) -> int:
        while True:
            left, right = value >> self.half, value & self.mask
            for key in self.keys:
                left, right = right, left ^ self._f(right, key)
            value = (left << self.half) | right
            if value < self.size:
                return value

    def backward(self, value: int) -> int:
        while True:
            left, right = value >> self.half, value & self.mask
            for key in reversed(self.keys):
                left, right = right ^ self._f(left, key), left
            value = (left << self.half) | right
            if value < self.size:
                return value


@lru_cache(maxsize=8192)
def working_day_after(day: date, days: int) -> date:
    """The local date `days` working days after day (as sla.add_working_days moves)."""
    moved, remaining = day, days
    while remaining > 0:
        moved += timedelta(days=1)
        if sla.is_working_day(moved):
            remaining -= 1
    return moved


class FeedbackGenerator:
    """Makes the rows; pure (no database): desks, the time and a seed in, tuples out.

    first_ordinal numbers the references this run makes (a second run on the same data
    starts after the first); taken holds references already in the database, as integers.
    """

    def __init__(self, desks: Sequence[Desk], *, now: datetime, seed: int, count: int,
                 first_ordinal: int = 0, taken: frozenset[int] | set[int] = frozenset(),
                 dispute_days: int = 7, grace_days: int = 2,
                 areas: dict[str, Area] | None = None, days: int = DAYS,
                 source_prefix: str | None = None):
        self.desks = list(desks)
        self.by_code = {desk.code: desk for desk in self.desks}
        self.triage = self.by_code.get(TRIAGE)
        self.now, self.rng = now, random.Random(seed)
        self.dispute, self.grace = timedelta(days=dispute_days), grace_days
        self.days, self.source_prefix = days, source_prefix
        self.ordinal, self.planned = first_ordinal, range(first_ordinal, first_ordinal + count)
        self.taken, self.fallbacks = taken, set()
        self.fallback_rng = random.Random(seed ^ 0x5EED)
        self.permutation = KeyedPermutation(9 * 10 ** (references.LENGTH - 2), seed)
        # EAT keeps one offset all year (no daylight saving), so local = UTC + offset.
        self.offset = now.replace(tzinfo=LOCAL_TZ).utcoffset()
        top = max(desk.weight for desk in self.desks)
        self.backlog = {d.code: 0.004 + 0.025 * (d.weight / top) ** 0.5 for d in self.desks}
        self.speed = {d.code: self.rng.uniform(0.6, 1.6) for d in self.desks}
        self.desk_weights = list(accumulate(desk.weight for desk in self.desks))
        self.kinds, self.kind_weights = _cumulative(KIND_SHARES)
        self.channels, self.channel_weights = _cumulative(CHANNEL_SHARES)
        self.citizens = max(50, count * 6 // 10)
        self._days = self._day_weights()
        self._hours = list(accumulate(HOURLY))
        self._today = (now + self.offset).replace(hour=0, minute=0, second=0, microsecond=0)
        self._sms_texts: dict[tuple, str] = {}
        self.areas = areas or {}
        self._spreads: dict[tuple[str, ...], tuple[list[Area], list[float]]] = {}

    def _day_weights(self) -> list[float]:
        """Weights of the last `days` local days (DAYS unless told), oldest first: volume
        grows over time and weekends are quieter."""
        today = (self.now + self.offset).date()
        weights = []
        for back in range(self.days - 1, -1, -1):
            day = today - timedelta(days=back)
            growth = 0.4 + (self.days - back) / self.days
            weights.append(growth * (0.6 if day.weekday() >= 5 else 1.0))
        return list(accumulate(weights))

    # -- public --

    def batch(self, ids: Sequence[int]) -> Batch:
        """Rows for feedback with these ids (each gets a new reference, in order)."""
        out = Batch([], [], [])
        for feedback_id in ids:
            self._one(feedback_id, out)
        return out

    # -- one feedback --

    def _one(self, fid: int, out: Batch) -> None:
        rng, now = self.rng, self.now
        desk = self.desks[bisect(self.desk_weights, rng.random() * self.desk_weights[-1])]
        kind = self.kinds[bisect(self.kind_weights, rng.random() * self.kind_weights[-1])]
        channel = self.channels[bisect(self.channel_weights,
                                       rng.random() * self.channel_weights[-1])]
        lang = "en" if rng.random() < ENGLISH_SHARE else "sw"
        created = self._created()
        reference = self._reference()
        name, phone, email, anonymous = self._citizen(channel)
        region_id, district_id, ward_id, place = self._place(desk)
        subject, body = self._text(desk, kind, lang, place)
        if channel not in ("web", "api"):
            subject = None
        events: list[tuple] = []
        first = desk
        start = created
        if desk is not self.triage and self.triage and rng.random() < TRANSFER_SHARE:
            moved = created + timedelta(hours=rng.lognormvariate(1.2, 0.8))
            if moved < now:
                first, start = self.triage, moved
                events.append((fid, moved, *self._staff(self.triage), "transferred",
                               TRIAGE, desk.code, _forwarding(lang), True))
            else:
                desk = self.triage
        events.insert(0, (fid, created, "citizen", None, "created", None, first.code, None,
                          True))
        due = self._due(start, desk.sla[kind])
        story = self._story(fid, desk, lang, start, due, events)
        events.sort(key=_event_time)
        updated = events[-1][1]
        source_key = None
        if channel == "sms":
            source_key = f"sms:ATXid_{reference}{rng.getrandbits(48):012x}"
        elif channel == "ussd":
            source_key = f"ussd:ATUid_{reference}{rng.getrandbits(48):012x}"
        if self.source_prefix:  # the rows of one kind of load, found again by it
            source_key = f"{self.source_prefix}:{reference}"
        out.feedback.append((
            fid, reference, kind, channel, desk.id, subject, body, story["status"], lang, name,
            phone, email, anonymous, created, updated, story["due"], story["paused"],
            story["responded"], story["resolved"], story["closed"], story["assigned"],
            story["level"], story["flagged"], story["escalated"], story["rating"],
            story["comment"], source_key, 1, region_id, district_id, ward_id,
        ))
        out.events.extend(events)
        if phone:
            self._sms(out.sms, fid, phone, "received", lang, first, kind, reference, created)
            if story["answer"]:
                key, text, when = story["answer"]
                self._sms(out.sms, fid, phone, key, lang, desk, kind, reference, when, text)

    def _story(self, fid: int, desk: Desk, lang: str, start: datetime, due: datetime,
               events: list) -> dict:
        """What happened to it since it reached desk at start: the status, the times, and
        the events (appended)."""
        rng, now = self.rng, self.now
        speed = self.speed[desk.code]
        story = {"status": NEW, "due": due, "paused": None, "responded": None,
                 "resolved": None, "closed": None, "assigned": None, "level": 0,
                 "flagged": None, "escalated": None, "rating": None, "comment": None,
                 "answer": None}
        respond = start + timedelta(hours=rng.lognormvariate(2.9, 1.1) * speed)
        stuck = rng.random() < self.backlog[desk.code]
        if respond > now or (stuck and rng.random() < 0.35):
            self._overdue(fid, desk, story, now, events)
            return story
        actor = self._staff(desk)
        story["responded"] = respond
        if rng.random() < REJECT_SHARE and not stuck:
            reason = rng.choice(REJECTIONS[lang])
            events.append((fid, respond, *actor, "status", NEW, REJECTED, reason,
                           True))
            story.update(status=REJECTED, closed=respond,
                         answer=("rejected", reason, respond))
            self._overdue(fid, desk, story, respond, events)
            return story
        actor = self._take(fid, desk, start, respond, story, events) or actor
        if rng.random() < QUICK_SHARE and not stuck:
            resolved = respond
            text = rng.choice(RESOLUTIONS[lang])
            events.append((fid, resolved, *actor, "status", story["status"], RESOLVED,
                           text, True))
        else:
            events.append((fid, respond, *actor, "reply", None, None, rng.choice(REPLIES[lang]),
                           True))
            if story["status"] == NEW:
                events.append((fid, respond, *actor, "status", NEW, IN_PROGRESS,
                               None, True))
            story["status"] = IN_PROGRESS
            resolved = respond + timedelta(days=rng.lognormvariate(0.9, 0.9) * speed)
            if stuck and rng.random() < 0.15:  # asked the citizen, who never answered
                asked = min(respond + timedelta(hours=rng.uniform(1, 48)), now)
                events.append((fid, asked, *actor, "status", IN_PROGRESS,
                               AWAITING, rng.choice(QUESTIONS[lang]), True))
                story.update(status=AWAITING, paused=asked)
                self._overdue(fid, desk, story, asked, events)
                return story
            if resolved > now or (stuck and rng.random() < 0.9):
                self._overdue(fid, desk, story, now, events)
                return story
            text = rng.choice(RESOLUTIONS[lang])
            events.append((fid, resolved, *actor, "status", IN_PROGRESS,
                           RESOLVED, text, True))
        story.update(status=RESOLVED, resolved=resolved,
                     answer=("resolved", text, resolved))
        self._overdue(fid, desk, story, resolved, events)
        if stuck:  # the citizen disputed the resolution: reopened, and it stays open
            disputed = resolved + timedelta(hours=rng.uniform(1, 24 * 6))
            if disputed < now:
                events.append((fid, disputed, "citizen", None, "follow_up", None, "sms",
                               FOLLOW_UPS[lang], False))
                events.append((fid, disputed, "citizen", None, "status", RESOLVED,
                               REOPENED, None, True))
                again = self._due(disputed, 3)
                story.update(status=REOPENED, resolved=None,
                             due=max(story["due"], again))
                return story
        if rng.random() < RATED_SHARE:
            rated = resolved + timedelta(hours=rng.uniform(0.1, 48))
            if rated < now:
                score = rng.choices(RATINGS, cum_weights=RATING_WEIGHTS)[0]
                comment = rng.choice(RATING_COMMENTS) if rng.random() < 0.2 else None
                story.update(rating=score, comment=comment)
                events.append((fid, rated, "citizen", None, "rated", None, str(score),
                               comment, False))
        closed = resolved + self.dispute + timedelta(minutes=rng.uniform(1, 60))
        if closed < now:
            events.append((fid, closed, "system", None, "status", RESOLVED,
                           CLOSED, None, True))
            story.update(status=CLOSED, closed=closed)
        return story

    def _take(self, fid, desk, start, respond, story, events) -> tuple | None:
        """Perhaps assign the case to one of desk's officers before the first answer."""
        rng = self.rng
        if not desk.officers or rng.random() < 0.4:
            return None
        officer = rng.choice(desk.officers)
        by = desk.manager if desk.manager and rng.random() < 0.5 else officer
        at = respond - (respond - start) * rng.random() * 0.5
        events.append((fid, at, "staff", by[0], "assigned", None, officer[1], None, False))
        events.append((fid, at, "staff", by[0], "status", NEW, IN_PROGRESS, None,
                       True))
        story.update(assigned=officer[0], status=IN_PROGRESS)
        return ("staff", officer[0])

    def _overdue(self, fid: int, desk: Desk, story: dict, clock_end: datetime,
                 events: list) -> None:
        """Flag (and escalate) what passed its due date while its clock ran, as the hourly
        escalation job would have."""
        due = story["due"]
        flagged = due + timedelta(minutes=self.rng.uniform(1, 60))
        if flagged >= clock_end:
            return
        story["flagged"] = flagged
        events.append((fid, flagged, "system", None, "overdue", None, desk.code, None, False))
        if desk.parent_code is None:
            return
        local_due = (due + self.offset).date()
        ripe = datetime.combine(working_day_after(local_due, self.grace), datetime.min.time())
        escalated = max(ripe - self.offset, flagged) + timedelta(minutes=self.rng.uniform(1, 60))
        if escalated < clock_end:
            story.update(escalated=escalated, level=1)
            events.append((fid, escalated, "system", None, "escalated", desk.code,
                           desk.parent_code, None, True))

    # -- pieces --

    def _created(self) -> datetime:
        rng = self.rng
        back = self.days - 1 - bisect(self._days, rng.random() * self._days[-1])
        hour = bisect(self._hours, rng.random() * self._hours[-1])
        moment = self._today - timedelta(days=back) + timedelta(
            hours=hour, seconds=rng.random() * 3600) - self.offset
        if moment >= self.now:  # later today: bring it back into the past hours
            moment = self.now - timedelta(seconds=rng.random() * 6 * 3600)
        return moment.replace(microsecond=moment.microsecond // 1000 * 1000)

    def _due(self, start: datetime, days: int) -> datetime:
        local = start + self.offset
        return start + timedelta(days=(working_day_after(local.date(), days) - local.date()).days)

    def _reference(self) -> str:
        body = self.permutation.forward(self.ordinal) + 10 ** (references.LENGTH - 2)
        self.ordinal += 1
        reference = int(f"{body}{references.check_digit(str(body))}")
        if reference in self.taken:
            reference = self._fallback_reference()
        return str(reference)

    def _fallback_reference(self) -> int:
        """A reference none of this run's others will have and the database does not hold."""
        low = 10 ** (references.LENGTH - 2)
        while True:
            body = low + self.fallback_rng.randrange(9 * low)
            reference = int(f"{body}{references.check_digit(str(body))}")
            if (reference not in self.taken and reference not in self.fallbacks
                    and self.permutation.backward(body - low) not in self.planned):
                self.fallbacks.add(reference)
                return reference

    def _citizen(self, channel: str) -> tuple:
        """(name, phone, email, anonymous): one of a pool of citizens, some writing often."""
        rng = self.rng
        anonymous = rng.random() < ANONYMOUS_SHARE
        has_phone = channel in ("sms", "ussd") or rng.random() < 0.7
        if not has_phone and anonymous:
            return None, None, None, True
        number = int(self.citizens * rng.random() ** 2)
        prefix = PHONE_PREFIXES[number % len(PHONE_PREFIXES)]
        phone = f"+255{prefix}{(number * 7_368_787 + 1_234_567) % 10_000_000:07d}"
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = LAST_NAMES[number // len(FIRST_NAMES) % len(LAST_NAMES)]
        if anonymous:
            return None, phone, None, True
        name = f"{first} {last}" if channel != "sms" or rng.random() < 0.3 else None
        email = None
        if channel in ("web", "api") and rng.random() < 0.3:
            email = f"{first}.{last}{number % 100}@example.co.tz".lower()
        return name, phone if has_phone else None, email, False

    def _place(self, desk: Desk) -> tuple[int | None, int | None, int | None, str]:
        """(region id, district id, ward id, the place's name for the text): where desk
        works, weighted by people; no ids for some, and their text names any place."""
        rng = self.rng
        spread = self._spread(desk.covers)
        if not spread[0] or rng.random() < PLACELESS_SHARE:
            return None, None, None, rng.choice(PLACES)
        areas, weights = spread
        area = areas[min(bisect(weights, rng.random() * weights[-1]), len(areas) - 1)]
        if area.wards and rng.random() < WARD_SHARE:
            ward_id, ward = rng.choice(area.wards)
            return area.region_id, area.district_id, ward_id, ward
        return area.region_id, area.district_id, None, area.name

    def _spread(self, covers: tuple[str, ...]) -> tuple[list[Area], list[float]]:
        """The areas of a coverage (every area for none) and their cumulative weights."""
        spread = self._spreads.get(covers)
        if spread is None:
            areas = [self.areas[key] for key in covers if key in self.areas] if covers \
                else list(self.areas.values())
            spread = self._spreads[covers] = (areas, list(accumulate(a.weight for a in areas)))
        return spread

    def _text(self, desk: Desk, kind: str, lang: str, place: str) -> tuple[str, str]:
        rng = self.rng
        if lang == "en":
            choices = ENGLISH[kind]
        elif kind == "complaint":
            choices = COMPLAINTS_SW.get(desk.sector) or COMPLAINTS_SW["GENERAL"]
        else:
            choices = OTHER_SW[kind]
        subject, template = rng.choice(choices)
        body = template.format(place=place, when=rng.choice(WHEN[lang]),
                               number=rng.randrange(10 ** 6, 10 ** 8), inst=desk.short(lang))
        return subject, body

    def _staff(self, desk: Desk) -> tuple[str, int | None]:
        """(actor_type, staff_id) of someone at desk acting on a case."""
        if desk.officers:
            return "staff", self.rng.choice(desk.officers)[0]
        return "system", None

    def _sms(self, rows: list, fid: int, phone: str, key: str, lang: str, desk: Desk,
             kind: str, reference: str, when: datetime, text: str = "") -> None:
        """The citizen's SMS, sent through the outbox and mostly delivered."""
        rng = self.rng
        cache_key = (key, lang, desk.code, kind, text)
        template = self._sms_texts.get(cache_key)
        if template is None:
            name = desk.name(lang)
            names = (f"{name} ({desk.code})", name) if key in notify.NAMED else ()
            template = notify.render(key, lang, ref=_REF, inst=desk.code, kind=kind,
                                     status=key, text=text, names=names)
            self._sms_texts[cache_key] = template
        sent = when + timedelta(seconds=rng.uniform(1, 20))
        delivered = sent + timedelta(seconds=rng.uniform(2, 60))
        status = "delivered" if rng.random() < 0.92 and delivered < self.now else "sent"
        rows.append((phone, template.replace(_REF, reference), fid, status, 1, when,
                     f"ATXid_{rng.getrandbits(128):032x}", when, min(sent, self.now),
                     delivered if status == "delivered" else None))


def _cumulative(shares: dict[str, int]) -> tuple[list[str], list[int]]:
    return list(shares), list(accumulate(shares.values()))


def _event_time(event: tuple) -> datetime:
    return event[1]


def _forwarding(lang: str) -> str:
    return ("Forwarded to the responsible institution." if lang == "en"
            else "Imepelekwa kwa taasisi inayohusika.")


def zipf_weights(codes: Sequence[str]) -> dict[str, float]:
    """{code: weight}: the BUSIEST first, then the rest in the order given; weight 1/rank."""
    ranked = [code for code in BUSIEST if code in codes]
    ranked += [code for code in codes if code not in ranked]
    return {code: 1 / (rank + 1) for rank, code in enumerate(ranked)}


# --- the writing half -----------------------------------------------------------------------

def areas_from_database() -> dict[str, Area]:
    """Every district of the gazetteer tables as an Area, by key (none before `flask
    seed` has loaded the places)."""
    regions = dict(db.session.execute(sa.select(Region.id, Region.key)).all())
    wards: dict[int, list[tuple[int, str]]] = {}
    for ward_id, district_id, name in db.session.execute(
            sa.select(Ward.id, Ward.district_id, Ward.name).order_by(Ward.id)):
        wards.setdefault(district_id, []).append((ward_id, name))
    districts = db.session.execute(
        sa.select(District.id, District.key, District.region_id, District.name)
        .order_by(District.id)).all()
    # A region's people shared among its districts by their wards (one more each, so that
    # a district without wards in the tables still gets some).
    shares: dict[int, int] = {}
    for row in districts:
        shares[row.region_id] = shares.get(row.region_id, 0) + len(wards.get(row.id, ())) + 1
    return {
        row.key: Area(row.region_id, row.id, row.name.removesuffix(" CBD"),
                      tuple(wards.get(row.id, ())),
                      REGION_PEOPLE.get(regions[row.region_id], 1000)
                      * (len(wards.get(row.id, ())) + 1) / shares[row.region_id])
        for row in districts
    }


def desks_from_database(areas: dict[str, Area] | None = None) -> list[Desk]:
    """The active institutions with their active officers and a manager, and the districts
    they cover (of areas), as Desks."""
    institutions = db.session.scalars(
        sa.select(Institution).where(Institution.active.is_(True)).order_by(Institution.id)
    ).all()
    staff = db.session.execute(
        sa.select(StaffUser.id, StaffUser.name, StaffUser.role, StaffUser.institution_id)
        .where(StaffUser.active.is_(True)).order_by(StaffUser.id)
    ).all()
    weights = zipf_weights([inst.code for inst in institutions])
    codes = {inst.id: inst.code for inst in institutions}
    by_region: dict[str, list[str]] = {}
    regions = dict(db.session.execute(sa.select(Region.id, Region.key)).all())
    for key, area in (areas or {}).items():
        by_region.setdefault(regions[area.region_id], []).append(key)
    desks = []
    for inst in institutions:
        people = [row for row in staff if row.institution_id == inst.id]
        officers = tuple((row.id, row.name) for row in people if row.role == "officer")
        manager = next(((row.id, row.name) for row in people if row.role == "manager"), None)
        desks.append(Desk(
            id=inst.id, code=inst.code, name_sw=inst.name_sw, name_en=inst.name_en,
            sector=inst.sector.code, parent_code=codes.get(inst.parent_id),
            sla={kind: inst.sla_for(kind) for kind in KINDS}, weight=weights[inst.code],
            kind=inst.kind,
            officers=officers or tuple((row.id, row.name) for row in people), manager=manager,
            covers=covered_districts(inst.covers, by_region),
        ))
    return desks


def add_staff(seed: int, password_hash: str) -> int:
    """Give every active institution without staff a few officers (more for the busy ones)
    and, for the busiest, a manager, all with one password; returns how many were made."""
    institutions = db.session.execute(
        sa.select(Institution.id, Institution.code).where(Institution.active.is_(True))
    ).all()
    staffed = set(db.session.scalars(sa.select(StaffUser.institution_id).distinct()))
    weights = zipf_weights([row.code for row in institutions])
    total = sum(weights.values())
    draw = random.Random(seed)
    rows = []
    for inst in institutions:
        if inst.id in staffed:
            continue
        share = weights[inst.code] / total
        officers = min(6, max(1, round(share * 100)))
        roles = [("officer", "afisa")] * officers + ([("manager", "meneja")] if share > 0.02
                                                     else [])
        for number, (role, word) in enumerate(roles, start=1):
            rows.append({
                "email": f"{word}{number}@{inst.code.lower()}.mrejesho.go.tz",
                "name": f"{draw.choice(FIRST_NAMES)} {draw.choice(LAST_NAMES)}",
                "password_hash": password_hash, "role": role, "institution_id": inst.id,
                "active": True, "language": "sw", "failed_logins": 0, "session_version": 1,
            })
    if rows:
        db.session.execute(sa.insert(StaffUser), rows)
    db.session.commit()
    return len(rows)


def existing_references() -> set[int]:
    """The references already stored, as integers (a generated one must differ)."""
    result = db.session.execute(sa.text("SELECT reference FROM feedback")).scalars()
    return {int(reference) for reference in result if reference.isdigit()}


class Summary(NamedTuple):
    feedback: int
    events: int
    sms: int
    seconds: float


def load(count: int, *, seed: int, now: datetime, chunk: int = 20_000,
         dispute_days: int = 7, grace_days: int = 2,
         progress: Callable[[int], None] | None = None, days: int = DAYS,
         source_prefix: str | None = None) -> Summary:
    """Generate and store count feedback rows with their events and SMS, chunk by chunk;
    then refresh the planner's statistics. days: how far back they spread; source_prefix:
    every row's source_key is "<prefix>:<reference>" (flask seed --sample finds its own)."""
    started = time.perf_counter()
    areas = areas_from_database()
    desks = desks_from_database(areas)
    taken = existing_references()
    generator = FeedbackGenerator(desks, now=now, seed=seed, count=count,
                                  first_ordinal=len(taken), taken=taken,
                                  dispute_days=dispute_days, grace_days=grace_days,
                                  areas=areas, days=days, source_prefix=source_prefix)
    db.session.commit()  # leave the session's read transaction: the writer has its own
    connection = db.engine.raw_connection()
    writer = PostgresWriter(connection) if db.engine.dialect.name == "postgresql" \
        else SqliteWriter(connection)
    events = messages = 0
    try:
        done = 0
        while done < count:
            size = min(chunk, count - done)
            batch = writer.write(size, generator.batch)
            done += size
            events += len(batch.events)
            messages += len(batch.sms)
            if progress:
                progress(size)
        writer.analyze()
    finally:
        writer.close()
        connection.close()
    return Summary(count, events, messages, time.perf_counter() - started)


class PostgresWriter:
    """COPY each chunk, with ids reserved from the feedback sequence first."""

    def __init__(self, connection):
        self.connection = connection

    def write(self, size: int, make: Callable[[Sequence[int]], Batch]) -> Batch:
        cursor = self.connection.cursor()
        cursor.execute("SELECT nextval(pg_get_serial_sequence('feedback', 'id')) "
                       "FROM generate_series(1, %s)", (size,))
        batch = make([row[0] for row in cursor.fetchall()])
        for table, columns, rows in _tables(batch):
            names = ", ".join(f'"{name}"' for name in columns)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        self.connection.commit()
        return batch

    def analyze(self) -> None:
        # VACUUM as well: it fills the visibility map, without which the staff pages'
        # index-only scans still read every row from the table until autovacuum comes by.
        raw = self.connection.dbapi_connection
        self.connection.commit()
        raw.autocommit = True
        try:
            raw.execute("VACUUM ANALYZE")
        finally:
            raw.autocommit = False

    def close(self) -> None:
        pass


class SqliteWriter:
    """executemany inside one BEGIN IMMEDIATE per chunk, with ids after the largest."""

    # Random references land all over the unique index: with SQLite's default 2 MB page
    # cache most inserts would read their index pages back from the file.
    CACHE_KIB = 256 * 1024

    def __init__(self, connection):
        self.connection = connection
        cursor = connection.cursor()
        self.cache_size = cursor.execute("PRAGMA cache_size").fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{self.CACHE_KIB}")

    def write(self, size: int, make: Callable[[Sequence[int]], Batch]) -> Batch:
        cursor = self.connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            last = cursor.execute("SELECT coalesce(max(id), 0) FROM feedback").fetchone()[0]
            batch = make(range(last + 1, last + 1 + size))
            for table, columns, rows in _tables(batch):
                names = ", ".join(f'"{name}"' for name in columns)
                marks = ", ".join("?" * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})",
                                   _as_sqlite(rows, DATETIME_COLUMNS[table]))
            cursor.execute("COMMIT")
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        return batch

    def analyze(self) -> None:
        self.connection.cursor().execute("ANALYZE")

    def close(self) -> None:
        # The pool keeps this connection for the app: give it back as it was.
        self.connection.cursor().execute(f"PRAGMA cache_size = {self.cache_size}")


def _tables(batch: Batch):
    return (("feedback", FEEDBACK_COLUMNS, batch.feedback),
            ("event", EVENT_COLUMNS, batch.events),
            ("outbound_message", SMS_COLUMNS, batch.sms))


def _as_sqlite(rows: list[tuple], datetimes: set[int]):
    """Times as SQLAlchemy stores them on SQLite (always with microseconds, so they compare
    as text with the ones it binds)."""
    for row in rows:
        row = list(row)
        for index in datetimes:
            value = row[index]
            if value is not None:
                row[index] = value.isoformat(" ", "microseconds")
        yield row


# --- the command ----------------------------------------------------------------------------

@click.command("generate-feedback")
@click.argument("count", type=click.IntRange(min=1))
@click.option("--seed", type=int, default=1, show_default=True,
              help="The same seed on the same data gives the same rows.")
@click.option("--staff/--no-staff", default=True, show_default=True,
              help="Give institutions without staff a few officers (demo password).")
@click.option("--chunk", type=click.IntRange(min=100), default=20_000, show_default=True,
              help="Feedback rows per transaction.")
@click.option("--force", is_flag=True, help="Run even when MREJESHO_ENV=production.")
def command(count, seed, staff, chunk, force):
    """Load COUNT generated feedback rows with their timeline and SMS (benchmarks, demos)."""
    config = current_app.config
    if config["MREJESHO_ENV"] == "production" and not force:
        raise click.ClickException("This is a production database: generated feedback would "
                                   "mix with citizens' own. Add --force if you mean it.")
    if not db.session.scalar(sa.select(sa.func.count()).select_from(Institution)):
        raise click.ClickException("No institutions yet: run `flask seed` first.")
    if staff:
        method = config.get("PASSWORD_HASH_METHOD", "scrypt")
        added = add_staff(seed, generate_password_hash(DEMO_PASSWORD, method=method))
        if added:
            click.echo(f"Added {added} staff accounts (password: {DEMO_PASSWORD}).")
    with click.progressbar(length=count, label="Generating feedback") as bar:
        summary = load(count, seed=seed, now=utcnow(), chunk=chunk,
                       dispute_days=config["DISPUTE_DAYS"],
                       grace_days=config["ESCALATION_GRACE_DAYS"], progress=bar.update)
    click.echo(f"Stored {summary.feedback:,} feedback, {summary.events:,} events and "
               f"{summary.sms:,} SMS in {summary.seconds:.1f} s "
               f"({summary.feedback / summary.seconds:,.0f} feedback/s).")
