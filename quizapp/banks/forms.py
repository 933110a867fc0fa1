"""The bank editor's forms: banks, questions of every type, and uploaded files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    Field,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from quizapp.core import limits
from quizapp.core.formats import quizlet
from quizapp.pictures.forms import EXTENSIONS as PICTURE_EXTENSIONS
from quizapp.web.forms import Form, IndexedList, _choices

QUIZ_ONLY_LABEL = "For quizzes only: students never study it, and see its answers only in a quiz"


class BankForm(Form):
    """A teacher makes a bank, or renames and describes one."""

    title = StringField("Title", validators=[DataRequired(), Length(max=limits.BANK_TITLE)])
    description = TextAreaField(
        "Description (optional)", validators=[Length(max=limits.BANK_DESCRIPTION)]
    )
    quiz_only = BooleanField(QUIZ_ONLY_LABEL)
    require_citations = BooleanField(
        "Every question must cite the paragraph of a source it comes from"
    )


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


DIFFICULTY_CHOICES = _choices(("easy", "Easy"), ("medium", "Medium"), ("hard", "Hard"))
MAX_ROWS = 20  # the most rows "Add" makes for the options, pairs, items or accepted answers


class RowMarks(Field):
    """Which rows are marked right, by their positions: the value of the radio button or of each
    checkbox ticked. Anything but a row's position is ignored."""

    data: list[int]

    def process_formdata(self, valuelist: Sequence[Any]) -> None:
        marked = {int(v) for v in valuelist if v.isdecimal()}
        self.data = sorted(m for m in marked if m < limits.LIST_ITEMS)

    def _value(self) -> str:
        return ""


class PairRow(Form):
    """One pair of a matching question."""

    left = StringField("Left", validators=[Length(max=limits.OPTION)])
    right = StringField("Right", validators=[Length(max=limits.OPTION)])


def _rows(unbound: Any) -> IndexedList:
    """Rows, read up to as many as the bank file checks allow one question."""
    return IndexedList(unbound, max_entries=limits.LIST_ITEMS)


class QuestionForm(Form):
    """Every field a question type may have; each type's page shows its own (QUESTION_FIELDS).

    Options, pairs, items and accepted answers are rows; `correct` says which options are right.
    The bank file checks (quizapp.core.checks) run on what the teacher typed and their problems
    are shown next to these fields and rows.
    """

    key = StringField("Key", validators=[Length(max=limits.QUESTION_KEY)])
    prompt = TextAreaField("Question", validators=[Length(max=limits.PROMPT)])
    options = _rows(StringField(validators=[Length(max=limits.OPTION)]))
    correct = RowMarks(default=list)
    answer = StringField("Correct answer", validators=[Length(max=limits.OPTION)])
    truth = SelectField("The statement is", choices=_choices(("true", "True"), ("false", "False")))
    answers = _rows(StringField(validators=[Length(max=limits.TYPED_ANSWER)]))
    formula = BooleanField(
        "The answers are formulas",
        description="Each accepted answer is then a formula, such as \\frac{x}{2}, and a "
        "student's answer is right when it means the same, however it is written: x/2, 0.5x. "
        "Students are told which forms they may type.",
    )
    number = StringField("Correct number", validators=[Length(max=40)])
    tolerance = StringField("Accepted within ± (optional)", validators=[Length(max=40)])
    unit = StringField("Unit (optional)", validators=[Length(max=limits.TAG)])
    # Beside each option row (choice): the share of a point a wrong option earns, in percent;
    # beside each option or accepted answer row: the feedback a student who gives it reads.
    credits = _rows(StringField(validators=[Length(max=40)]))
    row_feedback = _rows(StringField(validators=[Length(max=limits.EXPLANATION)]))
    feedback_true = TextAreaField(
        "Feedback for “True” (optional)", validators=[Length(max=limits.EXPLANATION)]
    )
    feedback_false = TextAreaField(
        "Feedback for “False” (optional)", validators=[Length(max=limits.EXPLANATION)]
    )
    feedback_right = TextAreaField(
        "Feedback for a right number (optional)", validators=[Length(max=limits.EXPLANATION)]
    )
    feedback_other = TextAreaField(
        "Feedback for any other answer (optional)", validators=[Length(max=limits.EXPLANATION)]
    )
    pairs = _rows(FormField(PairRow))
    items = _rows(StringField(validators=[Length(max=limits.OPTION)]))
    # A picture to add to the bank and show at the end of the question (quizapp.pictures).
    picture = FileField(
        "Picture: PNG, JPEG, WebP or GIF",
        validators=[FileAllowed(PICTURE_EXTENSIONS, "Upload a PNG, JPEG, WebP or GIF picture.")],
    )
    picture_alt = StringField(
        "Alt text: what the picture shows, for students who cannot see it",
        validators=[Length(max=limits.PICTURE_ALT)],
    )
    explanation = TextAreaField(
        "Explanation (optional)", validators=[Length(max=limits.EXPLANATION)]
    )
    topics = StringField("Topic tags, separated by commas", validators=[Length(max=400)])
    difficulty = SelectField("Difficulty", choices=DIFFICULTY_CHOICES)
    # The citations, one "source#paragraph" a line, kept in a hidden box; the teacher picks them.
    cite = TextAreaField("Sources", validators=[Length(max=4000)])
    pick_source = SelectField("Source", choices=[], validate_choice=False)
    pick_search = StringField("Find in its paragraphs", validators=[Length(max=200)])
    pick_paragraph = StringField("Paragraph", validators=[Length(max=10)])
    decision = HiddenField()


