"""Live games through the pages: a teacher sets one up and drives it, students play on phones."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.audit.models import Action, AuditEntry
from quizapp.banks.models import Question
from quizapp.classes import services as classes
from quizapp.extensions import db
from quizapp.games.models import GameAnswer
from quizapp.privacy import export
from quizapp.study.models import Card, Review
from tests.conftest import Clock, csrf_token, hidden, signed_in
from tests.study.sample_answers import VALID, question_type

pytestmark = pytest.mark.usefixtures("sample_banks")
REFRESH = '<noscript><meta http-equiv="refresh" content="2"></noscript>'


@dataclass
class Room:
    teacher: FlaskClient
    class_id: int
    students: dict[str, FlaskClient]
    ids: dict[str, int]


def _user_id(app: Flask, username: str) -> int:
    with app.app_context():
        found = db.session.scalars(select(User.id).where(User.username == username)).one()
        db.session.remove()
        return found


def _room(app: Flask, clock: Clock, students: int = 3) -> Room:
    teacher = signed_in(app, "ms_lee", "teacher")
    clients = {f"s{i}": signed_in(app, f"s{i}", "student") for i in range(students)}
    owner = _user_id(app, "ms_lee")
    with app.app_context():
        class_id = classes.create_class(owner, "Year 9", "", clock.now)
        classes.set_banks(owner, class_id, ["sample"])
        code = classes.class_detail(owner, class_id).join_code
        for name in clients:
            classes.join(_user_id(app, name), code, clock.now)
        db.session.remove()
    ids = {name: _user_id(app, name) for name in clients}
    return Room(teacher, class_id, clients, ids)


def _post(client: FlaskClient, page: str, action: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    html = client.get(page).get_data(as_text=True)
    return client.post(action, data={**data, "csrf_token": csrf_token(html)})


def _new_game(room: Room, **fields: object) -> int:
    data: dict[str, object] = {"mode": "classic", "seconds": "20", "quiz": "0", **fields}
    page = f"/classes/{room.class_id}/games/new"
    response = _post(room.teacher, page, page, data)
    assert response.status_code == 303, response.get_data(as_text=True)
    found = re.search(r"/games/(\d+)/host$", response.location)
    assert found
    return int(found.group(1))


def _control(room: Room, game_id: int, action: str) -> None:
    host = f"/games/{game_id}/host"
    response = _post(room.teacher, host, f"/games/{game_id}/control", {"action": action})
    assert response.status_code == 303


def _join_all(room: Room, game_id: int) -> None:
    for client in room.students.values():
        page = f"/games/{game_id}/"
        assert "Join the game" in client.get(page).get_data(as_text=True)
        assert _post(client, page, f"/games/{game_id}/join", {}).status_code == 303


def _answer(client: FlaskClient, game_id: int, right: bool = True):  # type: ignore[no-untyped-def]
    html = client.get(f"/games/{game_id}/").get_data(as_text=True)
    qtype = question_type(html)
    assert qtype, html
    given = VALID[qtype] if right else {"dont_know": "1"}
    data = {
        "csrf_token": csrf_token(html),
        "token": hidden(html, "token"),
        "position": hidden(html, "position"),
        **given,
    }
    return client.post(f"/games/{game_id}/answer", data=data)


def test_a_classic_game_from_lobby_to_the_end(app: Flask, clock: Clock, count_rows) -> None:  # type: ignore[no-untyped-def]
    room = _room(app, clock)
    game_id = _new_game(room, tags=["law"], questions=[])  # the numeric question only
    lobby = room.teacher.get(f"/games/{game_id}/host").get_data(as_text=True)
    assert "Join the game on your phone" in lobby and "<svg" in lobby
    _join_all(room, game_id)
    lobby = room.teacher.get(f"/games/{game_id}/host").get_data(as_text=True)
    assert all(name in lobby for name in room.students)
    # Without a script, the waiting pages draw themselves again; a page with an answer being
    # typed does not.
    assert REFRESH in lobby and REFRESH in room.students["s0"].get(f"/games/{game_id}/").text
    _control(room, game_id, "start")
    s0, s1, s2 = room.students.values()
    assert REFRESH not in s0.get(f"/games/{game_id}/").text
    clock.advance(seconds=5)
    assert _answer(s0, game_id).status_code == 303
    clock.advance(seconds=5)
    assert _answer(s1, game_id, right=False).status_code == 303
    waiting = s0.get(f"/games/{game_id}/").get_data(as_text=True)
    assert "Answer sent" in waiting and 'http-equiv="refresh"' in waiting
    # The third answer reveals the question at once: everyone has answered.
    assert _answer(s2, game_id).status_code == 303
    host = room.teacher.get(f"/games/{game_id}/host").get_data(as_text=True)
    assert "How the room answered" in host and "Right answer: <strong>2011</strong>" in host
    assert "Top five" in host
    phone = s0.get(f"/games/{game_id}/").get_data(as_text=True)
    assert "✓ Right" in phone and "+875 points" in phone and "number 1" in phone
    assert "Not quite" in s1.get(f"/games/{game_id}/").get_data(as_text=True)
    _control(room, game_id, "next")  # the last question: the game ends
    over = room.teacher.get(f"/games/{game_id}/host").get_data(as_text=True)
    assert "The game is over" in over
    assert count_rows(GameAnswer) == 3


def test_every_answer_is_a_study_answer_that_schedules_the_card(app: Flask, clock: Clock) -> None:
    room = _room(app, clock, students=1)
    game_id = _new_game(room, tags=["law"])
    _join_all(room, game_id)
    _control(room, game_id, "start")
    assert _answer(room.students["s0"], game_id).status_code == 303
    with app.app_context():
        review = db.session.scalars(select(Review)).one()
        card = db.session.scalars(select(Card)).one()
        assert (review.user_id, review.correct, card.reps) == (room.ids["s0"], True, 1)
        assert card.due > clock.now
        db.session.remove()


def test_a_second_answer_counts_once_and_a_late_one_not_at_all(
    app: Flask,
    clock: Clock,
    count_rows,  # type: ignore[no-untyped-def]
) -> None:
    room = _room(app, clock, students=2)
    game_id = _new_game(room, tags=["law", "station"], seconds="10")
    _join_all(room, game_id)
    _control(room, game_id, "start")
    s0, s1 = room.students.values()
    html = s0.get(f"/games/{game_id}/").get_data(as_text=True)
    qtype = question_type(html)
    assert qtype
    data = {
        "csrf_token": csrf_token(html),
        "token": hidden(html, "token"),
        "position": "1",
        **VALID[qtype],
    }
    assert s0.post(f"/games/{game_id}/answer", data=data).status_code == 303
    again = s0.post(f"/games/{game_id}/answer", data=data, follow_redirects=True)
    assert "your first answer counts" in again.get_data(as_text=True)
    assert count_rows(GameAnswer) == 1 and count_rows(Review) == 1
    page = s1.get(f"/games/{game_id}/").get_data(as_text=True)
    clock.advance(seconds=11.6)  # 10 s and the grace are over
    late = {"csrf_token": csrf_token(page), "token": hidden(page, "token"), "position": "1"}
    response = s1.post(f"/games/{game_id}/answer", data={**late, **VALID[qtype]})
    assert response.status_code == 303
    shown = s1.get(response.location).get_data(as_text=True)
    assert "Time was up for that question" in shown
    assert count_rows(GameAnswer) == 1 and count_rows(Review) == 1


def test_the_class_mode_never_ranks_anyone(app: Flask, clock: Clock) -> None:
    room = _room(app, clock, students=2)
    game_id = _new_game(room, mode="class", tags=["law"])
    _join_all(room, game_id)
    _control(room, game_id, "start")
    s0, s1 = room.students.values()
    _answer(s0, game_id)
    _answer(s1, game_id, right=False)
    host = room.teacher.get(f"/games/{game_id}/host").get_data(as_text=True)
    phone = s0.get(f"/games/{game_id}/").get_data(as_text=True)
    assert "Class score" in host and "50%" in host and "Top five" not in host
    assert "points" not in phone and "number 1" not in phone and "50%" in phone


def test_a_phone_with_its_script_gets_its_answer_taken_without_a_page(
    app: Flask,
    clock: Clock,
    count_rows,  # type: ignore[no-untyped-def]
) -> None:
    room = _room(app, clock, students=2)
    game_id = _new_game(room, tags=["law"], seconds="10")
    _join_all(room, game_id)
    _control(room, game_id, "start")
    s0, s1 = room.students.values()
    wants = {"Accept": "application/json"}
    html = s0.get(f"/games/{game_id}/").get_data(as_text=True)
    # "Answer sent" waits under the question for the script to show it.
    assert '<section class="game-sent" data-sent hidden>' in html
    data = {
        "csrf_token": csrf_token(html),
        "token": hidden(html, "token"),
        "position": "1",
        **VALID["numeric"],
    }
    first = s0.post(f"/games/{game_id}/answer", data=data, headers=wants)
    assert first.status_code == 200 and first.json == {"taken": True, "message": ""}
    again = s0.post(f"/games/{game_id}/answer", data=data, headers=wants)
    assert again.json is not None and again.json["taken"] is True
    assert "your first answer counts" in again.json["message"]
    # What needs the page (a blank answer, told beside the field) is a page, as without a script.
    page = s1.get(f"/games/{game_id}/").get_data(as_text=True)
    blank = {"csrf_token": csrf_token(page), "token": hidden(page, "token"), "position": "1"}
    refused = s1.post(f"/games/{game_id}/answer", data=blank, headers=wants)
    assert refused.status_code == 422 and refused.mimetype == "text/html"
    clock.advance(seconds=11.6)
    late = s1.post(f"/games/{game_id}/answer", data={**blank, **VALID["numeric"]}, headers=wants)
    assert late.json is not None and late.json["taken"] is False
    assert "Time was up for that question" in late.json["message"]
    assert count_rows(GameAnswer) == 1 and count_rows(Review) == 1


def test_the_state_is_small_and_unchanged_answers_cost_nothing(app: Flask, clock: Clock) -> None:
    room = _room(app, clock, students=2)
    game_id = _new_game(room, tags=["law"])
    _join_all(room, game_id)
    _control(room, game_id, "start")
    student = room.students["s0"]
    first = student.get(f"/games/{game_id}/state")
    assert first.json is not None
    assert first.json["phase"] == "question" and first.json["players"] == 2
    assert first.json["remaining"] == 20
    etag = first.headers["ETag"]
    assert (
        student.get(f"/games/{game_id}/state", headers={"If-None-Match": etag}).status_code == 304
    )
    _answer(student, game_id)
    after = room.teacher.get(f"/games/{game_id}/state", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.json is not None and after.json["answered"] == 1


def test_a_reload_puts_the_student_back_with_their_score(app: Flask, clock: Clock) -> None:
    room = _room(app, clock, students=1)
    game_id = _new_game(room, tags=["law", "station"], mode="accuracy")
    _join_all(room, game_id)
    _control(room, game_id, "start")
    student = room.students["s0"]
    _answer(student, game_id)  # the only player: revealed at once
    _control(room, game_id, "next")
    fresh = signed_in_again(app, "s0")
    page = fresh.get(f"/games/{game_id}/").get_data(as_text=True)
    assert "Question 2 of 2" in page and "Your points: <strong data-total>100</strong>" in page
    assert question_type(page) is not None


def signed_in_again(app: Flask, username: str) -> FlaskClient:
    from tests.conftest import Auth

    client = app.test_client()
    assert Auth(client).login(username).status_code == 302
    return client


def test_a_removed_player_can_neither_answer_nor_rejoin(
    app: Flask, clock: Clock, count_rows
) -> None:  # type: ignore[no-untyped-def]
    room = _room(app, clock, students=2)
    game_id = _new_game(room, tags=["law"])
    _join_all(room, game_id)
    s0 = room.students["s0"]
    html = s0.get(f"/games/{game_id}/").get_data(as_text=True)
    host = f"/games/{game_id}/host"
    removed = _post(room.teacher, host, f"/games/{game_id}/players/{room.ids['s0']}/remove", {})
    assert removed.status_code == 303
    _control(room, game_id, "start")
    assert "took you out of this game" in s0.get(f"/games/{game_id}/").get_data(as_text=True)
    rejoin = s0.post(f"/games/{game_id}/join", data={"csrf_token": csrf_token(html)})
    assert "took you out of this game" in rejoin.get_data(as_text=True)
    assert room.teacher.get(f"/games/{game_id}/state").json["players"] == 1  # type: ignore[index]
    assert count_rows(GameAnswer) == 0
    assert _audited(app) == [("ms_lee", "student s0", f"live game {game_id}")]


def _audited(app: Flask) -> list[tuple[str, str, str]]:
    """Who took whom out of which game, as the school's audit log says."""
    with app.app_context():
        found = db.session.execute(
            select(AuditEntry.actor, AuditEntry.target, AuditEntry.detail).where(
                AuditEntry.action == Action.PLAYER_REMOVED
            )
        ).all()
        db.session.remove()
    return [tuple(row) for row in found]


