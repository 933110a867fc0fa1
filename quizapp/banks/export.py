"""Writing banks back as files: TOML in the shipped format, the same bytes for the same bank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from quizapp.banks.models import Bank, Question
from quizapp.banks.versions import content_of, raw_of
from quizapp.core.pictures import EXTENSIONS
from quizapp.core.tomlbank import dump_bank
from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.pictures.models import Picture
from quizapp.sources import services as sources


@dataclass(frozen=True)
class BankExport:
    slug: str
    title: str
    questions: list[dict[str, Any]]  # active questions in order, as [[questions]] tables
    toml: str
    source_titles: dict[str, str] = field(default_factory=dict)  # by source id, for citations


def _bank_export(bank: Bank) -> BankExport:
    rows = db.session.scalars(
        select(Question)
        .where(Question.bank_id == bank.id, Question.retired_at.is_(None))
        .order_by(Question.position, Question.id)
    )
    questions = [raw_of(row.key, content_of(row)) for row in rows]
    head = {
        "slug": bank.slug,
        "title": bank.title,
        "description": bank.description,
        "position": bank.position,
    }
    if bank.require_citations:
        head["require_citations"] = True
    catalogue = sources.rule_for(bank).catalogue
    titles = {slug: info.label for slug, info in catalogue.sources.items()}
    return BankExport(bank.slug, bank.title, questions, dump_bank(head, questions), titles)


def export_bank(slug: str) -> BankExport:
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug))
    if bank is None:
        raise NotFound(f"There is no bank called {slug!r}.")
    return _bank_export(bank)


def bank_media(slug: str) -> dict[str, bytes]:
    """A bank's pictures by the names its questions use, for an export that carries them."""
    rows = db.session.execute(
        select(Picture.sha256, Picture.media_type, Picture.data)
        .join(Bank, Bank.id == Picture.bank_id)
        .where(Bank.slug == slug)
    )
    return {f"{sha}.{EXTENSIONS[media]}": data for sha, media, data in rows}


def export_banks(slugs: Sequence[str]) -> list[BankExport]:
    """The named banks, or every school bank (the file banks) when none is named."""
    if slugs:
        return [export_bank(slug) for slug in slugs]
    banks = db.session.scalars(
        select(Bank).where(Bank.owner_id.is_(None)).order_by(Bank.position, Bank.slug)
    )
    return [_bank_export(bank) for bank in banks]
