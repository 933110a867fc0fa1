"""Sign-in help a teacher gives the students of their classes: a one-time code to set a new
password, or a printable card per student with a set-up code. The teacher never learns a
password; each is recorded in the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from quizapp.accounts.models import User
from quizapp.accounts.resets import VALID, Issued, Purpose, issue, staff_reset
from quizapp.audit.models import Action
from quizapp.audit.services import record
from quizapp.classes.models import Classroom, Membership
from quizapp.classes.services import teaching
from quizapp.database import tx
from quizapp.errors import NotFound

# Only students: a teacher or admin who joined a class as a student is not the teacher's to reset.
_STUDENTS_OF_CLASS = (
    select(User)
    .join(Membership, Membership.user_id == User.id)
    .where(User.role == "student")
    .order_by(func.lower(User.username))
)


def reset_student_password(
    teacher_id: int, class_id: int, student_id: int, now: datetime
) -> Issued:
    """A reset code for a student of this teacher's class (anyone else: NotFound)."""
    with tx.write() as session:
        teaching(teacher_id, class_id)
        student = session.scalar(
            _STUDENTS_OF_CLASS.where(Membership.classroom_id == class_id, User.id == student_id)
        )
        if student is None:
            raise NotFound("That student was not found in this class.")
        teacher = session.get_one(User, teacher_id)
        name = session.get_one(Classroom, class_id).name
        how = f"by a teacher of {name}"
        return staff_reset(session, (teacher.id, teacher.username), student, now, how)


@dataclass(frozen=True)
class SignInCards:
    class_name: str
    cards: list[Issued]
    expires_at: datetime


def sign_in_cards(teacher_id: int, class_id: int, now: datetime) -> SignInCards:
    """A fresh set-up code for every student of the class; earlier codes stop working. Their
    passwords keep working until they use the code."""
    with tx.write() as session:
        teaching(teacher_id, class_id)
        classroom = session.get_one(Classroom, class_id)
        students = session.scalars(_STUDENTS_OF_CLASS.where(Membership.classroom_id == class_id))
        cards = [issue(session, s, Purpose.CARD, now, created_by=teacher_id) for s in students]
        teacher = session.get_one(User, teacher_id)
        detail = f"{len(cards)} student{'' if len(cards) == 1 else 's'}"
        actor = (teacher.id, teacher.username)
        record(session, actor, Action.SIGN_IN_CARDS, f"class {classroom.name}", detail)
        return SignInCards(classroom.name, cards, now + VALID[Purpose.CARD])
