"""Forms of the admin and manager pages: institutions, sectors, staff accounts. Choices that
depend on the database (and on what the user may grant, access.py) are filled in by the
views."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from ...models import INSTITUTION_KINDS, ROLES
from ...router.gazetteer import words
from ..accounts import MIN_PASSWORD
from ..forms import LANGUAGE_CHOICES, REQUIRED

CODE = Regexp(r"^[A-Z0-9]{2,12}$", message=_l("Use 2 to 12 capital letters or digits."))
SLA = NumberRange(min=1, max=90, message=_l("Working days from 1 to 90."))
WEIGHT = NumberRange(min=0, max=10, message=_l(
    "A weight from 0 to 10 (0: the phrase never counts for this institution)."))


def _keys(value) -> list[str]:
    """Gazetteer keys typed with commas or spaces, or picked in a multi-select."""
    if isinstance(value, list | tuple):
        value = ",".join(value)
    return sorted({key.strip().upper() for key in (value or "").replace("\n", ",").split(",")
                   if key.strip()})


def _phrase(value) -> str:
    """A phrase as the router reads it: lower-case words, one space apart."""
    return " ".join(words(value or ""))


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
    short_name = StringField(_l("Short name (fits a USSD line)"),
                             filters=[lambda v: (v or "").strip() or None],
                             validators=[Optional(), Length(max=40)])
    regions = TextAreaField(_l("Regions covered (keys, comma separated; empty: the whole "
                               "country)"), filters=[_keys])
    districts = TextAreaField(_l("Districts covered (keys, comma separated; empty: all of "
                                 "its regions)"), filters=[_keys])
    active = BooleanField(_l("Active (receives feedback)"), default=True)
    # Working days to answer, per kind; empty means the national default (DEFAULT_SLA_DAYS).
    sla_complaint = IntegerField(validators=[Optional(), SLA])
    sla_suggestion = IntegerField(validators=[Optional(), SLA])
    sla_enquiry = IntegerField(validators=[Optional(), SLA])
    sla_compliment = IntegerField(validators=[Optional(), SLA])
    # Hours on the clock to answer an urgent item (mrejesho.urgency); empty keeps 24.
    urgent_sla_hours = IntegerField(_l("Hours to answer an urgent item (danger to life or "
                                       "property)"), validators=[Optional(), NumberRange(
                                           min=1, max=168,
                                           message=_l("Hours from 1 to 168."))])


class AliasForm(FlaskForm):
    """A routing alias: a phrase that points to an institution, with its weight."""

    phrase = StringField(_l("Word or phrase"), filters=[_phrase],
                         validators=[DataRequired(REQUIRED), Length(max=80)])
    institution = SelectField(_l("Institution"), choices=[], validate_choice=False,
                              validators=[DataRequired(REQUIRED)])
    weight = FloatField(_l("Weight"), default=3.0, validators=[
        InputRequired(REQUIRED), WEIGHT])


class AliasEditForm(FlaskForm):
    weight = FloatField(_l("Weight"), validators=[InputRequired(REQUIRED), WEIGHT])
    active = BooleanField(_l("Active"), default=True)


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
