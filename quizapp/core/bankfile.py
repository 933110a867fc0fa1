"""Reading and checking bank files: TOML in, validated questions or located problems out."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from quizapp.core import limits
from quizapp.core.checks import check_question
from quizapp.core.sourcefile import SourceDef, load_sources
from quizapp.core.sources import Catalogue, Citation, CitationRule

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass(frozen=True)
class QuestionDef:
    key: str
    type: str
    prompt: str
    explanation: str
    tags: tuple[str, ...]
    cite: tuple[Citation, ...]
    spec: dict[str, Any]  # everything a grader and a page need: prompt, options, answers...
    line: int


@dataclass(frozen=True)
class BankDef:
    path: str
    slug: str
    title: str
    description: str
    position: int
    questions: tuple[QuestionDef, ...]
    require_citations: bool = False  # every question must cite a source


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    key: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:"
        return f"{where} [{self.key}] {self.message}" if self.key else f"{where} {self.message}"


@dataclass
class _Lines:
    """Maps the n-th [[questions]] table and its fields to line numbers in the source text."""

    lines: list[str]
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [n for n, text in enumerate(self.lines, 1) if text.strip() == "[[questions]]"]

    def bank(self, name: str) -> int:
        """The line of a [bank] field (before the first question), or 1."""
        end = self.starts[0] if self.starts else len(self.lines) + 1
        pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
        return next((n for n in range(1, end) if pattern.match(self.lines[n - 1])), 1)

    def question(self, index: int) -> int:
        return self.starts[index] if index < len(self.starts) else 1

    def field(self, index: int, name: str) -> int:
        start = self.question(index)
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.lines) + 1
        pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
        for n in range(start, end):
            if pattern.match(self.lines[n - 1]):
                return n
        return start


def _build_question(
    raw: dict[str, Any], index: int, lines: _Lines, catalogue: Catalogue
) -> QuestionDef:
    spec = {k: v for k, v in raw.items() if k not in {"key", "type", "explanation", "tags", "cite"}}
    cites = [catalogue.parse(c) for c in raw.get("cite", [])]
    return QuestionDef(
        key=raw["key"],
        type=raw["type"],
        prompt=raw["prompt"],
        explanation=raw.get("explanation", ""),
        tags=tuple(raw["tags"]),
        cite=tuple(c for c in cites if isinstance(c, Citation)),
        spec=spec,
        line=lines.question(index),
    )


_BANK_FIELDS = {"slug": limits.BANK_SLUG, "title": limits.BANK_TITLE}


def _bank_text_problems(bank: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    for name, longest in _BANK_FIELDS.items():
        value = bank.get(name)
        if not isinstance(value, str) or not value.strip():
            found.append((name, f"[bank] needs a non-empty {name}"))
        elif len(value) > longest:
            found.append((name, f"[bank] {name}: at most {longest} characters"))
    slug = bank.get("slug")
    if isinstance(slug, str) and not KEY_PATTERN.match(slug):
        found.append(("slug", "[bank] slug: use lowercase letters, digits, - and ."))
    description = bank.get("description", "")
    if not isinstance(description, str):
        found.append(("description", "[bank] description must be a text"))
    elif len(description) > limits.BANK_DESCRIPTION:
        found.append(
            ("description", f"[bank] description: at most {limits.BANK_DESCRIPTION} characters")
        )
    for name, value in bank.items():
        if isinstance(value, str) and limits.has_control_character(value):
            found.append((name, f"[bank] {name} contains a control character"))
    return found


def _bank_field_problems(bank: dict[str, Any]) -> list[tuple[str, str]]:
    found = _bank_text_problems(bank)
    position = bank.get("position", 0)
    if not isinstance(position, int) or isinstance(position, bool):
        found.append(("position", "[bank] position must be a whole number"))
    elif not 0 <= position <= limits.DB_INTEGER_MAX:
        found.append(("position", f"[bank] position must be between 0 and {limits.DB_INTEGER_MAX}"))
    if not isinstance(bank.get("require_citations", False), bool):
        found.append(("require_citations", "[bank] require_citations must be true or false"))
    known = {*_BANK_FIELDS, "description", "position", "require_citations"}
    found.extend((name, f"[bank] unknown field {name!r}") for name in bank if name not in known)
    return found


def _bank_problems(path: str, data: dict[str, Any], lines: _Lines) -> list[Problem]:
    bank = data.get("bank")
    if not isinstance(bank, dict):
        return [Problem(path, 1, None, "missing [bank] table with slug and title")]
    problems = [Problem(path, lines.bank(name), None, m) for name, m in _bank_field_problems(bank)]
    if not isinstance(data.get("questions"), list) or not data["questions"]:
        problems.append(Problem(path, 1, None, "the bank has no [[questions]]"))
    unknown = [name for name in data if name not in {"bank", "questions"}]
    problems.extend(Problem(path, 1, None, f"unknown table {name!r}") for name in unknown)
    return problems


def load_bank(path: Path, catalogue: Catalogue) -> tuple[BankDef | None, list[Problem]]:
    """Parse and check one bank file; the bank is None when any problem was found."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(name, 1, None, f"cannot read file: {exc}")]
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.search(str(exc))
        return None, [Problem(name, int(found.group(1)) if found else 1, None, f"TOML: {exc}")]
    lines = _Lines(text.splitlines())
    problems = _bank_problems(name, data, lines)
    if len(name) > limits.SOURCE_PATH:
        problems.append(
            Problem(name, 1, None, f"file path: at most {limits.SOURCE_PATH} characters")
        )
    if problems:
        return None, problems
    rule = CitationRule(catalogue, required=data["bank"].get("require_citations", False))
    for index, raw in enumerate(data["questions"]):
        key = raw.get("key") if isinstance(raw, dict) else None
        for field_name, message in check_question(raw, rule):
            line = lines.field(index, field_name) if field_name else lines.question(index)
            problems.append(Problem(name, line, key if isinstance(key, str) else None, message))
    if problems:
        return None, problems
    bank = data["bank"]
    return BankDef(
        path=name,
        slug=bank["slug"],
        title=bank["title"],
        description=str(bank.get("description", "")),
        position=bank.get("position", 100),
        questions=tuple(
            _build_question(q, i, lines, catalogue) for i, q in enumerate(data["questions"])
        ),
        require_citations=rule.required,
    ), []


