"""Sign-up, log-in, settings and two-factor forms."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Regexp,
    ValidationError,
)

from quizapp.core import limits
from quizapp.core.passwords import weakness
from quizapp.web.forms import Form

USERNAME = Regexp(r"^[A-Za-z0-9_.-]+$", message="Use letters, digits, '.', '_' or '-' only.")


PASSWORD_LENGTH = Length(
    min=10, max=limits.PASSWORD, message=f"Use between 10 and {limits.PASSWORD} characters."
)


class _StrongPassword:
    """Refuses passwords a guesser tries first, saying why; `words_from` names a field to avoid."""

    def __init__(self, words_from: str | None = None) -> None:
        self.words_from = words_from

    def __call__(self, form: FlaskForm, field: PasswordField) -> None:
        if field.errors:  # too short or too long: that message is enough
            return
        # A form without the username as a field names it in `avoid_words` (a reset's form).
        words = (
            [form[self.words_from].data or ""]
            if self.words_from
            else list(getattr(form, "avoid_words", []))
        )
        problem = weakness(field.data or "", words)
        if problem:
            raise ValidationError(problem)


@cache
def timezone_names() -> list[str]:
    return sorted(available_timezones())


class _TimezoneName:
    def __call__(self, form: FlaskForm, field: StringField) -> None:
        if field.data not in timezone_names():
            field.data = "UTC"  # the browser's guess is optional; the settings page can change it


class RegisterForm(Form):
    username = StringField(
        "Username", validators=[DataRequired(), Length(min=3, max=limits.USERNAME), USERNAME]
    )
    password = PasswordField(
        "Password", validators=[DataRequired(), PASSWORD_LENGTH, _StrongPassword("username")]
    )
    confirm = PasswordField(
        "Password again",
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")],
    )
    timezone = HiddenField(default="UTC", validators=[_TimezoneName()])


class LoginForm(Form):
    username = StringField("Username", validators=[DataRequired(), Length(max=limits.USERNAME)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=limits.PASSWORD)])


class SettingsForm(Form):
    timezone = SelectField("Time zone", validators=[DataRequired()])
    new_per_day = IntegerField(
        "New questions a day",
        validators=[InputRequired(), NumberRange(min=0, max=500)],
        description="How many questions you have not seen before to start each day.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_names()


class PasswordForm(Form):
    current = PasswordField(
        "Current password", validators=[DataRequired(), Length(max=limits.PASSWORD)]
    )
    new = PasswordField(
        "New password", validators=[DataRequired(), PASSWORD_LENGTH, _StrongPassword()]
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new", message="The passwords do not match.")],
    )


class TwoFactorForm(Form):
    """An authenticator code (or a recovery code) after the password."""

    code = StringField(
        "Code from your authenticator app",
        validators=[DataRequired(message="Type the 6-digit code."), Length(max=20)],
    )


class DisableTwoFactorForm(Form):
    password = PasswordField("Password", validators=[DataRequired(), Length(max=limits.PASSWORD)])


class ReplaceTwoFactorForm(TwoFactorForm, DisableTwoFactorForm):
    """Setting two-factor log-in up again while it is on: the new code and the password."""


class ResetCodeForm(Form):
    """The username and the one-time code a teacher gave, or a sign-in card shows."""

    username = StringField("Username", validators=[DataRequired(), Length(max=limits.USERNAME)])
    code = StringField(
        "One-time code",
        validators=[DataRequired(message="Type the code, like ABCD-EFGH-JKMN."), Length(max=40)],
    )


class NewPasswordForm(Form):
    """Choosing a new password after a reset: the same rules as at sign-up."""

    new = PasswordField(
        "New password", validators=[DataRequired(), PASSWORD_LENGTH, _StrongPassword()]
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new", message="The passwords do not match.")],
    )

    def __init__(self, username: str, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.avoid_words = [username]


class ForgotForm(Form):
    """Asking for a reset link by mail."""

    username = StringField(
        "Username or email address",
        validators=[DataRequired(), Length(max=limits.EMAIL)],
    )


EMAIL = Regexp(
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Type a whole address, like name@example.org."
)


class EmailForm(Form):
    email = StringField(
        "Email address",
        validators=[DataRequired(), Length(max=limits.EMAIL), EMAIL],
        description="Optional. Only for resetting your password by mail.",
    )


class SsoLinkForm(Form):
    """The password, before a school sign-in account is linked to this one."""

    password = PasswordField(
        "Your quizapp password", validators=[DataRequired(), Length(max=limits.PASSWORD)]
    )
