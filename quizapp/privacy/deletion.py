"""'Delete my account': what goes, what stays anonymous, who takes over; then doing it, in one
transaction with its audit entries.

Quiz attempts stay for the class's item analysis and gradebook statistics: each quiz's attempts
of the person move to a placeholder account of their own (role "removed", no password), so they
no longer name the person, figures over them do not change, and the gradebook (which lists the
class's members) no longer shows them. Everything else follows `plan.REFERENCES`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Table, delete, func, select, update
from sqlalchemy.orm import Session

from quizapp.accounts.models import User
from quizapp.accounts.services import PLACEHOLDER_ROLE, password_matches
from quizapp.accounts.sso import NO_PASSWORD
from quizapp.audit.models import Action
from quizapp.audit.services import record
from quizapp.classes.models import ClassroomTeacher
from quizapp.database import tx
from quizapp.errors import InvalidCredentials, ServiceError
from quizapp.extensions import db
from quizapp.games.models import GameAnswer, GamePlayer
from quizapp.privacy.handover import Handover, OwnedClass, admins, handover
from quizapp.privacy.plan import REFERENCES, Fate, Reference
from quizapp.privacy.subject import Subject
from quizapp.quizzes.models import Attempt, AttemptItem, Quiz
from quizapp.study.models import Review


class DeletionRefused(ServiceError):
    pass


class HeirMissing(ServiceError):
    """A class (or the banks) without a valid person to take it over; `field` names the choice."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Line:
    count: int
    what: str
    fate: Fate


@dataclass(frozen=True)
class Preview:
    """What the delete page says: each kind of row with how many there are, and the handover."""

    lines: list[Line]
    practice_quizzes: int
    handover: Handover
    refused: str | None  # why the account cannot be deleted now


def _table(name: str) -> Table:
    return db.metadata.tables[name]


def _column(reference: Reference) -> ColumnElement[int]:
    return _table(reference.table).c[reference.column]


def _last_admin(session: Session, subject: Subject) -> str | None:
    if subject.role != "admin":
        return None
    # The admins' rows locked (PostgreSQL): two admins deleting each other at once cannot both
    # see the other still there.
    admins = session.scalars(select(User.id).where(User.role == "admin").with_for_update()).all()
    if len(admins) == 1:
        return f"{subject.username} is the only admin: make another admin first."
    return None


def preview(subject: Subject) -> Preview:
    """Everything the delete page shows, one count per kind of row."""
    session = db.session()
    lines = [
        Line(
            session.scalar(select(func.count()).where(_column(r) == subject.id)) or 0,
            r.what,
            r.fate,
        )
        for r in REFERENCES
        if r.fate is not Fate.KEPT  # the audit log: the page says what stays there
    ]
    practice = session.scalar(
        select(func.count(Attempt.id)).where(
            Attempt.user_id == subject.id, Attempt.quiz_id.is_(None)
        )
    )
    return Preview(
        lines, practice or 0, handover(session, subject.id), _last_admin(session, subject)
    )


def _check_heirs(
    plan: Handover, class_heirs: dict[int, int], heir_id: int | None
) -> dict[int, OwnedClass]:
    for owned in plan.classes:
        if class_heirs.get(owned.id) not in {p.id for p in owned.choices}:
            raise HeirMissing(f"class_{owned.id}", f"Choose who takes over {owned.name}.")
    if plan.heir_needed and heir_id not in {p.id for p in plan.heir_choices}:
        raise HeirMissing("heir", "Choose who takes over the banks, sources and regrades.")
    return {owned.id: owned for owned in plan.classes}


def _hand_over_classes(
    session: Session, subject: Subject, owned: dict[int, OwnedClass], class_heirs: dict[int, int]
) -> None:
    names = {p.id: p.username for c in owned.values() for p in c.choices}
    for class_id, owned_class in owned.items():
        heir = class_heirs[class_id]
        row = session.get(ClassroomTeacher, (class_id, heir))
        if row is None:
            session.add(ClassroomTeacher(classroom_id=class_id, user_id=heir, is_owner=True))
        else:
            row.is_owner = True
        record(
            session,
            (subject.actor_id, subject.actor_username),
            Action.CLASS_HANDED_OVER,
            f"class {owned_class.name}",
            f"from {subject.username} to {names[heir]}",
        )
    session.flush()
    # Before the class's rows are named after its owner: the leaving person owns nothing now.
    session.execute(delete(ClassroomTeacher).where(ClassroomTeacher.user_id == subject.id))


def _class_of(table: Table) -> ColumnElement[int]:
    """The class a row of a class belongs to (a quiz, a homework, an accommodation)."""
    if "classroom_id" in table.c:
        return table.c.classroom_id
    return select(Quiz.classroom_id).where(Quiz.id == table.c.quiz_id).scalar_subquery()


