"""Classes: a teacher creates one and gets a join code; students join with it; banks are assigned.

A class is visible only to its teachers (and admins) and, as a name, to its students; any other
class id is NotFound, so that ids cannot be probed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, bindparam, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import BindParameter

from quizapp.accounts.models import User
from quizapp.banks.models import Bank
from quizapp.classes.models import Classroom, ClassroomBank, ClassroomTeacher, Membership
from quizapp.core import joincode
from quizapp.database import tx
from quizapp.errors import NotFound, ServiceError
from quizapp.extensions import db

TEACHING_ROLES = frozenset({"teacher", "admin"})

# For the teacher's read models (roster, question view): the class's students and banks, as
# subqueries of the parameter class_id.
CLASS_ID: BindParameter[int] = bindparam("class_id", type_=Membership.classroom_id.type)
CLASS_MEMBERS = (
    select(Membership.user_id).where(Membership.classroom_id == CLASS_ID).correlate(None)
)
CLASS_BANKS = select(ClassroomBank.bank_id).where(ClassroomBank.classroom_id == CLASS_ID)


class ClassRefused(ServiceError):
    """A class action that cannot be done, with the reason to show (wrong code, closed, ...)."""


@dataclass(frozen=True)
class ClassSummary:
    id: int
    name: str
    students: int


@dataclass(frozen=True)
class BankChoice:
    slug: str
    title: str
    assigned: bool
    quiz_only: bool = False


@dataclass(frozen=True)
class Member:
    id: int
    username: str
    joined_at: datetime


@dataclass(frozen=True)
class ClassDetail:
    id: int
    name: str
    description: str
    join_code: str
    joining_open: bool
    is_owner: bool
    teachers: list[str]
    banks: list[BankChoice]
    students: list[Member]

    @property
    def spaced_code(self) -> str:
        return joincode.spaced(self.join_code)


def teaching(teacher_id: int, class_id: int) -> ClassroomTeacher:
    """This teacher's link to this class, or NotFound (the same for a class that does not exist)."""
    link = db.session.get(ClassroomTeacher, (class_id, teacher_id))
    if link is None:
        raise NotFound("That class was not found.")
    return link


def _unused_code() -> str:
    while True:  # 31**8 codes: a clash is rare, and the unique constraint is the last word
        code = joincode.new_code()
        if db.session.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
            return code


def create_class(teacher_id: int, name: str, description: str, now: datetime) -> int:
    """A new class owned by this teacher, studying every bank; returns its id."""
    with tx.write() as session:
        teacher = session.get_one(User, teacher_id)
        classroom = Classroom(
            name=name,
            description=description,
            join_code=_unused_code(),
            created_at=now,
            timezone=teacher.timezone,
        )
        session.add(classroom)
        session.flush()
        session.add(ClassroomTeacher(classroom_id=classroom.id, user_id=teacher_id, is_owner=True))
        for bank_id in session.scalars(select(Bank.id).where(Bank.owner_id.is_(None))):
            session.add(ClassroomBank(classroom_id=classroom.id, bank_id=bank_id))
        return classroom.id


def teacher_classes(teacher_id: int) -> list[ClassSummary]:
    """The classes this teacher teaches, by name, with their number of students."""
    students = (
        select(func.count(Membership.user_id))
        .where(Membership.classroom_id == Classroom.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Classroom.id, Classroom.name, students)
        .join(ClassroomTeacher, ClassroomTeacher.classroom_id == Classroom.id)
        .where(ClassroomTeacher.user_id == teacher_id)
        .order_by(func.lower(Classroom.name), Classroom.id)
    )
    return [ClassSummary(*row) for row in rows]


def _offered(teacher_id: int, class_id: int) -> ColumnElement[bool]:
    """The banks a teacher may give a class: the school's, their own, and those it has already
    (a co-teacher's bank stays, but another teacher's bank is not offered)."""
    assigned = select(ClassroomBank.bank_id).where(ClassroomBank.classroom_id == class_id)
    return Bank.owner_id.is_(None) | (Bank.owner_id == teacher_id) | Bank.id.in_(assigned)


def class_detail(teacher_id: int, class_id: int) -> ClassDetail:
    """Everything the class page shows its teacher."""
    link = teaching(teacher_id, class_id)
    classroom = db.session.get_one(Classroom, class_id)
    teachers = db.session.scalars(
        select(User.username)
        .join(ClassroomTeacher, ClassroomTeacher.user_id == User.id)
        .where(ClassroomTeacher.classroom_id == class_id)
        .order_by(ClassroomTeacher.is_owner.desc(), func.lower(User.username))
    )
    assigned = select(ClassroomBank.bank_id).where(ClassroomBank.classroom_id == class_id)
    banks = db.session.execute(
        select(Bank.slug, Bank.title, Bank.id.in_(assigned), Bank.quiz_only)
        .where(_offered(teacher_id, class_id))
        .order_by(Bank.position, Bank.title)
    )
    students = db.session.execute(
        select(User.id, User.username, Membership.joined_at)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.classroom_id == class_id)
        .order_by(func.lower(User.username))
    )
    return ClassDetail(
        classroom.id,
        classroom.name,
        classroom.description,
        classroom.join_code,
        classroom.joining_open,
        link.is_owner,
        list(teachers),
        [BankChoice(*row) for row in banks],
        [Member(*row) for row in students],
    )


