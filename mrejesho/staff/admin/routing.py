"""The admin's Routing page (issue 10): the central desk's record (how often its officers
took the router's first suggestion), the routing aliases (add, reweigh, disable, delete),
"Learn now" (router/learning.py), and a box to try the router on a text."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ... import reference, router
from ...extensions import db
from ...models import Institution, RoutingAlias
from ...router import learning
from .. import access
from ..blueprint import bp
from ..forms import ButtonForm
from .forms import AliasEditForm, AliasForm

MAX_TRY = 1000  # characters of the text tried


def _institutions() -> list[Institution]:
    return db.session.scalars(db.select(Institution).where(Institution.active.is_(True))
                              .order_by(Institution.code)).all()


def _alias_form(institutions, *, submitted: bool = False, data=None) -> AliasForm:
    form = AliasForm() if submitted else AliasForm(formdata=None, data=data)
    form.institution.choices = [SelectChoice("", "-")] + [
        SelectChoice(i.code, f"{i.code} - {i.name_sw}") for i in institutions]
    return form


def _try(text: str) -> dict | None:
    """The router's decision on a text, with names for the codes (no state changes)."""
    text = text.strip()[:MAX_TRY]
    if not text:
        return None
    decision = router.route(text)
    snapshot = reference.current()

    def name(code):
        desk = snapshot.by_code.get(code)
        return desk.name_sw if desk else code

    return {"text": text, "code": decision.code, "name": name(decision.code),
            "triage": snapshot.triage.code if snapshot.triage else None,
            "confidence": decision.confidence, "reasons": decision.reasons,
            "suggestions": [(code, name(code), score) for code, score in decision.suggestions],
            "place": ", ".join(p for p in (decision.region, decision.district, decision.ward)
                               if p)}


def render_routing(add: AliasForm | None = None, status: int = 200):
    institutions = _institutions()
    code = request.args.get("institution", "").strip().upper()
    stmt = db.select(RoutingAlias).join(Institution).order_by(RoutingAlias.phrase,
                                                               Institution.code)
    if code:
        stmt = stmt.where(Institution.code == code)
    rows = db.session.scalars(stmt).all()
    if add is None:
        add = _alias_form(institutions, data={"institution": code, "weight": 3.0})
    return render_template(
        "staff/admin_routing.html", record=learning.desk_record(30), rows=rows, code=code,
        institutions=institutions, add=add, button=ButtonForm(),
        tried=_try(request.args.get("text", "")), text=request.args.get("text", "")[:MAX_TRY],
        minimum=learning.min_evidence()), status


@bp.get("/admin/routing")
@access.role_required(access.ADMIN)
def routing():
    """The desk's record, the alias table (filtered by institution) and the try box."""
    return render_routing()


@bp.post("/admin/routing/aliases/new")
@access.role_required(access.ADMIN)
def routing_alias_new():
    """Add an admin's alias."""
    form = _alias_form(_institutions(), submitted=True)
    if form.validate_on_submit():
        institution = db.session.scalar(db.select(Institution).filter_by(
            code=form.institution.data, active=True))
        if institution is None:
            form.institution.errors = [_("Choose an institution from the list.")]
        elif not form.phrase.data:
            form.phrase.errors = [_("Write a word or a phrase of words.")]
        elif db.session.scalar(db.select(RoutingAlias.id).filter_by(
                phrase=form.phrase.data, institution_id=institution.id)) is not None:
            form.phrase.errors = [_("This institution already has this phrase: edit it below.")]
        else:
            db.session.add(RoutingAlias(phrase=form.phrase.data, institution_id=institution.id,
                                        weight=form.weight.data, source=learning.ADMIN,
                                        active=True, created_by_id=current_user.id))
            try:
                db.session.commit()
            except sa.exc.IntegrityError:  # added at the same moment by someone else
                db.session.rollback()
                form.phrase.errors = [_("This institution already has this phrase: edit it "
                                        "below.")]
                return render_routing(add=form, status=422)
            flash(_("Alias '%(phrase)s' saved for %(code)s.", phrase=form.phrase.data,
                    code=institution.code), "success")
            return redirect(url_for("staff.routing", institution=institution.code))
    return render_routing(add=form, status=422)


@bp.route("/admin/routing/aliases/<int:alias_id>", methods=["GET", "POST"])
@access.role_required(access.ADMIN)
def routing_alias_edit(alias_id: int):
    """Change an alias's weight or disable it; it becomes the admin's (never relearned)."""
    row = db.session.get(RoutingAlias, alias_id) or abort(404)
    form = AliasEditForm(obj=row)
    if form.validate_on_submit():
        row.weight, row.active = form.weight.data, bool(form.active.data)
        row.source = learning.ADMIN
        db.session.commit()
        flash(_("Alias '%(phrase)s' saved for %(code)s.", phrase=row.phrase,
                code=row.institution.code), "success")
        return redirect(url_for("staff.routing", institution=row.institution.code))
    status = 422 if form.errors else 200
    return render_template("staff/admin_routing_alias.html", form=form, row=row,
                           delete=ButtonForm()), status


@bp.post("/admin/routing/aliases/<int:alias_id>/delete")
@access.role_required(access.ADMIN)
def routing_alias_delete(alias_id: int):
    """Remove an alias (a learned one may be learned again: disable it to stop it)."""
    row = db.session.get(RoutingAlias, alias_id) or abort(404)
    code = row.institution.code
    if ButtonForm().validate_on_submit():
        db.session.delete(row)
        db.session.commit()
        flash(_("Alias deleted."), "success")
    return redirect(url_for("staff.routing", institution=code))


@bp.post("/admin/routing/learn")
@access.role_required(access.ADMIN)
def routing_learn():
    """Run the learner now."""
    if ButtonForm().validate_on_submit():
        result = learning.learn()
        db.session.commit()
        flash(_("Learned from %(n)d desk transfers: %(added)d aliases added, %(strengthened)d "
                "strengthened.", n=result.transfers, added=result.added,
                strengthened=result.strengthened), "success")
    return redirect(url_for("staff.routing"))
