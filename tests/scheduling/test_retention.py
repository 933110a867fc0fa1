"""A class's desired retention: the teacher sees the simulated workload at each before saving,
and the class's students are scheduled for it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from fsrs import Rating
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.banks.models import Question
from quizapp.classes import services as classes
from quizapp.classes.models import Classroom
from quizapp.extensions import db
from quizapp.study import services as study
from quizapp.study.answers import submit_answer
from quizapp.study.models import Card
from tests.conftest import Clock, csrf_token, signed_in

pytestmark = pytest.mark.usefixtures("sample_banks")
ROW = re.compile(
    r'<tr data-retention="([0-9.]+)"[^>]*>\s*<th scope="row">[^<]*</th>\s*'
    r'<td data-label="Answers a day">([0-9.]+)</td>\s*<td data-label="Minutes a day">([0-9.]+)</td>'
)


def _class(app: Flask, clock: Clock) -> tuple[Flask, int]:
    teacher = signed_in(app, "ms_lee", "teacher")
    with app.app_context():
        teacher_id = accounts.find_user("ms_lee").id  # type: ignore[union-attr]
        class_id = classes.create_class(teacher_id, "Year 9", "", clock.now)
        classes.set_banks(teacher_id, class_id, ["sample"])
    return teacher, class_id  # type: ignore[return-value]


def test_the_teacher_sees_the_workload_at_each_retention_and_saves_one(
    app: Flask, clock: Clock
) -> None:
    teacher, class_id = _class(app, clock)
    url = f"/scheduling/classes/{class_id}/retention"
    html = teacher.get(url).get_data(as_text=True)
    rows = [(float(r), float(a), float(m)) for r, a, m in ROW.findall(html)]
    assert [r for r, _, _ in rows] == [0.80, 0.85, 0.90, 0.95]
    answers = [a for _, a, _ in rows]
    assert answers == sorted(answers) and answers[0] < answers[-1]  # more recall, more work
    assert "90% (now)" in html and "(suggested)" in html
    assert "its 9 questions" in html and "fitted to FSRS&#39;s defaults" in html
    saved = teacher.post(url, data={"csrf_token": csrf_token(html), "retention": "0.93"})
    assert saved.status_code == 303
    html = teacher.get(url).get_data(as_text=True)
    assert "93% (now)" in html and "It is 93% now." in html
    with app.app_context():
        assert db.session.get_one(Classroom, class_id).desired_retention == 0.93


def test_a_retention_outside_the_range_is_refused_next_to_the_field(
    app: Flask, clock: Clock
) -> None:
    teacher, class_id = _class(app, clock)
    url = f"/scheduling/classes/{class_id}/retention"
    token = csrf_token(teacher.get(url).get_data(as_text=True))
    for value in ("0.99", "0.5", "<b>x</b>"):
        html = teacher.post(url, data={"csrf_token": token, "retention": value}).get_data(
            as_text=True
        )
        assert "Not a valid choice" in html and "<b>x</b>" not in html
    with app.app_context():
        assert db.session.get_one(Classroom, class_id).desired_retention == 0.9


def test_another_teacher_and_students_cannot_open_or_change_it(app: Flask, clock: Clock) -> None:
    _, class_id = _class(app, clock)
    url = f"/scheduling/classes/{class_id}/retention"
    other = signed_in(app, "mr_kim", "teacher")
    assert other.get(url).status_code == 404
    token = csrf_token(other.get("/").get_data(as_text=True))
    assert other.post(url, data={"csrf_token": token, "retention": "0.95"}).status_code == 404
    assert signed_in(app, "sam", "student").get(url).status_code == 403
    with app.app_context():
        assert db.session.get_one(Classroom, class_id).desired_retention == 0.9


def test_a_student_of_the_class_is_scheduled_for_its_retention(app: Flask, clock: Clock) -> None:
    """Easy on a new flashcard at 95%: stability 8.2956 days (w3); FSRS-6's curve
    R = (1 + f t / S)^-w20 with w20 = 0.1542 and f = 0.9^(-1/w20) - 1 = 0.9805 reaches 0.95 at
    t = S / f * (0.95^(-1/w20) - 1) = 8.2956 / 0.9805 * 0.3946 = 3.34, so 3 days (8 at 90%)."""
    teacher, class_id = _class(app, clock)
    url = f"/scheduling/classes/{class_id}/retention"
    token = csrf_token(teacher.get(url).get_data(as_text=True))
    teacher.post(url, data={"csrf_token": token, "retention": "0.95"})
    with app.app_context():
        code = db.session.get_one(Classroom, class_id).join_code
        student = accounts.register("sam", "a long password", "UTC").id
        classes.join(student, code, clock.now)
        for response in ("Roscosmos", "true", "Rogozin"):
            shown = study.next_question(accounts.get_account(student), "sample", clock.now, "k", 20)
            assert isinstance(shown, study.Shown)
            submit_answer(student, "sample", shown.token, response, clock.now, "k")
        shown = study.next_question(accounts.get_account(student), "sample", clock.now, "k", 20)
        assert isinstance(shown, study.Shown) and shown.type == "flashcard"
        assert shown.button_intervals[int(Rating.Easy)] == "3 days"
        submit_answer(student, "sample", shown.token, "4", clock.now, "k")
        flashcard = select(Question.id).where(Question.key == "sample.flashcard").scalar_subquery()
        card = db.session.scalars(select(Card).where(Card.question_id == flashcard)).one()
        assert card.due - clock.now == timedelta(days=3)
