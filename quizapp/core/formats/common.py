"""What the file formats share: an import's result, the teacher's defaults, keys and checks."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.core import limits
from quizapp.core.checks import DIFFICULTIES, check_question
from quizapp.core.grading import HIDDEN_BLANK
from quizapp.core.keys import make_key
from quizapp.core.markup import pictures as pictures_in
from quizapp.core.pictures import Picture
from quizapp.core.sources import NO_SOURCES, CitationRule

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
BOM = "\ufeff"
BLANK = HIDDEN_BLANK  # how a gap in a sentence is shown where a format has no blank of its own


@dataclass(frozen=True)
class ImportDefaults:
    """What an imported question gets when its file does not say: a difficulty, the sources."""

    tags: tuple[str, ...] = ("medium",)
    cite: tuple[str, ...] = ()
    rule: CitationRule = NO_SOURCES  # the sources the bank may cite, and whether it must


@dataclass(frozen=True)
class FileProblem:
    line: int
    key: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}:"
        return f"{where} [{self.key}] {self.message}" if self.key else f"{where} {self.message}"


@dataclass(frozen=True)
class LeftOut:
    """Something of the file that quizapp cannot keep, named for the preview: a whole question
    (an essay, a description) or a part of one (a distractor in matching). Nothing is dropped
    without one of these, so the teacher sees every loss before importing."""

    line: int
    key: str | None
    what: str

    def __str__(self) -> str:
        where = f"line {self.line}:"
        return f"{where} [{self.key}] {self.what}" if self.key else f"{where} {self.what}"


@dataclass(frozen=True)
class Imported:
    raw: dict[str, Any]  # a question exactly like a [[questions]] table of a bank file
    line: int  # where the question starts in the file


@dataclass(frozen=True)
class Parsed:
    questions: tuple[Imported, ...]
    problems: tuple[FileProblem, ...]  # the caller imports nothing while there is any
    left_out: tuple[LeftOut, ...] = ()  # what the import will not keep, listed in the preview
    # The pictures the questions show, by name, drawn afresh as uploads are: the import adds
    # them to the bank with the questions.
    pictures: Mapping[str, Picture] = dataclasses.field(default_factory=dict)


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
    rule: CitationRule,
    left_out: Iterable[LeftOut] = (),
) -> Parsed:
    """Check every question as a bank file's would be and put all problems in line order.

    `hints` says, for a field name, how a teacher sets that field in this format.
    """
    found = list(problems)
    chosen = tuple(
        Imported({**q.raw, "cite": rule.catalogue.canonical(q.raw.get("cite", []))}, q.line)
        if isinstance(q.raw.get("cite"), list)
        else q
        for q in questions
    )
    for question in chosen:
        key = question.raw.get("key")
        for field, message in check_question(question.raw, rule):
            hint = hints.get(field or "")
            text = f"{message} ({hint})" if hint else message
            found.append(FileProblem(question.line, key if isinstance(key, str) else None, text))
    skipped = tuple(sorted(left_out, key=lambda n: n.line))
    if not chosen and not found:
        kept = " quizapp can keep" if skipped else ""
        found.append(FileProblem(1, None, f"the file holds no questions{kept}"))
    return Parsed(chosen, tuple(sorted(found, key=lambda p: p.line)), skipped)


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        yield from _texts(list(value.values()))


def picture_alts(questions: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The pictures the questions show, by name, each with the alt text it is first shown with."""
    found: dict[str, str] = {}
    for raw in questions:
        for text in _texts(dict(raw)):
            for alt, name in pictures_in(text):
                found.setdefault(name, alt)
    return found
