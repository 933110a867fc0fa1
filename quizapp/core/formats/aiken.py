"""Aiken, the plainest multiple-choice format: the question, options `A) text` or `A. text`, and
`ANSWER: B`; as in Moodle, the space after the letter may be left out (`A)text`). Each question
becomes a choice question; Aiken has no keys, tags, sources or explanations, so keys are made
from the prompt and the teacher's defaults fill the rest.

The question may run over several lines (kept as line breaks); blank lines are ignored, and a new
question starts at the first line after ANSWER, or at a text line after options. An option or
ANSWER line with no question before it is reported and skipped, so that the questions after it
are read as Moodle reads them (its test files are in tests/data/moodle/).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from quizapp.core.formats.common import (
    DEFAULTS,
    FileProblem,
    ImportDefaults,
    Imported,
    Keys,
    Parsed,
    finish,
    lines_of,
    with_defaults,
)

HINTS = {"cite": "Aiken files cannot name sources: pick one for the whole file in the import form"}

_OPTION = re.compile(r"^([A-Z])[.)](\s*)(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)


@dataclass
class _Draft:
    line: int
    text: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)  # (letter, option)
    problems: list[str] = field(default_factory=list)


class _Reader:
    """Reads the file line by line, one question draft at a time."""

    def __init__(self, keys: Keys, defaults: ImportDefaults) -> None:
        self.keys = keys
        self.defaults = defaults
        self.draft: _Draft | None = None
        self.questions: list[Imported] = []
        self.problems: list[FileProblem] = []

    def line(self, number: int, text: str) -> None:
        option, answer = _OPTION.match(text), _ANSWER.match(text)
        if answer:
            self.answer(number, answer.group(1).strip())
        elif option and (self.draft is not None or option.group(2)):
            # "U.S. law…" opening a question is its text, not an option U written without a space
            self.option(number, option.group(1), option.group(3).strip())
        else:
            if self.draft is not None and self.draft.options:
                self.unanswered()
            if self.draft is None:
                self.draft = _Draft(number)
            self.draft.text.append(text)

    def option(self, number: int, letter: str, text: str) -> None:
        if self.draft is None:
            self.problem(number, "an option before any question: write the question first")
            return
        if letter in dict(self.draft.options):
            self.draft.problems.append(
                f"option {letter} is given twice: letter the options A, B, C…"
            )
        self.draft.options.append((letter, text))

    def unanswered(self) -> None:
        assert self.draft is not None
        self.problem(self.draft.line, "no ANSWER line: end the question with one such as ANSWER: B")
        self.draft = None

    def problem(self, line: int, message: str) -> None:
        self.problems.append(FileProblem(line, None, message))

    def answer(self, number: int, letter: str) -> None:
        draft, self.draft = self.draft, None
        if draft is None:
            self.problem(number, "an ANSWER line without a question and options before it")
            return
        self.problems.extend(FileProblem(draft.line, None, m) for m in draft.problems)
        if len(draft.options) < 2:
            self.problem(draft.line, "a question needs at least two options, such as A) and B)")
        elif letter.upper() not in dict(draft.options):
            letters = ", ".join(given for given, _ in draft.options)
            message = f"ANSWER: {letter} is not one of the options ({letters}): give one letter"
            self.problem(number, message)
        elif not draft.problems:
            self.add(draft, dict(draft.options)[letter.upper()])

    def add(self, draft: _Draft, answer: str) -> None:
        prompt = "\n".join(draft.text)
        raw = {
            "key": self.keys.choose(None, prompt),
            "type": "choice",
            "prompt": prompt,
            "options": [option for _, option in draft.options],
            "answer": answer,
            "explanation": "",
        }
        self.questions.append(Imported(with_defaults(raw, [], [], self.defaults), draft.line))


def parse(
    text: str, prefix: str, taken: Collection[str], defaults: ImportDefaults = DEFAULTS
) -> Parsed:
    """The choice questions of an Aiken file and every problem, by line."""
    reader = _Reader(Keys(prefix, taken), defaults)
    for number, line in enumerate(lines_of(text), 1):
        if line.strip():
            reader.line(number, line.strip())
    if reader.draft is not None:
        reader.unanswered()
    return finish(reader.questions, reader.problems, HINTS, defaults.rule)
