"""Importing bank files: all or nothing, matched on each question's stable key."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.bankfile import BankDef, QuestionDef, load_banks
from quizapp.models import Bank, Question
from quizapp.services import tx
from quizapp.services.errors import ImportRejected


@dataclass
class ImportSummary:
    banks: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    restored: int = 0

    def __str__(self) -> str:
        return (
            f"{self.banks} bank(s): {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.retired} retired, {self.restored} restored"
        )


def _content(q: QuestionDef) -> dict[str, object]:
    return {
        "type": q.type,
        "prompt": q.prompt,
        "explanation": q.explanation,
        "tags": list(q.tags),
        "cite": [str(c) for c in q.cite],
        "spec": q.spec,
    }


def _upsert_question(
    row: Question | None, q: QuestionDef, bank: Bank, position: int, now: datetime
) -> tuple[Question, str]:
    content = _content(q)
    if row is None:
        return Question(
            key=q.key, bank_id=bank.id, position=position, updated_at=now, **content
        ), "added"
    old = {name: getattr(row, name) for name in content}
    outcome = "unchanged" if old == content and row.bank_id == bank.id else "updated"
    if row.retired_at is not None:
        outcome, row.retired_at = "restored", None
    for name, value in content.items():
        setattr(row, name, value)
    row.bank_id, row.position = bank.id, position
    if outcome != "unchanged":
        row.updated_at = now
    return row, outcome


def _import_bank(
    session: Session, bank_def: BankDef, now: datetime, summary: ImportSummary
) -> None:
    bank = session.scalar(select(Bank).where(Bank.slug == bank_def.slug))
    if bank is None:
        bank = Bank(slug=bank_def.slug)
        session.add(bank)
    bank.title, bank.description = bank_def.title, bank_def.description
    bank.position, bank.source_path, bank.updated_at = bank_def.position, bank_def.path, now
    session.flush()
    keys = [q.key for q in bank_def.questions]
    existing = {
        row.key: row
        for row in session.scalars(
            select(Question).where((Question.bank_id == bank.id) | Question.key.in_(keys))
        )
    }
    for position, q in enumerate(bank_def.questions):
        row, outcome = _upsert_question(existing.get(q.key), q, bank, position, now)
        session.add(row)
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    for row in existing.values():
        if row.bank_id == bank.id and row.key not in keys and row.retired_at is None:
            row.retired_at = now  # kept with its history, no longer shown
            summary.retired += 1
    summary.banks += 1


def import_files(paths: Iterable[Path], now: datetime) -> ImportSummary:
    """Check then import the bank files; one problem anywhere rejects the run unchanged."""
    banks, problems = load_banks(paths)
    if problems:
        raise ImportRejected([str(p) for p in problems])
    summary = ImportSummary()
    with tx.write() as session:
        for bank_def in sorted(banks, key=lambda b: b.position):
            _import_bank(session, bank_def, now, summary)
    return summary
