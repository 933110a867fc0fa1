"""What the projector and the phones show of a game, each read in a few statements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from quizapp.accounts.models import User
from quizapp.banks.models import Bank, Question
from quizapp.classes.models import Classroom
from quizapp.core import game as rules
from quizapp.core.grading import correct_answer, right_options
from quizapp.extensions import db
from quizapp.games import guests, services
from quizapp.games.guests import GuestResult
from quizapp.games.models import Game, GameAnswer, GamePlayer
from quizapp.games.play import own_answer, place, question_at, showing
from quizapp.sources.services import Cited, cited
from quizapp.study.feedback import Feedback, feedback, your_answer
from quizapp.study.services import Shown


@dataclass(frozen=True)
class PlayerRow:
    player_id: int
    user_id: int | None  # None for a guest
    name: str  # the student's username, or the guest's nickname
    points: int
    right: int

    @property
    def guest(self) -> bool:
        return self.user_id is None


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
    guest_code: str | None  # where guests may join
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
            GamePlayer.id,
            GamePlayer.user_id,
            func.coalesce(User.username, GamePlayer.nickname),
            func.coalesce(func.sum(GameAnswer.points), 0),
            func.count(GameAnswer.id).filter(GameAnswer.correct.is_(True)),
        )
        .outerjoin(User, User.id == GamePlayer.user_id)
        .outerjoin(GameAnswer, GameAnswer.player_id == GamePlayer.id)
        .where(GamePlayer.game_id == game.id, GamePlayer.removed.is_(False))
        .group_by(GamePlayer.id, GamePlayer.user_id, User.username, GamePlayer.nickname)
        .order_by(GamePlayer.joined_at, GamePlayer.id)
    )
    return [PlayerRow(*row) for row in rows]


def _closed(phase: str, position: int) -> int:
    """Questions whose answers are in: the one on screen counts once revealed."""
    return position if phase in {rules.REVEAL, rules.ENDED} else max(0, position - 1)


def _on_screen(game: Game) -> tuple[Question, Bank] | None:
    """The question on screen and its bank, read once for everything a page shows of it."""
    return question_at(game.id, game.position) if game.position else None


def _asked(game: Game, phase: str, on_screen: tuple[Question, Bank] | None) -> Asked | None:
    if on_screen is None:
        return None
    question, _ = on_screen
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


def room(game: Game, state: services.State, on_screen: tuple[Question, Bank] | None) -> Room:
    """The game as the projector shows it (the phones take their part of it), in its `state`
    as its viewer may read it, with the question on screen (`_on_screen`)."""
    classroom = db.session.get_one(Classroom, game.classroom_id)
    players = _players(game)
    ranked = rules.shows_ranking(game.mode)
    totals = [(p.player_id, p.name, p.points) for p in players]
    right = sum(p.right for p in players)
    owed = len(players) * _closed(state.phase, game.position)
    return Room(
        game_id=game.id,
        class_id=classroom.id,
        class_name=classroom.name,
        join_code=classroom.join_code,
        guest_code=game.guest_code if game.allow_guests else None,
        mode=game.mode,
        phase=state.phase,
        position=game.position,
        count=state.questions,
        seconds=game.seconds,
        remaining=state.remaining,
        paused=state.paused,
        names_hidden=game.names_hidden,
        state=state,
        players=players,
        standings=rules.standings(totals) if ranked else [],
        class_score=None if ranked else rules.class_score(right, owed),
        asked=_asked(game, state.phase, on_screen),
    )


def projector(teacher_id: int, game_id: int, now: datetime) -> Room:
    """The projector page of a game of a class the teacher teaches."""
    game = services.teachers_game(teacher_id, game_id)
    return room(game, services.state(teacher_id, game.id, now), _on_screen(game))


@dataclass(frozen=True)
class Phone:
    """A student's phone: the room, and their own part in it."""

    room: Room
    joined: bool
    shown: Shown | None  # the open question, while they have not answered it
    answered: bool  # the question on screen
    result: Feedback | GuestResult | None  # their answer to the question on screen, once revealed
    points: int  # in this answer
    total: int
    rank: int | None  # in modes that rank, once they have a total
    guest: bool = False  # a guest: no account, no schedule


def phone(student_id: int, game_id: int, now: datetime, secret: str) -> Phone:
    """The student's page of a game of their class; NotPlaying once removed."""
    game = services.members_game(student_id, game_id)
    player, mine = place(game, student_id)
    on_screen = _on_screen(game)
    shown_room = room(game, services.state(student_id, game.id, now), on_screen)
    if player is None:
        return Phone(shown_room, False, None, False, None, 0, 0, None)
    shown = None
    if shown_room.phase == rules.QUESTION and mine is None and on_screen is not None:
        shown = showing(student_id, on_screen, now, secret)
    result = None
    revealed = shown_room.phase in {rules.REVEAL, rules.ENDED}
    if mine is not None and mine.review_id and revealed and on_screen is not None:
        result = feedback(student_id, on_screen[1].slug, mine.review_id)
    return _yours(shown_room, player.id, shown, mine, result)


def _yours(
    shown_room: Room,
    player_id: int,
    shown: Shown | None,
    mine: GameAnswer | None,
    result: Feedback | GuestResult | None,
    guest: bool = False,
) -> Phone:
    standing = next((s for s in shown_room.standings if s.player_id == player_id), None)
    total = next((p.points for p in shown_room.players if p.player_id == player_id), 0)
    return Phone(
        shown_room,
        True,
        shown,
        mine is not None,
        result,
        mine.points if mine else 0,
        total,
        standing.rank if standing else None,
        guest,
    )


def guest_phone(game_id: int, secret: str | None, now: datetime, app_secret: str) -> Phone:
    """A guest's page of a game, for the holder of their secret only (NotFound for anyone else);
    NotPlaying once removed."""
    game, player = guests.guests_game(game_id, secret)
    on_screen = _on_screen(game)
    shown_room = room(game, guests.state(game.id, secret, now), on_screen)
    mine = own_answer(player.id, game.position) if game.position else None
    shown = None
    if shown_room.phase == rules.QUESTION and mine is None and on_screen is not None:
        shown = guests.showing(player.id, on_screen, now, app_secret)
    result = None
    if mine is not None and shown_room.phase in {rules.REVEAL, rules.ENDED} and on_screen:
        result = guests.result(on_screen[0], mine)
    return _yours(shown_room, player.id, shown, mine, result, guest=True)