def _duplicate_problems(banks: list[BankDef]) -> list[Problem]:
    problems = []
    seen_keys: dict[str, QuestionDef] = {}
    seen_slugs: dict[str, BankDef] = {}
    for bank in banks:
        if bank.slug in seen_slugs:
            first = seen_slugs[bank.slug].path
            problems.append(Problem(bank.path, 1, None, f"bank slug {bank.slug!r} also in {first}"))
        seen_slugs.setdefault(bank.slug, bank)
        for q in bank.questions:
            if q.key in seen_keys:
                problems.append(Problem(bank.path, q.line, q.key, "duplicate key"))
            seen_keys.setdefault(q.key, q)
    return problems


def bank_paths(paths: Iterable[Path], default_dir: Path) -> list[Path]:
    """The files to work on: given files, the *.toml in given folders, or the default folder."""
    chosen = list(paths) or [default_dir]
    found: list[Path] = []
    for path in chosen:
        found.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    return found


def load_banks(
    paths: Iterable[Path], sources: list[SourceDef] | None = None
) -> tuple[list[BankDef], list[Problem]]:
    """Parse and check several bank files together, including keys duplicated across them.

    Citations are checked against `sources`, by default those beside the files (sources/*.toml).
    """
    paths = list(paths)
    problems: list[Problem] = []
    if sources is None:
        sources, wrong = load_sources({path.parent for path in paths})
        for text in wrong:
            where, _, message = text.partition(": ")
            problems.append(Problem(where, 1, None, message))
    catalogue = Catalogue.of(source.info for source in sources)
    banks: list[BankDef] = []
    for path in paths:
        bank, found = load_bank(path, catalogue)
        problems.extend(found)
        if bank is not None:
            banks.append(bank)
    problems.extend(_duplicate_problems(banks))
    return banks, problems


BANKS_FOLDER = "question_banks"


def file_label(path: str) -> str:
    """A bank file as staff pages name it: its path within question_banks/, or its name alone,
    never the server's folders."""
    parts = PurePath(path).parts
    if BANKS_FOLDER in parts:
        last = len(parts) - 1 - parts[::-1].index(BANKS_FOLDER)
        return "/".join(parts[last:])
    return PurePath(path).name
