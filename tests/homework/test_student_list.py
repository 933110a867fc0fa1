"""`homework_for_student`, the one service a student's pages read their homework from."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fsrs import Rating
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.banks.models import Bank, Question
from quizapp.classes import services as classes
from quizapp.core import homework as core
from quizapp.core.scheduling import new_card, review
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.homework import services as homework
from quizapp.homework.student import homework_for_student
from quizapp.study.models import Card
from tests.conftest import Clock

pytestmark = pytest.mark.usefixtures("sample_banks", "ctx")


def _card(student: int, question: int, rating: Rating, clock: Clock) -> None:
    state = review(new_card(clock.now), rating, clock.now)
    with tx.write() as session:
        session.add(
            Card(
                user_id=student,
                question_id=question,
                state=state.state,
                step=state.step,
                stability=state.stability,
                difficulty=state.difficulty,
                due=state.due,
                last_review=state.last_review,
                first_seen_at=clock.now,
            )
        )


def test_every_figure_a_page_shows_in_due_order_with_closed_ones_last(clock: Clock) -> None:
    teacher = accounts.register("ms_lee", "correct horse battery", "UTC", role="teacher").id
    student = accounts.register("kenji", "correct horse battery", "Asia/Tokyo").id
    class_id = classes.create_class(teacher, "Year 9", "", clock.now)
    classes.join(student, classes.class_detail(teacher, class_id).join_code, clock.now)
    bank = db.session.scalars(select(Bank.id).where(Bank.slug == "sample")).one()
    questions = db.session.scalars(select(Question.id).where(Question.bank_id == bank)).all()
    local = clock.now.replace(tzinfo=None)  # Tuesday 10 March 2026, 09:00 UTC

    def set_one(title: str, kind: str, number: int | None, days: float) -> int:
        settings = homework.HomeworkSettings(
            title, bank, kind, local + timedelta(days=days), number
        )
        return homework.create_homework(teacher, class_id, settings, clock.now)

    set_one("Later", core.STUDIED, None, 10)
    set_one("Friday", core.RECALLED, 80, 3.5)  # Friday 21:00 UTC: Saturday 06:00 in Tokyo
    closed = set_one("Closed", core.CORRECT, 5, 1)
    homework.close_homework(teacher, closed, clock.now)
    _card(student, questions[0], Rating.Good, clock)  # S = 2.3065 days
    _card(student, questions[1], Rating.Again, clock)  # S = 0.212 days
    found = homework_for_student(student, clock.now)
    assert [h.title for h in found] == ["Friday", "Later", "Closed"]
    friday, later, done = found
    # Recall on Saturday morning in Tokyo, 3 whole days after the answers:
    # (1 + 0.98035 * 3 / 2.3065) ** -0.1542 = 0.881, (1 + 0.98035 * 3 / 0.212) ** -0.1542 = 0.660.
    assert (friday.progress.studied, friday.progress.recalled) == (2, 1)
    assert friday.due_words == "Saturday"
    assert friday.left == "7 questions not yet studied, 1 likely forgotten by Saturday."
    assert friday.status == core.NOT_STARTED  # the cards were not answered through study
    assert later.progress.percent == 22 and later.goal.describe() == "Every question studied"
    assert done.closed and not friday.closed
    assert done.class_name == "Year 9" and done.bank_slug == "sample"
