"""Input shapes: types, lengths and choices. Checks that need the database live in services."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    Field,
    FieldList,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from quizapp.core import limits
from quizapp.core.passwords import weakness

USERNAME = Regexp(r"^[A-Za-z0-9_.-]+$", message="Use letters, digits, '.', '_' or '-' only.")
PASSWORD_LENGTH = Length(
    min=10, max=limits.PASSWORD, message=f"Use between 10 and {limits.PASSWORD} characters."
)

TYPED = Length(max=limits.TYPED_ANSWER, message=f"Use at most {limits.TYPED_ANSWER} characters.")


def _refuse_control_characters(form: FlaskForm, field: Field) -> None:
    values = field.data if isinstance(field.data, list) else [field.data]
    if any(isinstance(v, str) and limits.has_control_character(v) for v in values):
        raise ValidationError("This holds a character that cannot be typed here; please retype it.")


class Form(FlaskForm):
    """Every quizapp form: no field accepts control characters such as NUL.

    CSRF is checked once, for every POST, by CSRFProtect before the view runs; the forms do not
    check it again (templates add the token with the csrf_field macro).
    """

    class Meta:
        csrf = False

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        given = extra_validators or {}
        extra = {name: [*given.get(name, ()), _refuse_control_characters] for name in self._fields}
        return bool(super().validate(extra))


class IndexedList(FieldList):
    """A FieldList that reads only ASCII indices ('parts-0'); 'parts-²' is ignored, not a crash."""

    def _extract_indices(self, prefix: str, formdata: Mapping[str, Any]) -> Iterator[int]:
        for key in formdata:
            if key.startswith(prefix + self._field_separator):
                index = key[len(prefix) + 1 :].split(self._field_separator, 1)[0]
                if index.isascii() and index.isdigit() and int(index) < self.max_entries:
                    yield int(index)


class _StrongPassword:
    """Refuses passwords a guesser tries first, saying why; `words_from` names a field to avoid."""

    def __init__(self, words_from: str | None = None) -> None:
        self.words_from = words_from

    def __call__(self, form: FlaskForm, field: PasswordField) -> None:
        if field.errors:  # too short or too long: that message is enough
            return
        words = [form[self.words_from].data or ""] if self.words_from else []
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


class RoleForm(Form):
    """An admin gives an account another role."""

    role = SelectField("Role", choices=["student", "teacher", "admin"])


class UserSearchForm(Form):
    """The admin's user list: a part of a username to look for."""

    q = StringField("Username contains", validators=[Length(max=limits.USERNAME)])


class ClassForm(Form):
    """A teacher creates a class."""

    name = StringField("Class name", validators=[DataRequired(), Length(max=limits.CLASS_NAME)])
    description = TextAreaField(
        "Description (optional)", validators=[Length(max=limits.CLASS_DESCRIPTION)]
    )


class JoinForm(Form):
    """A student types the code the teacher shows."""

    code = StringField(
        "Join code",
        validators=[DataRequired(message="Type the code your teacher shows."), Length(max=20)],
    )


class CoTeacherForm(Form):
    username = StringField(
        "Teacher's username", validators=[DataRequired(), Length(max=limits.USERNAME)]
    )


class ClassBanksForm(Form):
    """The banks a class studies: the checked slugs."""

    banks = SelectMultipleField("Banks", choices=[], validate_choice=False)


class PostForm(Form):
    """A button that changes something: CSRF and nothing else (log out, more new questions)."""


# The field each question type reads; the others are ignored, whatever they hold.
ANSWER_FIELD = {
    "choice": "answer",
    "truefalse": "answer",
    "short": "answer",
    "numeric": "answer",
    "multi": "picks",
    "cloze": "parts",
    "matching": "parts",
    "ordering": "parts",
    "flashcard": "rating",
}


class _Unanswered:
    """A field of an answer form nobody has filled in yet."""

    data = None
    errors: tuple[str, ...] = ()
    entries: tuple[Field, ...] = ()


class Unanswered:
    """What the question templates read of an answer form, for a question shown for the first time:
    building and binding a whole AnswerForm for every study page would be wasted work."""

    answer = picks = parts = rating = _Unanswered()