def _class_owner(table: Table, fallback: int | None) -> ColumnElement[int]:
    owner = (
        select(ClassroomTeacher.user_id)
        .where(ClassroomTeacher.classroom_id == _class_of(table), ClassroomTeacher.is_owner)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(owner, fallback)


def _placeholder(session: Session, now: datetime) -> int:
    user = User(
        username=f"removed~{secrets.token_hex(6)}",  # '~' is never in a username one can choose
        password_hash="!",  # no password matches it
        role=PLACEHOLDER_ROLE,
        session_token=secrets.token_urlsafe(32),
        timezone="UTC",
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user.id


def _anonymise_attempts(session: Session, user_id: int, now: datetime) -> None:
    practice = select(Attempt.id).where(Attempt.user_id == user_id, Attempt.quiz_id.is_(None))
    session.execute(delete(AttemptItem).where(AttemptItem.attempt_id.in_(practice)))
    session.execute(delete(Attempt).where(Attempt.id.in_(practice)))
    reviews = select(Review.id).where(Review.user_id == user_id)
    session.execute(
        update(AttemptItem).where(AttemptItem.review_id.in_(reviews)).values(review_id=None)
    )
    quizzes = session.scalars(
        select(Attempt.quiz_id).where(Attempt.user_id == user_id).distinct()
    ).all()
    for quiz_id in quizzes:
        session.execute(
            update(Attempt)
            .where(Attempt.user_id == user_id, Attempt.quiz_id == quiz_id)
            .values(user_id=_placeholder(session, now))
        )


def _anonymise_games(session: Session, user_id: int, now: datetime) -> None:
    reviews = select(Review.id).where(Review.user_id == user_id)
    session.execute(
        update(GameAnswer).where(GameAnswer.review_id.in_(reviews)).values(review_id=None)
    )
    mine = GamePlayer.user_id == user_id
    for game_id in session.scalars(select(GamePlayer.game_id).where(mine)).all():
        session.execute(
            update(GamePlayer)
            .where(mine, GamePlayer.game_id == game_id)
            .values(user_id=_placeholder(session, now))
        )


_ANONYMISERS = {"attempt": _anonymise_attempts, "game_player": _anonymise_games}


def _apply(session: Session, user_id: int, heir: int | None, now: datetime) -> None:
    """Every reference to the person, by its declared fate; deletions children first."""
    for reference in REFERENCES:
        table, column = _table(reference.table), _column(reference)
        mine = column == user_id
        if reference.fate is Fate.CLASS_OWNER:
            session.execute(update(table).where(mine).values({column: _class_owner(table, heir)}))
        elif reference.fate is Fate.HEIR:
            session.execute(update(table).where(mine).values({column: heir}))
        elif reference.fate is Fate.CLEARED:
            session.execute(update(table).where(mine).values({column: None}))
        elif reference.fate is Fate.ANONYMISED:
            _ANONYMISERS[reference.table](session, user_id, now)
    order = [t.name for t in reversed(db.metadata.sorted_tables)]
    deleted = [r for r in REFERENCES if r.fate in {Fate.DELETED, Fate.CLASS_HEIR}]
    for reference in sorted(deleted, key=lambda r: order.index(r.table)):
        session.execute(delete(_table(reference.table)).where(_column(reference) == user_id))


def delete_account(
    subject: Subject,
    password: str | None,
    class_heirs: dict[int, int],
    heir_id: int | None,
    now: datetime,
) -> None:
    """Delete the account as the preview says: classes and banks pass to the chosen heirs, quiz
    attempts stay anonymous, the rest goes; refused for the last admin or a wrong password (the
    actor's own; an account that signs in only through the school has none to give)."""
    with tx.write() as session:
        actor = session.get_one(User, subject.actor_id)
        if actor.password_hash != NO_PASSWORD and not password_matches(
            actor.password_hash, password or ""
        ):
            raise InvalidCredentials("Your password is not right.")
        refused = _last_admin(session, subject)
        if refused:
            raise DeletionRefused(refused)
        plan = handover(session, subject.id)
        owned = _check_heirs(plan, class_heirs, heir_id)
        _hand_over_classes(session, subject, owned, class_heirs)
        # Whom a quiz or homework of a class without an owner is named after: never expected, as
        # every class has an owner, but the rows must name someone who stays.
        fallback = heir_id or next((p.id for p in admins(session, subject.id)), None)
        _apply(session, subject.id, fallback, now)
        session.execute(delete(User).where(User.id == subject.id))
        record(
            session,
            (subject.actor_id, subject.actor_username),
            Action.ACCOUNT_DELETED,
            f"{subject.role} {subject.username}",
            "by themselves" if subject.own else "",
        )
