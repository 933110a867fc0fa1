"""Sources for the other parts: what a bank may cite, and what a citation shows a student."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, false, or_, select

from quizapp.banks.models import Bank
from quizapp.core.sources import Catalogue, CitationRule, SourceInfo
from quizapp.extensions import db
from quizapp.sources.models import Source, SourceParagraph


@dataclass(frozen=True)
class Cited:
    """One citation as a student sees it; `text` is None while the source's text is not loaded."""

    author: str
    title: str
    published: date | None
    url: str
    paragraph: int
    text: str | None
    source: str = ""  # its id, as citations name it


def _info(row: Source) -> SourceInfo:
    return SourceInfo(
        slug=row.slug,
        title=row.title,
        author=row.author,
        paragraphs=row.paragraph_count,
        furniture=frozenset(row.furniture),
        file=row.file,
    )


def citable(owner_id: int | None, bank_id: int | None) -> ColumnElement[bool]:
    """The sources a bank may cite: the school's, those added for this bank, and its owner's
    sources for all of their banks."""
    school = and_(Source.owner_id.is_(None), Source.bank_id.is_(None))
    for_bank = Source.bank_id == bank_id if bank_id is not None else false()
    if owner_id is None:
        return or_(school, for_bank)
    return or_(school, for_bank, and_(Source.owner_id == owner_id, Source.bank_id.is_(None)))


@dataclass(frozen=True)
class Citable:
    """A source a bank may cite, as the editor lists it."""

    id: int
    slug: str
    title: str
    author: str
    paragraphs: int
    loaded: bool  # its text is in the database
    school: bool


def citable_rows(bank: Bank) -> list[Source]:
    """The sources this bank may cite, the owner's first, by title."""
    return list(
        db.session.scalars(
            select(Source)
            .where(citable(bank.owner_id, bank.id))
            .order_by(Source.owner_id.is_(None), Source.title)
        )
    )


def citable_sources(bank: Bank) -> list[Citable]:
    return [
        Citable(
            s.id,
            s.slug,
            s.title,
            s.author,
            s.paragraph_count,
            s.text_loaded_at is not None,
            s.owner_id is None,
        )
        for s in citable_rows(bank)
    ]


def rule_for(bank: Bank) -> CitationRule:
    """How questions of this bank cite their sources."""
    catalogue = Catalogue.of(_info(row) for row in citable_rows(bank))
    return CitationRule(catalogue, required=bank.require_citations)


def _pairs(cites: Sequence[object]) -> list[tuple[str, int]]:
    found = []
    for cite in cites:
        name, _, number = str(cite).rpartition("#")
        if name and number.isdigit():
            found.append((name, int(number)))
    return found


def cited_many(cite_lists: Sequence[Sequence[object]]) -> list[list[Cited]]:
    """What each list of citations shows, in one statement for all of them."""
    wanted = [_pairs(cites) for cites in cite_lists]
    slugs = {slug for pairs in wanted for slug, _ in pairs}
    numbers = {n for pairs in wanted for _, n in pairs}
    if not slugs:
        return [[] for _ in wanted]
    rows = db.session.execute(
        select(Source, SourceParagraph.number, SourceParagraph.text)
        .outerjoin(
            SourceParagraph,
            and_(SourceParagraph.source_id == Source.id, SourceParagraph.number.in_(numbers)),
        )
        .where(Source.slug.in_(slugs))
    )
    sources: dict[str, Source] = {}
    texts: dict[tuple[str, int], str] = {}
    for source, number, text in rows:
        sources[source.slug] = source
        if number is not None:
            texts[(source.slug, number)] = text
    return [
        [
            Cited(s.author, s.title, s.published, s.url, n, texts.get((slug, n)), slug)
            for slug, n in pairs
            if (s := sources.get(slug)) is not None
        ]
        for pairs in wanted
    ]


def cited(cites: Sequence[object]) -> list[Cited]:
    return cited_many([cites])[0]


def texts_for(cites: Sequence[object]) -> tuple[dict[str, str], list[str]]:
    """The text of each citation whose source is loaded, and every paragraph of those sources
    (for the grounding checks), in one statement."""
    pairs = _pairs(cites)
    slugs = {slug for slug, _ in pairs}
    if not slugs:
        return {}, []
    rows = db.session.execute(
        select(Source.slug, SourceParagraph.number, SourceParagraph.text)
        .join(SourceParagraph, SourceParagraph.source_id == Source.id)
        .where(Source.slug.in_(slugs))
        .order_by(Source.slug, SourceParagraph.number)
    ).all()
    texts = {(slug, number): text for slug, number, text in rows}
    cited = {f"{slug}#{n}": texts[(slug, n)] for slug, n in pairs if (slug, n) in texts}
    return cited, [text for _, _, text in rows]
