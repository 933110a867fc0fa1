"""A source's short id, and the sources a copied bank takes with it so that its questions can
still cite what they cited."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert, literal, or_, select
from sqlalchemy.orm import Session

from quizapp.banks.models import Bank
from quizapp.core.sources import SLUG
from quizapp.sources.models import Source, SourceParagraph
from quizapp.sources.services import citable


def _slug_base(title: str) -> str:
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    base = ""
    for word in words:
        if len(base) + len(word) + 1 > 28:
            break
        base = f"{base}-{word}" if base else word
    return base or "source"


def free_slug(session: Session, title: str) -> str:
    """An id no source has yet, made from the title ("notes-on-the-moon", then "…-2")."""
    base = _slug_base(title)
    taken = set(session.scalars(select(Source.slug).where(Source.slug.like(f"{base}%"))))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    assert SLUG.match(slug)
    return slug


def _names(cites: Iterable[str]) -> set[str]:
    return {name for cite in cites if (name := str(cite).rpartition("#")[0])}


def _citable_by(source: Source, bank: Bank) -> bool:
    school = source.owner_id is None and source.bank_id is None
    owners = source.bank_id is None and source.owner_id == bank.owner_id
    return school or source.bank_id == bank.id or owners


def copy_for_bank(
    session: Session, original: Bank, copy: Bank, cites: Iterable[str], now: datetime
) -> dict[str, str]:
    """Give the copy its own copies (with their paragraphs) of the sources the original may cite
    and the copy may not: those added for the original bank, and those its questions (`cites`)
    cite from its owner's sources when the copy has another owner. Returns each copied source's
    old names (its id, and the file older citations named) mapped to the copy's id."""
    names = _names(cites)
    rows = session.scalars(
        select(Source)
        .where(
            citable(original.owner_id, original.id),
            or_(Source.bank_id == original.id, Source.slug.in_(names), Source.file.in_(names)),
        )
        .order_by(Source.id)
    )
    renamed: dict[str, str] = {}
    for row in list(rows):
        if _citable_by(row, copy):
            continue  # the school's, or the copy's owner's own: the copy cites them as they are
        new = _copy(session, row, copy, now)
        renamed.update({name: new.slug for name in (row.slug, row.file) if name})
    return renamed


def _copy(session: Session, row: Source, bank: Bank, now: datetime) -> Source:
    """A copy of a source and its paragraphs, added for `bank` and owned by its owner."""
    new = Source(
        slug=free_slug(session, row.title),
        title=row.title,
        author=row.author,
        published=row.published,
        url=row.url,
        licence=row.licence,
        owner_id=bank.owner_id,
        bank_id=bank.id,
        paragraph_count=row.paragraph_count,
        furniture=list(row.furniture),
        sha256=row.sha256,
        text_loaded_at=row.text_loaded_at,
        created_at=now,
        updated_at=now,
    )
    session.add(new)
    session.flush()
    paragraphs = select(literal(new.id), SourceParagraph.number, SourceParagraph.text)
    session.execute(
        insert(SourceParagraph).from_select(
            ["source_id", "number", "text"], paragraphs.where(SourceParagraph.source_id == row.id)
        )
    )
    return new


def recite(cites: Iterable[str], renamed: dict[str, str]) -> list[str]:
    """The citations with each copied source's old name replaced by the copy's id."""
    found = []
    for cite in cites:
        name, _, number = str(cite).rpartition("#")
        found.append(f"{renamed[name]}#{number}" if name in renamed else str(cite))
    return found
