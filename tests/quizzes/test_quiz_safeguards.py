"""A quiz attempt's time and score are safe: a late attempt counts as handed in at its deadline,
a teacher's pages leave an attempt alone during its grace, and a manual score stays in its class."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.banks.models import Question
from quizapp.classes import services as classes
from quizapp.extensions import db
from quizapp.quizzes import attempts
from quizapp.quizzes import services as quizzes
from quizapp.quizzes.models import Attempt
from tests.conftest import Clock, csrf_token, signed_in

pytestmark = pytest.mark.usefixtures("sample_banks")


def _user_id(username: str) -> int:
    return db.session.scalars(select(User.id).where(User.username == username)).one()


def _class_with_attempt(
    app: Flask, clock: Clock, teacher: str, student: str, **settings: Any
) -> tuple[int, int, int]:
    """(class, quiz, attempt): the teacher's new class with the student in it, a quiz of one
    question with these settings, and the student's attempt at it, started now."""
    with app.app_context():
        teacher_id, student_id = _user_id(teacher), _user_id(student)
        class_id = classes.create_class(teacher_id, f"{teacher}'s class", "", clock.now)
        classes.join(student_id, classes.class_detail(teacher_id, class_id).join_code, clock.now)
        question = db.session.scalars(select(Question.id).where(Question.key == "sample.short"))
        chosen = quizzes.QuizSettings("Quiz", [question.one()], studied_ok=True, **settings)
        quiz_id = quizzes.create_quiz(teacher_id, class_id, chosen, clock.now)
        attempt_id = attempts.start(student_id, quiz_id, clock.now)
        db.session.remove()
    return class_id, quiz_id, attempt_id


def _attempt(app: Flask, attempt_id: int) -> Attempt:
    with app.app_context():
        attempt = db.session.get_one(Attempt, attempt_id)
        db.session.expunge(attempt)
        return attempt


@pytest.mark.parametrize("late", [20, 3600], ids=["in the grace", "an hour late"])
@pytest.mark.parametrize("closes", [False, True], ids=["time limit", "the quiz closes first"])
def test_an_attempt_handed_in_after_its_deadline_counts_as_handed_in_at_the_deadline(
    app: Flask, clock: Clock, late: int, closes: bool
) -> None:
    signed_in(app, "ms_lee", "teacher")
    sam = signed_in(app, "sam", "student")
    started = clock.now
    closes_local = started + timedelta(minutes=2) if closes else None
    _, _, attempt_id = _class_with_attempt(
        app, clock, "ms_lee", "sam", time_limit_minutes=5, closes_local=closes_local
    )
    deadline = _attempt(app, attempt_id).deadline
    assert deadline == started + timedelta(minutes=2 if closes else 5)
    clock.now = deadline + timedelta(seconds=late)
    page = sam.get("/quizzes/").get_data(as_text=True)
    sam.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": csrf_token(page)})
    assert _attempt(app, attempt_id).submitted_at == deadline


def test_the_teachers_pages_submit_an_expired_attempt_only_after_its_grace(
    app: Flask, clock: Clock
) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    signed_in(app, "sam", "student")
    class_id, quiz_id, attempt_id = _class_with_attempt(
        app, clock, "ms_lee", "sam", time_limit_minutes=5
    )
    deadline: datetime | None = _attempt(app, attempt_id).deadline
    assert deadline is not None
    pages = [f"/classes/{class_id}/gradebook", f"/quizzes/{quiz_id}/analysis"]
    clock.now = deadline + timedelta(seconds=10)  # inside the 30 s grace: an answer in flight
    assert [teacher.get(page).status_code for page in pages] == [200, 200]
    assert _attempt(app, attempt_id).submitted_at is None
    clock.now = deadline + timedelta(seconds=31)
    assert teacher.get(pages[0]).status_code == 200
    assert _attempt(app, attempt_id).submitted_at == deadline


def test_a_manual_score_for_an_attempt_of_another_class_is_not_found(
    app: Flask, clock: Clock
) -> None:
    lee = signed_in(app, "ms_lee", "teacher")
    ng = signed_in(app, "mr_ng", "teacher")  # teaches class B, and class A too
    for student in ("sam", "kim"):
        signed_in(app, student, "student")
    class_a, _, _ = _class_with_attempt(app, clock, "ms_lee", "kim")
    class_b, _, attempt_b = _class_with_attempt(app, clock, "mr_ng", "sam")
    with app.app_context():
        classes.add_co_teacher(_user_id("ms_lee"), class_a, "mr_ng")
        attempts.submit(_user_id("sam"), attempt_b, clock.now)
        data = {"percent": "100", "reason": "Forged", "student": str(_user_id("sam"))}
    for teacher in (lee, ng):
        page = teacher.get("/classes/").get_data(as_text=True)
        forged = teacher.post(
            f"/classes/{class_a}/attempts/{attempt_b}/override",
            data={**data, "csrf_token": csrf_token(page)},
        )
        assert forged.status_code == 404
        assert _attempt(app, attempt_b).override_score is None
    page = ng.get("/classes/").get_data(as_text=True)
    right = ng.post(
        f"/classes/{class_b}/attempts/{attempt_b}/override",
        data={**data, "csrf_token": csrf_token(page)},
    )
    assert right.status_code == 303 and _attempt(app, attempt_b).override_score == 1.0
