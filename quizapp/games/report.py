"""A game's report for its class's teachers: each question (how many right, the wrong answers
given) and each student, on a page and as CSV."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from quizapp.accounts.models import User
from quizapp.banks.models import Bank, Question
from quizapp.classes.models import Classroom
from quizapp.core.grading import blanks_hidden
from quizapp.core.spreadsheet import Writer
from quizapp.extensions import db
from quizapp.games.models import GameAnswer, GamePlayer, GameQuestion
from quizapp.games.services import teachers_game
from quizapp.study.feedback import your_answer

WEAK = 0.5  # a question at most half the players got right is worth a look in the editor


@dataclass(frozen=True)
class QuestionRow:
    position: int
    question_id: int
    bank_slug: str
    prompt: str
    answered: int
    right: int
    players: int
    wrong_answers: list[tuple[str, int]]  # each wrong answer given, most given first

    @property
    def weak(self) -> bool:
        return self.players > 0 and self.right <= WEAK * self.players


@dataclass(frozen=True)
class StudentRow:
    name: str  # a student's username, or a guest's nickname
    guest: bool
    answered: int
    right: int
    points: int
    answers: dict[int, tuple[str, bool]]  # position -> (answer, right)


@dataclass(frozen=True)
class Report:
    game_id: int
    class_id: int
    class_name: str
    mode: str
    created_at: datetime
    questions: list[QuestionRow]
    students: list[StudentRow]


def _asked(game_id: int) -> list[Any]:
    return list(
        db.session.execute(
            select(
                GameQuestion.position,
                Question.id,
                Question.type,
                Question.prompt,
                Question.spec,
                Bank.slug,
            )
            .join(Question, Question.id == GameQuestion.question_id)
            .join(Bank, Bank.id == Question.bank_id)
            .where(GameQuestion.game_id == game_id)
            .order_by(GameQuestion.position)
        )
    )


def report(teacher_id: int, game_id: int) -> Report:
    """The report of a game of a class the teacher teaches, in three statements."""
    game = teachers_game(teacher_id, game_id)
    asked = [row for row in _asked(game.id) if row.position <= game.position]
    by_position = {row.position: row for row in asked}
    name = func.coalesce(User.username, GamePlayer.nickname)
    rows = db.session.execute(
        select(
            GamePlayer.id,
            name,
            GamePlayer.user_id.is_(None),
            GameAnswer.position,
            GameAnswer.response,
            GameAnswer.correct,
            GameAnswer.points,
        )
        .outerjoin(User, User.id == GamePlayer.user_id)
        .outerjoin(GameAnswer, GameAnswer.player_id == GamePlayer.id)
        .where(GamePlayer.game_id == game.id, GamePlayer.removed.is_(False))
        .order_by(name, GamePlayer.id, GameAnswer.position)
    )
    names: dict[int, tuple[str, bool]] = {}
    given: dict[int, dict[int, tuple[str, bool, int]]] = {}
    for player_id, player_name, guest, position, response, correct, points in rows:
        names[player_id] = (player_name, bool(guest))
        mine = given.setdefault(player_id, {})
        if position in by_position:
            q = by_position[position]
            mine[position] = (your_answer(q.type, q.spec, response), correct, points)
    students = [
        StudentRow(
            *names[p],
            len(given[p]),
            sum(1 for _, right, _ in given[p].values() if right),
            sum(points for _, _, points in given[p].values()),
            {pos: (text, right) for pos, (text, right, _) in given[p].items()},
        )
        for p in names
    ]
    questions = [_question_row(q, students) for q in asked]
    classroom = db.session.get_one(Classroom, game.classroom_id)
    return Report(
        game.id, classroom.id, classroom.name, game.mode, game.created_at, questions, students
    )


def _question_row(q: Any, students: list[StudentRow]) -> QuestionRow:
    answers = [s.answers[q.position] for s in students if q.position in s.answers]
    wrong = Counter(text for text, right in answers if not right)
    return QuestionRow(
        q.position,
        q.id,
        q.slug,
        blanks_hidden(q.prompt),
        len(answers),
        sum(1 for _, right in answers if right),
        len(students),
        sorted(wrong.items(), key=lambda item: (-item[1], item[0])),
    )


def as_csv(found: Report) -> str:
    """One row a player and question, a guest marked as one: UTF-8 with a byte-order mark, no
    cell a formula."""
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = Writer(out)
    writer.writerow(["class", found.class_name, "mode", found.mode])
    writer.writerow(["student", "question", "prompt", "answer", "right", "guest"])
    for student in found.students:
        for q in found.questions:
            text, right = student.answers.get(q.position, ("", False))
            answered = q.position in student.answers
            writer.writerow(
                [
                    student.name,
                    q.position,
                    q.prompt,
                    text,
                    ("yes" if right else "no") if answered else "no answer",
                    "yes" if student.guest else "no",
                ]
            )
    return out.getvalue()
