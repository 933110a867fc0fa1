"""The school's sources: their metadata from the files beside the banks, their text from the
school's own copy (quizapp does not republish it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from quizapp.core.sourcefile import SourceDef
from quizapp.core.sources import split_paragraphs, text_digest
from quizapp.database import tx
from quizapp.sources.models import Source, SourceParagraph


def upsert(session: Session, sources: list[SourceDef], now: datetime) -> list[str]:
    """Create or update the school's sources from their files; returns conflicts (nothing
    changes then: the caller rolls back)."""
    rows = {
        row.slug: row
        for row in session.scalars(
            select(Source).where(Source.slug.in_([s.info.slug for s in sources]))
        )
    }
    conflicts = []
    for source in sources:
        info, row = source.info, rows.get(source.info.slug)
        if row is not None and row.owner_id is not None:
            conflicts.append(f"{source.path}:1: source id {info.slug!r} belongs to a teacher")
            continue
        if row is None:
            row = Source(slug=info.slug, created_at=now)
            session.add(row)
        if row.sha256 != source.sha256 and row.text_loaded_at is not None:
            session.flush()
            session.execute(delete(SourceParagraph).where(SourceParagraph.source_id == row.id))
            row.text_loaded_at = None  # another edition: its text must be loaded again
        row.title, row.author, row.file = info.title, info.author, info.file
        row.published, row.url, row.licence = source.published, source.url, source.licence
        row.paragraph_count, row.furniture = info.paragraphs, sorted(info.furniture)
        row.sha256, row.updated_at = source.sha256, now
    return conflicts


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # no file of that name in the folder
    different: list[str] = field(default_factory=list)  # a file, but not the text the banks cite


def _read(folder: Path, row: Source) -> list[str] | None:
    path = folder / row.file
    try:
        return split_paragraphs(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None


def load_texts(folder: Path, now: datetime) -> LoadReport:
    """Load the text of every school source whose file is in `folder`, if it is the very text
    the banks cite (same paragraphs, same fingerprint); anything else is reported, not loaded."""
    report = LoadReport()
    with tx.write() as session:
        school = session.scalars(
            select(Source).where(Source.owner_id.is_(None), Source.file != "").order_by(Source.slug)
        ).all()
        for row in school:
            paragraphs = _read(folder, row)
            if paragraphs is None:
                report.missing.append(f"{row.slug}: no readable {row.file} in {folder}")
                continue
            if len(paragraphs) != row.paragraph_count or text_digest(paragraphs) != row.sha256:
                report.different.append(
                    f"{row.slug}: {row.file} is not the edition the banks cite "
                    f"({len(paragraphs)} paragraphs, {row.paragraph_count} expected)"
                )
                continue
            session.execute(delete(SourceParagraph).where(SourceParagraph.source_id == row.id))
            session.add_all(
                SourceParagraph(source_id=row.id, number=n, text=text)
                for n, text in enumerate(paragraphs, 1)
            )
            row.text_loaded_at = now
            report.loaded.append(f"{row.slug}: {len(paragraphs)} paragraphs")
    return report
