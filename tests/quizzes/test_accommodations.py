"""Accommodations through the pages: a teacher gives one student (or the class) more time, more
attempts or a later close; the student sees and gets their own figures, nobody else's; running
attempts take a change at once; a question's own time limit refuses a late answer to it only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.extensions import db
from quizapp.quizzes.models import Attempt, AttemptItem
from tests.conftest import Clock, csrf_token, signed_in
from tests.quizzes.test_quizzes import _answer, _class, _new_quiz, _question_ids, _quiz_id, _start
from tests.statements import counting

pytestmark = pytest.mark.usefixtures("sample_banks")
QUESTIONS = ("sample.short", "sample.numeric")


def _user_id(app: Flask, username: str) -> int:
    with app.app_context():
        return int(db.session.scalars(select(User.id).where(User.username == username)).one())


def _accommodate(teacher: FlaskClient, quiz_id: int, student_id: int | None, **fields: str):  # type: ignore[no-untyped-def]
    """Post the student's form (None: the whole class's) of the accommodations page."""
    page = f"/quizzes/{quiz_id}/accommodations"
    html = teacher.get(page).get_data(as_text=True)
    prefix = "all-" if student_id is None else f"s{student_id}-"
    data = {"time_multiplier": "1", "extra_minutes": "0", "extra_attempts": "0", **fields}
    action = f"{page}/{'all' if student_id is None else student_id}"
    return teacher.post(
        action, data={**{prefix + k: v for k, v in data.items()}, "csrf_token": csrf_token(html)}
    )


def _seconds_left(student: FlaskClient, url: str) -> int:
    html = student.get(url).get_data(as_text=True)
    found = re.search(r'class="countdown" role="timer" data-seconds-left="(\d+)"', html)
    assert found is not None, html[:1500]
    return int(found.group(1))


@pytest.fixture
def setting(app: Flask) -> tuple[FlaskClient, FlaskClient, FlaskClient, int]:
    teacher = signed_in(app, "ms_lee", "teacher")
    sam, kim = signed_in(app, "sam", "student"), signed_in(app, "kim", "student")
    return teacher, sam, kim, _class(teacher, sam, kim)


def test_one_and_a_half_times_gives_30_minutes_on_a_20_minute_quiz_to_that_student_only(
    app: Flask, clock: Clock, setting: tuple[FlaskClient, FlaskClient, FlaskClient, int]
) -> None:
    teacher, sam, kim, class_id = setting
    _new_quiz(teacher, class_id, _question_ids(app, *QUESTIONS), time_limit="20")
    quiz_id, sam_id = _quiz_id(app), _user_id(app, "sam")
    saved = _accommodate(teacher, quiz_id, sam_id, time_multiplier="1.5")
    assert saved.status_code == 303
    listing = teacher.get(saved.location).get_data(as_text=True)
    assert "30 minutes" in listing and "\N{MULTIPLICATION SIGN}1.5" in listing
    sams_list = sam.get("/quizzes/").get_data(as_text=True)
    assert '<span class="time-limit">30 minutes</span>' in sams_list
    assert "set your own time" in sams_list
    kims_list = kim.get("/quizzes/").get_data(as_text=True)
    assert '<span class="time-limit">20 minutes</span>' in kims_list
    assert "set your own time" not in kims_list
    assert _seconds_left(sam, _start(sam, quiz_id)) == 30 * 60
    assert _seconds_left(kim, _start(kim, quiz_id)) == 20 * 60


def test_extra_time_granted_mid_attempt_moves_the_running_deadline_and_the_server_keeps_it(
    app: Flask, clock: Clock, setting: tuple[FlaskClient, FlaskClient, FlaskClient, int]
) -> None:
    teacher, sam, _, class_id = setting
    _new_quiz(
        teacher, class_id, _question_ids(app, *QUESTIONS), time_limit="20", shuffle_questions=""
    )
    quiz_id = _quiz_id(app)
    first = _start(sam, quiz_id)
    clock.advance(minutes=5)
    assert _seconds_left(sam, first) == 15 * 60
    _accommodate(teacher, quiz_id, _user_id(app, "sam"), extra_minutes="10")
    assert _seconds_left(sam, first) == 25 * 60  # 30 minutes from the start, 5 gone
    clock.advance(minutes=20)  # 25 minutes in: past the quiz's 20 and its grace
    saved = _answer(sam, first, {"answer": "Rogozin", "go": "2"})
    assert saved.status_code == 303 and saved.location.endswith("/2")
    clock.advance(minutes=5, seconds=31)  # 30 minutes and 31 seconds: over
    late = sam.get(first)
    assert late.status_code == 303 and "/result" in late.location
    assert "Score: <strong>50.0%</strong>" in sam.get(late.location).get_data(as_text=True)


def test_an_extra_attempt_lets_a_second_start(
    app: Flask, clock: Clock, setting: tuple[FlaskClient, FlaskClient, FlaskClient, int]
) -> None:
    teacher, sam, _, class_id = setting
    _new_quiz(teacher, class_id, _question_ids(app, *QUESTIONS), attempts="1")
    quiz_id = _quiz_id(app)
    first = _start(sam, quiz_id)
    attempt = first.rstrip("/").split("/")[-2]
    review = sam.get(f"/attempts/{attempt}/").get_data(as_text=True)
    sam.post(f"/attempts/{attempt}/submit", data={"csrf_token": csrf_token(review)})
    refused = sam.post(f"/quizzes/{quiz_id}/start", data={"csrf_token": csrf_token(review)})
    assert refused.location.endswith("/quizzes/")
    _accommodate(teacher, quiz_id, _user_id(app, "sam"), extra_attempts="1")
    assert "1 of 2 attempts" in sam.get("/quizzes/").get_data(as_text=True)
    second = _start(sam, quiz_id)
    assert second != first
    with app.app_context():
        assert db.session.scalars(select(Attempt.number).order_by(Attempt.id)).all() == [1, 2]


def test_a_later_close_lets_one_student_start_after_the_others_close(
    app: Flask, clock: Clock, setting: tuple[FlaskClient, FlaskClient, FlaskClient, int]
) -> None:
    teacher, sam, kim, class_id = setting
    closes = clock.now + timedelta(hours=1)
    later = clock.now + timedelta(days=1)
    ids = _question_ids(app, *QUESTIONS)
    _new_quiz(teacher, class_id, ids, closes=closes.strftime("%Y-%m-%dT%H:%M"))
    quiz_id = _quiz_id(app)
    early = _accommodate(
        teacher, quiz_id, _user_id(app, "sam"), closes=closes.strftime("%Y-%m-%dT%H:%M")
    )
    assert early.status_code == 422
    assert "after the quiz&#39;s own close" in early.get_data(as_text=True)
    _accommodate(teacher, quiz_id, _user_id(app, "sam"), closes=later.strftime("%Y-%m-%dT%H:%M"))
    clock.advance(hours=2)
    kims = kim.get("/quizzes/").get_data(as_text=True)
    assert 'data-status="closed"' in kims
    refused = kim.post(f"/quizzes/{quiz_id}/start", data={"csrf_token": csrf_token(kims)})
    assert refused.location.endswith("/quizzes/")
    assert 'data-status="open"' in sam.get("/quizzes/").get_data(as_text=True)
    started = _start(sam, quiz_id)
    assert "/attempts/" in started


def test_the_whole_class_at_once_and_errors_next_to_the_field(
    app: Flask, clock: Clock, setting: tuple[FlaskClient, FlaskClient, FlaskClient, int]
) -> None:
    teacher, sam, kim, class_id = setting
    _new_quiz(teacher, class_id, _question_ids(app, *QUESTIONS), time_limit="20")
    quiz_id = _quiz_id(app)
    wrong = _accommodate(teacher, quiz_id, None, time_multiplier="0.5")
    assert wrong.status_code == 422
    html = wrong.get_data(as_text=True)
    assert re.search(r'<ul class="errors" id="all-time_multiplier-error">\s*<li>', html)
    never_closes = _accommodate(teacher, quiz_id, None, closes="2030-01-01T09:00")
    assert never_closes.status_code == 422
    assert re.search(
        r'id="all-closes-error">\s*<li>This quiz never closes', never_closes.get_data(as_text=True)
    )
    saved = _accommodate(teacher, quiz_id, None, time_multiplier="2")
    assert saved.status_code == 303
    assert "saved for 2 students" in teacher.get(saved.location).get_data(as_text=True)
    for student in (sam, kim):
        assert "40 minutes" in student.get("/quizzes/").get_data(as_text=True)


def test_a_per_question_limit_refuses_a_late_save_of_that_question_only(
    app: Flask, clock: Clock, setting: tuple[FlaskClient, FlaskClient, FlaskClient, int]
) -> None:
    teacher, sam, _, class_id = setting
    ids = _question_ids(app, *QUESTIONS)
    _new_quiz(teacher, class_id, ids, question_time="60", shuffle_questions="")
    first = _start(sam, _quiz_id(app))
    second = first[:-1] + "2"
    page = sam.get(first).get_data(as_text=True)
    assert 'class="countdown question-countdown" role="timer" data-seconds-left="60"' in page
    assert _answer(sam, first, {"answer": "Rogozin", "go": "2"}).location.endswith("/2")
    sam.get(second)  # question 2 first shown now
    clock.advance(seconds=91)  # question 2's 60 s and the 30 s grace are spent
    late = _answer(sam, second, {"answer": "1", "go": "review"})
    assert late.status_code == 303
    assert "Time for question 2 was up" in sam.get(late.location).get_data(as_text=True)
    changed = _answer(sam, first, {"answer": "wrong", "go": "2"})  # question 1: also late now
    assert changed.status_code == 303
    with app.app_context():
        items = db.session.scalars(select(AttemptItem).order_by(AttemptItem.position)).all()
        assert [(i.response, i.score) for i in items] == [("Rogozin", 1.0), (None, None)]
    assert "Time for this question is up: your saved answer counts" in sam.get(first).get_data(
        as_text=True
    )


def test_a_question_answered_in_time_is_saved_and_a_second_look_keeps_its_start(
    app: Flask, clock: Clock, setting: tuple[FlaskClient, FlaskClient, FlaskClient, int]
) -> None:
    teacher, sam, _, class_id = setting
    _new_quiz(
        teacher, class_id, _question_ids(app, *QUESTIONS), question_time="60", shuffle_questions=""
    )
    first = _start(sam, _quiz_id(app))
    sam.get(first)
    clock.advance(seconds=40)
    assert 'question-countdown" role="timer" data-seconds-left="20"' in sam.get(first).get_data(
        as_text=True
    )
    clock.advance(seconds=45)  # 85 s: within the grace
    assert _answer(sam, first, {"answer": "Rogozin", "go": "2"}).location.endswith("/2")
    with app.app_context():
        assert db.session.scalar(select(AttemptItem.score).where(AttemptItem.position == 1)) == 1.0


def test_a_time_per_question_needs_one_question_per_page(
    app: Flask, setting: tuple[FlaskClient, FlaskClient, FlaskClient, int]
) -> None:
    teacher, _, _, class_id = setting
    refused = _new_quiz(
        teacher, class_id, _question_ids(app, *QUESTIONS), question_time="60", layout="single"
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert re.search(
        r'id="question_time-error">\s*<li>A time per question needs one question', html
    )


def test_the_accommodations_page_sends_the_same_statements_for_2_or_8_students(
    app: Flask, clock: Clock, setting: tuple[FlaskClient, FlaskClient, FlaskClient, int]
) -> None:
    teacher, sam, _, class_id = setting
    _new_quiz(teacher, class_id, _question_ids(app, *QUESTIONS), time_limit="20")
    quiz_id = _quiz_id(app)
    _accommodate(teacher, quiz_id, _user_id(app, "sam"), time_multiplier="1.5")
    with app.app_context():
        engine = db.engine
    url = f"/quizzes/{quiz_id}/accommodations"
    with counting(engine) as small:
        teacher.get(url)
    with counting(engine) as small_list:
        sam.get("/quizzes/")
    more = [signed_in(app, f"pupil{i}", "student") for i in range(6)]
    html = teacher.get(f"/classes/{class_id}/").get_data(as_text=True)
    code = re.search(r'<p class="code"[^>]*>([A-Z0-9]{4}) ([A-Z0-9]{4})</p>', html)
    assert code is not None
    for pupil in more:
        page = pupil.get("/classes/").get_data(as_text=True)
        pupil.post(
            "/classes/join",
            data={"code": code.group(1) + code.group(2), "csrf_token": csrf_token(page)},
        )
    _accommodate(teacher, quiz_id, None, extra_minutes="5")
    with counting(engine) as large:
        page = teacher.get(url).get_data(as_text=True)
    assert page.count("<tr") == 1 + 8
    with counting(engine) as large_list:
        sam.get("/quizzes/")
    assert len(large) == len(small)
    assert len(large_list) == len(small_list)


def test_extra_time_does_not_revive_an_attempt_whose_time_already_ran_out(
    app: Flask, clock: Clock, setting: tuple[FlaskClient, FlaskClient, FlaskClient, int]
) -> None:
    teacher, sam, _, class_id = setting
    _new_quiz(teacher, class_id, _question_ids(app, *QUESTIONS), time_limit="20", attempts="2")
    quiz_id = _quiz_id(app)
    first = _start(sam, quiz_id)
    clock.advance(minutes=21)  # over, grace spent, not submitted yet (a closed tab)
    _accommodate(teacher, quiz_id, _user_id(app, "sam"), extra_minutes="30")
    late = sam.get(first)
    assert late.status_code == 303 and "/result" in late.location


def test_only_the_attempts_owner_marks_when_a_question_was_first_shown(
    app: Flask, clock: Clock, setting: tuple[FlaskClient, FlaskClient, FlaskClient, int]
) -> None:
    from quizapp.quizzes import attempts

    teacher, sam, _, class_id = setting
    ids = _question_ids(app, *QUESTIONS)
    _new_quiz(teacher, class_id, ids, question_time="60", shuffle_questions="")
    attempt_id = int(_start(sam, _quiz_id(app)).rstrip("/").split("/")[-2])
    with app.app_context():
        attempts.mark_shown(_user_id(app, "kim"), attempt_id, 1, clock.now)
        assert (
            db.session.scalar(select(AttemptItem.shown_at).where(AttemptItem.position == 1)) is None
        )
        attempts.mark_shown(_user_id(app, "sam"), attempt_id, 1, clock.now)
        assert db.session.scalar(select(AttemptItem.shown_at).where(AttemptItem.position == 1))


def test_answers_shown_after_closing_wait_for_the_latest_close_a_student_was_given(
    app: Flask, clock: Clock, setting: tuple[FlaskClient, FlaskClient, FlaskClient, int]
) -> None:
    teacher, sam, _, class_id = setting
    closes = clock.now + timedelta(hours=1)
    ids = _question_ids(app, *QUESTIONS)
    _new_quiz(teacher, class_id, ids, reveal="close", closes=closes.strftime("%Y-%m-%dT%H:%M"))
    quiz_id = _quiz_id(app)
    later = (clock.now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    _accommodate(teacher, quiz_id, _user_id(app, "kim"), closes=later)  # kim still has it open
    attempt = _start(sam, quiz_id).rstrip("/").split("/")[-2]
    review = sam.get(f"/attempts/{attempt}/").get_data(as_text=True)
    result = sam.post(f"/attempts/{attempt}/submit", data={"csrf_token": csrf_token(review)})
    clock.advance(hours=2)  # the class's close is past, kim's is not
    assert "Right answer" not in sam.get(result.location).get_data(as_text=True)
    clock.advance(days=1)
    assert "Right answer" in sam.get(result.location).get_data(as_text=True)


def test_two_teachers_saving_at_once_leave_one_row_with_the_second_ones_figures(
    app: Flask,
    clock: Clock,
    setting: tuple[FlaskClient, FlaskClient, FlaskClient, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from quizapp.quizzes import accommodations
    from quizapp.quizzes.models import Accommodation

    teacher, _, _, class_id = setting
    _new_quiz(teacher, class_id, _question_ids(app, *QUESTIONS), time_limit="20")
    quiz_id, sam_id = _quiz_id(app), _user_id(app, "sam")
    _accommodate(teacher, quiz_id, sam_id, extra_minutes="5")
    real, calls = accommodations._existing, []

    def not_seen_yet(*args: object) -> dict[int, Accommodation]:
        calls.append(1)  # the first look misses the row another teacher's save just made
        return {} if len(calls) == 1 else real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(accommodations, "_existing", not_seen_yet)
    saved = _accommodate(teacher, quiz_id, sam_id, extra_minutes="15")
    assert saved.status_code == 303
    with app.app_context():
        rows = db.session.scalars(select(Accommodation.extra_minutes)).all()
    assert rows == [15]
