"""A student's side of a live game: the question on their phone, their answer (also a study
answer that feeds their schedule), and how they did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, case, exists, insert, literal, select
from sqlalchemy.exc import IntegrityError

from quizapp.banks.models import Bank, Question
from quizapp.classes.models import Membership
from quizapp.core import answer_token
from quizapp.core import game as rules
from quizapp.database import tx
from quizapp.database.sql import run
from quizapp.database.types import UTCDateTime
from quizapp.errors import NotFound, ServiceError
from quizapp.extensions import db
from quizapp.games.models import Game, GameAnswer, GamePlayer, GameQuestion
from quizapp.games.services import QUESTION_COUNT, REMOVED, NotPlaying
from quizapp.study import answers
from quizapp.study.models import Card, Review
from quizapp.study.services import BankInfo, Shown, show


class TooLate(ServiceError):
    """The answer came after the question's time: it does not count."""


@dataclass(frozen=True)
class Answered:
    points: int
    correct: bool
    already: bool = False  # a second answer to the question: the first one counts


def question_at(game_id: int, position: int) -> tuple[Question, Bank]:
    row = db.session.execute(
        select(Question, Bank)
        .join(GameQuestion, GameQuestion.question_id == Question.id)
        .join(Bank, Bank.id == Question.bank_id)
        .where(GameQuestion.game_id == game_id, GameQuestion.position == position)
    ).first()
    if row is None:
        raise NotFound("That question is not in this game.")
    return row[0], row[1]


def place(game: Game, student_id: int) -> tuple[GamePlayer | None, GameAnswer | None]:
    """The student's place in the game (None if they have not joined) and their answer to the
    question on screen, in one statement; NotPlaying if the teacher removed them."""
    row = db.session.execute(
        select(GamePlayer, GameAnswer)
        .outerjoin(
            GameAnswer,
            and_(GameAnswer.player_id == GamePlayer.id, GameAnswer.position == game.position),
        )
        .where(GamePlayer.game_id == game.id, GamePlayer.user_id == student_id)
    ).first()
    if row is None:
        return None, None
    if row[0].removed:
        raise NotPlaying(REMOVED)
    return row[0], row[1]


def own_answer(player_id: int, position: int) -> GameAnswer | None:
    return db.session.scalars(
        select(GameAnswer).where(GameAnswer.player_id == player_id, GameAnswer.position == position)
    ).first()


def showing(student_id: int, asked: tuple[Question, Bank], now: datetime, secret: str) -> Shown:
    """The open question (`question_at`) as this student's phone shows it, with a study token
    for the answer."""
    question, bank = asked
    card = db.session.scalars(
        select(Card).where(Card.user_id == student_id, Card.question_id == question.id)
    ).first()
    token = answer_token.issue(secret, student_id, question.id, card.reps if card else 0, now)
    return show(BankInfo(bank.slug, bank.title), question, card, token, now)


# Everything an answer is checked against, in one statement: the game (if the student's class
# plays it), the student's place in it, an answer they already gave, and the question asked.
# The game's clock and mode, and the player's place: what every answer, a student's or a guest's,
# is checked against first.
PLAYER_AND_CLOCK = (
    Game.mode,
    Game.seconds,
    Game.phase,
    Game.position,
    Game.question_started_at,
    Game.paused_at,
    QUESTION_COUNT.label("questions"),
    GamePlayer.id.label("player_id"),
    GamePlayer.removed,
)
_CONTEXT = (
    select(
        *PLAYER_AND_CLOCK,
        GameAnswer.points,
        GameAnswer.correct,
        GameQuestion.question_id,
        Bank.slug,
    )
    .select_from(Game)
    .outerjoin(
        GamePlayer,
        and_(GamePlayer.game_id == Game.id, GamePlayer.user_id == bindparam("user_id")),
    )
    .outerjoin(
        GameAnswer,
        and_(GameAnswer.player_id == GamePlayer.id, GameAnswer.position == bindparam("position")),
    )
    .outerjoin(
        GameQuestion,
        and_(GameQuestion.game_id == Game.id, GameQuestion.position == bindparam("position")),
    )
    .outerjoin(Question, Question.id == GameQuestion.question_id)
    .outerjoin(Bank, Bank.id == Question.bank_id)
    .where(
        Game.id == bindparam("game_id"),
        exists().where(
            Membership.classroom_id == Game.classroom_id,
            Membership.user_id == bindparam("user_id"),
        ),
    )
)


def _points_of(row: Any, now: datetime) -> tuple[int, int]:
    """(points if right, points if wrong) for an answer given now."""
    started = row.question_started_at
    elapsed = (now - started).total_seconds() if started else 0
    return (
        rules.points(row.mode, True, elapsed, row.seconds),
        rules.points(row.mode, False, elapsed, row.seconds),
    )


def _record(
    game_id: int,
    player_id: int,
    position: int,
    review_id: int,
    points: tuple[int, int],
    now: datetime,
) -> Answered:
    """The game's answer, copied from the study answer just recorded, in one statement."""
    right, wrong = points
    copied = select(
        literal(game_id),
        literal(player_id),
        literal(position),
        Review.response,
        Review.correct,
        case((Review.correct, literal(right)), else_=literal(wrong)),
        literal(now, UTCDateTime()),
        Review.id,
    ).where(Review.id == review_id)
    columns = ["game_id", "player_id", "position", "response", "correct", "points", "answered_at",
               "review_id"]  # fmt: skip
    with tx.write() as session:
        row = session.execute(
            insert(GameAnswer)
            .from_select(columns, copied)
            .returning(GameAnswer.points, GameAnswer.correct)
        ).one()
        return Answered(row.points, row.correct)


def answer(
    student_id: int,
    game_id: int,
    position: int,
    token: str,
    now: datetime,
    secret: str,
    accept: answers.Accept,
) -> Answered | answers.Refused:
    """Record a player's answer to the open question, once: as a study answer (the schedule) and
    as the game's (the points). Late answers raise TooLate; a second answer finds the first.
    A fixed number of statements, whatever the game's size."""
    params = {"game_id": game_id, "user_id": student_id, "position": position}
    row = run(_CONTEXT, params).first()
    if row is None:
        raise NotFound("That game was not found.")
    if row.player_id is None:
        raise NotPlaying("Join the game first.")
    if row.removed:
        raise NotPlaying(REMOVED)
    if row.points is not None:
        return Answered(row.points, row.correct, already=True)
    clock = rules.Clock(
        row.phase, row.position, row.questions, row.seconds, row.question_started_at, row.paused_at
    )
    if not rules.accepts_answer(clock, position, now):
        raise TooLate("Time was up for that question, so your answer was not counted.")
    if row.question_id is None:
        raise NotFound("That question is not in this game.")
    claims = answer_token.read(secret, token, student_id, now)
    if claims.question_id != row.question_id:
        raise answer_token.InvalidToken("This answer form is not for this question.")
    outcome = answers.answer(student_id, row.slug, token, now, secret, accept)
    if isinstance(outcome, answers.Refused):
        return outcome
    try:
        return _record(
            game_id, row.player_id, position, outcome.review_id, _points_of(row, now), now
        )
    except IntegrityError:  # the same answer sent twice at once: the first one counts
        db.session.rollback()
        first = own_answer(row.player_id, position)
        assert first is not None
        return Answered(first.points, first.correct, already=True)