def test_a_game_asks_only_questions_of_banks_the_class_studies(app: Flask, clock: Clock) -> None:
    room = _room(app, clock, students=1)
    with app.app_context():
        flashcard = db.session.scalars(
            select(Question.id).where(Question.type == "flashcard")
        ).one()
        db.session.remove()
    page = f"/classes/{room.class_id}/games/new"
    fields = {"mode": "classic", "seconds": "20", "quiz": "0"}
    for chosen in ([], [str(flashcard)]):
        response = _post(room.teacher, page, page, {**fields, "questions": chosen})
        assert response.status_code == 422
        assert "Choose some questions" in response.get_data(as_text=True)
    assert (
        _post(room.teacher, page, page, {**fields, "seconds": "7", "tags": ["law"]}).status_code
        == 422
    )


def test_other_teachers_and_students_of_other_classes_find_no_game(
    app: Flask, clock: Clock
) -> None:
    room = _room(app, clock, students=1)
    game_id = _new_game(room, tags=["law"])
    stranger = signed_in(app, "mr_b", "teacher")
    outsider = signed_in(app, "loner", "student")
    assert stranger.get(f"/games/{game_id}/host").status_code == 404
    assert stranger.get(f"/classes/{room.class_id}/games/new").status_code == 404
    assert outsider.get(f"/games/{game_id}/").status_code == 404
    assert outsider.get(f"/games/{game_id}/state").status_code == 404


