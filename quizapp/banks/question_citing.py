"""Citing by picking in the question editor: choose a source, then one of its paragraphs; remove
a citation. Each button posts the whole form back (`citing=<verb>[:<index>]`), no script needed."""

from __future__ import annotations

from quizapp.banks.forms import QuestionForm
from quizapp.core import limits

VERBS = ("show", "add", "remove")
NO_PARAGRAPH = "Pick the paragraph this fact comes from."


def citing_action(value: str | None) -> tuple[str, int] | None:
    """The citation button pressed: its verb and, for "remove", which citation."""
    verb, _, index = (value or "").partition(":")
    if verb not in VERBS:
        return None
    if verb != "remove":
        return verb, -1
    if not (index.isascii() and index.isdigit() and len(index) < 3):
        return None
    return verb, int(index)


def lines(form: QuestionForm) -> list[str]:
    return [line.strip() for line in (form.cite.data or "").splitlines() if line.strip()]


def apply(form: QuestionForm, action: tuple[str, int]) -> str:
    """Change the form's citations as the button says; the id of the element to focus next."""
    verb, index = action
    cites = lines(form)
    if verb == "remove":
        if 0 <= index < len(cites):
            del cites[index]
        form.cite.data = "\n".join(cites)
        return "citations"
    if verb == "add":
        number = (form.pick_paragraph.data or "").strip()
        source = (form.pick_source.data or "").strip()
        if not (number.isascii() and number.isdigit() and source) or len(number) > 6:
            form.pick_paragraph.errors = [NO_PARAGRAPH]
            return "pick-paragraphs"
        cite = f"{source}#{int(number)}"
        if cite not in cites and len(cites) < limits.LIST_ITEMS:
            cites.append(cite)
        form.cite.data = "\n".join(cites)
        form.pick_paragraph.data = ""
        return "citations"
    return "pick-paragraphs"
