"""Guests of a live game: people without an account who join with a nickname, where the teacher
let them for that game. A guest is known by a random secret kept in their session cookie; the
database holds only its hash, so any app host recognises them. A guest's answers are graded and
scored like a student's, but make no study answer: they have no schedule to feed."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, exists, select
from sqlalchemy.exc import IntegrityError

from quizapp.audit.models import Action
from quizapp.audit.services import Actor, record
from quizapp.banks.models import Bank, Question
from quizapp.core import answer_token
from quizapp.core import game as rules
from quizapp.core.grading import correct_answer, grade
from quizapp.core.joincode import normalise
from quizapp.database import tx
from quizapp.database.sql import run
from quizapp.errors import NotFound, ServiceError
from quizapp.extensions import db
from quizapp.games import services
from quizapp.games.models import Game, GameAnswer, GamePlayer
from quizapp.games.play import (
    PLAYER_AND_CLOCK,
    Answered,
    TooLate,
    _points_of,
    own_answer,
    question_at,
)
from quizapp.games.services import NotPlaying
from quizapp.study import answers
from quizapp.study.feedback import your_answer
from quizapp.study.services import BankInfo, Shown, show

_MISSING = "That game was not found."


class GuestRefused(ServiceError):
    """What a guest typed cannot be taken, with the form field to show the message next to."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


def new_secret() -> str:
    """A guest's secret, for their session cookie only."""
    return secrets.token_urlsafe(32)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _token_owner(player_id: int) -> int:
    """Who a guest's answer tokens are issued to: never a user's id."""
    return -player_id


def open_game(typed_code: str) -> Game:
    """The game a guest may join with this code: it lets guests in and is not over; else
    GuestRefused, next to the code."""
    code = normalise(typed_code)
    game = None
    if code is not None:
        game = db.session.scalars(
            select(Game).where(Game.guest_code == code, Game.allow_guests.is_(True))
        ).first()
    if game is None or game.phase == rules.ENDED:
        raise GuestRefused("code", "No game open to guests has that code. Check it on the screen.")
    return game


def _held(game_id: int, secret: str | None) -> GamePlayer | None:
    if not secret:
        return None
    return db.session.scalars(
        select(GamePlayer).where(
            GamePlayer.game_id == game_id, GamePlayer.guest_secret_hash == _hash(secret)
        )
    ).first()


def join(
    typed_code: str, typed_name: str, held: Mapping[int, str], fresh: str, now: datetime
) -> int:
    """The guest joins the game of this code under a nickname and returns its id; `held` are the
    secrets their cookie holds, by game, `fresh` the one to keep for a new place.
    GuestRefused for a bad code or nickname; NotPlaying for a guest the teacher removed."""
    try:
        return _join(typed_code, typed_name, held, fresh, now)
    except IntegrityError as taken:  # the nickname's unique constraint has the last word
        raise GuestRefused(
            "nickname", "Another player of this game took that nickname. Choose another."
        ) from taken


def _join(
    typed_code: str, typed_name: str, held: Mapping[int, str], fresh: str, now: datetime
) -> int:
    with tx.write() as session:
        game = open_game(typed_code)
        already = _held(game.id, held.get(game.id))
        if already is not None and already.removed:
            raise NotPlaying(services.REMOVED)
        if already is not None:
            return game.id
        try:
            name = rules.nickname(typed_name)
        except rules.BadNickname as bad:
            raise GuestRefused("nickname", str(bad)) from bad
        session.add(
            GamePlayer(
                game_id=game.id,
                nickname=name,
                nickname_key=rules.nickname_key(name),
                guest_secret_hash=_hash(fresh),
                joined_at=now,
            )
        )
        if game.phase == rules.LOBBY:
            game.version += 1
        session.flush()  # a nickname taken raises here, inside the transaction
        return game.id


def guests_game(game_id: int, secret: str | None) -> tuple[Game, GamePlayer]:
    """The game and the guest's place in it, for the holder of its secret; NotFound for anyone
    else (or a game that lets no guests in), NotPlaying once the teacher removed them."""
    game = db.session.get(Game, game_id)
    player = _held(game_id, secret) if game is not None and game.allow_guests else None
    if game is None or player is None:
        raise NotFound(_MISSING)
    if player.removed:
        raise NotPlaying(services.REMOVED)
    return game, player


