"""A homework as its class's teachers see it: each student's standing with the numbers behind it,
sortable, as a page or a spreadsheet, and the class's weakest questions at the due date; in a
fixed number of statements whatever the class's size or history."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.banks.models import Bank
from quizapp.classes.models import Classroom, ClassroomTeacher, Membership
from quizapp.core import homework as core
from quizapp.core.spreadsheet import Writer
from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.homework import rows
from quizapp.homework.models import Homework

SORTS = ("name", "status", "progress")
# Who needs a word first: behind, then not started, on track, done.
STATUS_ORDER = {core.BEHIND: 0, core.NOT_STARTED: 1, core.ON_TRACK: 2, core.DONE: 3}


@dataclass(frozen=True)
class StudentRow:
    student_id: int
    username: str
    status: str
    progress: core.Progress


@dataclass(frozen=True)
class WeakQuestion:
    question_id: int
    prompt: str
    mean_recall: float
    studied_by: int


@dataclass(frozen=True)
class Board:
    id: int
    class_id: int
    class_name: str
    title: str
    bank_title: str
    tags: list[str]
    goal: core.Goal
    set_at: datetime
    due_at: datetime
    closed_at: datetime | None
    students: list[StudentRow]
    weakest: list[WeakQuestion]
    sort: str

    def count(self, status: str) -> int:
        return sum(1 for s in self.students if s.status == status)


def _sorted(students: list[StudentRow], sort: str) -> list[StudentRow]:
    by_name = sorted(students, key=lambda s: (s.username.casefold(), s.student_id))
    if sort == "status":
        return sorted(by_name, key=lambda s: STATUS_ORDER[s.status])
    if sort == "progress":
        return sorted(by_name, key=lambda s: s.progress.fraction)
    return by_name


def _homework(teacher_id: int, homework_id: int) -> tuple[Homework, str, str]:
    found = db.session.execute(
        select(Homework, Classroom.name, Bank.title)
        .join(Classroom, Classroom.id == Homework.classroom_id)
        .join(Bank, Bank.id == Homework.bank_id)
        .join(
            ClassroomTeacher,
            (ClassroomTeacher.classroom_id == Homework.classroom_id)
            & (ClassroomTeacher.user_id == teacher_id),
        )
        .where(Homework.id == homework_id)
    ).one_or_none()
    if found is None:
        raise NotFound("That homework was not found.")
    homework, class_name, bank_title = found
    return homework, class_name, bank_title


def homework_board(teacher_id: int, homework_id: int, now: datetime, sort: str = "name") -> Board:
    """The homework's page for a teacher of its class (NotFound for anyone else)."""
    homework, class_name, bank_title = _homework(teacher_id, homework_id)
    members = select(Membership.user_id).where(Membership.classroom_id == homework.classroom_id)
    students = db.session.execute(
        select(User.id, User.username).where(User.id.in_(members)).order_by(User.username)
    ).all()
    bank_questions = rows.questions([homework.bank_id])
    scope = rows.in_scope(homework, bank_questions)
    answers = rows.answers(members, [homework])[homework.id]
    goal = core.Goal(homework.goal_kind, homework.goal_number)
    counted = rows.standing(members, homework, scope, answers)
    nothing = core.tally(goal, len(scope), 0, 0, 0, 0)
    table = []
    for student_id, username in students:
        done = counted.progress.get(student_id, nothing)
        status = core.status(done, homework.set_at, homework.due_at, now)
        table.append(StudentRow(student_id, username, status, done))
    prompts = {q.id: q.prompt for q in bank_questions[homework.bank_id]}
    weakest = [
        WeakQuestion(w.question_id, prompts[w.question_id], w.mean_recall, w.studied_by)
        for w in core.rank_weakest(counted.recalls, len(students))
    ]
    return Board(
        id=homework.id,
        class_id=homework.classroom_id,
        class_name=class_name,
        title=homework.title,
        bank_title=bank_title,
        tags=list(homework.tags),
        goal=goal,
        set_at=homework.set_at,
        due_at=homework.due_at,
        closed_at=homework.closed_at,
        students=_sorted(table, sort if sort in SORTS else "name"),
        weakest=weakest,
        sort=sort if sort in SORTS else "name",
    )


def as_csv(board: Board) -> str:
    """One row a student, as the page sorts them: UTF-8 with a byte-order mark, ISO dates."""
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = Writer(out)
    writer.writerow(["homework", board.title, "goal", board.goal.describe()])
    writer.writerow(["due (UTC)", board.due_at.isoformat(), "set (UTC)", board.set_at.isoformat()])
    writer.writerow(
        [
            "student",
            "status",
            "progress %",
            "questions",
            "studied",
            "recalled at due date",
            "answers since set",
            "correct since set",
        ]
    )
    for s in board.students:
        p = s.progress
        recalled = p.recalled if board.goal.kind == core.RECALLED else ""
        row = [s.username, s.status, p.percent, p.questions, p.studied, recalled]
        writer.writerow([*row, p.answered, p.correct])
    return out.getvalue()
