"""The problems the bank file checks find, shown in the editor: next to the field or row they are
about, in words a teacher uses rather than the bank file's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from quizapp.banks.forms import QuestionForm
from quizapp.banks.question_answers import ROW_LIST, WORD_BOXES
from quizapp.banks.question_form import ROWS, Rows, shown_fields
from quizapp.core import limits
from quizapp.core.checks import Problem

# (field, rule) -> what the teacher reads; a problem not listed keeps the checks' own words.
WORDS = {
    ("prompt", "missing"): "Write the question.",
    ("prompt", "no-blank"): "Add at least one blank: write its answer in double curly "
    "brackets, like {{Rogozin}}.",
    ("prompt", "empty-blank"): "A blank has an empty answer: write one between the curly "
    "brackets and on each side of every |.",
    ("prompt", "too-long"): f"The answer in a blank can be at most {limits.TYPED_ANSWER} "
    "characters.",
    ("key", "bad-key"): "Use only small letters (a to z), digits, dots and dashes in the key.",
    ("topics", "too-long"): f"Each topic can be at most {limits.TAG} characters.",
    ("number", "not-a-number"): "Write a number, such as 42 or 3.5.",
    ("tolerance", "not-a-number"): "Write a number of 0 or more, or leave this empty.",
    ("answer", "missing"): "Write the back of the card.",
    ("credit", "bad-fraction"): "Write a share above 0 and below 100, or leave it empty.",
    ("credit", "right-option"): "A right option scores in full: leave its credit empty.",
    ("feedback", "too-long"): f"Feedback can be at most {limits.EXPLANATION} characters.",
}
NO_ALT = (
    "A picture needs alt text: say what it shows between the square brackets, "
    "![like this](picture:…), for students who cannot see it."
)
WORDS.update({(name, "no-alt"): NO_ALT for name in ("prompt", "explanation", "answer")})
AT_LEAST = {1: "one", 2: "two", 3: "three"}
MARK = {"choice": "Mark the right option.", "multi": "Mark at least one right option."}


@dataclass
class Placed:
    """Problems about a whole list (under its heading) and those about no field at all."""

    groups: dict[str, list[str]] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)


def _target(qtype: str, name: str | None) -> str | None:
    """The form field a problem with a bank file field is about."""
    if qtype in {"choice", "multi"} and name in {"answer", "answers"}:
        return "correct"
    if name == "answer":
        return {"truefalse": "truth", "numeric": "number"}.get(qtype, "answer")
    return "topics" if name == "tags" else name


def _add(errors_of: Any, message: str) -> None:
    if message not in errors_of.errors:
        errors_of.errors = [*errors_of.errors, message]


def _same_as(form: QuestionForm, shape: Rows, side: str | None, item: str) -> None:
    """Each row after the first that holds `item` says which row it repeats."""
    entries = list(form[shape.name])
    boxes = [entry[side] if side else entry for entry in entries]
    matching = [
        i for i, box in enumerate(boxes) if (box.data or "").strip().casefold() == item.casefold()
    ]
    side_words = f"the {side} side of " if side else ""
    for i in matching[1:]:
        _add(boxes[i], f"Same as {side_words}{shape.noun} {matching[0] + 1}.")


def _pairs(form: QuestionForm, placed: Placed) -> None:
    """A pair with one side written needs the other; the question needs two whole pairs."""
    whole = 0
    for entry in form.pairs:
        sides = [entry.left, entry.right]
        written = [bool((side.data or "").strip()) for side in sides]
        whole += all(written)
        for side, is_written in zip(sides, written, strict=True):
            if any(written) and not is_written:
                _add(side, "Each pair needs both sides.")
    if whole < 2:
        placed.groups.setdefault("pairs", []).append("Give at least two pairs.")


def _marks(form: QuestionForm, qtype: str, placed: Placed) -> None:
    """A marked row left empty says so; no mark at all is said under the options."""
    texts = [(row or "").strip() for row in form.options.data]
    empty = [i for i in form.correct.data if i < len(texts) and not texts[i]]
    for i in empty:
        _add(form.options[i], "This option is marked right but empty: write it or unmark it.")
    if not empty:
        placed.groups.setdefault("options", []).append(MARK[qtype])


def _on_rows(form: QuestionForm, qtype: str, problem: Problem, placed: Placed) -> None:
    shape = ROWS[qtype]
    if problem.rule.startswith("duplicate") and problem.item is not None:
        side = problem.rule.removeprefix("duplicate").strip("-") or None
        _same_as(form, shape, side, problem.item)
    elif shape.name == "pairs" and problem.rule in {"too-few", "incomplete"}:
        _pairs(form, placed)
    elif problem.rule == "no-alt":
        placed.groups.setdefault(shape.name, []).append(NO_ALT)
    elif problem.rule == "too-few":
        fewest = shape.fewest  # as many as the checks ask for
        placed.groups.setdefault(shape.name, []).append(
            f"Give at least {AT_LEAST[fewest]} {shape.noun}{'' if fewest == 1 else 's'}."
        )
    else:
        placed.groups.setdefault(shape.name, []).append(problem.message)


def _answer_box(form: QuestionForm, qtype: str, problem: Problem) -> Any:
    """The box a credit or feedback problem is about: the one beside its row, or its own."""
    if problem.item in WORD_BOXES.get(qtype, {}):
        return form[WORD_BOXES[qtype][problem.item]]
    rows = [(row or "").strip() for row in form[ROW_LIST.get(qtype, "options")].data]
    beside = form["credits" if problem.field == "credit" else "row_feedback"]
    if problem.item in rows and rows.index(problem.item) < len(beside.entries):
        return beside[rows.index(problem.item)]
    return None


def place_problems(form: QuestionForm, qtype: str, problems: Iterable[Problem]) -> Placed:
    """Put each problem next to its field or row, in the teacher's words."""
    placed = Placed()
    shown = shown_fields(qtype)
    for problem in problems:
        target = _target(qtype, problem.field)
        box = _answer_box(form, qtype, problem) if target in {"credit", "feedback"} else None
        if box is not None:
            _add(box, WORDS.get((target or "", problem.rule), problem.message))
        elif target == "correct" and problem.rule in {"missing", "not-an-option"}:
            _marks(form, qtype, placed)
        elif target == "correct":
            placed.groups.setdefault("options", []).append(problem.message)
        elif target is not None and qtype in ROWS and target == ROWS[qtype].name:
            _on_rows(form, qtype, problem, placed)
        elif target is not None and target in shown:
            _add(form[target], WORDS.get((target, problem.rule), problem.words or problem.message))
        else:
            placed.unplaced.append(problem.words or problem.message)
    for name, messages in placed.groups.items():
        placed.groups[name] = list(dict.fromkeys(messages))
    return placed
