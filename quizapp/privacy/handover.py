"""Who may take over what a teacher leaves: each class they own, and their banks and sources."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.accounts.models import User
from quizapp.classes.models import Classroom, ClassroomTeacher
from quizapp.extensions import db
from quizapp.privacy.plan import REFERENCES, Fate


@dataclass(frozen=True)
class Person:
    id: int
    username: str


@dataclass(frozen=True)
class OwnedClass:
    """A class the leaving person owns, and who may take it over: its co-teachers, or an admin."""

    id: int
    name: str
    choices: list[Person]


@dataclass(frozen=True)
class Handover:
    classes: list[OwnedClass]
    # Who may take the banks, sources and regrades (empty when there are none to pass on).
    heir_choices: list[Person]

    @property
    def heir_needed(self) -> bool:
        return bool(self.heir_choices)


def admins(session: Session, but: int) -> list[Person]:
    rows = session.execute(
        select(User.id, User.username)
        .where(User.role == "admin", User.id != but)
        .order_by(func.lower(User.username))
    )
    return [Person(*row) for row in rows]


def _heir_rows(session: Session, user_id: int) -> int:
    """How many banks, sources and regrades would be left without their person."""
    total = 0
    for reference in REFERENCES:
        if reference.fate is Fate.HEIR:
            column = db.metadata.tables[reference.table].c[reference.column]
            total += session.scalar(select(func.count()).where(column == user_id)) or 0
    return total


def handover(session: Session, user_id: int) -> Handover:
    """The classes the person owns with who may take each, and who may take the rest."""
    owned = session.execute(
        select(Classroom.id, Classroom.name)
        .join(ClassroomTeacher, ClassroomTeacher.classroom_id == Classroom.id)
        .where(ClassroomTeacher.user_id == user_id, ClassroomTeacher.is_owner)
        .order_by(Classroom.name, Classroom.id)
    ).all()
    taught = select(ClassroomTeacher.classroom_id).where(ClassroomTeacher.user_id == user_id)
    co_teachers: dict[int, list[Person]] = {}
    for class_id, person_id, username in session.execute(
        select(ClassroomTeacher.classroom_id, User.id, User.username)
        .join(User, User.id == ClassroomTeacher.user_id)
        .where(
            ClassroomTeacher.classroom_id.in_(taught),
            User.id != user_id,
            User.role.in_(("teacher", "admin")),
        )
        .order_by(func.lower(User.username))
    ):
        co_teachers.setdefault(class_id, []).append(Person(person_id, username))
    everyone_admin = admins(session, user_id)

    def choices(class_id: int) -> list[Person]:
        found = co_teachers.get(class_id, [])
        return found + [a for a in everyone_admin if a not in found]

    classes = [OwnedClass(class_id, name, choices(class_id)) for class_id, name in owned]
    heirs: list[Person] = []
    if _heir_rows(session, user_id):
        for people in [*co_teachers.values(), everyone_admin]:
            heirs += [p for p in people if p not in heirs]
    return Handover(classes, heirs)
