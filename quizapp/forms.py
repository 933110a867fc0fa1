"""Input shapes: types, lengths and choices. Checks that need the database live in services."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Regexp,
)

USERNAME = Regexp(r"^[A-Za-z0-9_.-]+$", message="Use letters, digits, '.', '_' or '-' only.")
PASSWORD_LENGTH = Length(min=10, max=200, message="Use between 10 and 200 characters.")


@cache
def timezone_names() -> list[str]:
    return sorted(available_timezones())


class _TimezoneName:
    def __call__(self, form: FlaskForm, field: StringField) -> None:
        if field.data not in timezone_names():
            field.data = "UTC"  # the browser's guess is optional; the settings page can change it


class RegisterForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(min=3, max=40), USERNAME])
    password = PasswordField("Password", validators=[DataRequired(), PASSWORD_LENGTH])
    confirm = PasswordField(
        "Password again",
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")],
    )
    timezone = HiddenField(default="UTC", validators=[_TimezoneName()])


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=40)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class SettingsForm(FlaskForm):
    timezone = SelectField("Time zone", validators=[DataRequired()])
    new_per_day = IntegerField(
        "New questions a day",
        validators=[InputRequired(), NumberRange(min=0, max=500)],
        description="How many questions you have not seen before to start each day.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_names()


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    new = PasswordField("New password", validators=[DataRequired(), PASSWORD_LENGTH])
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new", message="The passwords do not match.")],
    )


class PostForm(FlaskForm):
    """A button that changes something: CSRF and nothing else (log out, more new questions)."""


class AnswerForm(FlaskForm):
    """One answer to any question type; the page decides which fields it shows."""

    token = HiddenField(validators=[DataRequired(message="Reload the question and answer again.")])
    answer = StringField("Your answer", validators=[Length(max=500)])
    picks = SelectMultipleField("Choose all that apply", choices=[], validate_choice=False)
    parts = FieldList(StringField(validators=[Length(max=500)]), max_entries=20)
    shown = FieldList(HiddenField(), max_entries=20)
    rating = SelectField(choices=["1", "2", "3", "4"], validate_choice=False)

    def check_for(self, qtype: str, count: int) -> bool:
        """Type-specific checks, with the message on the field the student has to fix."""
        if qtype in {"choice", "truefalse"} and not self.answer.data:
            self.answer.errors = ["Choose an answer."]
        elif qtype in {"short"} and not (self.answer.data or "").strip():
            self.answer.errors = ["Type an answer."]
        elif qtype == "numeric" and not _is_number(self.answer.data):
            self.answer.errors = ["Type a number, such as 2011."]
        elif qtype == "multi" and not self.picks.data:
            self.picks.errors = ["Choose at least one option."]
        elif qtype in {"cloze", "matching", "ordering"}:
            return self._check_parts(qtype, count)
        elif qtype == "flashcard" and self.rating.data not in {"1", "2", "3", "4"}:
            self.rating.errors = ["Rate how well you remembered it."]
        return not (self.answer.errors or self.picks.errors or self.rating.errors)

    def _check_parts(self, qtype: str, count: int) -> bool:
        values = [(entry.data or "").strip() for entry in self.parts]
        if len(values) != count or not all(values):
            message = {"cloze": "Fill in every blank.", "matching": "Match every item."}
            self.parts.errors = [message.get(qtype, "Give every event a position.")]
        elif qtype == "ordering" and sorted(values) != [str(n) for n in range(1, count + 1)]:
            self.parts.errors = [f"Number the events 1 to {count}, using each number once."]
        return not self.parts.errors

    def response(self, qtype: str) -> str | list[str]:
        """The answer as the grader takes it."""
        if qtype == "multi":
            return list(self.picks.data or [])
        if qtype in {"cloze", "matching"}:
            return [entry.data or "" for entry in self.parts]
        if qtype == "ordering":
            ranked = sorted(zip(self.parts, self.shown, strict=False), key=lambda p: int(p[0].data))
            return [item.data or "" for _, item in ranked]
        if qtype == "flashcard":
            return str(self.rating.data)
        return (self.answer.data or "").strip()


def _is_number(text: str | None) -> bool:
    try:
        float((text or "").strip().replace(",", "."))
    except ValueError:
        return False
    return True
