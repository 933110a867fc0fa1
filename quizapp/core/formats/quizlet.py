"""Quizlet's own export: one card a row, the term, a separator, then the definition, and no header.

Quizlet lets the teacher choose the separators: between term and definition a tab, a comma or
their own text; between rows a new line, a semicolon or their own text. It writes the cards as
they are, without quotes, so a row is cut at the first separator: the definition may hold the
separator (a comma in a sentence) but the term may not. A file whose first row names the columns
(term, definition, …) is read as a CSV file with a header instead, as quizapp exports it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from quizapp.core.formats import csvcards
from quizapp.core.formats.common import (
    BOM,
    DEFAULTS,
    FileProblem,
    ImportDefaults,
    Imported,
    Keys,
    Parsed,
    finish,
    with_defaults,
)

TAB, COMMA, NEW_LINE, SEMICOLON = "\t", ",", "\n", ";"
HINTS = {
    "cite": "Quizlet files cannot name sources: pick one for the whole file in the import form",
}
_NAMES = {TAB: "tab", COMMA: "comma", NEW_LINE: "new line", SEMICOLON: "semicolon"}


@dataclass(frozen=True)
class Separators:
    """What Quizlet put between term and definition, and between one card and the next."""

    term: str = TAB
    row: str = NEW_LINE


DEFAULT = Separators()


def _named(separator: str) -> str:
    return _NAMES.get(separator, f"“{separator}”")


def _rows(text: str, separator: str) -> Iterator[tuple[int, str]]:
    """Each row with something in it, with the file line it starts on."""
    start = 0
    for row in text.split(separator):
        if row.strip():
            skipped = len(row) - len(row.lstrip())
            yield text.count("\n", 0, start + skipped) + 1, row
        start += len(row) + len(separator)


def _card(term: str, definition: str, line: int, keys: Keys, defaults: ImportDefaults) -> Imported:
    raw = {
        "key": keys.choose(None, term),
        "type": "flashcard",
        "prompt": term,
        "answer": definition,
        "explanation": "",
    }
    return Imported(with_defaults(raw, [], [], defaults), line)


def parse_with(
    separators: Separators,
    text: str,
    prefix: str,
    taken: Collection[str],
    defaults: ImportDefaults = DEFAULTS,
) -> Parsed:
    """The flashcards of a Quizlet export written with these separators, and every problem."""
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    if csvcards.names_columns(next((ln for ln in text.split("\n") if ln.strip()), "")):
        return csvcards.parse(text, prefix, taken, defaults)
    keys = Keys(prefix, taken)
    questions, problems = [], []
    for line, row in _rows(text, separators.row):
        term, found, definition = row.partition(separators.term)
        if not found:
            message = (
                f"no {_named(separators.term)} between term and definition in this card: choose"
                " the separators the file was exported with"
            )
            problems.append(FileProblem(line, None, message))
        else:
            questions.append(_card(term.strip(), definition.strip(), line, keys, defaults))
    return finish(questions, problems, HINTS, defaults.rule)
