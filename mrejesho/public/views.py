"""Citizen pages: home, the submission form, receipt, the read-only tracking page, and the
citizen's private follow-up page (/f/<reference>/<secret>, mrejesho.followup)."""
from __future__ import annotations

import unicodedata
from itertools import groupby

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from .. import feedback as core
from .. import followup, intake, references, texts
from ..extensions import db, limiter
from ..lifecycle import OPEN, RESOLVED, Status
from ..models import Feedback, Institution, Sector
from ..router import gazetteer as places_of_tanzania
from ..schemas import BODY_MAX
from ..templating import current_language
from ..timeutil import utcnow
from . import attachments
from .forms import DisputeForm, FollowUpForm, RatingForm, SubmissionForm, TrackForm

bp = Blueprint("public", __name__)

# The forms that take a file: their body is read whole, the file capped (attachments).
UPLOAD_ENDPOINTS = frozenset({"public.submit", "public.private"})
# How many receipts one browser session may reopen (the newest are kept).
RECEIPTS_KEPT = 20
# Looking up references (tracking page, typed reference, receipt) per client address, one
# budget for the three: a citizen checks a few numbers, a script guessing them is stopped.
LOOKUP_LIMIT = "30/minute;300/hour"
lookup_limit = limiter.shared_limit(LOOKUP_LIMIT, scope="lookup")


@bp.url_value_preprocessor
def _uploads_keep_the_form(endpoint, _values):
    # Runs before any before_request function, so before CSRFProtect parses the body.
    if endpoint in UPLOAD_ENDPOINTS and request.method == "POST":
        attachments.accept_large_uploads()


# --- the institution picker -----------------------------------------------------------------

