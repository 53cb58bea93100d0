"""The citizen forms. WTForms renders them and checks CSRF; the submission itself is
validated by mrejesho.schemas, the one validation every channel shares."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields import EmailField, TelField


class SubmissionForm(FlaskForm):
    kind = RadioField(choices=[], validate_choice=False)
    institution = SelectField(choices=[], validate_choice=False)
    region = SelectField(choices=[], validate_choice=False)
    district = SelectField(choices=[], validate_choice=False)
    subject = StringField()
    body = TextAreaField()
    name = StringField()
    phone = TelField()
    email = EmailField()
    anonymous = BooleanField()
    attachment = FileField()


class TrackForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form; it changes nothing

    ref = StringField()


class RatingForm(FlaskForm):
    rating = RadioField(choices=[], validate_choice=False)
    comment = TextAreaField()


class FollowUpForm(FlaskForm):
    """On the private page: more information, or the answer to the officer's question."""
    text = TextAreaField()
    attachment = FileField()


class DisputeForm(FlaskForm):
    """On the private page: why the answer did not solve it (reopens within the window)."""
    reason = TextAreaField()
