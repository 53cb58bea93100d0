"""Citizen pages: home, the submission form, receipt, tracking and rating."""
from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import feedback as core
from .. import intake, references, texts
from ..extensions import db, limiter
from ..models import Institution, Sector
from ..router import gazetteer as places_of_tanzania
from ..templating import current_language
from . import attachments
from .forms import RatingForm, SubmissionForm, TrackForm

bp = Blueprint("public", __name__)


def institution_groups(lang: str) -> list[tuple[str, list[Institution]]]:
    """Active institutions grouped by sector name, for the form's select."""
    rows = db.session.scalars(
        db.select(Institution).join(Sector).where(Institution.active)
        .order_by(Sector.name_en if lang == "en" else Sector.name_sw, Institution.code)
    ).all()
    return [(name, list(items)) for name, items in groupby(rows, key=lambda i: i.sector.name(lang))]


def chosen_place(region: str | None, district: str | None) -> dict:
    """The region and district keys the citizen chose; a district decides its region, and
    a key the gazetteer does not know is dropped."""
    gazetteer = places_of_tanzania.load()
    if district in gazetteer.districts:
        return {"region": gazetteer.districts[district][0], "district": district}
    return {"region": region if region in gazetteer.regions else None, "district": None}


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
    if request.method == "GET" and request.args.get("institution"):
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
                return redirect(url_for("public.receipt", reference=item.reference))
    status = 422 if errors else 200
    regions, districts = places_of_tanzania.listing()
    return render_template(
        "public/submit.html", form=form, errors=errors, groups=institution_groups(lang),
        regions=regions, districts=districts,
    ), status


@bp.get("/receipt/<reference>")
def receipt(reference):
    """Confirmation page with the reference number."""
    item = core.find(reference) or abort(404)
    return render_template("public/receipt.html", item=item)


@bp.get("/track")
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
def status(reference):
    """The public status page: institution, status and public timeline, no personal data."""
    item = core.find(reference) or abort(404)
    timeline = [e for e in item.events if e.public]
    return render_template(
        "public/status.html", item=item, timeline=timeline, rating_form=RatingForm(),
    )


@bp.post("/track/<reference>/rate")
@limiter.limit("10/hour")
def rate(reference):
    """Accept the citizen's 1-5 rating of a resolved feedback."""
    item = core.find(reference) or abort(404)
    form = RatingForm()
    lang = current_language()
    if form.validate_on_submit():
        try:
            core.rate(item, int(form.rating.data or 0), form.comment.data)
        except core.FeedbackError as exc:
            flash(texts.error(exc.code, lang, **exc.params), "error")
        except ValueError:
            flash(_("Choose a rating from 1 to 5."), "error")
        else:
            flash(_("Thank you for your rating."), "success")
    return redirect(url_for("public.status", reference=item.reference))
