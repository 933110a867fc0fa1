"""CSV cards, as spreadsheets and quizapp write them: a header row, then one card a row.
Quizlet's own export, which has no header, is read by `quizlet`.

Reading: UTF-8 with or without a BOM; the delimiter (comma, semicolon or tab) is the one that
splits the header line into the known columns. Columns are found by header name, in any case:
`term` and `definition` are needed (each row becomes a flashcard: prompt = term, answer =
definition); `explanation`, `tags`, `cite` and `key` may be there, other columns are ignored.
Inside the tags and cite cells, items are separated by semicolons: `signing; people; easy`.

Writing (`dump`): the header `key,term,definition,explanation,tags,cite`, one row a question. A
flashcard's definition is its back; any other question gets its correct answer as one line (and a
cloze shows its blanks as _____ in the term), so that a teacher can study it in Quizlet. Reading
such a file back makes every row a flashcard. A cell a spreadsheet would run as a formula is
written with a ' before it, which reading takes off again (see `quizapp.core.spreadsheet`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Sequence
from typing import Any

from quizapp.core.formats.common import (
    BLANK,
    BOM,
    DEFAULTS,
    FileProblem,
    ImportDefaults,
    Imported,
    Keys,
    Parsed,
    finish,
    lines_of,
    split_list,
    with_defaults,
)
from quizapp.core.grading import CLOZE_BLANK, correct_answer
from quizapp.core.spreadsheet import Writer, read_plain

COLUMNS = ("key", "term", "definition", "explanation", "tags", "cite")
REQUIRED = ("term", "definition")
DELIMITERS = (",", ";", "\t")
HINTS = {
    "cite": "fill the cite column with source and paragraph, such as nbc-lunar#5; several with ;",
    "tags": "fill the tags column, such as signing; easy",
}


def _delimiter(header: str) -> str:
    """The delimiter that finds the most known columns in the header line (a comma on a tie)."""

    def known(delimiter: str) -> int:
        cells = next(csv.reader([header], delimiter=delimiter), [])
        return sum(cell.strip().lower() in COLUMNS for cell in cells)

    return max(DELIMITERS, key=known)


def names_columns(line: str) -> bool:
    """Whether the line is a header: known columns only, term and definition among them."""
    row = next(csv.reader([line], delimiter=_delimiter(line)), [])
    cells = [cell.strip().lower() for cell in row]
    return set(REQUIRED) <= set(cells) and all(cell in COLUMNS for cell in cells)


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Where each known column is, and what is wrong with the header."""
    where: dict[str, int] = {}
    problems = []
    for index, cell in enumerate(header):
        name = cell.strip().lower()
        if name in where:
            problems.append(f"the column {name!r} appears twice in the header: keep one")
        elif name in COLUMNS:
            where[name] = index
    missing = [name for name in REQUIRED if name not in where]
    if missing:
        problems.append(
            f"the header row lacks the column(s) {', '.join(missing)}: the first row must name"
            " the columns, with term and definition among them (comma, semicolon or tab between);"
            " for a file exported from Quizlet, choose Quizlet export as the format"
        )
    return where, problems


def _rows(text: str) -> tuple[list[tuple[int, list[str]]], list[FileProblem]]:
    """Each row that has something in it, with the file line it starts on."""
    text = text.removeprefix(BOM)
    header = next((line for line in lines_of(text) if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        message = (
            f"not readable as CSV ({exc}) in the row starting here: a cell in double quotes"
            " must end with a double quote, and a double quote inside it is written twice"
        )
        return rows, [FileProblem(start, None, message)]
    return rows, []


def _cell(text: str) -> str:
    """A cell's text with its line breaks as \\n, whichever ends of line the file used."""
    return read_plain(text).replace("\r\n", "\n").replace("\r", "\n").strip()


def _question(cells: dict[str, str], line: int, keys: Keys, defaults: ImportDefaults) -> Imported:
    prompt = cells.get("term", "")
    raw = {
        "key": keys.choose(cells.get("key") or None, prompt),
        "type": "flashcard",
        "prompt": prompt,
        "answer": cells.get("definition", ""),
        "explanation": cells.get("explanation", ""),
    }
    tags = split_list(cells.get("tags", ""), ";")
    cite = split_list(cells.get("cite", ""), ";")
    return Imported(with_defaults(raw, tags, cite, defaults), line)


def parse(
    text: str, prefix: str, taken: Collection[str], defaults: ImportDefaults = DEFAULTS
) -> Parsed:
    """The flashcards of a CSV file and every problem, by line."""
    rows, problems = _rows(text)
    if problems or not rows:
        return finish([], problems, HINTS, defaults.rule)
    (header_line, header), body = rows[0], rows[1:]
    where, header_problems = _columns(header)
    if header_problems:
        return finish(
            [], [FileProblem(header_line, None, m) for m in header_problems], HINTS, defaults.rule
        )
    keys = Keys(prefix, taken)
    questions = []
    for line, row in body:
        if any(cell.strip() for cell in row[len(header) :]):
            message = (
                f"{len(row)} cells but {len(header)} columns in the header: put a cell that"
                " holds the delimiter in double quotes, or name the extra column in the header"
            )
            problems.append(FileProblem(line, None, message))
            continue
        cells = {name: _cell(row[i]) for name, i in where.items() if i < len(row)}
        questions.append(_question(cells, line, keys, defaults))
    return finish(questions, problems, HINTS, defaults.rule)


def _term(raw: dict[str, Any]) -> str:
    if raw["type"] == "cloze":
        return CLOZE_BLANK.sub(BLANK, raw["prompt"])
    return str(raw["prompt"])


def _definition(raw: dict[str, Any]) -> str:
    if raw["type"] == "flashcard":
        return str(raw["answer"])
    spec = {k: v for k, v in raw.items() if k not in {"key", "type", "explanation", "tags", "cite"}}
    return correct_answer(raw["type"], spec)


def dump(questions: Sequence[dict[str, Any]]) -> str:
    """CSV text with a header row and one row a question, in their order."""
    out = io.StringIO()
    writer = Writer(out)
    writer.writerow(COLUMNS)
    for raw in questions:
        writer.writerow(
            [
                raw["key"],
                _term(raw),
                _definition(raw),
                raw.get("explanation", ""),
                "; ".join(raw.get("tags", [])),
                "; ".join(str(c) for c in raw.get("cite", [])),
            ]
        )
    return out.getvalue()
