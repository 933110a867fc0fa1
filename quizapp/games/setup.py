"""Setting up a class's live game, as its teachers do: which questions, how long, which mode.

A game asks questions of the banks the class studies (never of a bank kept for quizzes only: the
room would see its answers), chosen by topic, by hand or as a quiz's questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from quizapp.banks.models import Question
from quizapp.classes.services import teaching
from quizapp.core import game as rules
from quizapp.core import joincode
from quizapp.database import tx
from quizapp.errors import ServiceError
from quizapp.extensions import db
from quizapp.games.models import Game, GameQuestion
from quizapp.quizzes.models import Quiz, QuizQuestion
from quizapp.quizzes.services import PoolQuestion, question_pool

MAX_QUESTIONS = 50


class GameRefused(ServiceError):
    """Settings a game cannot have, with the form field to show the message next to."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


@dataclass(frozen=True)
class GameSettings:
    mode: str
    seconds: int
    question_ids: list[int] = field(default_factory=list)  # chosen by hand
    tags: list[str] = field(default_factory=list)  # every question with one of these tags
    quiz_id: int | None = None  # every question of this quiz the game may ask
    allow_guests: bool = False  # people without an account may join with a nickname


@dataclass(frozen=True)
class QuizOption:
    id: int
    title: str


def game_pool(teacher_id: int, class_id: int) -> list[PoolQuestion]:
    """The questions a game of this class may ask: those of the banks its students study."""
    return [q for q in question_pool(teacher_id, class_id) if not q.quiz_only]


def quiz_options(teacher_id: int, class_id: int) -> list[QuizOption]:
    """The class's quizzes, newest first, whose questions a game may take."""
    teaching(teacher_id, class_id)
    rows = db.session.execute(
        select(Quiz.id, Quiz.title).where(Quiz.classroom_id == class_id).order_by(Quiz.id.desc())
    )
    return [QuizOption(*row) for row in rows]


def _quiz_questions(class_id: int, quiz_id: int) -> list[int]:
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or quiz.classroom_id != class_id:
        raise GameRefused("quiz", "Choose one of this class's quizzes.")
    return list(
        db.session.scalars(
            select(QuizQuestion.question_id)
            .where(QuizQuestion.quiz_id == quiz_id)
            .order_by(QuizQuestion.position, QuizQuestion.question_id)
        )
    )


def chosen_questions(teacher_id: int, class_id: int, settings: GameSettings) -> list[int]:
    """The game's questions in order: the quiz's, then those of the topics, then those chosen
    by hand, each once; only questions of the class's studied banks."""
    pool = game_pool(teacher_id, class_id)
    allowed = {q.id for q in pool}
    wanted: list[int] = []
    if settings.quiz_id is not None:
        wanted += _quiz_questions(class_id, settings.quiz_id)
    if settings.tags:
        wanted += [q.id for q in pool if set(settings.tags) & set(q.tags)]
    wanted += settings.question_ids
    chosen = [qid for qid in dict.fromkeys(wanted) if qid in allowed]
    if not chosen:
        raise GameRefused(
            "questions",
            "Choose some questions: by topic, by hand or a quiz's (of the banks the class "
            "studies; flashcards and banks kept for quizzes only are left out).",
        )
    if len(chosen) > MAX_QUESTIONS:
        raise GameRefused("questions", f"A game asks at most {MAX_QUESTIONS} questions.")
    return chosen


def _unused_code() -> str:
    while True:  # 31**8 codes: a clash is rare, and the unique constraint is the last word
        code = joincode.new_code()
        if db.session.scalar(select(Game.id).where(Game.guest_code == code)) is None:
            return code


def create_game(teacher_id: int, class_id: int, settings: GameSettings, now: datetime) -> int:
    """A new game of the class, waiting in its lobby for players; returns its id."""
    if settings.mode not in rules.MODES:
        raise GameRefused("mode", "Choose one of the three modes.")
    if settings.seconds not in rules.SECONDS:
        raise GameRefused("seconds", "Choose one of the times offered.")
    with tx.write() as session:
        chosen = chosen_questions(teacher_id, class_id, settings)
        versions = dict(
            session.execute(
                select(Question.id, Question.version_id).where(Question.id.in_(chosen))
            ).all()
        )
        game = Game(
            classroom_id=class_id,
            teacher_id=teacher_id,
            mode=settings.mode,
            seconds=settings.seconds,
            phase=rules.LOBBY,
            created_at=now,
            allow_guests=settings.allow_guests,
            guest_code=_unused_code() if settings.allow_guests else None,
        )
        session.add(game)
        session.flush()
        session.add_all(
            GameQuestion(game_id=game.id, position=n, question_id=qid, version_id=versions[qid])
            for n, qid in enumerate(chosen, start=1)
        )
        return game.id
