"""Forms of the feedback page and of the canned responses. Choices are filled in by the
view, which knows what the user may pick (access.py)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import LANGUAGE_CHOICES, REQUIRED


class VersionField(HiddenField):
    """The version of the feedback the officer was looking at (None if the form had none):
    the core refuses the change when someone else changed the feedback since."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = int(text) if text.isdigit() else None


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Assign to"), choices=[], validate_choice=False)
    version = VersionField()


class TextForm(FlaskForm):
    """A reply to the citizen or an internal note."""

    text = TextAreaField(validators=[DataRequired(REQUIRED), Length(max=2000)])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=[], validate_choice=False,
                         validators=[DataRequired(REQUIRED)])
    message = TextAreaField(_l("Message to the citizen"), validators=[Length(max=2000)])
    version = VersionField()


class TransferForm(FlaskForm):
    institution = SelectField(_l("Institution"), choices=[], validate_choice=False,
                              validators=[DataRequired(REQUIRED)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(REQUIRED), Length(max=500)])
    version = VersionField()


class DuplicateForm(FlaskForm):
    reference = StringField(_l("Reference number of the original"),
                            validators=[DataRequired(REQUIRED)])
    version = VersionField()


class CannedForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(REQUIRED), Length(max=120)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(REQUIRED), Length(max=2000)])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    institution = SelectField(_l("Institution"), choices=[], validate_choice=False)
