"""What the file formats share: an import's result, the teacher's defaults, keys and checks."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.core import limits
from quizapp.core.checks import DIFFICULTIES, check_question
from quizapp.core.keys import make_key

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
BOM = "\ufeff"
BLANK = "_____"  # how a gap in a sentence is shown where a format has no blank of its own


@dataclass(frozen=True)
class ImportDefaults:
    """What an imported question gets when its file does not say: a difficulty, the sources."""

    tags: tuple[str, ...] = ("medium",)
    cite: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileProblem:
    line: int
    key: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}:"
        return f"{where} [{self.key}] {self.message}" if self.key else f"{where} {self.message}"


@dataclass(frozen=True)
class Imported:
    raw: dict[str, Any]  # a question exactly like a [[questions]] table of a bank file
    line: int  # where the question starts in the file


@dataclass(frozen=True)
class Parsed:
    questions: tuple[Imported, ...]
    problems: tuple[FileProblem, ...]  # the caller imports nothing while there is any


DEFAULTS = ImportDefaults()


def lines_of(text: str) -> list[str]:
    """The file's lines without a leading BOM; only \\n, \\r\\n and \\r end a line."""
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def split_list(text: str, separator: str) -> list[str]:
    """The non-empty items of a separated list, stripped."""
    return [item.strip() for item in text.split(separator) if item.strip()]


def with_defaults(
    raw: dict[str, Any], tags: Sequence[str], cite: Sequence[str], defaults: ImportDefaults
) -> dict[str, Any]:
    """The question with its tags and sources; the teacher's defaults fill what the file lacks."""
    chosen = list(dict.fromkeys(tags)) or list(defaults.tags)
    if not any(tag in DIFFICULTIES for tag in chosen):
        chosen += [tag for tag in defaults.tags if tag in DIFFICULTIES and tag not in chosen]
    return {**raw, "tags": chosen, "cite": list(cite) or list(defaults.cite)}


class Keys:
    """Chooses each imported question's key: the file's own when usable, else one made up."""

    def __init__(self, prefix: str, taken: Collection[str]) -> None:
        self.prefix = prefix
        self.used = set(taken)

    def choose(self, wanted: str | None, prompt: str) -> str:
        usable = (
            wanted is not None
            and KEY_PATTERN.match(wanted) is not None
            and len(wanted) <= limits.QUESTION_KEY
            and wanted not in self.used
        )
        key = wanted if usable and wanted is not None else make_key(self.prefix, prompt, self.used)
        self.used.add(key)
        return key


def finish(
    questions: Iterable[Imported],
    problems: Iterable[FileProblem],
    hints: Mapping[str, str],
) -> Parsed:
    """Check every question as a bank file's would be and put all problems in line order.

    `hints` says, for a field name, how a teacher sets that field in this format.
    """
    found = list(problems)
    chosen = tuple(questions)
    for question in chosen:
        key = question.raw.get("key")
        for field, message in check_question(question.raw):
            hint = hints.get(field or "")
            text = f"{message} ({hint})" if hint else message
            found.append(FileProblem(question.line, key if isinstance(key, str) else None, text))
    if not chosen and not found:
        found.append(FileProblem(1, None, "the file holds no questions"))
    return Parsed(chosen, tuple(sorted(found, key=lambda p: p.line)))
