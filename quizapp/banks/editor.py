"""The bank editor's banks: who may edit which bank, making, copying and arranging banks.

Teachers own the banks they make. The school's banks (the article banks, from the files) are
edited by admins and by the teachers an admin allows. A bank the caller may not edit is "not
found", like any other id that is not theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, func, insert, literal, select
from sqlalchemy.orm import Session

from quizapp.accounts.models import User
from quizapp.audit import services as audit
from quizapp.audit.models import Action
from quizapp.audit.services import Actor
from quizapp.banks.models import Bank, BankEditor, Question, QuestionVersion
from quizapp.banks.versions import Origin, add_version, content_of
from quizapp.core.bankfile import file_label
from quizapp.database import tx
from quizapp.errors import NotFound, ServiceError
from quizapp.extensions import db
from quizapp.pictures.models import Picture
from quizapp.sources import copying
from quizapp.sources import services as sources

TEACHING_ROLES = frozenset({"teacher", "admin"})
_SLUG_WORDS = re.compile(r"[^a-z0-9]+")


class SlugTaken(ServiceError):
    pass


@dataclass(frozen=True)
class EditableBank:
    slug: str
    title: str
    description: str
    school: bool  # a school bank (from the files) rather than a teacher's own
    questions: int
    retired: int
    quiz_only: bool = False


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.role not in TEACHING_ROLES:
        raise NotFound("That bank was not found.")
    return user


def may_edit(session: Session, user: User, bank: Bank) -> bool:
    if user.role == "admin" or bank.owner_id == user.id:
        return True
    if bank.owner_id is not None:
        return False
    allowed = select(BankEditor).where(BankEditor.bank_id == bank.id, BankEditor.user_id == user.id)
    return bool(session.scalar(select(exists(allowed))))


def editable_bank(session: Session, user_id: int, slug: str) -> Bank:
    """The bank if this teacher may edit it; NotFound otherwise (as for a bank that is not)."""
    user = _user(session, user_id)
    bank = session.scalar(select(Bank).where(Bank.slug == slug))
    if bank is None or not may_edit(session, user, bank):
        raise NotFound("That bank was not found.")
    return bank


def editable_banks(user_id: int) -> list[EditableBank]:
    """The banks this teacher may edit, school banks first, with their question counts."""
    session = db.session()
    user = _user(session, user_id)
    counts = (
        select(
            Question.bank_id,
            func.count(Question.id).filter(Question.retired_at.is_(None)).label("active"),
            func.count(Question.id).filter(Question.retired_at.is_not(None)).label("retired"),
        )
        .group_by(Question.bank_id)
        .subquery()
    )
    query = (
        select(Bank, counts.c.active, counts.c.retired)
        .outerjoin(counts, counts.c.bank_id == Bank.id)
        .order_by(Bank.owner_id.is_not(None), Bank.position, Bank.title)
    )
    if user.role != "admin":
        allowed = select(BankEditor.bank_id).where(BankEditor.user_id == user.id)
        query = query.where((Bank.owner_id == user.id) | Bank.id.in_(allowed))
    return [
        EditableBank(
            b.slug,
            b.title,
            b.description,
            b.owner_id is None,
            active or 0,
            retired or 0,
            b.quiz_only,
        )
        for b, active, retired in session.execute(query)
    ]


def slug_for(title: str, taken: set[str]) -> str:
    base = _SLUG_WORDS.sub("-", title.lower()).strip("-")[:40].strip("-") or "bank"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _taken_slugs(session: Session) -> set[str]:
    return set(session.scalars(select(Bank.slug)))


def create_bank(
    user_id: int, title: str, description: str, now: datetime, quiz_only: bool = False
) -> str:
    """A new empty bank owned by this teacher (kept for quizzes if `quiz_only`); its slug."""
    with tx.write() as session:
        _user(session, user_id)
        slug = slug_for(title, _taken_slugs(session))
        session.add(
            Bank(
                slug=slug,
                title=title,
                description=description,
                owner_id=user_id,
                position=1000,
                updated_at=now,
                quiz_only=quiz_only,
            )
        )
    return slug


def copy_bank(user_id: int, slug: str, title: str, now: datetime, quiz_only: bool = False) -> str:
    """A copy of a bank this teacher can see in the editor, owned by them, with new keys, its
    pictures, and its own copies of the sources only the original could cite."""
    with tx.write() as session:
        source = editable_bank(session, user_id, slug)
        new_slug = slug_for(title, _taken_slugs(session))
        bank = Bank(
            slug=new_slug,
            title=title,
            description=source.description,
            owner_id=user_id,
            position=1000,
            updated_at=now,
            quiz_only=quiz_only,
        )
        session.add(bank)
        session.flush()
        origin = Origin("copy", f"copied from {source.slug}", user_id)
        rows = session.scalars(
            select(Question)
            .where(Question.bank_id == source.id, Question.retired_at.is_(None))
            .order_by(Question.position, Question.id)
        )
        questions = list(rows)
        cites = [str(c) for row in questions for c in row.cite]
        renamed = copying.copy_for_bank(session, source, bank, cites, now)
        for position, row in enumerate(questions):
            key = f"{new_slug}.{row.key.split('.', 1)[-1]}"
            copy = Question(key=key, bank_id=bank.id, position=position)
            content = content_of(row)
            content["cite"] = copying.recite(content["cite"], renamed)
            add_version(session, copy, content, origin, now)
        _copy_pictures(session, source.id, bank.id)
    return new_slug


def _copy_pictures(session: Session, from_bank: int, to_bank: int) -> None:
    # The copy's questions name the same pictures; its students may see only the copy's.
    columns = ("sha256", "media_type", "width", "height", "byte_size", "alt", "data")
    rows = select(literal(to_bank), *(getattr(Picture, c) for c in columns), Picture.created_at)
    session.execute(
        insert(Picture).from_select(
            ["bank_id", *columns, "created_at"], rows.where(Picture.bank_id == from_bank)
        )
    )


@dataclass(frozen=True)
class BankSettings:
    title: str
    description: str
    quiz_only: bool = False  # hidden from every student page outside a quiz
    require_citations: bool = False  # every question must cite a source


def update_bank(user_id: int, slug: str, settings: BankSettings, now: datetime) -> None:
    """Rename or describe a bank, choose whether students study it or it is kept for quizzes,
    and whether every question must cite a source (checked on each save from then on)."""
    with tx.write() as session:
        bank = editable_bank(session, user_id, slug)
        bank.title, bank.description, bank.updated_at = settings.title, settings.description, now
        bank.quiz_only, bank.require_citations = settings.quiz_only, settings.require_citations


def _question(session: Session, bank: Bank, question_id: int) -> Question:
    question = session.get(Question, question_id)
    if question is None or question.bank_id != bank.id:
        raise NotFound("That question was not found in this bank.")
    return question


def move_question(user_id: int, slug: str, question_id: int, step: int) -> None:
    """Move a question one place up (-1) or down (+1) among the bank's questions."""
    with tx.write() as session:
        bank = editable_bank(session, user_id, slug)
        question = _question(session, bank, question_id)
        rows = list(
            session.scalars(
                select(Question)
                .where(Question.bank_id == bank.id)
                .order_by(Question.position, Question.id)
            )
        )
        index = rows.index(question)
        target = index + step
        if 0 <= target < len(rows):
            rows[index], rows[target] = rows[target], rows[index]
        for position, row in enumerate(rows):
            row.position = position


