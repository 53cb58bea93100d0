"""Forms of the sign-in pages, and what the other pages' forms share (the bare button form,
the language choices). Flask-WTF adds and checks the CSRF token of each."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from .accounts import MIN_PASSWORD

REQUIRED = _l("This field is required.")
LANGUAGE_CHOICES = [SelectChoice("sw", "Kiswahili"), SelectChoice("en", "English")]


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
    """A form that is only a button (logout, delete): it carries the CSRF token."""
