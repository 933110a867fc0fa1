"""Homework forms: setting or editing a class's homework."""

from __future__ import annotations

from wtforms import DateTimeLocalField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from quizapp.core import homework as core
from quizapp.core import limits
from quizapp.web.forms import Form, _choices


class HomeworkForm(Form):
    """A teacher sets a class a homework; the due date is a wall-clock time in their own zone."""

    title = StringField("Title", validators=[DataRequired(), Length(max=limits.BANK_TITLE)])
    bank = SelectField("Bank", choices=[], coerce=int, validate_choice=False)
    tags = StringField(
        "Topics (tags, separated by commas; leave empty for the whole bank)",
        validators=[Length(max=500)],
    )
    goal = RadioField(
        "Goal",
        choices=_choices(
            (core.STUDIED, "Every question studied"),
            (core.RECALLED, "Every question recalled at this % or better on the due date"),
            (core.CORRECT, "This many correct answers, from now on"),
        ),
        default=core.STUDIED,
    )
    percent = IntegerField(
        "Recall to reach on the due date (%)",
        validators=[Optional(), NumberRange(min=1, max=100)],
        default=80,
    )
    answers = IntegerField(
        "Correct answers to give",
        validators=[Optional(), NumberRange(min=1, max=10_000)],
        default=20,
    )
    due = DateTimeLocalField("Due", validators=[DataRequired()], format="%Y-%m-%dT%H:%M")
