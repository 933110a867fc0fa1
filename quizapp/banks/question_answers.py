"""The editor's fields for partial credit and per-answer feedback, to and from a question's
`credit` and `feedback` (see quizapp.core.answer_checks).

Credit and feedback sit beside each option or accepted answer row (the `credits` and
`row_feedback` lists, kept in step with the rows); the feedback keyed by a word ("true", "=",
"*") has a box of its own.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from quizapp.banks.forms import QuestionForm
from quizapp.core.answer_checks import ANY_OTHER, RIGHT_NUMBER

# The boxes for feedback keyed by a word, by question type: key -> form field.
WORD_BOXES: dict[str, dict[str, str]] = {
    "truefalse": {"true": "feedback_true", "false": "feedback_false"},
    "numeric": {RIGHT_NUMBER: "feedback_right", ANY_OTHER: "feedback_other"},
    "short": {ANY_OTHER: "feedback_other"},
}
ROW_LIST = {"choice": "options", "multi": "options", "short": "answers"}  # rows with feedback


def _fraction(text: str) -> Any:
    """A percentage typed as a fraction of a point (50 is 0.5), exactly as typed; the text
    itself when it is no number, for the checks to refuse."""
    cleaned = text.strip().replace(",", ".").removesuffix("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return cleaned
    return float(value / 100) if value.is_finite() else cleaned


def percent(fraction: Any) -> str:
    """A fraction of a point as the percentage a teacher typed: 0.5 is 50."""
    if isinstance(fraction, bool) or not isinstance(fraction, int | float):
        return str(fraction)
    return format((Decimal(repr(fraction)) * 100).normalize(), "f")


def _beside(form: QuestionForm, name: str, rows: list[str]) -> list[tuple[str, str]]:
    """Each written row's text with what was typed beside it (credit or feedback)."""
    beside = list(form[name].data) + [""] * len(rows)
    return [(row.strip(), (beside[i] or "").strip()) for i, row in enumerate(rows) if row.strip()]


def answer_fields(form: QuestionForm, qtype: str) -> dict[str, Any]:
    """`credit` and `feedback` as the form has them; empty boxes add nothing."""
    found: dict[str, Any] = {}
    if qtype == "choice":
        credit = {
            option: _fraction(typed)
            for option, typed in _beside(form, "credits", form.options.data)
            if typed
        }
        found |= {"credit": credit} if credit else {}
    feedback: dict[str, str] = {}
    if qtype in ROW_LIST:
        rows = form[ROW_LIST[qtype]].data
        feedback |= {row: text for row, text in _beside(form, "row_feedback", rows) if text}
    for key, name in WORD_BOXES.get(qtype, {}).items():
        text = (form[name].data or "").strip()
        feedback |= {key: text} if text else {}
    return found | ({"feedback": feedback} if feedback else {})


def answer_data(qtype: str, raw: dict[str, Any], rows: list[str]) -> dict[str, Any]:
    """The form's credit and feedback boxes for a saved question, `rows` its padded rows."""
    credit = raw.get("credit", {})
    feedback = raw.get("feedback", {})
    data: dict[str, Any] = {}
    if qtype == "choice":
        data["credits"] = [percent(credit[row]) if row in credit else "" for row in rows]
    if qtype in ROW_LIST:
        data["row_feedback"] = [feedback.get(row, "") for row in rows]
    for key, name in WORD_BOXES.get(qtype, {}).items():
        data[name] = feedback.get(key, "")
    return data


def fields_shown(qtype: str) -> tuple[str, ...]:
    """The form fields for credit and feedback this type's page shows."""
    beside: tuple[str, ...] = ("credits",) if qtype == "choice" else ()
    beside += ("row_feedback",) if qtype in ROW_LIST else ()
    return beside + tuple(WORD_BOXES.get(qtype, {}).values())
