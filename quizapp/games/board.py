"""What the projector and the phones show of a game, each read in a few statements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from quizapp.accounts.models import User
from quizapp.classes.models import Classroom
from quizapp.core import game as rules
from quizapp.core.grading import correct_answer, right_options
from quizapp.extensions import db
from quizapp.games import services
from quizapp.games.models import Game, GameAnswer, GamePlayer
from quizapp.games.play import active_player, own_answer, question_at, showing
from quizapp.sources.services import Cited, cited
from quizapp.study.feedback import Feedback, feedback, your_answer
from quizapp.study.services import Shown


@dataclass(frozen=True)
class PlayerRow:
    user_id: int
    name: str
    points: int
    right: int


@dataclass(frozen=True)
class Asked:
    """The question on screen, with its answer once revealed."""

    position: int
    type: str
    prompt: str
    options: list[str]
    right_answer: str = ""
    explanation: str = ""
    sources: list[Cited] = field(default_factory=list)
    bars: list[rules.Bar] = field(default_factory=list)


@dataclass(frozen=True)
class Room:
    """A game as a whole: what the projector shows and the phones share."""

    game_id: int
    class_id: int
    class_name: str
    join_code: str
    mode: str
    phase: str
    position: int
    count: int
    seconds: int
    remaining: float
    paused: bool
    names_hidden: bool
    state: services.State
    players: list[PlayerRow]
    standings: list[rules.Standing]  # empty in the class mode
    class_score: int | None  # the class mode only
    asked: Asked | None

    @property
    def top(self) -> list[rules.Standing]:
        return self.standings[: rules.TOP]


def _players(game: Game) -> list[PlayerRow]:
    rows = db.session.execute(
        select(
            GamePlayer.user_id,
            User.username,
            func.coalesce(func.sum(GameAnswer.points), 0),
            func.count(GameAnswer.id).filter(GameAnswer.correct.is_(True)),
        )
        .join(User, User.id == GamePlayer.user_id)
        .outerjoin(GameAnswer, GameAnswer.player_id == GamePlayer.id)
        .where(GamePlayer.game_id == game.id, GamePlayer.removed.is_(False))
        .group_by(GamePlayer.id, GamePlayer.user_id, User.username)
        .order_by(GamePlayer.joined_at, GamePlayer.id)
    )
    return [PlayerRow(*row) for row in rows]


def _closed(phase: str, position: int) -> int:
    """Questions whose answers are in: the one on screen counts once revealed."""
    return position if phase in {rules.REVEAL, rules.ENDED} else max(0, position - 1)


def _asked(game: Game, phase: str) -> Asked | None:
    if game.position == 0:
        return None
    question, _ = question_at(game.id, game.position)
    spec: dict[str, Any] = question.spec
    options = _options(question.type, spec)
    if phase not in {rules.REVEAL, rules.ENDED}:
        return Asked(game.position, question.type, question.prompt, [label for label, _ in options])
    given = db.session.execute(
        select(GameAnswer.response, GameAnswer.correct)
        .join(GamePlayer, GamePlayer.id == GameAnswer.player_id)
        .where(
            GameAnswer.game_id == game.id,
            GameAnswer.position == game.position,
            GamePlayer.removed.is_(False),
        )
    ).all()
    labelled = [(_labels(question.type, spec, response), correct) for response, correct in given]
    return Asked(
        game.position,
        question.type,
        question.prompt,
        [label for label, _ in options],
        correct_answer(question.type, spec),
        question.explanation,
        cited(question.cite),
        rules.distribution(options, labelled),
    )


def _options(qtype: str, spec: dict[str, Any]) -> list[tuple[str, bool]]:
    if qtype == "choice":
        right = set(right_options(spec))
        return [(option, option in right) for option in spec["options"]]
    if qtype == "multi":
        return [(option, option in spec["answers"]) for option in spec["options"]]
    if qtype == "truefalse":
        return [("True", bool(spec["answer"])), ("False", not spec["answer"])]
    return []


def _labels(qtype: str, spec: dict[str, Any], response: Any) -> list[str]:
    if qtype == "multi" and isinstance(response, list):
        return [str(r) for r in response] or ["I don't know"]
    return [your_answer(qtype, spec, response)]


def room(game: Game, now: datetime, viewer_id: int) -> Room:
    """The game as the projector shows it (the phones take their part of it)."""
    classroom = db.session.get_one(Classroom, game.classroom_id)
    state = services.state(viewer_id, game.id, now)
    players = _players(game)
    ranked = rules.shows_ranking(game.mode)
    totals = [(p.user_id, p.name, p.points) for p in players]
    right = sum(p.right for p in players)
    owed = len(players) * _closed(state.phase, game.position)
    return Room(
        game_id=game.id,
        class_id=classroom.id,
        class_name=classroom.name,
        join_code=classroom.join_code,
        mode=game.mode,
        phase=state.phase,
        position=game.position,
        count=services.question_count(game.id),
        seconds=game.seconds,
        remaining=state.remaining,
        paused=state.paused,
        names_hidden=game.names_hidden,
        state=state,
        players=players,
        standings=rules.standings(totals) if ranked else [],
        class_score=None if ranked else rules.class_score(right, owed),
        asked=_asked(game, state.phase),
    )


def projector(teacher_id: int, game_id: int, now: datetime) -> Room:
    """The projector page of a game of a class the teacher teaches."""
    return room(services.teachers_game(teacher_id, game_id), now, teacher_id)


@dataclass(frozen=True)
class Phone:
    """A student's phone: the room, and their own part in it."""

    room: Room
    joined: bool
    shown: Shown | None  # the open question, while they have not answered it
    answered: bool  # the question on screen
    result: Feedback | None  # their answer to the question on screen, once revealed
    points: int  # in this answer
    total: int
    rank: int | None  # in modes that rank, once they have a total


def phone(student_id: int, game_id: int, now: datetime, secret: str) -> Phone:
    """The student's page of a game of their class; NotPlaying once removed."""
    game = services.members_game(student_id, game_id)
    player = active_player(game, student_id)
    shown_room = room(game, now, student_id)
    if player is None:
        return Phone(shown_room, False, None, False, None, 0, 0, None)
    mine = own_answer(player.id, game.position) if game.position else None
    shown = None
    if shown_room.phase == rules.QUESTION and mine is None:
        shown = showing(student_id, game, now, secret)
    result = None
    if mine is not None and mine.review_id and shown_room.phase in {rules.REVEAL, rules.ENDED}:
        _, bank = question_at(game.id, game.position)
        result = feedback(student_id, bank.slug, mine.review_id)
    standing = next((s for s in shown_room.standings if s.player_id == student_id), None)
    total = next((p.points for p in shown_room.players if p.user_id == student_id), 0)
    return Phone(
        shown_room,
        True,
        shown,
        mine is not None,
        result,
        mine.points if mine else 0,
        total,
        standing.rank if standing else None,
    )