UNANSWERED = Unanswered()


class AnswerForm(Form):
    """One answer to any question type; the page decides which fields it shows."""

    token = HiddenField(
        validators=[DataRequired(message="Reload the question and answer again."), Length(max=300)]
    )
    answer = StringField("Your answer", validators=[TYPED])
    picks = SelectMultipleField("Choose all that apply", choices=[], validate_choice=False)
    parts = IndexedList(StringField(validators=[TYPED]), max_entries=20)
    rating = SelectField(choices=["1", "2", "3", "4"], validate_choice=False)
    dont_know = StringField(validators=[Length(max=1)])

    def gave_up(self) -> bool:
        """The student pressed "I don't know" instead of answering."""
        return bool(self.dont_know.data == "1")

    def check_for(self, qtype: str, count: int, choices: Sequence[str]) -> bool:
        """Checks against the question as shown, with the message on the field to fix.

        Call after validate(): a length or character error on the field this type reads counts;
        errors on fields it ignores do not.
        """
        field = self[ANSWER_FIELD[qtype]]
        if self.gave_up() and qtype != "flashcard":
            return True
        if not field.errors:
            field.errors = self._problems(qtype, count, choices)
        return not field.errors

    def _problems(self, qtype: str, count: int, choices: Sequence[str]) -> list[str]:
        answer = (self.answer.data or "").strip()
        if qtype in {"choice", "truefalse"} and not answer:
            return ["Choose an answer."]
        if qtype == "choice" and self.answer.data not in choices:
            return ["Choose one of the options shown."]
        if qtype == "truefalse" and answer not in {"true", "false"}:
            return ["Choose True or False."]
        if qtype == "short" and not answer:
            return ["Type an answer."]
        if qtype == "numeric" and not _is_number(answer):
            return ["Type a number, such as 2011."]
        if qtype == "multi":
            return _pick_problems(self.picks.data or [], choices)
        if qtype in {"cloze", "matching", "ordering"}:
            return self._part_problems(qtype, count, choices)
        if qtype == "flashcard" and self.rating.data not in {"1", "2", "3", "4"}:
            return ["Rate how well you remembered it."]
        return []

    def _part_problems(self, qtype: str, count: int, choices: Sequence[str]) -> list[str]:
        values = [(entry.data or "").strip() for entry in self.parts]
        names = [entry.name for entry in self.parts]
        if names != [f"parts-{i}" for i in range(count)] or not all(values):
            message = {"cloze": "Fill in every blank.", "matching": "Match every item."}
            return [message.get(qtype, "Give every event a position.")]
        if qtype == "matching" and not set(values) <= set(choices):
            return ["Choose each match from its list."]
        if qtype == "matching" and len(set(values)) < len(values):
            twice = sorted({value for value in values if values.count(value) > 1})
            return [f"Use each match once: {', '.join(twice)} is chosen more than once."]
        if qtype == "ordering" and sorted(values) != [str(n) for n in range(1, count + 1)]:
            return [f"Number the events 1 to {count}, using each number once."]
        return []

    def response(self, qtype: str, choices: Sequence[str]) -> str | list[str]:
        """The answer as the grader takes it; `choices` are the options in the order shown.

        "I don't know" is an empty answer of the question's shape, graded as missed.
        """
        if self.gave_up():
            return [] if qtype in {"multi", "cloze", "matching", "ordering"} else ""
        if qtype == "multi":
            return list(dict.fromkeys(self.picks.data or []))
        if qtype in {"cloze", "matching"}:
            return [entry.data or "" for entry in self.parts]
        if qtype == "ordering":
            positions = [int(entry.data) for entry in self.parts]
            return [item for _, item in sorted(zip(positions, choices, strict=True))]
        if qtype == "flashcard":
            return str(self.rating.data)
        return (self.answer.data or "").strip()


def _pick_problems(picks: Sequence[str], choices: Sequence[str]) -> list[str]:
    if not picks:
        return ["Choose at least one option."]
    if not set(picks) <= set(choices):
        return ["Choose from the options shown."]
    return []


