"""A question's versions: the list, the difference between two, and restoring an old one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.banks.editor import editable_bank
from quizapp.banks.models import Question, QuestionVersion
from quizapp.banks.versions import Origin, add_version, content_of
from quizapp.core.bankfile import file_label
from quizapp.core.versiondiff import DiffLine, diff
from quizapp.database import tx
from quizapp.errors import NotFound
from quizapp.extensions import db

_SOURCES = {
    "import": "file import",
    "initial": "as it was when versions began",
    "browser": "browser",
    "restore": "restored in the browser",
    "copy": "copied",
    "upload": "uploaded file",
}


@dataclass(frozen=True)
class VersionInfo:
    number: int
    created_at: datetime
    where: str  # "browser, by ms_lee" or "question_banks/agreement.toml at import"
    current: bool
    content: dict[str, Any]


@dataclass(frozen=True)
class History:
    bank_slug: str
    bank_title: str
    question_id: int
    key: str
    versions: list[VersionInfo]  # newest first

    def version(self, number: int) -> VersionInfo:
        for found in self.versions:
            if found.number == number:
                return found
        raise NotFound("That version was not found.")

    def diff(self, old: int, new: int) -> list[DiffLine]:
        return diff(self.version(old).content, self.version(new).content)


def _where(version: QuestionVersion, author: str | None) -> str:
    label = _SOURCES.get(version.source, version.source)
    if version.source == "import":
        return f"{file_label(version.source_detail)} at import"
    detail = f" ({version.source_detail})" if version.source_detail else ""
    by = f", by {author}" if author else ""
    return f"{label}{by}{detail}"


def history(user_id: int, slug: str, question_id: int) -> History:
    session = db.session()
    bank = editable_bank(session, user_id, slug)
    question = session.get(Question, question_id)
    if question is None or question.bank_id != bank.id:
        raise NotFound("That question was not found in this bank.")
    rows = session.execute(
        select(QuestionVersion, User.username)
        .outerjoin(User, User.id == QuestionVersion.author_id)
        .where(QuestionVersion.question_id == question.id)
        .order_by(QuestionVersion.number.desc())
    )
    versions = [
        VersionInfo(v.number, v.created_at, _where(v, name), v.id == question.version_id, v.content)
        for v, name in rows
    ]
    return History(bank.slug, bank.title, question.id, question.key, versions)


def restore(user_id: int, slug: str, question_id: int, number: int, now: datetime) -> int:
    """Make an old version current again, as a new version; returns the new version's number.
    Past answers keep their grades (the editor's regrade is for a changed answer key)."""
    with tx.write() as session:
        bank = editable_bank(session, user_id, slug)
        question = session.get(Question, question_id)
        if question is None or question.bank_id != bank.id:
            raise NotFound("That question was not found in this bank.")
        old = session.scalar(
            select(QuestionVersion).where(
                QuestionVersion.question_id == question.id, QuestionVersion.number == number
            )
        )
        if old is None:
            raise NotFound("That version was not found.")
        if old.content == content_of(question):
            return number
        origin = Origin("restore", f"version {number}", user_id)
        return add_version(session, question, dict(old.content), origin, now).number
