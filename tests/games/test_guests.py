"""Guests in live games: people without an account who join with a code and a nickname, where
the teacher let them for that game."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quizapp.core import game as rules
from quizapp.extensions import db
from quizapp.games.models import Game, GameAnswer, GamePlayer
from quizapp.study.models import Review
from tests.conftest import Clock, csrf_token, hidden
from tests.games.test_games import Room, _answer, _audited, _control, _join_all, _new_game, _room
from tests.study.sample_answers import VALID, question_type

pytestmark = pytest.mark.usefixtures("sample_banks")


def _code(app: Flask, game_id: int) -> str | None:
    with app.app_context():
        found = db.session.get_one(Game, game_id).guest_code
        db.session.remove()
        return found


def _guest_game(app: Flask, room: Room) -> tuple[int, str]:
    game_id = _new_game(room, tags=["law"], questions=[], allow_guests="y")
    code = _code(app, game_id)
    assert code
    return game_id, code


def _join(app: Flask, code: str, nickname: str, client: FlaskClient | None = None):  # type: ignore[no-untyped-def]
    client = client or app.test_client()
    html = client.get(f"/play/{code}").get_data(as_text=True)
    response = client.post(
        "/play", data={"csrf_token": csrf_token(html), "code": code, "nickname": nickname}
    )
    return client, response


def _guest_answer(client: FlaskClient, game_id: int, right: bool = True):  # type: ignore[no-untyped-def]
    html = client.get(f"/games/{game_id}/guest").get_data(as_text=True)
    qtype = question_type(html)
    assert qtype, html
    data = {
        "csrf_token": csrf_token(html),
        "token": hidden(html, "token"),
        "position": hidden(html, "position"),
        **(VALID[qtype] if right else {"dont_know": "1"}),
    }
    return client.post(f"/games/{game_id}/guest/answer", data=data)


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        found = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
        return int(found or 0)


def test_a_guest_joins_with_the_code_and_plays_to_the_end_with_points(
    app: Flask, clock: Clock
) -> None:
    room = _room(app, clock, students=1)
    game_id, code = _guest_game(app, room)
    lobby = room.teacher.get(f"/games/{game_id}/host").get_data(as_text=True)
    assert f"/play/{code}" in lobby and "data-guest-code" in lobby
    guest, response = _join(app, code.lower(), "  Zed  ")
    assert response.status_code == 303 and response.location.endswith(f"/games/{game_id}/guest")
    assert "You are in as a guest" in guest.get(f"/games/{game_id}/guest").get_data(as_text=True)
    lobby = room.teacher.get(f"/games/{game_id}/host").get_data(as_text=True)
    assert "Zed <small" in lobby  # trimmed, marked as a guest
    _join_all(room, game_id)
    _control(room, game_id, "start")
    reviews = _count(app, Review)
    assert guest.get(f"/games/{game_id}/guest/state").get_json()["phase"] == rules.QUESTION
    assert _guest_answer(guest, game_id).status_code == 303
    assert _count(app, Review) == reviews  # a guest has no schedule: no study answer
    assert _answer(room.students["s0"], game_id, right=False).status_code == 303
    _control(room, game_id, "next")  # the reveal
    page = guest.get(f"/games/{game_id}/guest").get_data(as_text=True)
    assert "✓ Right" in page and "You are <strong>number 1</strong>" in page
    _control(room, game_id, "next")  # the end
    page = guest.get(f"/games/{game_id}/guest").get_data(as_text=True)
    assert "The game is over" in page and "not kept for study" in page
    with app.app_context():
        [given] = db.session.scalars(
            select(GameAnswer).join(GamePlayer).where(GamePlayer.nickname == "Zed")
        ).all()
        assert (given.correct, given.points > 0, given.review_id) == (True, True, None)
        db.session.remove()
    report = room.teacher.get(f"/games/{game_id}/report").get_data(as_text=True)
    assert "Zed <small" in report
    sheet = room.teacher.get(f"/games/{game_id}/report.csv").get_data(as_text=True)
    assert any(row.startswith("Zed,1,") and row.endswith(",yes,yes") for row in sheet.splitlines())
    assert any(row.startswith("s0,1,") and row.endswith(",no,no") for row in sheet.splitlines())
    # Once over, nobody new joins.
    _, late = _join(app, code, "Late")
    assert late.status_code == 422 and "No game open to guests" in late.get_data(as_text=True)


def test_a_game_that_lets_no_guests_in_is_not_found_by_the_anonymous(
    app: Flask, clock: Clock
) -> None:
    room = _room(app, clock, students=1)
    closed = _new_game(room, tags=["law"], questions=[])
    assert _code(app, closed) is None
    _join_all(room, closed)
    _control(room, closed, "start")
    anonymous = app.test_client()
    assert anonymous.get(f"/games/{closed}/guest").status_code == 404
    assert anonymous.get(f"/games/{closed}/guest/state").status_code == 404
    html = anonymous.get("/play").get_data(as_text=True)
    answered = anonymous.post(
        f"/games/{closed}/guest/answer", data={"csrf_token": csrf_token(html), "position": "1"}
    )
    assert answered.status_code == 404
    # A game open to guests is not found either by someone who did not join it.
    open_id, code = _guest_game(app, room)
    assert anonymous.get(f"/games/{open_id}/guest").status_code == 404
    assert anonymous.get(f"/games/{open_id}/guest/state").status_code == 404
    # A guest of one game is nobody in another.
    guest, _ = _join(app, code, "Zed")
    assert guest.get(f"/games/{open_id}/guest").status_code == 200
    assert guest.get(f"/games/{closed}/guest").status_code == 404
    # The student pages still send the anonymous to log in.
    assert anonymous.get(f"/games/{open_id}/").status_code == 302


def test_a_nickname_taken_or_badly_typed_is_refused_beside_the_field(
    app: Flask, clock: Clock
) -> None:
    room = _room(app, clock, students=0)
    _, code = _guest_game(app, room)
    assert _join(app, code, "Ada")[1].status_code == 303
    for typed, message in [
        (" ada ", "took that nickname"),
        ("x" * 25, "at most 24 characters"),
        ("   ", "Type a nickname"),
        ("a\u200bb", "Use letters"),
    ]:
        _, response = _join(app, code, typed)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, typed
        assert message in page and 'id="nickname-error"' in page, typed
    _, wrong = _join(app, "ZZZZ2222", "Bea")
    assert wrong.status_code == 422 and 'id="code-error"' in wrong.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(GamePlayer.id))) == 1
        db.session.remove()


def test_a_removed_guest_can_neither_answer_nor_rejoin(app: Flask, clock: Clock) -> None:
    room = _room(app, clock, students=0)
    game_id, code = _guest_game(app, room)
    guest, _ = _join(app, code, "Zed")
    _join(app, code, "Other")
    _control(room, game_id, "start")
    page = guest.get(f"/games/{game_id}/guest").get_data(as_text=True)
    with app.app_context():
        player_id = db.session.scalars(
            select(GamePlayer.id).where(GamePlayer.nickname == "Zed")
        ).one()
        db.session.remove()
    host = room.teacher.get(f"/games/{game_id}/host").get_data(as_text=True)
    assert f"/games/{game_id}/guests/{player_id}/remove" in host
    removed = room.teacher.post(
        f"/games/{game_id}/guests/{player_id}/remove", data={"csrf_token": csrf_token(host)}
    )
    assert removed.status_code == 303
    data = {
        "csrf_token": csrf_token(page),
        "token": hidden(page, "token"),
        "position": "1",
        **VALID[question_type(page) or ""],
    }
    answered = guest.post(f"/games/{game_id}/guest/answer", data=data)
    assert "took you out of this game" in answered.get_data(as_text=True)
    assert _audited(app) == [("ms_lee", "guest Zed", f"live game {game_id}")]
    assert _count(app, GameAnswer) == 0
    _, again = _join(app, code, "Zed again", client=guest)
    assert "took you out of this game" in again.get_data(as_text=True)
    assert guest.get(f"/games/{game_id}/guest/state").status_code == 404
    roster = room.teacher.get(f"/games/{game_id}/host").get_data(as_text=True)
    assert "Zed" not in roster and "Other" in roster


def test_a_guest_cannot_answer_with_another_guests_form(app: Flask, clock: Clock) -> None:
    room = _room(app, clock, students=0)
    game_id, code = _guest_game(app, room)
    ann, _ = _join(app, code, "Ann")
    bob, _ = _join(app, code, "Bob")
    _control(room, game_id, "start")
    anns = ann.get(f"/games/{game_id}/guest").get_data(as_text=True)
    bobs = bob.get(f"/games/{game_id}/guest").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(bobs),
        "token": hidden(anns, "token"),  # Ann's form, sent with Bob's cookie
        "position": "1",
        **VALID[question_type(anns) or ""],
    }
    response = bob.post(f"/games/{game_id}/guest/answer", data=data)
    assert response.status_code == 303
    with app.app_context():
        answers = db.session.execute(
            select(GamePlayer.nickname).join(GameAnswer, GameAnswer.player_id == GamePlayer.id)
        ).all()
        db.session.remove()
    assert answers == []  # neither Ann's answer nor Bob's: the form was not his
    assert _guest_answer(ann, game_id).status_code == 303
    assert _count(app, GameAnswer) == 1


def test_a_guests_answer_sent_twice_is_recorded_once(app: Flask, clock: Clock) -> None:
    room = _room(app, clock, students=0)
    game_id, code = _guest_game(app, room)
    guest, _ = _join(app, code, "Zed")
    _control(room, game_id, "start")
    page = guest.get(f"/games/{game_id}/guest").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(page),
        "token": hidden(page, "token"),
        "position": "1",
        **VALID[question_type(page) or ""],
    }
    headers = {"Accept": "application/json"}
    first = guest.post(f"/games/{game_id}/guest/answer", data=data, headers=headers)
    second = guest.post(f"/games/{game_id}/guest/answer", data=data, headers=headers)
    assert first.get_json() == {"taken": True, "message": ""}
    assert "already" in second.get_json()["message"]
    assert _count(app, GameAnswer) == 1


def test_a_nickname_with_markup_is_shown_as_text(app: Flask, clock: Clock) -> None:
    room = _room(app, clock, students=0)
    game_id, code = _guest_game(app, room)
    payload = "<script>x()</script>"
    guest, response = _join(app, code, payload)
    assert response.status_code == 303
    _control(room, game_id, "start")
    assert _guest_answer(guest, game_id).status_code == 303
    _control(room, game_id, "next")
    for page in (
        room.teacher.get(f"/games/{game_id}/host").get_data(as_text=True),
        room.teacher.get(f"/games/{game_id}/report").get_data(as_text=True),
    ):
        assert payload not in page
        assert "&lt;script&gt;x()&lt;/script&gt;" in page
    # Hiding names hides nicknames too.
    host = room.teacher.get(f"/games/{game_id}/host").get_data(as_text=True)
    room.teacher.post(
        f"/games/{game_id}/names", data={"csrf_token": csrf_token(host), "hidden": "1"}
    )
    top = room.teacher.get(f"/games/{game_id}/host").get_data(as_text=True).split("game-top")[1]
    assert "&lt;script" not in top.split("</ol>")[0] and "Player 1" in top


def test_nicknames_are_trimmed_and_limited() -> None:
    assert rules.nickname("  Zed   the  Great ") == "Zed the Great"
    assert rules.nickname("x" * 24) == "x" * 24
    for bad in ["", "   ", "x" * 25, "a\nb", "a\x00b", "a\u202eb"]:
        with pytest.raises(rules.BadNickname):
            rules.nickname(bad)
    assert rules.nickname_key("ÄDA") == rules.nickname_key("äda")


def test_guest_joins_are_limited_per_address(app: Flask) -> None:
    app.config["GUEST_JOIN_RATE_LIMIT"] = "3 per hour"
    anonymous = app.test_client()
    page = anonymous.get("/play").get_data(as_text=True)
    data = {"code": "ZZZZ9999", "nickname": "Zed", "csrf_token": csrf_token(page)}
    statuses = [anonymous.post("/play", data=data).status_code for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    # Without the form's token the post is refused whoever sends it.
    assert app.test_client().post("/play", data={**data, "csrf_token": ""}).status_code == 400


def test_deleting_a_students_account_leaves_the_games_guests_as_they_were(
    app: Flask, clock: Clock
) -> None:
    from quizapp.privacy import deletion
    from quizapp.privacy.subject import subject

    room = _room(app, clock, students=1)
    game_id, code = _guest_game(app, room)
    guest, _ = _join(app, code, "Zed")
    _join_all(room, game_id)
    _control(room, game_id, "start")
    assert _guest_answer(guest, game_id).status_code == 303
    assert _answer(room.students["s0"], game_id).status_code == 303
    student = room.ids["s0"]
    with app.app_context():
        deletion.delete_account(
            subject(student, "s0"), "correct horse battery", {}, None, clock.now
        )
        players = db.session.execute(
            select(GamePlayer.user_id, GamePlayer.nickname).order_by(GamePlayer.id)
        ).all()
        db.session.remove()
    [(zed_user, zed), (holder, none)] = players
    assert (zed_user, zed, none) == (None, "Zed", None)
    assert holder is not None and holder != student
    assert _count(app, GameAnswer) == 2
    report = room.teacher.get(f"/games/{game_id}/report").get_data(as_text=True)
    assert "Zed <small" in report
