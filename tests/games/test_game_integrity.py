"""The database itself keeps a player to one answer per question of a game."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy.exc import IntegrityError

from quizapp.accounts import services as accounts
from quizapp.classes import services as classes
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.games import services as games
from quizapp.games import setup
from quizapp.games.models import GameAnswer, GamePlayer
from tests.conftest import Clock

pytestmark = pytest.mark.usefixtures("sample_banks")


def test_a_second_answer_row_for_the_same_question_is_refused(app: Flask, clock: Clock) -> None:
    with app.app_context():
        teacher = accounts.register("t", "correct horse battery", "UTC", role="teacher").id
        student = accounts.register("s", "correct horse battery", "UTC").id
        class_id = classes.create_class(teacher, "C", "", clock.now)
        classes.set_banks(teacher, class_id, ["sample"])
        classes.join(student, classes.class_detail(teacher, class_id).join_code, clock.now)
        settings = setup.GameSettings("classic", 20, tags=["law"])
        game_id = setup.create_game(teacher, class_id, settings, clock.now)
        games.join(student, game_id, clock.now)
        player_id = db.session.query(GamePlayer.id).scalar()

        def answer() -> GameAnswer:
            return GameAnswer(
                game_id=game_id,
                player_id=player_id,
                position=1,
                response="2011",
                correct=True,
                points=1000,
                answered_at=clock.now,
            )

        with tx.write() as session:
            session.add(answer())
        with pytest.raises(IntegrityError), tx.write() as session:
            session.add(answer())
        db.session.remove()
