"""Bulk actions on the queue: assign, transfer (route) or close as duplicates the rows the
officer ticked, without JavaScript (one form around the table, posted here).

Each ticked row sends back "id.version", the version the officer saw. Only items the officer
may see are acted on (a forged id of another institution's item is never touched), each
through the core in its own savepoint, so one item refused (changed meanwhile, closed, of
another institution) leaves the others done. The officer is told how many were done and
which references were refused and why; the request commits once (unit_of_work).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length

from ... import feedback as core
from ... import reference, references, texts
from ...edge import small_int
from ...extensions import db
from ...languages import LANGUAGES
from ...models import Feedback, Institution, StaffUser
from ...templating import current_language
from .. import access
from ..blueprint import bp
from . import filters as queue_filters

MAX_ITEMS = 100  # rows one bulk request may act on
ACTIONS = ("assign", "transfer", "duplicate")
UNASSIGN = "none"  # the assignee choice that puts items back in the unassigned pool
REFUSALS_LISTED = 20  # refused references named one by one; the rest are counted


class BulkForm(FlaskForm):
    """The bulk action bar; the ticked rows come as repeated "item" values."""

    assignee = SelectField(_l("Assign to"), choices=[], validate_choice=False)
    institution = SelectField(_l("Transfer to"), choices=[], validate_choice=False)
    reason = TextAreaField(_l("Reason"), validators=[Length(max=500)])
    original = StringField(_l("Reference number of the original"),
                           validators=[Length(max=40)])


def bar_choices(user: StaffUser) -> dict:
    """What the bulk bar offers: colleagues to assign to and institutions to transfer to
    (every active one: an item already there is refused on its own)."""
    officers = db.session.execute(
        sa.select(StaffUser.id, StaffUser.name)
        .where(StaffUser.institution_id == user.institution_id, StaffUser.active,
               StaffUser.id != user.id)
        .order_by(StaffUser.name)).all()
    options = reference.current().derived("bulk.institutions", _institution_options)
    return {"officers": officers, "institution_options": options[current_language()]}


def _institution_options(snapshot) -> dict[str, Markup]:
    """The transfer list's <option>s of every active institution, by code, in each language:
    made once per reference snapshot, not 300 rows read and escaped on every queue page."""
    desks = sorted((d for d in snapshot.desks if d.active), key=lambda d: d.code)
    return {lang: Markup("").join(
        Markup('<option value="{0}">{0} · {1}</option>').format(d.code, d.name(lang))
        for d in desks) for lang in LANGUAGES}


@dataclass
class Outcome:
    done: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (reference, why)
    unseen: int = 0  # ids not (or no longer) in the officer's queues


def parse_items(values: list[str]) -> tuple[dict[int, int | None], int]:
    """{feedback id: version seen} from "id.version" values (first of each id, in order),
    and how many values could not be read."""
    items: dict[int, int | None] = {}
    unreadable = 0
    for value in values:
        ident, _, version = (value or "").strip().partition(".")
        if (small_int(ident) is None
                or (version and small_int(version) is None)):
            unreadable += 1
            continue
        items.setdefault(int(ident), int(version) if version else None)
    return items, unreadable


def _back():
    """The queue as the officer left it: its filters come back as hidden fields."""
    filters, _errors = queue_filters.parse(
        request.form, can_pick_institution=access.sees_many_institutions(current_user))
    return redirect(url_for("staff.queue", **filters.args()))


def _refuse(message: str):
    flash(message, "error")
    return _back()


@bp.post("/queue/bulk")
def bulk():
    """Apply one action to the ticked rows of the queue."""
    form = BulkForm()
    if not form.validate_on_submit():
        return _refuse(next(iter(form.errors.values()))[0] if form.errors
                       else _("Check the form."))
    values = request.form.getlist("item")
    if not values:
        return _refuse(_("Tick at least one item in the list first."))
    if len(values) > MAX_ITEMS:
        return _refuse(_("At most %(max)d items can be changed at once; you ticked "
                         "%(count)d. Nothing was changed.", max=MAX_ITEMS, count=len(values)))
    items, unreadable = parse_items(values)
    action = request.form.get("action", "")
    if action not in ACTIONS:
        return _refuse(_("Choose what to do with the ticked items."))
    act = _prepared(action, form)
    if isinstance(act, str):
        return _refuse(act)
    apply, success = act
    outcome = run(items, apply)
    outcome.unseen += unreadable
    _report(outcome, success)
    return _back()


def _prepared(action: str, form: BulkForm):
    """(apply(item, version), success message maker) for the action, or an error text when
    its fields are not right (then nothing is done)."""
    user = current_user._get_current_object()
    if action == "assign":
        # No default: Enter pressed in another field of the bar must not unassign anything.
        choice = (form.assignee.data or "").strip()
        assignee = None
        if choice == "me":
            assignee = user
        elif choice != UNASSIGN:
            assignee = access.assignee(int(choice)) if choice.isdigit() else None
            if assignee is None:
                return _("Choose an officer from the list.")

        def assign(item, version):
            core.assign(item, user, assignee, version=version)

        if assignee is None:
            return assign, lambda n: ngettext(
                "%(num)d item is back in the unassigned pool.",
                "%(num)d items are back in the unassigned pool.", n)
        return assign, lambda n: ngettext("%(num)d item assigned to %(name)s.",
                                          "%(num)d items assigned to %(name)s.", n,
                                          name=assignee.name)
    if action == "transfer":
        # access.transfer_target's rules: an active institution; one already holding an
        # item is refused for that item by the core (same_institution).
        code = (form.institution.data or "").strip().upper()
        target = db.session.scalar(sa.select(Institution).where(
            Institution.code == code, Institution.active)) if code else None
        if target is None:
            return _("Choose an institution from the list.")
        reason = (form.reason.data or "").strip()
        if not reason:
            return _("Give the reason for the transfer: the citizen is told who is now "
                     "responsible.")

        def transfer(item, version):
            core.transfer(item, user, target, reason, version=version)

        return transfer, lambda n: ngettext("%(num)d item transferred to %(inst)s.",
                                            "%(num)d items transferred to %(inst)s.", n,
                                            inst=target.code)
    reference = references.normalize(form.original.data or "")
    original = access.by_reference(user, reference) if reference else None
    if original is None:
        return _("No feedback in your queues has that reference number.")
    shown = references.display(original.reference)

    def duplicate(item, version):
        core.mark_duplicate(item, user, original, version=version)

    return duplicate, lambda n: ngettext("%(num)d item closed as a duplicate of %(ref)s.",
                                         "%(num)d items closed as duplicates of %(ref)s.", n,
                                         ref=shown)


def run(items: dict[int, int | None], apply) -> Outcome:
    """Apply to each visible item in its own savepoint; refusals undo only their item."""
    outcome = Outcome()
    visible = {item.id: item for item in db.session.scalars(
        access.visible_feedback(current_user).where(Feedback.id.in_(list(items))))}
    language = current_language()
    # In id order: two bulk requests over overlapping items lock them in the same order,
    # so one waits for the other instead of both deadlocking.
    for ident, version in sorted(items.items()):
        item = visible.get(ident)
        if item is None:
            outcome.unseen += 1
            continue
        reference = item.reference
        try:
            with db.session.begin_nested():
                apply(item, version)
        except core.FeedbackError as exc:
            outcome.refused.append((references.display(reference),
                                    texts.error(exc.code, language, **exc.params)))
        else:
            outcome.done.append(reference)
    return outcome


def _report(outcome: Outcome, success) -> None:
    """Tell the officer in words what was done and what was refused."""
    if outcome.done:
        flash(success(len(outcome.done)), "success")
    if outcome.refused:
        named = "; ".join(f"{reference}: {why}"
                          for reference, why in outcome.refused[:REFUSALS_LISTED])
        more = len(outcome.refused) - REFUSALS_LISTED
        if more > 0:
            named += " " + _("(and %(num)d more)", num=more)
        flash(ngettext("%(num)d item was not changed: %(list)s",
                       "%(num)d items were not changed: %(list)s", len(outcome.refused),
                       list=named), "error")
    if outcome.unseen:
        flash(ngettext("%(num)d ticked item is not in your queues (any more) and was not "
                       "changed.",
                       "%(num)d ticked items are not in your queues (any more) and were not "
                       "changed.", outcome.unseen), "error")
    if not (outcome.done or outcome.refused or outcome.unseen):
        flash(_("Nothing was changed."), "error")
