"""Quiz forms: setting a quiz, a manual score, and an answer on a quiz page."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from quizapp.core import accommodation, limits
from quizapp.study.forms import AnswerForm
from quizapp.web.forms import Form, _choices


class QuizForm(Form):
    """A teacher sets a quiz for a class; times are wall-clock times in the class's zone."""

    title = StringField("Title", validators=[DataRequired(), Length(max=limits.BANK_TITLE)])
    questions = SelectMultipleField("Questions", choices=[], coerce=int, validate_choice=False)
    draw_count = IntegerField(
        "Draw this many at random for each student (leave empty to give all chosen)",
        validators=[Optional(), NumberRange(min=1, max=200)],
    )
    stratify = StringField(
        "Balance the draw by these tags (optional, e.g. easy, medium, hard)",
        validators=[Length(max=200)],
    )
    shuffle_questions = BooleanField("Shuffle the questions for each student", default=True)
    shuffle_options = BooleanField("Shuffle each question's options", default=True)
    opens = DateTimeLocalField("Opens", validators=[Optional()], format="%Y-%m-%dT%H:%M")
    closes = DateTimeLocalField("Closes", validators=[Optional()], format="%Y-%m-%dT%H:%M")
    time_limit = IntegerField(
        "Time limit in minutes (optional)", validators=[Optional(), NumberRange(min=1, max=600)]
    )
    question_time = IntegerField(
        "Seconds per question (optional; one question per page only)",
        validators=[Optional(), NumberRange(min=5, max=3600)],
    )
    attempts = SelectField(
        "Attempts allowed",
        choices=_choices(("1", "1"), ("2", "2"), ("3", "3"), ("5", "5"), ("0", "Unlimited")),
        default="1",
    )
    grading = SelectField(
        "A student's grade is their",
        choices=_choices(
            ("highest", "Highest attempt"), ("last", "Last attempt"), ("mean", "Mean of attempts")
        ),
    )
    layout = SelectField(
        "Layout",
        choices=_choices(
            ("paged", "One question per page, with a navigator"), ("single", "All on one page")
        ),
    )
    studied_ok = BooleanField(
        "Practice check: students may also study these questions, with their answers, "
        "while the quiz is open"
    )
    reveal = SelectField(
        "Students see the right answers",
        choices=_choices(
            ("submit", "After submitting"),
            ("each", "After each question"),
            ("close", "After the quiz closes"),
        ),
    )


class OverrideForm(Form):
    """A teacher's manual score for an attempt, with the reason kept on record."""

    percent = DecimalField(
        "Score (%)", validators=[InputRequired(), NumberRange(min=0, max=100)], places=1
    )
    reason = StringField("Reason", validators=[DataRequired(), Length(max=500)])


class AccommodationForm(Form):
    """A student's (or the whole class's) accommodation on a quiz; the close is a wall-clock time
    in the class's zone."""

    time_multiplier = DecimalField(
        "Time multiplier (1 = none, 1.5 = half as long again)",
        validators=[InputRequired(), NumberRange(min=1, max=accommodation.MAX_MULTIPLIER)],
        places=2,
        default=1,
    )
    extra_minutes = IntegerField(
        "Extra minutes",
        validators=[InputRequired(), NumberRange(min=0, max=accommodation.MAX_EXTRA_MINUTES)],
        default=0,
    )
    extra_attempts = IntegerField(
        "Extra attempts",
        validators=[InputRequired(), NumberRange(min=0, max=accommodation.MAX_EXTRA_ATTEMPTS)],
        default=0,
    )
    closes = DateTimeLocalField(
        "Closes later (optional)",
        validators=[Optional()],
        format="%Y-%m-%dT%H:%M",
    )


class QuizAnswerForm(AnswerForm):
    """An answer on a quiz page, with the flag and where to go next."""

    flagged = BooleanField("Flag this question to come back to")
