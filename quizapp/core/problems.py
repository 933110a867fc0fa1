"""What is wrong with a question, as the checks report it."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with a question. The message is for a bank file's author and names the
    field; `rule` (what is wrong) and `item` (the text at fault) let a form word and place it;
    `words`, when given, is what a form shows where the message quotes the file's syntax."""

    field: str | None
    message: str
    rule: str = ""  # "missing", "too-few", "incomplete", "duplicate", "not-an-option", ...
    item: str | None = None
    words: str = ""


Found = list[Problem]
