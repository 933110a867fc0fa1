"""The requests a live game makes by the hundred (each phone's poll, its answer, its page) send a
fixed number of statements to the database, however many players and answers the game has."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from quizapp.extensions import db
from tests.conftest import Clock
from tests.games.test_games import Room, _answer, _control, _join_all, _new_game, _room
from tests.statements import Statements, counting

pytestmark = pytest.mark.usefixtures("sample_banks")

# Loading the signed-in user is the first statement of every request.
BUDGET = {
    "state": 2,  # the user, then the game's whole state in one statement
    # the game, the player and the question in one statement; the study answer (BEGIN, the
    # question and card, the review, the card, COMMIT); the game's answer copied from the review
    # (BEGIN, INSERT ... SELECT, COMMIT)
    "answer": 10,
    # the user; the game (if the student's class plays it); its state; the player and their
    # answer; the class; the players' scores; the question on screen; the student's card
    "phone page": 8,
    # then the answers given, the question's sources, and the student's answer as feedback
    # (the study answer with its question, the sources it cites)
    "phone page, revealed": 11,
}


def _count(app: Flask, request: Callable[[], object]) -> Statements:
    with app.app_context():
        engine = db.engine
    with counting(engine) as seen:
        request()
    return seen


def _counts(app: Flask, room: Room, others: int) -> dict[str, int]:
    """What s0's requests cost once `others` players have answered the open question."""
    game_id = _new_game(room, tags=["law", "history"])
    _join_all(room, game_id)
    _control(room, game_id, "start")
    clients = list(room.students.values())
    for client in clients[1 : 1 + others]:
        assert _answer(client, game_id).status_code == 303
    player = clients[0]
    counts = {
        "state": _count(app, lambda: player.get(f"/games/{game_id}/state")),
        "phone page": _count(app, lambda: player.get(f"/games/{game_id}/")),
    }
    html = player.get(f"/games/{game_id}/").get_data(as_text=True)
    assert "token" in html
    counts["answer"] = _count(app, lambda: _post_answer(player, game_id, html))
    for client in clients[1 + others :]:  # everyone has answered: the answer is revealed
        assert _answer(client, game_id).status_code == 303
    counts["phone page, revealed"] = _count(app, lambda: player.get(f"/games/{game_id}/"))
    assert 'id="verdict"' in player.get(f"/games/{game_id}/").get_data(as_text=True)
    return {name: len(seen) for name, seen in counts.items()} | {
        f"{name} sent": seen.sent
        for name, seen in counts.items()  # type: ignore[dict-item]
    }


def _post_answer(client, game_id: int, html: str):  # type: ignore[no-untyped-def]
    from tests.conftest import csrf_token, hidden
    from tests.study.sample_answers import VALID, question_type

    qtype = question_type(html)
    assert qtype
    data = {
        "csrf_token": csrf_token(html),
        "token": hidden(html, "token"),
        "position": hidden(html, "position"),
        **VALID[qtype],
    }
    response = client.post(f"/games/{game_id}/answer", data=data)
    assert response.status_code == 303
    return response


def test_polls_answers_and_phone_pages_cost_a_fixed_number_of_statements(
    app: Flask, clock: Clock
) -> None:
    room = _room(app, clock, students=5)
    small, large = _counts(app, room, others=1), _counts(app, room, others=4)
    for name, budget in BUDGET.items():
        assert small[name] == large[name], name
        assert small[name] <= budget, (name, small[f"{name} sent"])
