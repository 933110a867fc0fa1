"""The answer form of every question type, checked against the question as it was shown."""

from __future__ import annotations

import math
from collections.abc import Sequence

from wtforms import (
    Field,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Length,
)

from quizapp.core import limits
from quizapp.web.forms import Form, IndexedList


class _Parts(IndexedList):
    """The parts of an answer, each under its own number: a matching item left without a pick (a
    group of radio buttons sends nothing) must not move the picks after it up one, on the page
    shown again to fix the answer. The checks refuse an answer with a part missing."""

    def _compact_indices(self) -> None:
        self.last_index = max((entry.index for entry in self.entries), default=-1)


TYPED = Length(max=limits.TYPED_ANSWER, message=f"Use at most {limits.TYPED_ANSWER} characters.")


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
    parts = _Parts(StringField(validators=[TYPED]), max_entries=20)
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
