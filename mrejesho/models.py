"""Database tables: institutions, feedback and its timeline, staff, the outbox (SMS and
email) and inbound SMS, USSD sessions."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from . import lifecycle
from .extensions import db
from .timeutil import utcnow

KINDS = ("complaint", "suggestion", "enquiry", "compliment")
CHANNELS = ("web", "sms", "ussd", "api")
# How a feedback desk received what an officer records for the citizen (mrejesho.desk_intake).
DESK_CHANNELS = ("call", "visit", "letter", "email")
ALL_CHANNELS = CHANNELS + DESK_CHANNELS
INSTITUTION_KINDS = ("triage", "ministry", "agency", "region", "council")
ROLES = ("officer", "manager", "admin")
DEFAULT_SLA_DAYS = {"complaint": 7, "enquiry": 5, "suggestion": 14, "compliment": 14}


class Sector(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name_sw: Mapped[str] = mapped_column(sa.String(80))
    name_en: Mapped[str] = mapped_column(sa.String(80))

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sw


class Institution(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name_sw: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    sector_id: Mapped[int] = mapped_column(sa.ForeignKey("sector.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(12))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("institution.id"), index=True)
    # Per-kind SLA in working days, e.g. {"complaint": 5}; missing kinds use DEFAULT_SLA_DAYS.
    sla_days: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Lower-case words a citizen may type in an SMS to mean this institution.
    aliases: Mapped[list] = mapped_column(sa.JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    # A name that fits a USSD line ("Moshi MC", "RS Mara").
    short_name: Mapped[str | None] = mapped_column(sa.String(40))
    # Where it works: {"regions": [region keys], "districts": [district keys]}; empty: the
    # whole country. An empty districts list means the whole of the listed regions.
    covers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # What it handles: {"sectors": [sector codes], "topics": [...]} (mrejesho.router).
    handles: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # What `flask seed` last wrote into the fields an admin may edit (aliases, covers,
    # handles, short_name): a field that no longer holds that value was edited by an admin,
    # and seed leaves it alone.
    seeded: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Hours (on the clock, weekends too) within which an urgent item is due (mrejesho.sla).
    urgent_sla_hours: Mapped[int] = mapped_column(default=24, server_default="24")
    # Days the personal data of its finished feedback is kept (mrejesho.retention.policy);
    # None: the settings' period for the kind, else RETENTION_DAYS.
    retention_days: Mapped[int | None]

    sector: Mapped[Sector] = relationship(lazy="joined")
    parent: Mapped[Institution | None] = relationship(remote_side=[id])

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sw

    def sla_for(self, kind: str) -> int:
        return int((self.sla_days or {}).get(kind, DEFAULT_SLA_DAYS[kind]))


class StaffUser(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(200), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(10), default="officer")
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institution.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(sa.String(2), default="sw")
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # Changing the password bumps this, which invalidates every other session of the user.
    session_version: Mapped[int] = mapped_column(default=0)
    # Which email notices the officer wants (mrejesho.notify.officer): a new assignment, a
    # citizen's answer on a case assigned to them, an escalation to their institution.
    email_on_assignment: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    email_on_citizen_answer: Mapped[bool] = mapped_column(default=True,
                                                          server_default=sa.true())
    email_on_escalation: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # A manager's email when an urgent item reaches their institution (mrejesho.urgency).
    email_on_urgent: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    institution: Mapped[Institution] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def set_password(self, password: str) -> None:
        # Tests set a cheap method; production keeps werkzeug's default (scrypt).
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


def _one_of(column: str, values) -> str:
    listed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


class Feedback(db.Model):
    __table_args__ = (
        sa.Index("ix_feedback_queue", "institution_id", "status", "due_at", "id"),
        sa.Index("ix_feedback_phone_created", "citizen_phone", "created_at"),
        # The admin's all-institutions queue walks this in due order.
        sa.Index("ix_feedback_status_due", "status", "due_at", "id"),
        # The queue's "mine" and "unassigned" tabs: counted and paged without reading rows.
        sa.Index("ix_feedback_assignee", "institution_id", "assigned_to_id", "status", "due_at",
                 "id"),
        # The "escalated" tab and a manager's escalations from its children: only those rows.
        sa.Index("ix_feedback_escalated", "institution_id", "status", "due_at", "id",
                 "escalated_at", sqlite_where=sa.text("escalated_at IS NOT NULL"),
                 postgresql_where=sa.text("escalated_at IS NOT NULL")),
        # The dashboard's window by creation (received, ratings, volume, medians, the table
        # per region), covering.
        sa.Index("ix_feedback_institution_created", "institution_id", "created_at", "channel",
                 "kind", "rating", "first_response_at", "resolved_at", "region_id", "status",
                 "due_at"),
        # The dashboard's "resolved in the period" and "on time", covering.
        sa.Index("ix_feedback_institution_resolved", "institution_id", "resolved_at", "status",
                 "due_at"),
        # The queue's "citizen answered" filter: only rows the citizen ever wrote on.
        sa.Index("ix_feedback_citizen_activity", "institution_id", "status", "due_at", "id",
                 "citizen_activity_at", sqlite_where=sa.text("citizen_activity_at IS NOT NULL"),
                 postgresql_where=sa.text("citizen_activity_at IS NOT NULL")),
        sa.CheckConstraint(_one_of("status", lifecycle.ALL), name="status_known"),
        sa.CheckConstraint(_one_of("kind", KINDS), name="kind_known"),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        # The queue's first rows: urgent, high and low items (few; normal ones walk the
        # indexes above), per institution and for the admin's every-institution queue.
        sa.Index("ix_feedback_prioritized", "institution_id", "status", "priority", "due_at",
                 "id", sqlite_where=sa.text("priority <> 3"),
                 postgresql_where=sa.text("priority <> 3")),
        sa.Index("ix_feedback_prioritized_all", "status", "priority", "due_at", "id",
                 sqlite_where=sa.text("priority <> 3"),
                 postgresql_where=sa.text("priority <> 3")),
        sa.CheckConstraint("priority BETWEEN 1 AND 4", name="priority_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(12), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(12))
    channel: Mapped[str] = mapped_column(sa.String(6))
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institution.id"))
    subject: Mapped[str | None] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default="new")
    language: Mapped[str] = mapped_column(sa.String(2), default="sw")
    citizen_name: Mapped[str | None] = mapped_column(sa.String(120))
    citizen_phone: Mapped[str | None] = mapped_column(sa.String(20))
    citizen_email: Mapped[str | None] = mapped_column(sa.String(200))
    anonymous: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    due_at: Mapped[datetime]
    paused_at: Mapped[datetime | None]
    first_response_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"), index=True)
    escalation_level: Mapped[int] = mapped_column(default=0)
    overdue_flagged_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    rating: Mapped[int | None]
    rating_comment: Mapped[str | None] = mapped_column(sa.String(500))
    duplicate_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("feedback.id"), index=True)
    # Idempotency key of the channel message that created it: "sms:<id>", "ussd:<sessionId>".
    source_key: Mapped[str | None] = mapped_column(sa.String(120), unique=True)
    attachment_path: Mapped[str | None] = mapped_column(sa.String(255))
    attachment_name: Mapped[str | None] = mapped_column(sa.String(255))
    attachment_mime: Mapped[str | None] = mapped_column(sa.String(60))
    # Where it is about (chosen by the citizen or found in the text) and how it was routed.
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("region.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("district.id"), index=True)
    ward_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ward.id"))
    routing_confidence: Mapped[float | None] = mapped_column(sa.Float)
    # {"reasons": [...], "suggestions": [[code, score], ...]} (mrejesho.router.Decision).
    routing_reasons: Mapped[dict | None] = mapped_column(sa.JSON)
    # When the citizen last wrote on it (a follow-up, a dispute, a rating); the queue marks
    # it for each officer who has not opened the case since (CaseView).
    citizen_activity_at: Mapped[datetime | None]
    # Bumped by every UPDATE of the row; an officer's form sends back the version it showed,
    # so a change made meanwhile by someone else is refused (feedback.lock).
    version: Mapped[int] = mapped_column(server_default="1")
    # 1 urgent, 2 high, 3 normal, 4 low (mrejesho.urgency): the queue sorts on it first.
    priority: Mapped[int] = mapped_column(sa.SmallInteger, default=3, server_default="3")
    # Why the router suggested its priority (the words of danger it found), for staff.
    priority_reason: Mapped[str | None] = mapped_column(sa.String(200))
    # When its personal data was removed (mrejesho.retention: the period ran out, or the
    # citizen asked); the statistics' columns are kept.
    anonymised_at: Mapped[datetime | None]
    __mapper_args__ = {"version_id_col": version}

    institution: Mapped[Institution] = relationship(lazy="joined")
    assigned_to: Mapped[StaffUser | None] = relationship()
    events: Mapped[list[Event]] = relationship(
        back_populates="feedback", order_by="Event.id", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        return self.status in lifecycle.OPEN


class Event(db.Model):
    """One line of a feedback's timeline; append-only."""

    __table_args__ = (
        # The router's learner reads the desk's transfers every few minutes
        # (router.learning); a partial index keeps that off the whole timeline.
        sa.Index("ix_event_transferred", "created_at", "from_value",
                 sqlite_where=sa.text("type = 'transferred'"),
                 postgresql_where=sa.text("type = 'transferred'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_type: Mapped[str] = mapped_column(sa.String(10))  # staff, citizen, system
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    type: Mapped[str] = mapped_column(sa.String(20))
    from_value: Mapped[str | None] = mapped_column(sa.String(120))
    to_value: Mapped[str | None] = mapped_column(sa.String(120))
    text: Mapped[str | None] = mapped_column(sa.Text)
    public: Mapped[bool] = mapped_column(default=False)

    feedback: Mapped[Feedback] = relationship(back_populates="events")
    staff: Mapped[StaffUser | None] = relationship()


class CaseView(db.Model):
    """When an officer last opened a case page (feedback.record_view): the queue marks an
    item whose citizen wrote after it ("citizen answered")."""

    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id"), primary_key=True)
    feedback_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback.id"), primary_key=True,
                                             index=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class CannedResponse(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institution.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    body: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(2), default="sw")


OUTBOUND_CHANNELS = ("sms", "email", "webhook")


class OutboundMessage(db.Model):
    """The outbox: every message the system sends (an SMS, an email) is a row here first,
    and the worker (sms/worker.py) sends it through its channel's gateway."""

    __tablename__ = "outbound_message"
    __table_args__ = (
        sa.Index("ix_outbound_due", "status", "next_attempt_at"),
        sa.CheckConstraint(_one_of("channel", OUTBOUND_CHANNELS), name="channel_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(8), default="sms", server_default="sms")
    # A phone number in E.164 (sms) or an email address (254: the longest one that works).
    to: Mapped[str] = mapped_column(sa.String(254), index=True)
    subject: Mapped[str | None] = mapped_column(sa.String(200))  # email only
    text: Mapped[str] = mapped_column(sa.Text)
    feedback_id: Mapped[int | None] = mapped_column(sa.ForeignKey("feedback.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    provider_id: Mapped[str | None] = mapped_column(sa.String(80), index=True)
    last_error: Mapped[str | None] = mapped_column(sa.String(255))
    # Resent after a send whose outcome was unknown (timed out): the citizen may have it twice.
    resent_after_unknown: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    # A webhook row (channel webhook, `to` its URL): the endpoint whose secret signs it.
    webhook_id: Mapped[int | None] = mapped_column(sa.ForeignKey("webhook_endpoint.id"))

    feedback: Mapped[Feedback | None] = relationship()


OutboundSms = OutboundMessage  # the name it had when the outbox carried SMS only


class InboundSms(db.Model):
    """Every SMS received, stored before it is parsed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[str] = mapped_column(sa.String(80), unique=True)
    sender: Mapped[str] = mapped_column(sa.String(20))
    recipient: Mapped[str | None] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    gateway_date: Mapped[str | None] = mapped_column(sa.String(40))
    link_id: Mapped[str | None] = mapped_column(sa.String(80))
    network_code: Mapped[str | None] = mapped_column(sa.String(10))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(sa.String(40))
    feedback_id: Mapped[int | None] = mapped_column(sa.ForeignKey("feedback.id"))


class UssdSession(db.Model):
    session_id: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    phone: Mapped[str] = mapped_column(sa.String(20))
    service_code: Mapped[str | None] = mapped_column(sa.String(20))
    state: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    last_text: Mapped[str] = mapped_column(sa.Text, default="")
    last_screen: Mapped[str | None] = mapped_column(sa.Text)
    feedback_id: Mapped[int | None] = mapped_column(sa.ForeignKey("feedback.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    end_status: Mapped[str | None] = mapped_column(sa.String(20))
    end_screen: Mapped[str | None] = mapped_column(sa.String(40))
    hops: Mapped[int | None]
    duration_ms: Mapped[int | None]


class UssdAbandonment(db.Model):
    """How many USSD sessions ended without filing feedback (Africa's Talking said
    Incomplete or Failed), per East Africa day and the screen they stopped at; counted by
    ussd.sessions.record_end. Kept apart from the session rows, which are purged minutes
    after they end, so the dashboard can chart months of them from a few hundred rows."""

    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    screen: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    sessions: Mapped[int] = mapped_column(default=0)


class RoutingAlias(db.Model):
    """A phrase that points to an institution for the router, beside the lexicon
    (mrejesho.router.index): added by an admin or learned from the central desk's transfers
    (mrejesho.router.learning). Weight 0: the phrase never counts for this institution,
    whatever the lexicon says. An alias an admin edited or disabled is the admin's: the
    learner leaves it alone."""

    __table_args__ = (sa.UniqueConstraint("phrase", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Lower-case words separated by one space, as router.gazetteer.words() gives them.
    phrase: Mapped[str] = mapped_column(sa.String(80))
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institution.id"), index=True)
    weight: Mapped[float] = mapped_column(sa.Float, default=3.0)
    source: Mapped[str] = mapped_column(sa.String(10), default="admin")  # admin, learned
    active: Mapped[bool] = mapped_column(default=True)
    # How many distinct desk transfers evidenced it (learned ones).
    hits: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    institution: Mapped[Institution] = relationship(lazy="joined")


class ReferenceVersion(db.Model):
    """A counter bumped whenever reference data (institutions, sectors) changes, so that each
    process knows when to rebuild what it keeps of it (mrejesho.reference)."""

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


class Region(db.Model):
    """A region of Tanzania (mrejesho/data/places/regions.csv)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(24), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    zone: Mapped[str] = mapped_column(sa.String(12), default="mainland")


class District(db.Model):
    """A postcode district of a region (places/districts.csv); councils cover one or more."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(32), unique=True)
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("region.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    kind: Mapped[str] = mapped_column(sa.String(12), default="district")


class Ward(db.Model):
    """A ward of a district (places/wards.csv); its streets stay in places/streets.csv."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("district.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    post_code: Mapped[str | None] = mapped_column(sa.String(10))


class PhonePreference(db.Model):
    """What a phone number chose or last told us (mrejesho.preferences): the language of
    its answers, whether its new feedback is anonymous (an SMS "SIRI"), and the place it
    last wrote about, which USSD offers again."""

    # In E.164 (mrejesho.phones.normalize), as Feedback.citizen_phone.
    phone: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    language: Mapped[str | None] = mapped_column(sa.String(2))
    anonymous: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("region.id"))
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("district.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ApiKey(db.Model):
    """An institution's key for the API (mrejesho.api.keys): only a hash of it is kept; the
    prefix lets a manager tell keys apart."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institution.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    prefix: Mapped[str] = mapped_column(sa.String(16))
    # sha256 hex of the whole raw key: the token has 256 bits, so no slow hash is needed.
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    institution: Mapped[Institution] = relationship(lazy="joined")
    created_by: Mapped[StaffUser | None] = relationship()


class ApiIdempotency(db.Model):
    """A submission made through the API with an Idempotency-Key header: a retry with the same
    key (and the same body) answers the same reference. The primary key makes two concurrent
    retries race-safe: one insert wins, the other reads the winner's row."""

    __tablename__ = "api_idempotency"

    # "public" or "key:<api key id>", so that keys of different callers never collide.
    scope: Mapped[str] = mapped_column(sa.String(24), primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    # sha256 of the request body: the same key with another body is refused (422).
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    feedback_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback.id", ondelete="CASCADE"),
                                             index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class DataAccessCode(db.Model):
    """A one-time code sent by SMS to prove a citizen holds a phone number before they see,
    download or erase what is kept about it (mrejesho.rights.codes). Only keyed hashes are
    kept: of the number (to find its codes) and of the code."""

    __tablename__ = "data_access_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone_key: Mapped[str] = mapped_column(sa.String(64), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # Wrong codes typed against it; at DATA_CODE_TRIES it is spent.
    tries: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[datetime | None]


class WebhookEndpoint(db.Model):
    """A URL of an institution's own system that receives signed JSON events about its
    feedback (mrejesho.outhooks), sent through the outbox; removed ones are kept for the
    outbox rows that name them."""

    __tablename__ = "webhook_endpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institution.id"), index=True)
    url: Mapped[str] = mapped_column(sa.String(254))
    # Signs each event (HMAC-SHA256), so it is kept as it is; shown once, when made.
    secret: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    removed_at: Mapped[datetime | None]
