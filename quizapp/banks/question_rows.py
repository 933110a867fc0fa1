"""The row buttons of the question editor: add, remove and move a row without JavaScript.

Each button posts the whole form back with `row=<verb>:<list>[:<index>]`; the page comes back
with the change made and everything else as it was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizapp.banks.forms import MAX_ROWS, QuestionForm
from quizapp.banks.question_form import ROWS, Rows

VERBS = ("add", "remove", "up", "down")
BESIDE = ("credits", "row_feedback")  # lists kept in step with the option or answer rows


@dataclass(frozen=True)
class RowAction:
    verb: str
    index: int  # the row it acts on; for "add", the number of rows


def row_action(value: str | None, qtype: str) -> RowAction | None:
    """The row button pressed, when one was and it belongs to this type's page."""
    shape = ROWS.get(qtype)
    verb, _, rest = (value or "").partition(":")
    name, _, index = rest.partition(":")
    if shape is None or name != shape.name or verb not in VERBS:
        return None
    if verb == "add":
        return RowAction(verb, -1)
    if not (index.isascii() and index.isdigit() and len(index) < 3):
        return None
    return RowAction(verb, int(index))


def changed(
    rows: list[Any], marks: list[int], action: RowAction, shape: Rows
) -> tuple[list[Any], list[int], int]:
    """The rows and the marked positions after the action, and the row to put the focus on.

    An action that cannot be done (removing a row the question needs, moving the first row up)
    changes nothing.
    """
    rows, count, at = list(rows), len(rows), action.index
    if action.verb == "add":
        if count >= MAX_ROWS:
            return rows, marks, count - 1
        blank = {"left": "", "right": ""} if shape.name == "pairs" else ""
        return [*rows, blank], marks, count
    if at >= count:
        return rows, marks, max(count - 1, 0)
    if action.verb == "remove":
        if count <= shape.fewest:
            return rows, marks, at
        del rows[at]
        after = [m - (m > at) for m in marks if m != at]
        return rows, after, min(at, count - 2)
    other = at - 1 if action.verb == "up" else at + 1
    if not shape.movable or not 0 <= other < count:
        return rows, marks, at
    rows[at], rows[other] = rows[other], rows[at]
    swap = {at: other, other: at}
    return rows, sorted(swap.get(m, m) for m in marks), other


def focus_id(shape: Rows, action: RowAction, row: int, count: int) -> str:
    """Where the focus goes after the page comes back: the new row's first box, or the same
    button on the row that moved (so pressing it again moves the row on)."""
    box = f"{shape.name}-{row}-left" if shape.name == "pairs" else f"{shape.name}-{row}"
    if action.verb in {"add", "remove"}:
        return box
    at_end = row == 0 if action.verb == "up" else row == count - 1
    if at_end:
        return box  # that button is disabled at the end of the list
    return f"{shape.name}-{row}-{action.verb}"


def apply(form: QuestionForm, qtype: str, action: RowAction) -> tuple[QuestionForm, str]:
    """A new form holding everything the posted one held, with the action done to its rows;
    and the id of the element to focus."""
    shape = ROWS[qtype]
    data = form.data
    rows, marks, row = changed(data[shape.name], data["correct"], action, shape)
    data = {**data, shape.name: rows, "correct": marks if shape.name == "options" else []}
    # The credit and feedback beside each row go where the row goes.
    before = len(form.data[shape.name])
    order = changed(list(range(before)), [], action, shape)[0]
    for name in BESIDE:
        beside = list(data[name]) + [""] * before
        data[name] = [beside[i] if isinstance(i, int) else "" for i in order]
    return QuestionForm(formdata=None, data=data), focus_id(shape, action, row, len(rows))