def set_retired(user_id: int, slug: str, question_id: int, retired: bool, now: datetime) -> None:
    """Retire a question (kept with its answers, no longer shown) or bring it back."""
    with tx.write() as session:
        bank = editable_bank(session, user_id, slug)
        question = _question(session, bank, question_id)
        question.retired_at = now if retired else None


def _school_bank_of_admin(session: Session, admin: Actor, slug: str) -> Bank:
    """A school bank, for an admin; NotFound for anyone else or a teacher's own bank."""
    bank = editable_bank(session, admin.id, slug)
    if _user(session, admin.id).role != "admin" or bank.owner_id is not None:
        raise NotFound("That bank was not found.")
    return bank


def allow_editor(admin: Actor, slug: str, username: str) -> None:
    """An admin lets a teacher edit a school bank."""
    with tx.write() as session:
        bank = _school_bank_of_admin(session, admin, slug)
        teacher = session.scalar(select(User).where(User.username == username))
        if teacher is None or teacher.role != "teacher":
            raise ServiceError(f"There is no teacher called {username!r}.")
        if session.get(BankEditor, (bank.id, teacher.id)) is None:
            session.add(BankEditor(bank_id=bank.id, user_id=teacher.id))
            audit.record(
                session,
                admin,
                Action.BANK_EDITOR_ALLOWED,
                f"teacher {teacher.username}",
                f"may edit the school bank {bank.slug} ({bank.title})",
            )