def test_the_report_counts_each_question_and_student_and_downloads(
    app: Flask, clock: Clock
) -> None:
    room = _room(app, clock, students=2)
    game_id = _new_game(room, tags=["law"])
    _join_all(room, game_id)
    _control(room, game_id, "start")
    s0, s1 = room.students.values()
    _answer(s0, game_id)
    html = s1.get(f"/games/{game_id}/").get_data(as_text=True)
    data = {"csrf_token": csrf_token(html), "token": hidden(html, "token"), "position": "1"}
    s1.post(f"/games/{game_id}/answer", data={**data, "answer": "1999"})
    _control(room, game_id, "next")
    class_page = room.teacher.get(f"/classes/{room.class_id}/").get_data(as_text=True)
    assert f"/games/{game_id}/report" in class_page
    page = room.teacher.get(f"/games/{game_id}/report").get_data(as_text=True)
    assert "1 of 2" in page and "1999 (1)" in page
    assert "Look at it in the editor" in page  # half right: weak
    sheet = room.teacher.get(f"/games/{game_id}/report.csv").get_data(as_text=True)
    assert "s1,1," in sheet and "1999,no" in sheet and "s0,1," in sheet
    stranger = signed_in(app, "mr_b", "teacher")
    assert stranger.get(f"/games/{game_id}/report.csv").status_code == 404


def test_my_data_tells_whether_a_game_answer_is_right_only_after_the_reveal(
    app: Flask, clock: Clock
) -> None:
    room = _room(app, clock, students=2)
    game_id = _new_game(room, tags=["law"], questions=[])
    _join_all(room, game_id)
    _control(room, game_id, "start")
    assert _answer(room.students["s0"], game_id, right=False).status_code == 303

    def marks() -> tuple[dict[str, object], dict[str, object]]:
        with app.app_context():
            tables = export.collect(room.ids["s0"])["tables"]
            db.session.remove()
        [given] = tables["game_answer"]
        [studied] = [r for r in tables["review"] if r["id"] == given["review_id"]]
        return given, studied

    # The question is still open for s1: s0's download must not tell the room it was wrong.
    given, studied = marks()
    assert given["response"] is not None
    assert (given["correct"], given["points"]) == (None, None)
    assert (studied["correct"], studied["score"], studied["rating"]) == (None, None, None)
    _control(room, game_id, "next")  # the reveal
    given, studied = marks()
    assert (given["correct"], given["points"], studied["correct"]) == (False, 0, False)