def rotate_code(teacher_id: int, class_id: int) -> None:
    """A new join code: the old one stops working (students already in stay in)."""
    with tx.write() as session:
        teaching(teacher_id, class_id)
        session.get_one(Classroom, class_id).join_code = _unused_code()


def set_joining(teacher_id: int, class_id: int, is_open: bool) -> None:
    with tx.write() as session:
        teaching(teacher_id, class_id)
        session.get_one(Classroom, class_id).joining_open = is_open


def set_banks(teacher_id: int, class_id: int, slugs: list[str]) -> None:
    """The banks the class studies: exactly these."""
    with tx.write() as session:
        teaching(teacher_id, class_id)
        offered = list(
            session.scalars(
                select(Bank.id).where(Bank.slug.in_(slugs), _offered(teacher_id, class_id))
            )
        )
        session.execute(delete(ClassroomBank).where(ClassroomBank.classroom_id == class_id))
        for bank_id in offered:
            session.add(ClassroomBank(classroom_id=class_id, bank_id=bank_id))


def add_co_teacher(owner_id: int, class_id: int, username: str) -> str:
    """The owner shares the class with another teacher; returns their username."""
    with tx.write() as session:
        if not teaching(owner_id, class_id).is_owner:
            raise ClassRefused("Only the teacher who created the class can add co-teachers.")
        user = session.scalar(select(User).where(func.lower(User.username) == username.lower()))
        if user is None or user.role not in TEACHING_ROLES:
            raise ClassRefused(f"There is no teacher called {username!r}.")
        if session.get(ClassroomTeacher, (class_id, user.id)) is None:
            session.add(ClassroomTeacher(classroom_id=class_id, user_id=user.id, is_owner=False))
        return user.username


def remove_student(teacher_id: int, class_id: int, student_id: int) -> None:
    """Take a student out of the class; their own answers and progress stay theirs."""
    with tx.write() as session:
        teaching(teacher_id, class_id)
        membership = session.get(Membership, (class_id, student_id))
        if membership is None:
            raise NotFound("That student was not found in this class.")
        session.delete(membership)


def join(student_id: int, typed_code: str, now: datetime) -> str:
    """Join the class with this code; returns its name. Joining twice changes nothing."""
    code = joincode.normalise(typed_code)
    if code is None:
        raise ClassRefused("A join code is 8 letters and digits, like ABCD 2345.")
    try:
        with tx.write() as session:
            classroom = session.scalar(select(Classroom).where(Classroom.join_code == code))
            if classroom is None:
                raise ClassRefused("No class has that code. Check it with your teacher.")
            if not classroom.joining_open:
                raise ClassRefused(f"{classroom.name} is not taking new students just now.")
            name = classroom.name
            if session.get(Membership, (classroom.id, student_id)) is None:
                session.add(
                    Membership(classroom_id=classroom.id, user_id=student_id, joined_at=now)
                )
    except IntegrityError:  # joined at the same moment from another tab: already in
        pass
    return name


@dataclass(frozen=True)
class MyClass:
    id: int
    name: str
    banks: list[str]  # titles
    bank_slugs: list[str]


def student_classes(student_id: int) -> list[MyClass]:
    """The classes a student is in, with the titles of the banks each assigns."""
    rows = db.session.execute(
        select(Classroom.id, Classroom.name, Bank.title, Bank.slug)
        .join(Membership, Membership.classroom_id == Classroom.id)
        .outerjoin(ClassroomBank, ClassroomBank.classroom_id == Classroom.id)
        .outerjoin(Bank, and_(Bank.id == ClassroomBank.bank_id, Bank.quiz_only.is_(False)))
        .where(Membership.user_id == student_id)
        .order_by(func.lower(Classroom.name), Classroom.id, Bank.position)
    )
    found: dict[int, MyClass] = {}
    for class_id, name, title, slug in rows:
        entry = found.setdefault(class_id, MyClass(class_id, name, [], []))
        if title is not None:
            entry.banks.append(title)
            entry.bank_slugs.append(slug)
    return list(found.values())


def leave(student_id: int, class_id: int) -> None:
    """Leave a class; the student's own answers and progress stay theirs."""
    with tx.write() as session:
        membership = session.get(Membership, (class_id, student_id))
        if membership is None:
            raise NotFound("That class was not found.")
        session.delete(membership)
