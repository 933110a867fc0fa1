"""Between the editor's QuestionForm and a question as a bank file holds it ("raw")."""

from __future__ import annotations

from typing import Any

from quizapp.core.checks import DIFFICULTIES
from quizapp.forms import QuestionForm

TYPES = {
    "choice": "Multiple choice (one right)",
    "multi": "Multiple answers",
    "truefalse": "True or false",
    "short": "Short answer",
    "numeric": "Number",
    "cloze": "Fill in the blanks",
    "matching": "Matching",
    "ordering": "Ordering",
    "flashcard": "Flashcard",
}

# The form fields each type's page shows, after the prompt.
QUESTION_FIELDS: dict[str, tuple[str, ...]] = {
    "choice": ("options", "answer"),
    "multi": ("options", "answers"),
    "truefalse": ("truth",),
    "short": ("answers",),
    "numeric": ("number", "tolerance", "unit"),
    "cloze": (),
    "matching": ("pairs",),
    "ordering": ("items",),
    "flashcard": ("answer",),
}
LABELS = {
    ("choice", "answer"): "The right option (as written above)",
    ("multi", "answers"): "The right options, one per line (as written above)",
    ("flashcard", "answer"): "Back of the card",
}
PAIR = "=>"


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _number(text: str | None) -> Any:
    """An int or float when the text is one, else the text (the checks then say what is wrong)."""
    cleaned = (text or "").strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return cleaned
    return int(value) if value.is_integer() and "." not in cleaned else value


def _pair(line: str) -> list[str]:
    left, sep, right = line.partition(PAIR)
    return [left.strip(), right.strip()] if sep else [line]


def _type_fields(form: QuestionForm, qtype: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if qtype in {"choice", "multi"}:
        fields["options"] = _lines(form.options.data)
    if qtype in {"choice", "flashcard"}:
        fields["answer"] = (form.answer.data or "").strip()
    if qtype in {"short", "multi"}:
        fields["answers"] = _lines(form.answers.data)
    if qtype == "truefalse":
        fields["answer"] = form.truth.data == "true"
    if qtype == "numeric":
        fields["answer"] = _number(form.number.data)
        if (form.tolerance.data or "").strip():
            fields["tolerance"] = _number(form.tolerance.data)
        if (form.unit.data or "").strip():
            fields["unit"] = form.unit.data.strip()
    if qtype == "matching":
        fields["pairs"] = [_pair(line) for line in _lines(form.pairs.data)]
    if qtype == "ordering":
        fields["items"] = _lines(form.items.data)
    return fields


def raw_from_form(form: QuestionForm, qtype: str, key: str) -> dict[str, Any]:
    """The question the form describes, in the bank file's shape, for the checks and saving."""
    topics = [t.strip() for t in (form.topics.data or "").split(",") if t.strip()]
    topics = [t for t in topics if t not in DIFFICULTIES]
    return {
        "key": key,
        "type": qtype,
        "prompt": (form.prompt.data or "").strip(),
        **_type_fields(form, qtype),
        "explanation": (form.explanation.data or "").strip(),
        "tags": [*topics, form.difficulty.data or "medium"],
        "cite": _lines(form.cite.data),
    }


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return str(value)


def fill_form(form: QuestionForm, raw: dict[str, Any]) -> None:
    """Put a saved question into the form, for editing."""
    qtype = raw.get("type", "")
    form.key.data = raw.get("key", "")
    form.prompt.data = raw.get("prompt", "")
    form.explanation.data = raw.get("explanation", "")
    tags = raw.get("tags", [])
    form.topics.data = ", ".join(t for t in tags if t not in DIFFICULTIES)
    form.difficulty.data = next((t for t in tags if t in DIFFICULTIES), "medium")
    form.cite.data = "\n".join(raw.get("cite", []))
    form.options.data = "\n".join(raw.get("options", []))
    form.answers.data = "\n".join(raw.get("answers", []))
    form.items.data = "\n".join(raw.get("items", []))
    form.pairs.data = "\n".join(f"{left} {PAIR} {right}" for left, right in raw.get("pairs", []))
    if qtype == "truefalse":
        form.truth.data = "true" if raw.get("answer") else "false"
    elif qtype == "numeric":
        form.number.data = _text(raw.get("answer", ""))
        form.tolerance.data = _text(raw["tolerance"]) if "tolerance" in raw else ""
        form.unit.data = raw.get("unit", "")
    elif qtype in {"choice", "flashcard"}:
        form.answer.data = raw.get("answer", "")


def _field_for(qtype: str, name: str | None) -> str | None:
    if name == "answer":
        return {"truefalse": "truth", "numeric": "number"}.get(qtype, "answer")
    if name == "tags":
        return "topics"
    if name in {"type", None}:
        return None
    return name


def shown_fields(qtype: str) -> set[str]:
    """The form fields a question type's page shows; the others are not read."""
    return {"key", "prompt", "explanation", "topics", "difficulty", "cite", *QUESTION_FIELDS[qtype]}


def attach_problems(
    form: QuestionForm, qtype: str, problems: list[tuple[str | None, str]]
) -> list[str]:
    """Show each problem next to its field; returns those that belong to no field."""
    unplaced = []
    shown = {
        "key",
        "prompt",
        "explanation",
        "topics",
        "difficulty",
        "cite",
        *QUESTION_FIELDS[qtype],
    }
    for name, message in problems:
        target = _field_for(qtype, name)
        if target in shown:
            field = form[target]
            field.errors = [*field.errors, message]
        else:
            unplaced.append(message)
    return unplaced
