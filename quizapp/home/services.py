"""One read model a home: all a teacher's or a student's home shows, in a fixed number of
statements whatever the number of classes, students, quizzes, homework or answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from quizapp.accounts.models import User
from quizapp.accounts.services import Account
from quizapp.classes import services as classes
from quizapp.classes.models import ClassroomTeacher, Membership
from quizapp.extensions import db
from quizapp.home.attention import Flagged, Student, flagged
from quizapp.home.open_work import OpenHomework, OpenQuiz, open_homework, open_quizzes
from quizapp.homework.student import StudentHomework, homework_for_student
from quizapp.quizzes.results import StudentQuiz, student_quizzes
from quizapp.study import figures, notices


@dataclass(frozen=True)
class HomeClass:
    id: int
    name: str
    students: int
    quizzes: list[OpenQuiz]
    homework: list[OpenHomework]
    attention: list[str]  # who needs a word and why, e.g. "Ada has not studied for 9 days"


@dataclass(frozen=True)
class TeacherHome:
    classes: list[HomeClass]
    notices: list[notices.Notice]  # the teacher's own answers a regrade changed

    @property
    def attention(self) -> int:
        return sum(len(c.attention) for c in self.classes)


def _students(teacher_id: int) -> list[Student]:
    taught = select(ClassroomTeacher.classroom_id).where(ClassroomTeacher.user_id == teacher_id)
    found = db.session.execute(
        select(Membership.classroom_id, User.id, User.username, Membership.joined_at)
        .join(User, User.id == Membership.user_id)
        .where(Membership.classroom_id.in_(taught))
        .order_by(func.lower(User.username), User.id)
    )
    return [Student(*row) for row in found]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _student_words(student: Flagged) -> list[str]:
    # The roster's flags read after the name: 'has not studied yet', 'backlog growing: ...'.
    return [
        f"{student.username} {reason}"
        if reason.startswith("has ")
        else f"{student.username}: {reason}"
        for reason in student.reasons
    ]


def _homework_words(homework: OpenHomework) -> list[str]:
    words = []
    if homework.not_started:
        who = _plural(homework.not_started, "student has", "students have")
        words.append(f"{who} not started “{homework.title}”")
    if homework.behind:
        who = _plural(homework.behind, "student is", "students are")
        words.append(f"{who} behind on “{homework.title}”")
    return words


def teacher_home(teacher_id: int, now: datetime) -> TeacherHome:
    """The teacher's classes with their students, what is open now and who needs attention, and
    the teacher's own regrade notices."""
    summaries = classes.teacher_classes(teacher_id)
    ids = [c.id for c in summaries]
    students = _students(teacher_id)
    quizzes = open_quizzes(ids, now)
    homework = open_homework(ids, [(s.class_id, s.student_id) for s in students], now)
    flags = flagged(students, now)
    found = []
    for c in summaries:
        open_here = [h for h in homework if h.class_id == c.id]
        words = [w for h in open_here for w in _homework_words(h)]
        words += [w for f in flags if f.class_id == c.id for w in _student_words(f)]
        here = [q for q in quizzes if q.class_id == c.id]
        found.append(HomeClass(c.id, c.name, c.students, here, open_here, words))
    return TeacherHome(found, notices.pending(teacher_id))


@dataclass(frozen=True)
class Due:
    """A homework or a quiz on the student's list, in order of due time."""

    due_at: datetime | None
    homework: StudentHomework | None = None
    quiz: StudentQuiz | None = None


@dataclass(frozen=True)
class StudentHome:
    due: list[Due]
    banks: figures.BankList
    assigned: dict[str, list[str]]  # bank slug -> the names of the classes that assign it
    notices: list[notices.Notice]  # the student's answers a regrade changed


def _due_order(item: Due) -> tuple[bool, datetime, int]:
    thing = item.homework or item.quiz
    return (item.due_at is None, item.due_at or datetime.max, thing.id if thing else 0)


def student_home(account: Account, now: datetime, new_per_day: int) -> StudentHome:
    """The student's open homework and quizzes by due time with their progress, their banks,
    and their regrade notices."""
    due = [Due(h.due_at, homework=h) for h in homework_for_student(account.id, now) if not h.closed]
    due += [
        Due(q.closes_at, quiz=q) for q in student_quizzes(account.id, now) if q.status != "closed"
    ]
    assigned: dict[str, list[str]] = {}
    for own_class in classes.student_classes(account.id):
        for slug in own_class.bank_slugs:
            assigned.setdefault(slug, []).append(own_class.name)
    banks = figures.list_banks(account, now, new_per_day)
    found = notices.pending(account.id)
    return StudentHome(sorted(due, key=_due_order), banks, assigned, found)