def revoke_editor(admin: Actor, slug: str, username: str) -> None:
    """An admin takes back a teacher's right to edit a school bank; NotFound when they had none."""
    with tx.write() as session:
        bank = _school_bank_of_admin(session, admin, slug)
        row = session.scalar(
            select(BankEditor)
            .join(User, User.id == BankEditor.user_id)
            .where(BankEditor.bank_id == bank.id, User.username == username)
        )
        if row is None:
            raise NotFound(f"{username} does not edit this bank.")
        session.delete(row)
        audit.record(
            session,
            admin,
            Action.BANK_EDITOR_REVOKED,
            f"teacher {username}",
            f"may no longer edit the school bank {bank.slug} ({bank.title})",
        )


def bank_editors(slug: str) -> list[str]:
    query = (
        select(User.username)
        .join(BankEditor, BankEditor.user_id == User.id)
        .join(Bank, Bank.id == BankEditor.bank_id)
        .where(Bank.slug == slug)
        .order_by(User.username)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class QuestionRow:
    id: int
    key: str
    type: str
    prompt: str
    retired: bool
    version: int  # the current version's number


@dataclass(frozen=True)
class BankPage:
    slug: str
    title: str
    description: str
    school: bool
    source_path: str
    questions: list[QuestionRow]
    quiz_only: bool = False
    require_citations: bool = False
    sources: list[sources.Citable] = field(default_factory=list)

    @property
    def active(self) -> list[QuestionRow]:
        return [q for q in self.questions if not q.retired]

    @property
    def retired(self) -> list[QuestionRow]:
        return [q for q in self.questions if q.retired]


def bank_page(user_id: int, slug: str) -> BankPage:
    """A bank as its editor lists it: every question in order, retired ones apart."""
    session = db.session()
    bank = editable_bank(session, user_id, slug)
    rows = session.execute(
        select(Question, QuestionVersion.number)
        .outerjoin(QuestionVersion, QuestionVersion.id == Question.version_id)
        .where(Question.bank_id == bank.id)
        .order_by(Question.position, Question.id)
    )
    questions = [
        QuestionRow(q.id, q.key, q.type, q.prompt, q.retired_at is not None, number or 0)
        for q, number in rows
    ]
    return BankPage(
        bank.slug,
        bank.title,
        bank.description,
        bank.owner_id is None,
        file_label(bank.source_path) if bank.source_path else "",
        questions,
        bank.quiz_only,
        bank.require_citations,
        sources.citable_sources(bank),
    )


def editable_bank_title(user_id: int, slug: str) -> str:
    """The bank's title, if this teacher may edit it (NotFound otherwise)."""
    return editable_bank(db.session(), user_id, slug).title
