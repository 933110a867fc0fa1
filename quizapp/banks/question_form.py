"""Between the editor's QuestionForm and a question as a bank file holds it ("raw")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizapp.banks.forms import QuestionForm
from quizapp.banks.question_answers import answer_data, answer_fields, fields_shown
from quizapp.core.checks import DIFFICULTIES

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

# The form fields each type's page shows, after the prompt (credit and feedback added below).
_TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "choice": ("options", "correct"),
    "multi": ("options", "correct"),
    "truefalse": ("truth",),
    "short": ("answers", "formula"),
    "numeric": ("number", "tolerance", "unit"),
    "cloze": (),
    "matching": ("pairs",),
    "ordering": ("items",),
    "flashcard": ("answer",),
}
QUESTION_FIELDS = {qtype: names + fields_shown(qtype) for qtype, names in _TYPE_FIELDS.items()}
LABELS = {
    ("flashcard", "answer"): "Back of the card",
}


@dataclass(frozen=True)
class Rows:
    """How a type's page shows one of its lists: a row each, with buttons to change the list."""

    name: str  # the form field
    noun: str  # what one row is, for labels and messages: "option" gives "Option 3"
    legend: str
    hint: str
    start: int  # rows a new question starts with
    fewest: int  # the checks ask for this many, so rows below it cannot be removed
    movable: bool = True


_SHUFFLED = "students see the options shuffled."
ROWS = {
    "choice": Rows(
        "options",
        "option",
        "Options",
        f"One option per row. Mark the right one; {_SHUFFLED}",
        start=4,
        fewest=2,
    ),
    "multi": Rows(
        "options",
        "option",
        "Options",
        f"One option per row. Tick every right one; {_SHUFFLED}",
        start=4,
        fewest=3,
    ),
    "short": Rows(
        "answers",
        "accepted answer",
        "Accepted answers",
        "Each answer that counts as right. Capitals, accents and punctuation do not matter, "
        "and a small typo in a long word is forgiven.",
        start=1,
        fewest=1,
        movable=False,
    ),
    "matching": Rows(
        "pairs",
        "pair",
        "Pairs",
        "Students match each left side with its own right side, picked from all the right sides.",
        start=3,
        fewest=2,
    ),
    "ordering": Rows(
        "items",
        "item",
        "Items, in the right order",
        "Students see them shuffled and put them back in this order.",
        start=4,
        fewest=3,
    ),
}


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _texts(rows: list[str]) -> list[str]:
    """The rows written in, in their order: an empty row is not part of the question."""
    return [text for text in (row.strip() for row in rows) if text]


def _marked(form: QuestionForm) -> list[str]:
    """The texts of the option rows marked right, empty ones left out."""
    rows = form.options.data
    return _texts([rows[i] for i in form.correct.data if i < len(rows)])


def _number(text: str | None) -> Any:
    """An int or float when the text is one, else the text (the checks then say what is wrong)."""
    cleaned = (text or "").strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return cleaned
    return int(value) if value.is_integer() and "." not in cleaned else value


def _row_fields(form: QuestionForm, qtype: str) -> dict[str, Any]:
    if qtype == "choice":  # the first option marked right is the answer, any other also right
        first, *also = _marked(form) or [""]
        return {
            "options": _texts(form.options.data),
            "answer": first,
            **({"also_right": also} if also else {}),
        }
    if qtype == "multi":
        return {"options": _texts(form.options.data), "answers": _marked(form)}
    if qtype == "short":  # the flag is written only when set, as in the shipped bank files
        return {
            "answers": _texts(form.answers.data),
            **({"formula": True} if form.formula.data else {}),
        }
    if qtype == "matching":
        sides = [(row["left"] or "", row["right"] or "") for row in form.pairs.data]
        return {
            "pairs": [
                [left.strip(), right.strip()] for left, right in sides if _texts([left, right])
            ]
        }
    if qtype == "ordering":
        return {"items": _texts(form.items.data)}
    return {}


def _type_fields(form: QuestionForm, qtype: str) -> dict[str, Any]:
    fields = _row_fields(form, qtype)
    if qtype == "flashcard":
        fields["answer"] = (form.answer.data or "").strip()
    if qtype == "truefalse":
        fields["answer"] = form.truth.data == "true"
    if qtype == "numeric":
        fields["answer"] = _number(form.number.data)
        if (form.tolerance.data or "").strip():
            fields["tolerance"] = _number(form.tolerance.data)
        if (form.unit.data or "").strip():
            fields["unit"] = form.unit.data.strip()
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
        **answer_fields(form, qtype),
        "explanation": (form.explanation.data or "").strip(),
        "tags": [*topics, form.difficulty.data or "medium"],
        "cite": _lines(form.cite.data),
    }


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return str(value)


def _padded(rows: list[Any], qtype: str, blank: Any) -> list[Any]:
    """A new question starts with a few empty rows; a saved one with its own, and never fewer
    than the question needs."""
    shape = ROWS[qtype]
    wanted = shape.fewest if rows else shape.start
    return rows + [blank] * (wanted - len(rows))


def _row_data(qtype: str, raw: dict[str, Any]) -> dict[str, Any]:
    if qtype in {"choice", "multi"}:
        options = list(raw.get("options", []))
        if qtype == "choice":
            right = [raw.get("answer"), *raw.get("also_right", [])]
        else:
            right = raw.get("answers", [])
        correct = [i for i, option in enumerate(options) if option in right]
        return {"options": _padded(options, qtype, ""), "correct": correct}
    if qtype == "short":
        return {
            "answers": _padded(list(raw.get("answers", [])), qtype, ""),
            "formula": raw.get("formula") is True,
        }
    if qtype == "matching":
        pairs = [{"left": left, "right": right} for left, right in raw.get("pairs", [])]
        return {"pairs": _padded(pairs, qtype, {"left": "", "right": ""})}
    if qtype == "ordering":
        return {"items": _padded(list(raw.get("items", [])), qtype, "")}
    return {}


def _scalar_data(qtype: str, raw: dict[str, Any]) -> dict[str, Any]:
    if qtype == "truefalse":
        return {"truth": "true" if raw.get("answer", True) else "false"}
    if qtype == "numeric":
        return {
            "number": _text(raw.get("answer", "")),
            "tolerance": _text(raw["tolerance"]) if "tolerance" in raw else "",
            "unit": raw.get("unit", ""),
        }
    if qtype == "flashcard":
        return {"answer": raw.get("answer", "")}
    return {}


def form_for(qtype: str, raw: dict[str, Any]) -> QuestionForm:
    """The form for a question of this type: a saved one to edit, or a new one when raw is {}."""
    tags = raw.get("tags", [])
    rows = _row_data(qtype, raw)
    data = {
        "key": raw.get("key", ""),
        "prompt": raw.get("prompt", ""),
        "explanation": raw.get("explanation", ""),
        "topics": ", ".join(t for t in tags if t not in DIFFICULTIES),
        "difficulty": next((t for t in tags if t in DIFFICULTIES), "medium"),
        "cite": "\n".join(raw.get("cite", [])),
        **rows,
        **_scalar_data(qtype, raw),
        **answer_data(qtype, raw, rows.get("options", rows.get("answers", []))),
    }
    return QuestionForm(formdata=None, data=data)


def shown_fields(qtype: str) -> set[str]:
    """The form fields a question type's page shows; the others are not read."""
    return {"key", "prompt", "explanation", "topics", "difficulty", "cite", *QUESTION_FIELDS[qtype]}
