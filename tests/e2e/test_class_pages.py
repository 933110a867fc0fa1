"""The class pages a teacher reads at a glance, in a real browser at desktop and phone width:
the roster's stage bars and cards, the class's questions, the gradebook, the question picker
(whose filter hides a ticked question without losing it), and a student's own grades."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import State
from playwright.sync_api import Page, expect
from sqlalchemy import select

from quizapp import create_app
from quizapp.accounts import services as accounts
from quizapp.banks.models import Question
from quizapp.classes import services as classes
from quizapp.config import TestConfig
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.quizzes import attempts
from quizapp.quizzes import services as quizzes
from quizapp.quizzes.models import AttemptItem
from quizapp.study.models import Card
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.student import PASSWORD, log_in, log_out
from tests.e2e.test_screenshots import Camera

pytestmark = pytest.mark.e2e

TEACHER_PASSWORD = "a staffroom passphrase of hers"
STUDENTS = ("alexandra_konstantinidou", "ben", "chloe", "dmitri", "esther", "farah")
# Per student: how many questions are learning, young and mastered (the rest are new).
STAGES = ((1, 2, 3), (0, 0, 0), (2, 1, 0), (0, 3, 3), (4, 0, 1), (1, 1, 1))


def _card(student: int, question: int, state: State, stability: float, now: datetime) -> Card:
    last = now - timedelta(days=3)
    return Card(
        user_id=student, question_id=question, state=state.value,
        step=0 if state == State.Learning else None, stability=stability, difficulty=5.0,
        due=last + timedelta(days=stability), last_review=last, first_seen_at=last, reps=2,
        score_sum=1.5,
    )  # fmt: skip


def _a_class_that_studies_and_takes_a_quiz(database_url: str) -> int:
    """ms_lee's class of six on the sample bank, their cards at set stages, and a quiz that
    four of them have taken (grades 100%, 100%, 50%, 0%); the class's id."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    now = datetime.now(UTC)
    with app.app_context():
        teacher = accounts.register("ms_lee", TEACHER_PASSWORD, "Europe/London", role="teacher")
        class_id = classes.create_class(teacher.id, "Year 9 Physics", "", now)
        code = classes.class_detail(teacher.id, class_id).join_code
        ids = {k: i for k, i in db.session.execute(select(Question.key, Question.id)).all()}
        order = sorted(ids.values())
        students = []
        for name, (learning, young, mastered) in zip(STUDENTS, STAGES, strict=True):
            student = accounts.register(name, PASSWORD, "UTC").id
            classes.join(student, code, now)
            students.append(student)
            kinds = [State.Learning] * learning + [State.Review] * (young + mastered)
            stabilities = [1.0] * learning + [5.0] * young + [40.0] * mastered
            with tx.write() as session:
                for question, kind, stability in zip(order, kinds, stabilities, strict=False):
                    session.add(_card(student, question, kind, stability, now))
        settings = quizzes.QuizSettings(
            "Signing check", [ids["sample.short"], ids["sample.numeric"]],
            shuffle_questions=False, studied_ok=True,
            closes_local=(now + timedelta(days=7)).replace(tzinfo=None, second=0, microsecond=0),
        )  # fmt: skip
        quiz_id = quizzes.create_quiz(teacher.id, class_id, settings, now)
        given = (("Rogozin", "2011"), ("Rogozin", "2011"), ("Rogozin", "1999"), ("x", "1"))
        for student, answers in zip(students, given, strict=False):
            attempt_id = attempts.start(student, quiz_id, now)
            positions = db.session.scalars(
                select(AttemptItem.position)
                .where(AttemptItem.attempt_id == attempt_id)
                .order_by(AttemptItem.position)
            ).all()
            for position, answer in zip(positions, answers, strict=True):
                attempts.save_answer(student, attempt_id, position, answer, False, now)
            attempts.submit(student, attempt_id, now)
        db.session.remove()
        db.engine.dispose()
    return class_id


def test_the_class_pages_read_at_a_glance(page: Page, live_database_url: str) -> None:
    class_id = _a_class_that_studies_and_takes_a_quiz(live_database_url)
    camera = Camera(page, prefix="classpages-")
    log_in(page, "ms_lee", TEACHER_PASSWORD)

    page.goto(f"/classes/{class_id}/")
    row = page.locator('tr[data-student="alexandra_konstantinidou"]')
    expect(row.locator(".sr-only").first).to_have_text(
        "3 new, 1 learning, 2 young, 3 mastered of 9"
    )
    expect(row.locator(".stage-words").first).to_have_text(re.compile("3 mastered.*2 young"))
    camera.shoot("roster")
    page.set_viewport_size(PHONE)  # one card per student: the row is as wide as the screen
    box = row.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    page.set_viewport_size(DESKTOP)
    page.get_by_label("Find a student").fill("DMI")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_role("status")).to_contain_text("1 of 6 students match")

    page.goto(f"/classes/{class_id}/questions/?sort=forget")
    expect(page.get_by_role("heading", level=1)).to_have_text("The class's memory of each question")
    camera.shoot("questions")
    page.get_by_label("Tag").select_option("signing")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("tbody tr")).to_have_count(5)  # five questions are tagged signing

    page.goto(f"/classes/{class_id}/gradebook")
    summary = page.locator(".quiz-summary tbody tr").first
    expect(summary).to_contain_text("62.5%")  # the mean of 1, 1, 0.5 and 0
    expect(summary).to_contain_text("75.0%")  # their median: (0.5 + 1) / 2
    expect(summary).to_contain_text("4 of 6")
    camera.shoot("gradebook")

    page.goto(f"/classes/{class_id}/quizzes/new")
    camera.shoot("picker")
    _filter_keeps_a_hidden_tick(page)
    camera.shoot("picker-filtered")
    page.get_by_label("Title").fill("Picked while filtered")
    page.get_by_role("checkbox", name=re.compile("^Practice check")).check()
    page.get_by_role("button", name="Create the quiz").click()
    expect(page.locator(".flash")).to_contain_text("Quiz created")
    # Both ticks arrived, the one hidden by the filter too.
    expect(page.locator(".card", has_text="Picked while filtered")).to_contain_text("2 questions")
    log_out(page)

    log_in(page, "chloe")
    page.goto("/quizzes/grades")
    expect(page.locator(".my-grades tbody tr")).to_have_count(2)  # the new quiz: not taken
    expect(page.locator(".my-grades strong")).to_have_text("50.0%")
    expect(page.locator(".my-grades")).to_contain_text("not taken yet")
    camera.shoot("student-grades")

    assert camera.without_heading == [], camera.without_heading
    assert camera.overflowing == [], camera.overflowing
    assert camera.inaccessible == [], "\n".join(camera.inaccessible)


def _filter_keeps_a_hidden_tick(page: Page) -> None:
    """Tick one question found by its words, then filter it out of sight and tick another."""
    search = page.get_by_label("Find a question")
    expect(search).to_be_visible()  # the script shows the filter
    search.fill("Which agency signed")
    first = page.get_by_role(
        "checkbox", name=re.compile("Which agency signed for Russia"), include_hidden=True
    )
    first.check()
    page.get_by_label("Tag", exact=True).select_option("law")
    expect(first).to_be_hidden()
    expect(page.locator("[data-pool-count]")).to_contain_text("0 of 8 questions shown")
    search.fill("")
    law = page.get_by_role("checkbox", name=re.compile("illegal for NASA"))
    law.check()
    expect(first).to_be_hidden()
    expect(first).to_be_checked()
    expect(page.locator("[data-pool-count]")).to_contain_text("1 of 8 questions shown; 2 chosen")
