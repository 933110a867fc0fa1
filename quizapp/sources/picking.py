"""Citing by picking: the sources a bank may cite, and the paragraphs of one to choose from."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from quizapp.banks.models import Bank
from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.sources.models import Source, SourceParagraph
from quizapp.sources.services import Cited, citable_rows, cited


@dataclass(frozen=True)
class Choice:
    number: int
    text: str | None  # None while the source's text is not loaded


@dataclass(frozen=True)
class Picker:
    sources: list[tuple[str, str]]  # (id, "author, “title”") of every source the bank may cite
    chosen: str | None  # the source whose paragraphs are listed
    search: str
    paragraphs: list[Choice]  # the chosen source's citable paragraphs (matching the search)
    current: list[tuple[str, Cited | None]]  # the question's citations, as students see them


def _label(source: Source) -> str:
    return f"{source.author}, “{source.title}”" if source.author else f"“{source.title}”"


def picker(bank_slug: str, chosen: str | None, search: str, cites: list[str]) -> Picker:
    """What the editor's citation picker shows for this bank (whose editor the caller checked)."""
    session = db.session()
    bank = session.scalar(select(Bank).where(Bank.slug == bank_slug))
    if bank is None:
        raise NotFound("That bank was not found.")
    rows = citable_rows(bank)
    source = next((s for s in rows if s.slug == chosen), rows[0] if rows else None)
    paragraphs: list[Choice] = []
    if source is not None:
        found = session.execute(
            select(SourceParagraph.number, SourceParagraph.text).where(
                SourceParagraph.source_id == source.id
            )
        )
        texts = {number: text for number, text in found}
        needle = search.casefold().strip()
        paragraphs = [
            Choice(n, texts.get(n))
            for n in range(1, source.paragraph_count + 1)
            if n not in source.furniture
            and (not needle or needle in (texts.get(n) or "").casefold())
        ]
    by_cite = {f"{c.source}#{c.paragraph}": c for c in cited(cites)}
    return Picker(
        [(s.slug, _label(s)) for s in rows],
        source.slug if source else None,
        search,
        paragraphs,
        [(c, by_cite.get(c)) for c in cites],
    )
