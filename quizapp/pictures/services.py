"""Uploading a bank's pictures, listing them for its editors, and serving one to whoever may see
the bank's questions (anyone else is told it does not exist)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session

from quizapp.accounts.models import User
from quizapp.banks.editor import editable_bank
from quizapp.banks.models import Bank, BankEditor, Question
from quizapp.classes.models import ClassroomBank, ClassroomTeacher
from quizapp.core import limits, pictures
from quizapp.database import tx
from quizapp.errors import NotFound, ServiceError
from quizapp.extensions import db
from quizapp.pictures.models import Picture
from quizapp.quizzes.models import Attempt, AttemptItem, Quiz, QuizQuestion
from quizapp.study.figures import VISIBLE

MB = 1024 * 1024


class PictureRefused(ServiceError):
    pass


@dataclass(frozen=True)
class Listed:
    name: str
    alt: str
    width: int
    height: int
    byte_size: int

    @property
    def snippet(self) -> str:
        """What a teacher pastes into a question to show the picture."""
        return f"![{self.alt}]({pictures.SCHEME}{self.name})"


@dataclass(frozen=True)
class BankPictures:
    slug: str
    title: str
    pictures: list[Listed]
    used_bytes: int
    limit_bytes: int = limits.PICTURE_BANK_BYTES


@dataclass(frozen=True)
class Served:
    data: bytes
    media_type: str
    sha256: str
    # A picture of a bank kept for quizzes must not stay in a browser's cache: on a shared
    # computer, the next person would find a quiz's picture there.
    may_keep: bool = True


def _name(row: Picture) -> str:
    return f"{row.sha256}.{pictures.EXTENSIONS[row.media_type]}"


def _listed(row: Picture) -> Listed:
    return Listed(_name(row), row.alt, row.width, row.height, row.byte_size)


def clean_alt(alt: str) -> str:
    """Alt text that fits between the brackets of `![...]`: one line, no brackets."""
    return " ".join(alt.replace("[", "(").replace("]", ")").split())


def bank_pictures(user_id: int, slug: str) -> BankPictures:
    """A bank's pictures, newest first, for one of its editors; NotFound for anyone else."""
    session = db.session()
    bank = editable_bank(session, user_id, slug)
    rows = session.scalars(
        select(Picture)
        .where(Picture.bank_id == bank.id)
        .order_by(Picture.created_at.desc(), Picture.id.desc())
    ).all()
    listed = [_listed(row) for row in rows]
    return BankPictures(bank.slug, bank.title, listed, sum(p.byte_size for p in listed))


def upload(user_id: int, slug: str, data: bytes, alt: str, now: datetime) -> Listed:
    """Store an uploaded picture in a bank (drawn afresh, without metadata) and return it with
    the text that shows it; PictureRefused with the reason when it cannot be one."""
    try:
        prepared = pictures.prepare(data)
    except pictures.PictureRefused as refused:
        raise PictureRefused(str(refused)) from refused
    with tx.write() as session:
        bank = editable_bank(session, user_id, slug)
        return add_to_bank(session, bank, prepared, alt, user_id, now)


def add_to_bank(
    session: Session, bank: Bank, prepared: pictures.Picture, alt: str, user_id: int, now: datetime
) -> Listed:
    """Add a prepared picture to the bank within the caller's transaction (an upload, an import
    bringing its questions' pictures); PictureRefused when the bank has no room for it."""
    found = session.scalar(
        select(Picture).where(Picture.bank_id == bank.id, Picture.sha256 == prepared.sha256)
    )
    if found is not None:  # the same picture again: one copy, with its first alt text
        return _listed(found)
    _check_room(session, bank, len(prepared.data))
    row = Picture(
        bank_id=bank.id,
        sha256=prepared.sha256,
        media_type=prepared.media_type,
        width=prepared.width,
        height=prepared.height,
        byte_size=len(prepared.data),
        alt=clean_alt(alt)[: limits.PICTURE_ALT],
        data=prepared.data,
        created_at=now,
        uploaded_by=user_id,
    )
    session.add(row)
    return _listed(row)


def _check_room(session: Session, bank: Bank, adding: int) -> None:
    used = session.scalar(
        select(func.coalesce(func.sum(Picture.byte_size), 0)).where(Picture.bank_id == bank.id)
    )
    if int(used or 0) + adding > limits.PICTURE_BANK_BYTES:
        raise PictureRefused(
            f"This bank's pictures already take {int(used or 0) / MB:.1f} MB of the "
            f"{limits.PICTURE_BANK_BYTES // MB} MB a bank may hold: this one does not fit."
        )


def _may_see(user: User) -> ColumnElement[bool]:
    """The banks whose questions, and so pictures, this user may see: as an editor (owner,
    admin, allowed teacher), a student who studies it (the study pages' rule), a teacher of a
    class that studies it or quizzes on it, or a student who was given its questions in a quiz."""
    if user.role == "admin":
        return true()
    edits = (Bank.owner_id == user.id) | (
        Bank.owner_id.is_(None)
        & Bank.id.in_(select(BankEditor.bank_id).where(BankEditor.user_id == user.id))
    )
    taught = select(ClassroomTeacher.classroom_id).where(ClassroomTeacher.user_id == user.id)
    teaches = Bank.id.in_(
        select(ClassroomBank.bank_id).where(ClassroomBank.classroom_id.in_(taught))
    ) | Bank.id.in_(
        select(Question.bank_id)
        .join(QuizQuestion, QuizQuestion.question_id == Question.id)
        .join(Quiz, Quiz.id == QuizQuestion.quiz_id)
        .where(Quiz.classroom_id.in_(taught))
    )
    attempted = Bank.id.in_(
        select(Question.bank_id)
        .join(AttemptItem, AttemptItem.question_id == Question.id)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(Attempt.user_id == user.id)
    )
    return edits | VISIBLE | teaches | attempted


def picture_for(user_id: int, name: str) -> Served:
    """A picture's bytes for a user who may see a question of a bank that holds it; NotFound
    otherwise, as for a picture that does not exist."""
    session = db.session()
    user = session.get(User, user_id)
    sha256, _, ext = name.partition(".")
    media_type = pictures.MEDIA_TYPES.get(ext)
    if user is None or media_type is None:
        raise NotFound("That picture was not found.")
    visible = (
        select(Picture.data, Bank.quiz_only)
        .join(Bank, Bank.id == Picture.bank_id)
        .where(Picture.sha256 == sha256, Picture.media_type == media_type, _may_see(user))
        .order_by(Bank.quiz_only.desc())  # the same picture in a quiz's bank: not kept
        .limit(1)
    )
    row = session.execute(visible, {"user_id": user.id}).first()
    if row is None:
        raise NotFound("That picture was not found.")
    return Served(row.data, media_type, sha256, may_keep=not row.quiz_only)
