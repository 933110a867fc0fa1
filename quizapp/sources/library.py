"""A teacher's own sources: add one from pasted or uploaded text, read it, correct it, and see
which questions a correction touches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from quizapp.accounts.models import User
from quizapp.banks.editor import editable_bank
from quizapp.banks.models import Bank, Question
from quizapp.core.sources import text_digest
from quizapp.database import tx
from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.sources.copying import free_slug
from quizapp.sources.models import Source, SourceParagraph


@dataclass(frozen=True)
class Draft:
    """A source as the teacher's form describes it; `paragraphs` as the teacher saw them split."""

    title: str
    author: str
    published: date | None
    url: str
    licence: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Listed:
    id: int
    slug: str
    title: str
    author: str
    paragraphs: int
    bank_title: str | None  # for one bank only; None for all of its owner's banks
    school: bool
    text_loaded: bool


@dataclass(frozen=True)
class Citing:
    question_id: int
    key: str
    bank_slug: str
    bank_title: str
    paragraphs: list[int]  # the paragraphs of this source the question cites


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str
    furniture: bool
    cited_by: int  # how many active questions cite it


@dataclass(frozen=True)
class SourceView:
    id: int
    slug: str
    title: str
    author: str
    published: date | None
    url: str
    licence: str
    school: bool
    editable: bool
    bank_slug: str | None  # the bank it was added for, or None for all its owner's banks
    bank_title: str | None
    paragraph_count: int
    paragraphs: list[Paragraph]  # those matching the search, or all
    citing: list[Citing]  # the questions that cite the paragraphs asked about


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("That source was not found.")
    return user


def _readable(session: Session, user_id: int, source_id: int) -> Source:
    """A teacher's own source, or one of the school's; NotFound for anyone else's."""
    _user(session, user_id)
    source = session.get(Source, source_id)
    if source is None or (source.owner_id is not None and source.owner_id != user_id):
        raise NotFound("That source was not found.")
    return source


def _own(session: Session, user_id: int, source_id: int) -> Source:
    source = _readable(session, user_id, source_id)
    if source.owner_id != user_id:
        raise NotFound("That source was not found.")  # the school's: changed through its files
    return source


def listing(user_id: int) -> list[Listed]:
    """The teacher's sources, then the school's."""
    rows = db.session.execute(
        select(Source, Bank.title)
        .outerjoin(Bank, Bank.id == Source.bank_id)
        .where(
            (Source.owner_id == user_id) | (Source.owner_id.is_(None) & Source.bank_id.is_(None))
        )
        .order_by(Source.owner_id.is_(None), Source.title)
    )
    return [
        Listed(
            s.id,
            s.slug,
            s.title,
            s.author,
            s.paragraph_count,
            bank_title,
            s.owner_id is None,
            s.text_loaded_at is not None,
        )
        for s, bank_title in rows
    ]


def _store(session: Session, source: Source, draft: Draft, now: datetime) -> None:
    source.title, source.author, source.published = draft.title, draft.author, draft.published
    source.url, source.licence = draft.url, draft.licence
    source.paragraph_count, source.furniture = len(draft.paragraphs), []
    source.sha256, source.updated_at, source.text_loaded_at = (
        text_digest(draft.paragraphs),
        now,
        now,
    )
    session.flush()
    session.execute(delete(SourceParagraph).where(SourceParagraph.source_id == source.id))
    session.add_all(
        SourceParagraph(source_id=source.id, number=n, text=text)
        for n, text in enumerate(draft.paragraphs, 1)
    )


def create(user_id: int, draft: Draft, bank_slug: str | None, now: datetime) -> int:
    """Add a teacher's source, for one bank they edit or for all of their banks."""
    with tx.write() as session:
        _user(session, user_id)
        bank = editable_bank(session, user_id, bank_slug) if bank_slug else None
        source = Source(
            slug=free_slug(session, draft.title),
            owner_id=user_id,
            bank_id=bank.id if bank else None,
            created_at=now,
        )
        session.add(source)
        _store(session, source, draft, now)
        return source.id


def _citing(session: Session, source: Source, numbers: set[int] | None) -> list[Citing]:
    """Active questions that cite this source (its paragraphs `numbers`, or any)."""
    prefix = f"{source.slug}#"
    query = (
        select(Question.id, Question.key, Question.cite, Bank.slug, Bank.title)
        .join(Bank, Bank.id == Question.bank_id)
        .where(Question.retired_at.is_(None))
        .order_by(Bank.title, Question.position, Question.id)
    )
    if source.bank_id is not None:  # the banks that may cite it
        query = query.where(Question.bank_id == source.bank_id)
    elif source.owner_id is not None:
        query = query.where(Bank.owner_id == source.owner_id)
    rows = session.execute(query)
    found = []
    for qid, key, cites, bank_slug, bank_title in rows:
        cited = sorted(
            int(n)
            for c in cites
            if str(c).startswith(prefix) and (n := str(c)[len(prefix) :]).isdigit()
        )
        if cited and (numbers is None or numbers & set(cited)):
            found.append(Citing(qid, key, bank_slug, bank_title, cited))
    return found


def view(
    user_id: int, source_id: int, search: str = "", asked: set[int] | None = None
) -> SourceView:
    """A source with its paragraphs (those containing `search`, when given) and how often each
    is cited; `asked` lists the questions citing those paragraphs (after a correction)."""
    session = db.session()
    source = _readable(session, user_id, source_id)
    citing_all = _citing(session, source, None)
    counts: dict[int, int] = {}
    for q in citing_all:
        for n in set(q.paragraphs):
            counts[n] = counts.get(n, 0) + 1
    rows = session.execute(
        select(SourceParagraph.number, SourceParagraph.text)
        .where(SourceParagraph.source_id == source.id)
        .order_by(SourceParagraph.number)
    )
    needle = search.casefold().strip()
    paragraphs = [
        Paragraph(n, text, n in source.furniture, counts.get(n, 0))
        for n, text in rows
        if not needle or needle in text.casefold()
    ]
    bank = session.get(Bank, source.bank_id) if source.bank_id else None
    return SourceView(
        source.id,
        source.slug,
        source.title,
        source.author,
        source.published,
        source.url,
        source.licence,
        source.owner_id is None,
        source.owner_id == user_id,
        bank.slug if bank else None,
        bank.title if bank else None,
        source.paragraph_count,
        paragraphs,
        [q for q in citing_all if asked and asked & set(q.paragraphs)],
    )


def draft_of(user_id: int, source_id: int) -> Draft:
    """The teacher's own source as the correction form shows it."""
    session = db.session()
    source = _own(session, user_id, source_id)
    texts = session.scalars(
        select(SourceParagraph.text)
        .where(SourceParagraph.source_id == source.id)
        .order_by(SourceParagraph.number)
    )
    return Draft(
        source.title, source.author, source.published, source.url, source.licence, list(texts)
    )


def correct(user_id: int, source_id: int, draft: Draft, now: datetime) -> set[int]:
    """Save a correction; returns the cited paragraphs whose text changed or that are gone."""
    with tx.write() as session:
        source = _own(session, user_id, source_id)
        rows = session.execute(
            select(SourceParagraph.number, SourceParagraph.text).where(
                SourceParagraph.source_id == source.id
            )
        )
        old = {number: text for number, text in rows}
        cited = {n for q in _citing(session, source, None) for n in q.paragraphs}
        new = dict(enumerate(draft.paragraphs, 1))
        changed = {n for n in cited if old.get(n) != new.get(n)}
        _store(session, source, draft, now)
        return changed