def _folded(text: str) -> str:
    """Lower case without accents, for matching what a citizen types."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def institution_place(inst: Institution, lang: str) -> str | None:
    """The region(s) a regional or local institution works in ("Arusha"); None for a
    national one (no coverage, or more than three regions)."""
    covers = inst.covers or {}
    gazetteer = places_of_tanzania.load()
    keys = list(covers.get("regions") or [])
    for district in covers.get("districts") or []:
        if district in gazetteer.districts and gazetteer.districts[district][0] not in keys:
            keys.append(gazetteer.districts[district][0])
    regions = [gazetteer.regions[key] for key in keys if key in gazetteer.regions]
    if regions and len(regions) <= 3:
        return ", ".join(regions)
    return None


def institution_label(inst: Institution, lang: str) -> str:
    """The full name, its code, and its place when it is regional:
    "Mamlaka ya Majisafi na Usafi wa Mazingira Arusha (AUWSA) — Arusha"."""
    label = f"{inst.name(lang)} ({inst.code})"
    place = institution_place(inst, lang)
    return f"{label} — {place}" if place else label


def institution_groups(lang: str, query: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    """Active institutions a citizen may choose, grouped by sector name, as (code, label);
    only those whose name, code, sector or place contains query, when given."""
    rows = db.session.scalars(
        db.select(Institution).join(Sector)
        .where(Institution.active, Institution.kind != "triage")
        .order_by(Sector.name_en if lang == "en" else Sector.name_sw, Institution.code)
    ).all()
    wanted = _folded(query).strip()
    groups = []
    for name, items in groupby(rows, key=lambda i: i.sector.name(lang)):
        listed = []
        for inst in items:
            label = institution_label(inst, lang)
            haystack = " ".join([label, inst.name_sw, inst.name_en, name,
                                 inst.short_name or "", " ".join(inst.aliases or [])])
            if not wanted or wanted in _folded(haystack):
                listed.append((inst.code, label))
        if listed:
            groups.append((name, listed))
    return groups


def chosen_place(region: str | None, district: str | None) -> dict:
    """The region and district keys the citizen chose; a district decides its region, and
    a key the gazetteer does not know is dropped."""
    gazetteer = places_of_tanzania.load()
    if district in gazetteer.districts:
        return {"region": gazetteer.districts[district][0], "district": district}
    return {"region": region if region in gazetteer.regions else None, "district": None}


def upload_texts(lang: str) -> dict:
    """What the attachment field and static/js/upload.js say, in the citizen's language."""
    return {"too_big": texts.error("attachment.too_big", lang),
            "bad_type": texts.error("attachment.bad_type", lang),
            "max_bytes": current_app.config["MAX_ATTACHMENT_BYTES"],
            "max_mb": current_app.config["MAX_ATTACHMENT_BYTES"] // (1024 * 1024)}


# --- pages ----------------------------------------------------------------------------------

@bp.get("/")
def home():
    """Landing page: what e-Mrejesho is and the three ways to reach it."""
    return render_template("public/home.html", track_form=TrackForm())


@bp.route("/submit", methods=["GET", "POST"])
@limiter.limit("20/hour", methods=["POST"])
def submit():
    """Show and accept the feedback form."""
    lang = current_language()
    form = SubmissionForm()
    errors: dict[str, str] = {}
    query = (request.args.get("q") or "").strip()[:80] if request.method == "GET" else ""
    if request.method == "GET" and request.args.get("institution") and not query:
        form.institution.data = request.args["institution"].upper()
    if form.validate_on_submit():
        raw = {
            "kind": form.kind.data, "institution": form.institution.data,
            "subject": form.subject.data, "body": form.body.data, "name": form.name.data,
            "phone": form.phone.data, "email": form.email.data,
            "anonymous": form.anonymous.data, "language": lang,
            **chosen_place(form.region.data, form.district.data),
        }
        attachment = None
        try:
            intake.validate(raw, "web")
        except intake.Rejected as exc:
            errors = {field: texts.error(code, lang) for field, code in exc.errors.items()}
        try:
            checked = attachments.check(form.attachment.data)
        except attachments.AttachmentError as exc:
            errors["attachment"] = texts.error(exc.code, lang)
            checked = None
        if not errors:
            if checked:
                attachment = attachments.store(*checked, form.attachment.data.filename)
            try:
                item = intake.take(raw, channel="web", attachment=attachment)
            except intake.Rejected as exc:  # the institution closed a moment ago
                errors = {field: texts.error(code, lang) for field, code in exc.errors.items()}
            else:
                _remember_receipt(item.reference)
                return redirect(url_for("public.receipt", reference=item.reference))
    status = 200
    if errors:
        status = 413 if set(errors) == {"attachment"} and _too_big(errors) else 422
    return _submit_page(form, errors, query), status


def _too_big(errors: dict) -> bool:
    return errors.get("attachment") == texts.error("attachment.too_big", current_language())


def _submit_page(form: SubmissionForm, errors: dict, query: str = ""):
    lang = current_language()
    regions, districts = places_of_tanzania.listing()
    groups = institution_groups(lang, query)
    no_match = bool(query) and not groups
    if query:
        # A filtered list never keeps a choice it does not show.
        shown = {code for _sector, items in groups for code, _label in items}
        if form.institution.data not in shown:
            form.institution.data = ""
    return render_template(
        "public/submit.html", form=form, errors=errors,
        groups=groups if groups else institution_groups(lang), query=query,
        filtered=bool(query) and not no_match, no_match=no_match,
        regions=regions, districts=districts, upload=upload_texts(lang),
    )


def _remember_receipt(reference: str) -> None:
    """This browser session submitted it: only it may open the receipt."""
    kept = [ref for ref in session.get("receipts", []) if ref != reference]
    session["receipts"] = (kept + [reference])[-RECEIPTS_KEPT:]


@bp.get("/receipt/<reference>")
@lookup_limit
def receipt(reference):
    """Confirmation page with the reference number and the private link: only for the
    browser session that submitted it (anyone else gets the same 404 as a wrong number)."""
    normalized = references.normalize(reference)
    if normalized is None or normalized not in session.get("receipts", []):
        abort(404)
    item = core.find(normalized) or abort(404)
    private_link = url_for("public.private", reference=item.reference,
                           token=followup.token(item.reference), _external=True)
    return render_template("public/receipt.html", item=item, private_link=private_link)


@bp.get("/track")
@lookup_limit
def track():
    """Look up a reference typed by the citizen."""
    form = TrackForm(request.args)
    error = None
    if form.ref.data:
        normalized = references.normalize(form.ref.data)
        if normalized is None:
            error = _("That is not a valid reference number. Check the digits and try again.")
        elif core.find(normalized) is None:
            error = _("No feedback has that reference number.")
        else:
            return redirect(url_for("public.status", reference=normalized))
    elif "ref" in request.args:
        error = _("Type your reference number.")
    return render_template("public/track.html", form=form, error=error), 422 if error else 200


@bp.get("/track/<reference>")
@lookup_limit
def status(reference):
    """The public status page, read-only: institution, status and public timeline, no
    personal data. Answering, disputing and rating are on the private page."""
    item = core.find(reference) or abort(404)
    timeline = [e for e in item.events if e.public]
    return render_template("public/status.html", item=item, timeline=timeline)


# --- the private follow-up page ---------------------------------------------------------------

def _private_item(reference: str, token: str) -> Feedback:
    """The feedback behind a private link; any wrong part is the same 404 (no oracle)."""
    normalized = references.normalize(reference)
    if normalized is None or normalized != reference or not followup.verify(normalized, token):
        abort(404)
    return core.find(normalized) or abort(404)


def _private_page(item: Feedback, token: str, *, forms: dict | None = None,
                  errors: dict | None = None, status: int = 200):
    lang = current_language()
    forms = forms or {}
    until = core.dispute_until(item)
    question = None
    if item.status == Status.AWAITING_CITIZEN:
        asked = [e for e in item.events if e.type == "status"
                 and e.to_value == Status.AWAITING_CITIZEN and e.text]
        question = asked[-1].text if asked else None
    timeline = [e for e in item.events if e.public or e.type in ("follow_up", "rated")]
    return render_template(
        "public/private.html", item=item, token=token, timeline=timeline, question=question,
        can_add=item.status in OPEN,
        can_dispute=until is not None and utcnow() <= until, dispute_until=until,
        can_rate=item.status in RESOLVED and item.rating is None,
        add_form=forms.get("add") or FollowUpForm(formdata=None),
        dispute_form=forms.get("dispute") or DisputeForm(formdata=None),
        rating_form=forms.get("rate") or RatingForm(formdata=None),
        errors=errors or {}, upload=upload_texts(lang),
    ), status


@bp.route("/f/<reference>/<token>", methods=["GET", "POST"])
@limiter.limit("30/hour", methods=["POST"])
def private(reference, token):
    """The citizen's own page: add information (with a photo), answer the officer's question,
    dispute a resolution, rate. Each action goes through the core and commits once."""
    item = _private_item(reference, token)
    if request.method == "GET":
        return _private_page(item, token)
    action = request.form.get("action")
    handler = {"add": _add_information, "dispute": _dispute, "rate": _rate}.get(action)
    if handler is None:
        return _private_page(item, token, status=400)
    return handler(item, token)


def _follow_up_text(text: str | None, lang: str) -> tuple[str, str | None]:
    text = (text or "").strip()
    if not text:
        return text, texts.error("empty_text", lang)
    if len(text) > BODY_MAX:
        return text, texts.error("body.too_long", lang)
    return text, None


def _add_information(item: Feedback, token: str):
    lang = current_language()
    form = FollowUpForm()
    errors: dict[str, str] = {}
    if not form.validate_on_submit():
        abort(400)
    text, problem = _follow_up_text(form.text.data, lang)
    if problem:
        errors["text"] = problem
    try:
        checked = attachments.check(form.attachment.data)
    except attachments.AttachmentError as exc:
        errors["attachment"] = texts.error(exc.code, lang)
        checked = None
    if item.status not in OPEN:
        errors["text"] = texts.error("not_open", lang)
    if errors:
        status = 413 if _too_big(errors) else 422
        return _private_page(item, token, forms={"add": form}, errors=errors, status=status)
    stored = attachments.store(*checked, form.attachment.data.filename) if checked else None
    try:
        core.follow_up(item, text, channel="web", attachment=stored)
        if item.status not in OPEN:  # resolved or closed while the citizen typed
            raise core.FeedbackError("not_open")
    except core.FeedbackError as exc:
        db.session.rollback()
        errors["text"] = texts.error(exc.code, lang, **exc.params)
        return _private_page(core.find(item.reference), token, forms={"add": form},
                             errors=errors, status=409)
    flash(_("Thank you. Your information was added and the institution has been told."),
          "success")
    return redirect(url_for("public.private", reference=item.reference, token=token))


def _dispute(item: Feedback, token: str):
    lang = current_language()
    form = DisputeForm()
    if not form.validate_on_submit():
        abort(400)
    reason, problem = _follow_up_text(form.reason.data, lang)
    until = core.dispute_until(item)
    if not problem and (until is None or utcnow() > until):
        problem = _dispute_closed(item, lang)
    if problem:
        return _private_page(item, token, forms={"dispute": form},
                             errors={"reason": problem}, status=422)
    try:
        core.follow_up(item, reason, channel="web")
        if item.status != Status.REOPENED:  # closed a moment ago: nothing was reopened
            raise core.FeedbackError("closed")
    except core.FeedbackError:
        db.session.rollback()
        item = core.find(item.reference)
        return _private_page(item, token, forms={"dispute": form},
                             errors={"reason": _dispute_closed(item, lang)}, status=409)
    flash(_("Your feedback has been reopened. The institution will look at it again."),
          "success")
    return redirect(url_for("public.private", reference=item.reference, token=token))


def _dispute_closed(item: Feedback, lang: str) -> str:
    if item.status == Status.RESOLVED and item.resolved_at is not None:
        until = core.dispute_until(item)
        return _("The time to dispute this answer ended on %(date)s. If the problem remains, "
                 "send new feedback.", date=until.strftime("%d/%m/%Y"))
    return _("This feedback can no longer be disputed.")


def _rate(item: Feedback, token: str):
    lang = current_language()
    form = RatingForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        score = int(form.rating.data or "")
    except ValueError:
        return _private_page(item, token, forms={"rate": form},
                             errors={"rating": _("Choose a rating from 1 to 5.")}, status=422)
    try:
        core.rate(item, score, form.comment.data)
    except core.FeedbackError as exc:
        db.session.rollback()
        item = core.find(item.reference)
        return _private_page(item, token, forms={"rate": form},
                             errors={"rating": texts.error(exc.code, lang, **exc.params)},
                             status=422)
    flash(_("Thank you for your rating."), "success")
    return redirect(url_for("public.private", reference=item.reference, token=token))


# --- a body too big even to read ------------------------------------------------------------

@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    """Beyond attachments.BODY_CEILING the body is not read: the form comes back (empty, as
    nothing of it arrived) with the error beside the attachment, never a bare 413 page."""
    lang = current_language()
    errors = {"attachment": texts.error("attachment.too_big", lang)}
    args = request.view_args or {}
    if request.endpoint == "public.private":
        reference, token = args.get("reference", ""), args.get("token", "")
        item = core.find(reference) if followup.verify(reference, token) else None
        if item is None or item.reference != reference:
            return render_template("errors/error.html", code=404), 404
        return _private_page(item, token, errors=errors, status=413)
    return _submit_page(SubmissionForm(formdata=None), errors), 413
