"""Forms of the sign-in pages and the feedback page. Flask-WTF adds and checks the CSRF
token of each; choices are filled in by the view, which knows the user's institution."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length

from .accounts import MIN_PASSWORD

REQUIRED = _l("This field is required.")


class LoginForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired(REQUIRED), Length(max=200)])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED)])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED)])
    new = PasswordField(_l("New password"), validators=[
        DataRequired(REQUIRED),
        Length(min=MIN_PASSWORD, max=200,
               message=_l("Use at least %(n)d characters.", n=MIN_PASSWORD)),
    ])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(REQUIRED), EqualTo("new", message=_l("The two passwords differ.")),
    ])


class ButtonForm(FlaskForm):
    """A form that is only a button (logout, take the case): it carries the CSRF token."""


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Assign to"), choices=[], validate_choice=False)


class TextForm(FlaskForm):
    """A reply to the citizen or an internal note."""

    text = TextAreaField(validators=[DataRequired(REQUIRED), Length(max=2000)])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=[], validate_choice=False,
                         validators=[DataRequired(REQUIRED)])
    message = TextAreaField(_l("Message to the citizen"), validators=[Length(max=2000)])


class TransferForm(FlaskForm):
    institution = SelectField(_l("Institution"), choices=[], validate_choice=False,
                              validators=[DataRequired(REQUIRED)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(REQUIRED), Length(max=500)])


class DuplicateForm(FlaskForm):
    reference = StringField(_l("Reference number of the original"),
                            validators=[DataRequired(REQUIRED)])
