"""Question versions: every change to a question adds an immutable version, whoever made it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.banks.models import Question, QuestionVersion

CONTENT_FIELDS = ("type", "prompt", "explanation", "tags", "cite", "spec")
# Versions that came from a file: the file is where the question is kept, so importing it again
# may replace them. Any other source (the browser, a restore) is an edit the file does not hold.
FROM_FILE = frozenset({"import", "initial"})


def content_of(question: Question) -> dict[str, Any]:
    """A question's current content, as a version stores it."""
    return {name: getattr(question, name) for name in CONTENT_FIELDS}


def raw_of(key: str, content: dict[str, Any]) -> dict[str, Any]:
    """A version's content as a bank file's [[questions]] table (the spec holds the prompt)."""
    raw: dict[str, Any] = {"key": key, "type": content["type"], **content["spec"]}
    raw["prompt"] = content["prompt"]
    raw |= {name: content[name] for name in ("explanation", "tags", "cite")}
    return raw


def content_from_raw(raw: dict[str, Any]) -> dict[str, Any]:
    """The inverse of raw_of: a checked [[questions]] table as version content."""
    spec = {k: v for k, v in raw.items() if k not in {"key", "type", "explanation", "tags", "cite"}}
    return {
        "type": raw["type"],
        "prompt": raw["prompt"],
        "explanation": raw.get("explanation", ""),
        "tags": list(raw["tags"]),
        "cite": [str(c) for c in raw["cite"]],
        "spec": spec,
    }


@dataclass(frozen=True)
class Origin:
    """Where a change comes from: "browser" by a teacher, or "import" of a file."""

    source: str
    detail: str = ""
    author_id: int | None = None


def add_version(
    session: Session,
    question: Question,
    content: dict[str, Any],
    origin: Origin,
    now: datetime,
    number: int | None = None,
) -> QuestionVersion:
    """Set the question's content and record it as its next version (flushes to get ids)."""
    for name, value in content.items():
        setattr(question, name, value)
    question.updated_at = now
    if question.id is None:
        session.add(question)
        session.flush()
        number = 1
    elif number is None:
        latest = select(func.max(QuestionVersion.number)).where(
            QuestionVersion.question_id == question.id
        )
        number = (session.scalar(latest) or 0) + 1
    version = QuestionVersion(
        question_id=question.id,
        number=number,
        content=content,
        source=origin.source,
        source_detail=origin.detail,
        author_id=origin.author_id,
        created_at=now,
    )
    session.add(version)
    session.flush()
    question.version_id = version.id
    return version


def versions_by_question(
    session: Session, question_ids: Iterable[int]
) -> dict[int, list[QuestionVersion]]:
    """Every version of these questions, oldest first, in one statement."""
    found: dict[int, list[QuestionVersion]] = {}
    ids = list(question_ids)
    if not ids:
        return found
    rows = session.scalars(
        select(QuestionVersion)
        .where(QuestionVersion.question_id.in_(ids))
        .order_by(QuestionVersion.question_id, QuestionVersion.number)
    )
    for version in rows:
        found.setdefault(version.question_id, []).append(version)
    return found
