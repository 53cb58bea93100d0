"""Forms of the admin and manager pages: institutions, sectors, staff accounts. Choices that
depend on the database (and on what the user may grant, access.py) are filled in by the
views."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, Regexp

from ...models import INSTITUTION_KINDS, ROLES
from ..accounts import MIN_PASSWORD
from ..forms import LANGUAGE_CHOICES, REQUIRED

CODE = Regexp(r"^[A-Z0-9]{2,12}$", message=_l("Use 2 to 12 capital letters or digits."))
SLA = NumberRange(min=1, max=90, message=_l("Working days from 1 to 90."))


class InstitutionForm(FlaskForm):
    code = StringField(_l("Code"), filters=[lambda v: (v or "").strip().upper()],
                       validators=[DataRequired(REQUIRED), CODE])
    name_sw = StringField(_l("Name in Swahili"), validators=[DataRequired(REQUIRED),
                                                            Length(max=120)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(REQUIRED),
                                                            Length(max=120)])
    sector = SelectField(_l("Sector"), coerce=int, choices=[])
    kind = SelectField(_l("Kind of institution"),
                       choices=[SelectChoice(k) for k in INSTITUTION_KINDS])
    parent = SelectField(_l("Parent institution (escalations go there)"), choices=[],
                         validate_choice=False)
    aliases = StringField(_l("Words citizens use for it in SMS (comma separated)"),
                          validators=[Length(max=500)])
    active = BooleanField(_l("Active (receives feedback)"), default=True)
    # Working days to answer, per kind; empty means the national default (DEFAULT_SLA_DAYS).
    sla_complaint = IntegerField(validators=[Optional(), SLA])
    sla_suggestion = IntegerField(validators=[Optional(), SLA])
    sla_enquiry = IntegerField(validators=[Optional(), SLA])
    sla_compliment = IntegerField(validators=[Optional(), SLA])


class SectorForm(FlaskForm):
    code = StringField(_l("Code"), filters=[lambda v: (v or "").strip().upper()],
                       validators=[DataRequired(REQUIRED), Regexp(
                           r"^[A-Z0-9_]{2,20}$",
                           message=_l("Use 2 to 20 capital letters, digits or _."))])
    name_sw = StringField(_l("Name in Swahili"), validators=[DataRequired(REQUIRED),
                                                            Length(max=80)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(REQUIRED),
                                                            Length(max=80)])


class UserForm(FlaskForm):
    email = StringField(_l("Email"), filters=[lambda v: (v or "").strip().lower()],
                        validators=[DataRequired(REQUIRED), Length(max=200), Regexp(
                            r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                            message=_l("Write a valid email address."))])
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=120)])
    role = SelectField(_l("Role"), choices=[SelectChoice(r) for r in ROLES])
    institution = SelectField(_l("Institution"), choices=[], validate_choice=False)
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(
        min=MIN_PASSWORD, max=200, message=_l("Use at least %(n)d characters.", n=MIN_PASSWORD))])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED), Length(
        min=MIN_PASSWORD, max=200, message=_l("Use at least %(n)d characters.", n=MIN_PASSWORD))])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(REQUIRED), EqualTo("password", message=_l("The two passwords differ."))])
