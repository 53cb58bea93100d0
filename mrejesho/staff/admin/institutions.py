"""Admin pages for the directory: institutions (with parent, sector, SLA days, aliases, short
name, the regions and districts they cover, active) and sectors."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from ...extensions import db
from ...models import KINDS, Institution, Sector
from ...router import gazetteer
from .. import access
from ..blueprint import bp
from . import directory
from .forms import InstitutionForm, SectorForm

DIRECTORY_ERRORS = {
    "code_taken": lambda: _("Another entry already uses this code."),
    "parent_loop": lambda: _("An institution cannot be its own parent, even indirectly."),
}


MAX_SEARCH = 100


@bp.get("/admin/institutions")
@access.role_required(access.ADMIN)
def institutions():
    """All institutions, searchable by code or name."""
    q = request.args.get("q", "").strip()[:MAX_SEARCH]  # SQLite refuses huge LIKE patterns
    stmt = db.select(Institution).order_by(Institution.code)
    if q:
        pattern = f"%{q}%"
        stmt = stmt.where(Institution.code.ilike(pattern) | Institution.name_sw.ilike(pattern)
                          | Institution.name_en.ilike(pattern))
    return render_template("staff/admin_institutions.html",
                           rows=db.session.scalars(stmt).all(), q=q)


@bp.route("/admin/institutions/new", methods=["GET", "POST"])
@bp.route("/admin/institutions/<int:institution_id>", methods=["GET", "POST"])
@access.role_required(access.ADMIN)
def institution_form(institution_id: int | None = None):
    """Create or edit an institution; deactivate it by unticking Active."""
    institution = db.session.get(Institution, institution_id) if institution_id else None
    if institution_id and institution is None:
        abort(404)
    form = InstitutionForm(obj=institution)
    form.sector.choices = [SelectChoice(s.id, f"{s.code} - {s.name_sw}") for s in
                           db.session.scalars(db.select(Sector).order_by(Sector.code))]
    form.parent.choices = [SelectChoice("", "-")] + [
        SelectChoice(i.code, f"{i.code} - {i.name_sw}") for i in
        db.session.scalars(db.select(Institution).order_by(Institution.code))
        if institution is None or i.id != institution.id
    ]
    if request.method == "GET" and institution is not None:
        form.sector.data = institution.sector_id
        form.parent.data = institution.parent.code if institution.parent else ""
        form.aliases.data = ", ".join(institution.aliases or [])
        form.urgent_sla_hours.data = institution.urgent_sla_hours
        covers = institution.covers or {}
        form.regions.data = ", ".join(covers.get("regions") or [])
        form.districts.data = ", ".join(covers.get("districts") or [])
        for kind in KINDS:
            getattr(form, f"sla_{kind}").data = (institution.sla_days or {}).get(kind)
    error = None
    if form.validate_on_submit() and not _coverage_wrong(form):
        try:
            saved = directory.save_institution(institution, form.data)
        except directory.DirectoryError as exc:
            error = DIRECTORY_ERRORS[exc.code]()
        else:
            flash(_("Institution %(code)s saved.", code=saved.code), "success")
            return redirect(url_for("staff.institutions"))
    status = 422 if (error or form.errors) else 200
    regions, districts = gazetteer.listing()
    return render_template("staff/admin_institution_form.html", form=form, error=error,
                           institution=institution, kinds=KINDS, regions=regions,
                           districts=districts), status


def _coverage_wrong(form: InstitutionForm) -> bool:
    """Check the regions and districts against the gazetteer; errors go beside the field."""
    errors = directory.coverage_errors(form.regions.data, form.districts.data)
    for name, message in errors.items():
        form[name].errors = [*form[name].errors, message]
    return bool(errors)


@bp.get("/admin/sectors")
@access.role_required(access.ADMIN)
def sectors():
    """All sectors."""
    rows = db.session.scalars(db.select(Sector).order_by(Sector.code)).all()
    return render_template("staff/admin_sectors.html", rows=rows)


@bp.route("/admin/sectors/new", methods=["GET", "POST"])
@bp.route("/admin/sectors/<int:sector_id>", methods=["GET", "POST"])
@access.role_required(access.ADMIN)
def sector_form(sector_id: int | None = None):
    """Create or edit a sector."""
    sector = db.session.get(Sector, sector_id) if sector_id else None
    if sector_id and sector is None:
        abort(404)
    form = SectorForm(obj=sector)
    error = None
    if form.validate_on_submit():
        try:
            directory.save_sector(sector, form.data)
        except directory.DirectoryError as exc:
            error = DIRECTORY_ERRORS[exc.code]()
        else:
            flash(_("Sector saved."), "success")
            return redirect(url_for("staff.sectors"))
    status = 422 if (error or form.errors) else 200
    return render_template("staff/admin_sector_form.html", form=form, error=error,
                           sector=sector), status
