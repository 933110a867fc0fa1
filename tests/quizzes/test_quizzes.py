"""Quizzes through the pages: a teacher sets one, students take it (time limits, resuming, one
submission), right answers stay off the pages until allowed, the gradebook and item analysis."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.banks.models import Question
from quizapp.extensions import db
from quizapp.quizzes.models import Attempt, AttemptItem, Quiz
from tests.conftest import Clock, csrf_token, signed_in, submit_form
from tests.statements import counting

pytestmark = pytest.mark.usefixtures("sample_banks")
PASSWORD = "correct horse battery"


def _class(teacher: FlaskClient, *students: FlaskClient) -> int:
    created = submit_form(teacher, "/classes/", "/classes/", {"name": "Year 9", "description": ""})
    page = teacher.get(created.location).get_data(as_text=True)
    code = re.search(r'<p class="code"[^>]*>([A-Z0-9]{4}) ([A-Z0-9]{4})</p>', page)
    assert code is not None
    for student in students:
        submit_form(student, "/classes/", "/classes/join", {"code": code.group(1) + code.group(2)})
    found = re.search(r"/classes/(\d+)/", created.location)
    assert found is not None
    return int(found.group(1))


def _question_ids(app: Flask, *keys: str) -> list[int]:
    with app.app_context():
        rows = db.session.execute(select(Question.key, Question.id)).all()
    ids = dict(rows)
    return [ids[key] for key in keys]


def _new_quiz(teacher: FlaskClient, class_id: int, question_ids: list[int], **fields: str):  # type: ignore[no-untyped-def]
    url = f"/classes/{class_id}/quizzes/new"
    data: dict[str, object] = {
        "title": "Signing quiz",
        "questions": [str(q) for q in question_ids],
        "shuffle_questions": "y",
        "attempts": "1",
        "grading": "highest",
        "reveal": "submit",
        "layout": "paged",
        "studied_ok": "y",  # the sample bank is studied: these quizzes are practice checks
        **fields,
    }
    html = teacher.get(url).get_data(as_text=True)
    return teacher.post(url, data={**data, "csrf_token": csrf_token(html)})


def _quiz_id(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalars(select(Quiz.id).order_by(Quiz.id.desc())).first() or 0)


def _start(student: FlaskClient, quiz_id: int) -> str:
    html = student.get("/quizzes/").get_data(as_text=True)
    started = student.post(f"/quizzes/{quiz_id}/start", data={"csrf_token": csrf_token(html)})
    assert started.status_code == 303, started.get_data(as_text=True)[:500]
    return str(started.location)


def _answer(student: FlaskClient, url: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    html = student.get(url).get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html)
    assert token is not None, html[:2000]
    return student.post(url, data={**data, "token": token.group(1), "csrf_token": csrf_token(html)})


def _take(student: FlaskClient, quiz_id: int, *answers: str) -> None:
    """Start the quiz, answer its questions in order, and submit it from the review page."""
    url = _start(student, quiz_id)
    base = url.rsplit("/", 1)[0]
    for position, text in enumerate(answers, start=1):
        go = str(position + 1) if position < len(answers) else "review"
        _answer(student, f"{base}/{position}", {"answer": text, "go": go})
    review = student.get(base + "/").get_data(as_text=True)
    student.post(base + "/submit", data={"csrf_token": csrf_token(review)})


def test_a_student_takes_a_quiz_and_right_answers_stay_hidden_until_allowed(
    app: Flask, clock: Clock
) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    sam = signed_in(app, "sam", "student")
    class_id = _class(teacher, sam)
    ids = _question_ids(app, "sample.short", "sample.numeric")
    closes = (clock.now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    created = _new_quiz(teacher, class_id, ids, reveal="close", closes=closes, shuffle_questions="")
    assert created.status_code == 303, created.get_data(as_text=True)[:3000]
    quiz_id = _quiz_id(app)
    assert "Signing quiz" in sam.get("/quizzes/").get_data(as_text=True)
    home = sam.get("/banks/").get_data(as_text=True)
    assert "<strong>Signing quiz</strong> (Year 9): open, due" in home

    first = _start(sam, quiz_id)
    page = sam.get(first).get_data(as_text=True)
    assert "Rogozin" not in page  # the accepted answers of the short question
    moved = _answer(sam, first, {"answer": "Rogozin", "go": "2"})
    assert moved.status_code == 303 and moved.location.endswith("/2")
    assert 'class="nav-answered"' in sam.get(moved.location).get_data(as_text=True)
    again = _start(sam, quiz_id)  # a closed tab, the quiz opened again: the same attempt,
    assert again == moved.location  # at its first question not answered yet
    _answer(sam, moved.location, {"answer": "1", "go": "review"})
    review = sam.get(first.rsplit("/", 1)[0] + "/").get_data(as_text=True)
    assert "2 of 2 answered" in review
    attempt_id = int(first.rstrip("/").split("/")[-2])
    submitted = sam.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": csrf_token(review)})
    sam.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": csrf_token(review)})  # twice
    result = sam.get(submitted.location).get_data(as_text=True)
    assert "Score: <strong>50.0%</strong>" in result
    assert "Right answer" not in result and "Dmitry Rogozin" not in result
    assert "shown after the quiz closes" in result
    with app.app_context():
        assert db.session.scalar(select(Attempt.submitted_at).where(Attempt.id == attempt_id))
    clock.advance(days=3)
    after = sam.get(submitted.location).get_data(as_text=True)
    assert "Right answer" in after and "Dmitry Rogozin" in after
    refused = sam.post(f"/quizzes/{quiz_id}/start", data={"csrf_token": csrf_token(review)})
    assert refused.status_code == 303 and refused.location.endswith("/quizzes/")


def test_time_runs_out_and_what_was_saved_is_submitted(app: Flask, clock: Clock) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    sam = signed_in(app, "sam", "student")
    class_id = _class(teacher, sam)
    ids = _question_ids(app, "sample.short", "sample.numeric")
    _new_quiz(teacher, class_id, ids, time_limit="5", shuffle_questions="")
    first = _start(sam, _quiz_id(app))
    assert 'data-seconds-left="300"' in sam.get(first).get_data(as_text=True)
    _answer(sam, first, {"answer": "Rogozin", "go": "2"})
    clock.advance(minutes=5, seconds=30)  # within the grace: still saved
    second = first[:-1] + "2"
    assert _answer(sam, second, {"answer": "999", "go": "review"}).status_code == 303
    clock.advance(seconds=2)  # past the grace
    late = sam.get(first)
    assert late.status_code == 303 and "/result" in late.location
    result = sam.get(late.location).get_data(as_text=True)
    assert "Score: <strong>50.0%</strong>" in result


def test_another_students_attempt_and_other_classes_quizzes_are_not_found(
    app: Flask, clock: Clock
) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    sam = signed_in(app, "sam", "student")
    kim = signed_in(app, "kim", "student")
    class_id = _class(teacher, sam)
    _new_quiz(teacher, class_id, _question_ids(app, "sample.short"))
    quiz_id = _quiz_id(app)
    first = _start(sam, quiz_id)
    assert kim.get(first).status_code == 404
    html = kim.get("/quizzes/").get_data(as_text=True)
    assert "Signing quiz" not in html
    assert (
        kim.post(f"/quizzes/{quiz_id}/start", data={"csrf_token": csrf_token(html)}).status_code
        == 404
    )
    other = signed_in(app, "mr_ng", "teacher")
    assert other.get(f"/classes/{class_id}/gradebook").status_code == 404
    assert other.get(f"/quizzes/{quiz_id}/analysis").status_code == 404


def test_gradebook_override_csv_and_a_fixed_number_of_statements(app: Flask, clock: Clock) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    students = [signed_in(app, f"s{n}", "student") for n in range(4)]
    class_id = _class(teacher, *students[:2])
    _new_quiz(teacher, class_id, _question_ids(app, "sample.short"))
    quiz_id = _quiz_id(app)
    for n, student in enumerate(students[:2]):
        _take(student, quiz_id, "Rogozin" if n == 0 else "Gagarin")
    book = teacher.get(f"/classes/{class_id}/gradebook").get_data(as_text=True)
    assert "100.0%" in book and "0.0%" in book
    csv_text = teacher.get(f"/classes/{class_id}/gradebook.csv").get_data(as_text=True)
    assert csv_text.splitlines() == ["student,Signing quiz (%)", "s0,100.0", "s1,0.0"]

    with app.app_context():
        engine = db.engine
        attempt = db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first()
        assert attempt is not None
        s1 = attempt.user_id
    page = teacher.get(f"/classes/{class_id}/gradebook/{s1}").get_data(as_text=True)
    changed = teacher.post(
        f"/classes/{class_id}/attempts/{attempt.id}/override",
        data={"percent": "80", "reason": "Spelling of a name", "student": str(s1),
              "csrf_token": csrf_token(page)},
    )  # fmt: skip
    assert changed.status_code == 303
    detail = teacher.get(changed.location).get_data(as_text=True)
    assert "Manual score 80.0%" in detail and "Spelling of a name" in detail
    assert "80.0% <small>(manual)</small>" in teacher.get(
        f"/classes/{class_id}/gradebook"
    ).get_data(as_text=True)

    with counting(engine) as small:
        teacher.get(f"/classes/{class_id}/gradebook")
    for student in students[2:]:  # two more students in the class
        page = student.get("/classes/").get_data(as_text=True)
        code = re.search(
            r"/classes/join/([A-Z0-9]+)",
            teacher.get(f"/classes/{class_id}/").get_data(as_text=True),
        )
        assert code is not None
        submit_form(student, "/classes/", "/classes/join", {"code": code.group(1)})
    with counting(engine) as large:
        teacher.get(f"/classes/{class_id}/gradebook")
    assert len(large) == len(small), (small.sent, large.sent)


def test_item_analysis_flags_a_question_everyone_gets_right(app: Flask, clock: Clock) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    students = [signed_in(app, f"s{n}", "student") for n in range(10)]
    class_id = _class(teacher, *students)
    _new_quiz(teacher, class_id, _question_ids(app, "sample.short", "sample.numeric"),
              shuffle_questions="")  # fmt: skip
    quiz_id = _quiz_id(app)
    with app.app_context():
        engine = db.engine
    counts = []
    for n, student in enumerate(students):
        _take(student, quiz_id, "Rogozin", "1" if n % 2 else "5")
        if n in {1, 9}:  # the analysis after 2 and after 10 attempts
            with counting(engine) as seen:
                teacher.get(f"/quizzes/{quiz_id}/analysis")
            counts.append(len(seen))
    assert counts[0] == counts[1]  # the same statements whatever the number of attempts
    page = teacher.get(f"/quizzes/{quiz_id}/analysis").get_data(as_text=True)
    assert "10 students submitted" in page
    assert "not yet reliable" not in page
    assert "Too easy" in page and "Open in the bank editor" not in page  # not her bank to edit
    assert "ask an admin to let you edit “Sample bank”" in page


def test_a_quiz_closing_friday_1700_closes_at_1700_london_time_across_the_clock_change(
    app: Flask, clock: Clock
) -> None:
    teacher = signed_in(app, "ms_lee", "teacher", timezone="Europe/London")
    class_id = _class(teacher)
    ids = _question_ids(app, "sample.short")
    # Clocks go back on Sunday 25 October 2026: Friday the 23rd is BST, Friday the 30th GMT.
    _new_quiz(teacher, class_id, ids, closes="2026-10-23T17:00", title="Before")
    _new_quiz(teacher, class_id, ids, closes="2026-10-30T17:00", title="After")
    with app.app_context():
        closes = dict(db.session.execute(select(Quiz.title, Quiz.closes_at)).all())
    assert closes["Before"] == datetime(2026, 10, 23, 16, 0, tzinfo=UTC)
    assert closes["After"] == datetime(2026, 10, 30, 17, 0, tzinfo=UTC)


def test_with_answers_after_each_question_an_answered_question_shows_its_answer_and_locks(
    app: Flask, clock: Clock
) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    sam = signed_in(app, "sam", "student")
    class_id = _class(teacher, sam)
    ids = _question_ids(app, "sample.short", "sample.numeric")
    _new_quiz(teacher, class_id, ids, reveal="each", shuffle_questions="")
    first = _start(sam, _quiz_id(app))
    before = sam.get(first).get_data(as_text=True)
    assert "Right answer" not in before and "Dmitry Rogozin" not in before
    saved = _answer(sam, first, {"answer": "Gagarin", "go": "2"})
    assert saved.status_code == 303 and saved.location == first  # the answer shows at once
    after = sam.get(first).get_data(as_text=True)
    assert "Answered: wrong" in after and "Right answer: <strong>Dmitry Rogozin</strong>" in after
    assert "<fieldset disabled" in after
    moved = _answer(sam, first, {"answer": "Rogozin", "go": "2"})  # a changed answer is not taken
    assert moved.location.endswith("/2")  # and the page's buttons move on
    with app.app_context():
        attempt = db.session.scalars(select(Attempt)).one()
        item = db.session.get(AttemptItem, (attempt.id, 1))
        assert item is not None and item.response == "Gagarin" and item.correct is False


def test_the_whole_quiz_on_one_page(app: Flask, clock: Clock) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    sam = signed_in(app, "sam", "student")
    class_id = _class(teacher, sam)
    ids = _question_ids(app, "sample.short", "sample.numeric")
    _new_quiz(teacher, class_id, ids, layout="single", shuffle_questions="")
    url = _start(sam, _quiz_id(app))
    assert url.endswith("/all")
    page = sam.get(url).get_data(as_text=True)
    assert 'name="q1-answer"' in page and 'name="q2-answer"' in page
    assert 'id="q2-answer"' in page and "Rogozin" not in page
    token = csrf_token(page)
    bad = sam.post(url, data={"csrf_token": token, "q1-answer": "Rogozin", "q2-answer": "soon"})
    assert bad.status_code == 422
    assert 'id="q2-answer-error"' in bad.get_data(as_text=True)
    with app.app_context():
        saved = db.session.scalars(select(AttemptItem).where(AttemptItem.answered_at.is_not(None)))
        assert list(saved) == []  # nothing saved while one answer is refused
    kept = sam.post(url, data={"csrf_token": token, "q1-answer": "Rogozin", "q2-flagged": "y"})
    assert kept.status_code == 303
    again = sam.get(url).get_data(as_text=True)
    assert 'value="Rogozin"' in again
    done = sam.post(
        url, data={"csrf_token": token, "q1-answer": "Rogozin", "q2-answer": "2011", "go": "submit"}
    )
    assert done.status_code == 303 and done.location.endswith("/result")
    assert "Score: <strong>100.0%</strong>" in sam.get(done.location).get_data(as_text=True)


@pytest.mark.parametrize(
    "keys", [("sample.short",), ("sample.short", "sample.numeric", "sample.choice")]
)
def test_a_quiz_page_and_a_save_send_a_fixed_number_of_statements(
    app: Flask, clock: Clock, keys: tuple[str, ...]
) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    sam = signed_in(app, "sam", "student")
    class_id = _class(teacher, sam)
    _new_quiz(teacher, class_id, _question_ids(app, *keys), shuffle_questions="")
    url = _start(sam, _quiz_id(app))
    with app.app_context():
        engine = db.engine
    with counting(engine) as page:
        html = sam.get(url).get_data(as_text=True)
    with counting(engine) as save:
        sam.post(url, data={"csrf_token": csrf_token(html), "token": "x", "answer": "Rogozin"})
    # The user; the attempt, its quiz, its items and the question's version. The save: the user,
    # BEGIN, the attempt with its quiz, item and version in one SELECT, UPDATE, COMMIT.
    assert (len(page), len(save)) == (5, 5), " | ".join(s[:40] for s in save.sent)


def test_a_graded_quiz_takes_no_question_students_study_unless_a_practice_check(
    app: Flask, count_rows
) -> None:  # type: ignore[no-untyped-def]
    teacher = signed_in(app, "ms_lee", "teacher")
    class_id = _class(teacher)
    ids = _question_ids(app, "sample.short")
    refused = _new_quiz(teacher, class_id, ids, studied_ok="")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="questions-error"' in html and "in banks your students study" in html
    assert count_rows(Quiz) == 0
    assert _new_quiz(teacher, class_id, ids).status_code == 303  # ticked: a practice check
    assert count_rows(Quiz) == 1


def test_answers_after_closing_need_a_closing_time(app: Flask, count_rows) -> None:  # type: ignore[no-untyped-def]
    teacher = signed_in(app, "ms_lee", "teacher")
    class_id = _class(teacher)
    refused = _new_quiz(teacher, class_id, _question_ids(app, "sample.short"), reveal="close")
    assert refused.status_code == 422
    assert "say when it closes" in refused.get_data(as_text=True)
    assert count_rows(Quiz) == 0
