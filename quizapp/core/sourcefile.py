"""Reading source metadata files (sources/*.toml beside the bank files): a school's sources
without their text."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from quizapp.core import limits
from quizapp.core.sources import SLUG, SourceInfo

FOLDER = "sources"


@dataclass(frozen=True)
class SourceDef:
    info: SourceInfo
    published: date | None
    url: str
    licence: str
    sha256: str  # of the text's paragraphs (core.sources.text_digest)
    path: str


_TEXTS = {"title": limits.SOURCE_TITLE, "author": limits.SOURCE_AUTHOR, "url": limits.SOURCE_URL}


def _problems(raw: dict[str, Any]) -> list[str]:
    found = []
    if not isinstance(raw.get("id"), str) or not SLUG.match(raw["id"]):
        found.append("id: lowercase letters, digits and -, at most 40")
    for name, longest in _TEXTS.items():
        value = raw.get(name, "")
        if not isinstance(value, str) or len(value) > longest:
            found.append(f"{name}: a text of at most {longest} characters")
    if not isinstance(raw.get("title"), str) or not raw["title"].strip():
        found.append("title: required")
    count = raw.get("paragraphs")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        found.append("paragraphs: the number of paragraphs, 1 or more")
    furniture = raw.get("furniture", [])
    if not isinstance(furniture, list) or not all(isinstance(n, int) for n in furniture):
        found.append("furniture: a list of paragraph numbers")
    published = raw.get("published", "")
    if published and not isinstance(published, date):
        try:
            date.fromisoformat(str(published))
        except ValueError:
            found.append("published: a date such as 2021-03-09, or empty")
    return found


def _published(value: object) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)) if value else None


def load_source(path: Path) -> tuple[SourceDef | None, list[str]]:
    """One source file, or the problems that keep it out (each prefixed with the file name)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return None, [f"{path}: cannot read: {exc}"]
    raw = data.get("source")
    if not isinstance(raw, dict):
        return None, [f"{path}: needs a [source] table"]
    problems = [f"{path}: {p}" for p in _problems(raw)]
    if problems:
        return None, problems
    info = SourceInfo(
        slug=raw["id"],
        title=raw["title"].strip(),
        author=raw.get("author", "").strip(),
        paragraphs=raw["paragraphs"],
        furniture=frozenset(raw.get("furniture", [])),
        file=str(raw.get("file", "")),
    )
    return SourceDef(
        info=info,
        published=_published(raw.get("published", "")),
        url=raw.get("url", ""),
        licence=str(raw.get("licence", "")),
        sha256=str(raw.get("sha256", "")),
        path=str(path),
    ), []


def load_sources(bank_dirs: set[Path]) -> tuple[list[SourceDef], list[str]]:
    """The sources beside these bank folders (in each one's sources/ folder)."""
    found: dict[str, SourceDef] = {}
    problems: list[str] = []
    for folder in sorted(bank_dirs):
        for path in sorted((folder / FOLDER).glob("*.toml")):
            source, wrong = load_source(path)
            problems.extend(wrong)
            if source is None:
                continue
            same = found.get(source.info.slug)
            if same is not None and (same.info, same.sha256) != (source.info, source.sha256):
                problems.append(f"{path}: id {source.info.slug!r} is also in {same.path}")
            found.setdefault(source.info.slug, source)
    return list(found.values()), problems