class ImportFileForm(Form):
    """Questions from a file in a format schools use, previewed before anything is saved."""

    fmt = SelectField(
        "Format",
        choices=_choices(
            ("gift", "GIFT (Moodle)"),
            ("moodlexml", "Moodle XML"),
            ("aiken", "Aiken (multiple choice)"),
            ("csv", "CSV with a header row: term, definition"),
            ("quizlet", "Quizlet export (no header row)"),
        ),
    )
    upload = FileField(f"File (UTF-8 text, up to {limits.IMPORT_FILE_BYTES // 2**20} MB)")
    # Its size is checked with the file's (`file_views`), in bytes, as the file is held.
    text = TextAreaField("…or paste the text")
    # One source and paragraph for every question the file gives none (Aiken, most CSV).
    source = SelectField("Source for questions that name none", choices=[], validate_choice=False)
    paragraph = StringField("Its paragraph", validators=[Length(max=10)])
    difficulty = SelectField(
        "Difficulty for questions that give none",
        choices=DIFFICULTY_CHOICES,
        default="medium",
    )
    filename = HiddenField()
    # The hash the previewed file is held under (`file_import.HeldImport`), to confirm it.
    held = HiddenField(validators=[Optional(), Regexp(r"^[0-9a-f]{64}$")])
    # Quizlet's export options, as its export page names them.
    term_separator = SelectField(
        "Between term and definition",
        choices=_choices(("tab", "Tab"), ("comma", "Comma"), ("custom", "Your own")),
        default="tab",
    )
    term_custom = StringField("Your own, between term and definition", validators=[Length(max=20)])
    row_separator = SelectField(
        "Between rows",
        choices=_choices(
            ("newline", "New line"), ("semicolon", "Semicolon"), ("custom", "Your own")
        ),
        default="newline",
    )
    row_custom = StringField("Your own, between rows", validators=[Length(max=20)])

    def _separator(self, choice: Field, custom: Field) -> str:
        return _SEPARATORS.get(str(choice.data), str(custom.data or ""))

    def separators(self) -> quizlet.Separators:
        """The separators chosen for a Quizlet export."""
        term = self._separator(self.term_separator, self.term_custom)
        return quizlet.Separators(term, self._separator(self.row_separator, self.row_custom))

    def validate_term_custom(self, field: StringField) -> None:
        if self.fmt.data != "quizlet" or self.term_separator.data != "custom":
            return
        chosen = self.separators()
        if not chosen.term:
            raise ValidationError("Type what the file has between each term and its definition.")
        if chosen.term == chosen.row:
            raise ValidationError("This must differ from what is between the rows.")

    def validate_row_custom(self, field: StringField) -> None:
        if self.fmt.data != "quizlet" or self.row_separator.data != "custom":
            return
        chosen = self.separators()
        if not chosen.row:
            raise ValidationError("Type what the file has between one card and the next.")
        if chosen.row == chosen.term and self.term_separator.data != "custom":
            raise ValidationError("This must differ from what is between term and definition.")


_SEPARATORS = {
    "tab": quizlet.TAB,
    "comma": quizlet.COMMA,
    "newline": quizlet.NEW_LINE,
    "semicolon": quizlet.SEMICOLON,
}
