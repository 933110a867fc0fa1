"""CSV for spreadsheets: no cell quizapp writes can run as a formula.

A spreadsheet runs a cell that starts with =, +, - or @ as a formula, and some do so after a tab
or a carriage return too. Such text is written with a ' before it, which shows it as text. Every
CSV file quizapp writes goes through `Writer`, header rows included.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

FORMULA_STARTS = frozenset("=+-@\t\r")


def _quoted(text: str) -> bool:
    """Whether `plain` puts a ' before this text: it starts as a formula does, or with a ' before
    such text (so that `read_plain` gives back exactly what was written)."""
    return text[:1] in FORMULA_STARTS or (text[:1] == "'" and _quoted(text[1:]))


def plain(value: object) -> object:
    """The value for a cell: text a spreadsheet would run gets a ' before it; numbers stay."""
    return "'" + value if isinstance(value, str) and _quoted(value) else value


def read_plain(text: str) -> str:
    """A cell written by `plain`, read back as the text it was."""
    return text[1:] if text[:1] == "'" and _quoted(text[1:]) else text


class Writer:
    """`csv.writer` whose every cell goes through `plain`."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, lineterminator="\r\n")

    def writerow(self, cells: Iterable[object]) -> None:
        self._writer.writerow([plain(cell) for cell in cells])