def _is_number(text: str | None) -> bool:
    try:
        value = float((text or "").strip().replace(",", "."))
    except ValueError:
        return False
    return math.isfinite(value)  # 'nan', 'inf' and '1e400' are not numbers a student means


QUIZ_ONLY_LABEL = "For quizzes only: students never study it, and see its answers only in a quiz"


class BankForm(Form):
    """A teacher makes a bank, or renames and describes one."""

    title = StringField("Title", validators=[DataRequired(), Length(max=limits.BANK_TITLE)])
    description = TextAreaField(
        "Description (optional)", validators=[Length(max=limits.BANK_DESCRIPTION)]
    )
    quiz_only = BooleanField(QUIZ_ONLY_LABEL)


class CopyBankForm(Form):
    title = StringField(
        "Title of the copy", validators=[DataRequired(), Length(max=limits.BANK_TITLE)]
    )
    quiz_only = BooleanField(QUIZ_ONLY_LABEL)


class BankEditorForm(Form):
    """An admin lets a teacher edit a school bank."""

    username = StringField(
        "Teacher's username", validators=[DataRequired(), Length(max=limits.USERNAME)]
    )


_LIST_TEXT = Length(max=limits.PROMPT * 10)


def _choices(*pairs: tuple[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


DIFFICULTY_CHOICES = _choices(("easy", "Easy"), ("medium", "Medium"), ("hard", "Hard"))


class QuestionForm(Form):
    """Every field a question type may have; each type's page shows its own (QUESTION_FIELDS).

    Lists are typed one item per line. The bank file checks (quizapp.core.checks) run on what the
    teacher typed and their messages are shown next to these fields.
    """

    key = StringField("Key", validators=[Length(max=limits.QUESTION_KEY)])
    prompt = TextAreaField("Question", validators=[Length(max=limits.PROMPT)])
    options = TextAreaField("Options, one per line", validators=[_LIST_TEXT])
    answer = StringField("Correct answer", validators=[Length(max=limits.OPTION)])
    truth = SelectField("The statement is", choices=_choices(("true", "True"), ("false", "False")))
    answers = TextAreaField("Accepted answers, one per line", validators=[_LIST_TEXT])
    number = StringField("Correct number", validators=[Length(max=40)])
    tolerance = StringField("Accepted within ± (optional)", validators=[Length(max=40)])
    unit = StringField("Unit (optional)", validators=[Length(max=limits.TAG)])
    pairs = TextAreaField("Pairs, one per line: left => right", validators=[_LIST_TEXT])
    items = TextAreaField("Items in the correct order, one per line", validators=[_LIST_TEXT])
    explanation = TextAreaField(
        "Explanation (optional)", validators=[Length(max=limits.EXPLANATION)]
    )
    topics = StringField("Topic tags, separated by commas", validators=[Length(max=400)])
    difficulty = SelectField("Difficulty", choices=DIFFICULTY_CHOICES)
    cite = TextAreaField(
        "Sources, one per line: article file#paragraph", validators=[Length(max=2000)]
    )
    decision = HiddenField()


class ImportFileForm(Form):
    """Questions from a file in a format schools use, previewed before anything is saved."""

    fmt = SelectField(
        "Format",
        choices=_choices(
            ("gift", "GIFT (Moodle)"),
            ("aiken", "Aiken (multiple choice)"),
            ("csv", "CSV from Quizlet: term, definition"),
        ),
    )
    upload = FileField("File (UTF-8 text, up to 30 KB)")
    text = TextAreaField("…or paste the text", validators=[Length(max=30_000)])
    cite = TextAreaField(
        "Sources for questions that name none, one per line: article file#paragraph",
        validators=[Length(max=2000)],
    )
    difficulty = SelectField(
        "Difficulty for questions that give none",
        choices=DIFFICULTY_CHOICES,
        default="medium",
    )
    filename = HiddenField()


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


class QuizAnswerForm(AnswerForm):
    """An answer on a quiz page, with the flag and where to go next."""

    flagged = BooleanField("Flag this question to come back to")
