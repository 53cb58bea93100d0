"""The desk's intake form. Its choices are filled by the view, which knows which
institutions the officer may record for (access.intake_institutions)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields import EmailField, TelField
from wtforms.validators import DataRequired, Length

from ..forms import LANGUAGE_CHOICES, REQUIRED


class IntakeForm(FlaskForm):
    """What the citizen said at the desk; validated again by mrejesho.schemas."""

    channel = RadioField(_l("How it came"), choices=[], validate_choice=False,
                         validators=[DataRequired(REQUIRED)])
    kind = SelectField(_l("Kind"), choices=[], validate_choice=False)
    institution = SelectField(_l("Institution"), choices=[], validate_choice=False)
    priority = SelectField(_l("Priority"), choices=[], validate_choice=False)
    subject = StringField(_l("Subject"), validators=[Length(max=200)])
    body = TextAreaField(_l("What the citizen said or wrote"),
                         validators=[DataRequired(REQUIRED), Length(max=2000)])
    name = StringField(_l("Citizen's name"))
    phone = TelField(_l("Citizen's phone number"))
    email = EmailField(_l("Citizen's email"))
    language = SelectField(_l("Citizen's language"), choices=LANGUAGE_CHOICES)
    anonymous = BooleanField(_l("The citizen asks not to be identified"))
    attachment = FileField(_l("Scanned letter or photo (image or PDF)"))