_GUEST = exists().where(
    GamePlayer.game_id == Game.id,
    GamePlayer.guest_secret_hash == bindparam("secret_hash"),
    GamePlayer.removed.is_(False),
)
_STATE = select(*services._STATE_COLUMNS).where(
    Game.id == bindparam("game_id"), Game.allow_guests.is_(True), _GUEST
)


def state(game_id: int, secret: str | None, now: datetime) -> services.State:
    """The game's state for one of its guests, in one statement; NotFound for anyone else."""
    row = None
    if secret:
        row = run(_STATE, {"game_id": game_id, "secret_hash": _hash(secret)}).first()
    if row is None:
        raise NotFound(_MISSING)
    return services.state_of(row, now)


def showing(player_id: int, asked: tuple[Question, Bank], now: datetime, app_secret: str) -> Shown:
    """The open question (`question_at`) as the guest's phone shows it (a guest has no card:
    always new)."""
    question, bank = asked
    token = answer_token.issue(app_secret, _token_owner(player_id), question.id, 0, now)
    return show(BankInfo(bank.slug, bank.title), question, None, token, now)


@dataclass(frozen=True)
class GuestResult:
    """A guest's answer to the question on screen, once revealed."""

    correct: bool
    your_answer: str
    correct_answer: str


def result(question: Question, answer: GameAnswer) -> GuestResult:
    """The guest's answer to this question (the one on screen), beside the right one."""
    spec: dict[str, Any] = question.spec
    return GuestResult(
        answer.correct,
        your_answer(question.type, spec, answer.response),
        correct_answer(question.type, spec),
    )


_CONTEXT = (
    select(*PLAYER_AND_CLOCK)
    .join(
        GamePlayer,
        and_(
            GamePlayer.game_id == Game.id,
            GamePlayer.guest_secret_hash == bindparam("secret_hash"),
        ),
    )
    .where(Game.id == bindparam("game_id"), Game.allow_guests.is_(True))
)


def answer(
    game_id: int,
    secret: str | None,
    position: int,
    token: str,
    now: datetime,
    app_secret: str,
    accept: answers.Accept,
) -> Answered | answers.Refused:
    """Record a guest's answer to the open question, once, graded as a student's would be; it
    makes no study answer. Late answers raise TooLate; a second answer finds the first."""
    row = None
    if secret:
        row = run(_CONTEXT, {"game_id": game_id, "secret_hash": _hash(secret)}).first()
    if row is None:
        raise NotFound(_MISSING)
    if row.removed:
        raise NotPlaying(services.REMOVED)
    first = own_answer(row.player_id, position)
    if first is not None:
        return Answered(first.points, first.correct, already=True)
    clock = rules.Clock(
        row.phase, row.position, row.questions, row.seconds, row.question_started_at, row.paused_at
    )
    if not rules.accepts_answer(clock, position, now):
        raise TooLate("Time was up for that question, so your answer was not counted.")
    question, bank = question_at(game_id, position)
    claims = answer_token.read(app_secret, token, _token_owner(row.player_id), now)
    if claims.question_id != question.id:
        raise answer_token.InvalidToken("This answer form is not for this question.")
    shown = show(BankInfo(bank.slug, bank.title), question, None, token, now)
    response = accept(shown)
    if response is None:
        return answers.Refused(shown)
    correct = grade(question.type, question.spec, response).correct
    right, wrong = _points_of(row, now)
    try:
        with tx.write() as session:
            session.add(
                GameAnswer(
                    game_id=game_id,
                    player_id=row.player_id,
                    position=position,
                    response=response,
                    correct=correct,
                    points=right if correct else wrong,
                    answered_at=now,
                )
            )
    except IntegrityError:  # the same answer sent twice at once: the first one counts
        db.session.rollback()
        first = own_answer(row.player_id, position)
        assert first is not None
        return Answered(first.points, first.correct, already=True)
    return Answered(right if correct else wrong, correct)


def remove(teacher: Actor, game_id: int, player_id: int) -> None:
    """Take a guest out of the game: off the lists, no more answers, no rejoining with their
    cookie; the school's audit log keeps who did it."""
    with tx.write() as session:
        game = services.teachers_game(teacher.id, game_id)
        player = session.get(GamePlayer, player_id)
        if player is None or player.game_id != game.id or player.user_id is not None:
            raise NotFound("That guest is not in this game.")
        player.removed = True
        game.version += 1
        whom = f"guest {player.nickname}"
        record(session, teacher, Action.PLAYER_REMOVED, whom, f"live game {game.id}")
