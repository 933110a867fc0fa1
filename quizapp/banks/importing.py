"""Importing bank files: all or nothing, matched on each question's stable key, each change a
new version. A question edited in the browser is never overwritten silently (see `_decide`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.accounts.models import User
from quizapp.banks.models import Bank, Question, QuestionVersion
from quizapp.banks.versions import FROM_FILE, Origin, add_version, content_of, versions_by_question
from quizapp.core.bankfile import BankDef, QuestionDef, load_banks
from quizapp.core.sourcefile import load_sources
from quizapp.database import tx
from quizapp.errors import ImportRejected
from quizapp.sources import school


def source_dirs(paths: Iterable[Path], school_dir: Path | None) -> set[Path]:
    """Where bank files' sources are: beside each file, and in the school's banks folder."""
    return {path.parent for path in paths} | ({school_dir} if school_dir else set())


@dataclass
class ImportSummary:
    banks: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    restored: int = 0
    kept: list[str] = field(default_factory=list)  # browser edits the file does not hold yet

    def __str__(self) -> str:
        text = (
            f"{self.banks} bank(s): {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.retired} retired, {self.restored} restored"
        )
        if self.kept:
            text += (
                f"; kept {len(self.kept)} browser edit(s) the files do not hold yet "
                f"({', '.join(self.kept)}): `flask banks export` writes them to the files"
            )
        return text


def _content(q: QuestionDef) -> dict[str, object]:
    return {
        "type": q.type,
        "prompt": q.prompt,
        "explanation": q.explanation,
        "tags": list(q.tags),
        "cite": [str(c) for c in q.cite],
        "spec": q.spec,
    }


@dataclass
class _Import:
    session: Session
    now: datetime
    prefer_file: bool
    summary: ImportSummary = field(default_factory=ImportSummary)
    conflicts: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self.summary, outcome, getattr(self.summary, outcome) + 1)


def _describe(session: Session, version: QuestionVersion) -> str:
    author = session.get(User, version.author_id) if version.author_id else None
    by = f" by {author.username}" if author else ""
    return (
        f"version {version.number} ({version.source}{by}, {version.created_at:%Y-%m-%d %H:%M} UTC)"
    )


def _decide(
    job: _Import, row: Question, wanted: dict[str, object], history: list[QuestionVersion]
) -> str:
    """What importing the file's content does to an existing question.

    A question last set from a file follows the file. A question edited in the browser since keeps
    that edit when the file still holds an earlier version ("kept"), and is a conflict when the
    file says something new: both sides changed, so nothing is imported unless --prefer-file.
    """
    if content_of(row) == wanted:
        return "unchanged"
    current = history[-1] if history else None
    if current is None or current.source in FROM_FILE or job.prefer_file:
        return "updated"
    if any(v.content == wanted for v in history):
        return "kept"
    return "conflict"


def _conflict_message(
    job: _Import, bank_def: BankDef, q: QuestionDef, current: QuestionVersion
) -> str:
    return (
        f"{bank_def.path}:{q.line}: [{q.key}] conflict: edited in the browser since the file was "
        f"last imported ({_describe(job.session, current)}), and the file now says something "
        f"else. Run `flask banks export {bank_def.slug}` to see the browser version and merge by "
        "hand, or import with --prefer-file to replace the browser version with the file's."
    )


def _import_question(
    job: _Import,
    bank_def: BankDef,
    bank: Bank,
    position: int,
    q: QuestionDef,
    row: Question | None,
    history: list[QuestionVersion],
) -> None:
    origin = Origin("import", bank_def.path)
    wanted = _content(q)
    if row is None:
        row = Question(key=q.key, bank_id=bank.id, position=position)
        add_version(job.session, row, wanted, origin, job.now)
        job.count("added")
        return
    outcome = _decide(job, row, wanted, history)
    if outcome == "conflict":
        job.conflicts.append(_conflict_message(job, bank_def, q, history[-1]))
        return
    if outcome == "kept":
        job.summary.kept.append(q.key)
    if outcome == "updated":
        add_version(job.session, row, wanted, origin, job.now, number=len(history) + 1)
    if row.retired_at is not None:
        outcome, row.retired_at = "restored", None
    row.bank_id, row.position = bank.id, position
    job.count("unchanged" if outcome == "kept" else outcome)


def _import_bank(job: _Import, bank_def: BankDef) -> None:
    session = job.session
    bank = session.scalar(select(Bank).where(Bank.slug == bank_def.slug))
    if bank is not None and bank.owner_id is not None:
        job.conflicts.append(
            f"{bank_def.path}:1: bank slug {bank_def.slug!r} belongs to a teacher's bank made in "
            "the browser; give the file's bank another slug"
        )
        return
    if bank is None:
        bank = Bank(slug=bank_def.slug)
        session.add(bank)
    bank.title, bank.description = bank_def.title, bank_def.description
    bank.position, bank.source_path, bank.updated_at = bank_def.position, bank_def.path, job.now
    bank.require_citations = bank_def.require_citations
    session.flush()
    keys = [q.key for q in bank_def.questions]
    existing = {
        row.key: row
        for row in session.scalars(
            select(Question).where((Question.bank_id == bank.id) | Question.key.in_(keys))
        )
    }
    histories = versions_by_question(session, [row.id for row in existing.values()])
    for position, q in enumerate(bank_def.questions):
        row = existing.get(q.key)
        history = histories.get(row.id, []) if row else []
        _import_question(job, bank_def, bank, position, q, row, history)
    for row in existing.values():
        if row.bank_id == bank.id and row.key not in keys and row.retired_at is None:
            history = histories.get(row.id, [])
            if history and history[-1].source not in FROM_FILE and not job.prefer_file:
                job.summary.kept.append(row.key)  # made or edited in the browser: not the file's
                continue
            row.retired_at = job.now  # kept with its history, no longer shown
            job.summary.retired += 1
    job.summary.banks += 1


def import_files(
    paths: Iterable[Path], now: datetime, prefer_file: bool = False, school_dir: Path | None = None
) -> ImportSummary:
    """Check then import the bank files; one problem anywhere rejects the run unchanged.

    Their citations name the sources beside them (sources/*.toml) or in the school's banks folder.
    """
    paths = list(paths)
    sources, wrong = load_sources(source_dirs(paths, school_dir))
    banks, problems = load_banks(paths, sources)
    if wrong or problems:
        raise ImportRejected([*wrong, *(str(p) for p in problems)])
    with tx.write() as session:
        job = _Import(session, now, prefer_file)
        job.conflicts.extend(school.upsert(session, sources, now))
        for bank_def in sorted(banks, key=lambda b: b.position):
            _import_bank(job, bank_def)
        if job.conflicts:
            raise ImportRejected(job.conflicts)  # rolls the whole run back
    return job.summary
