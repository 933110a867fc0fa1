"""A teacher sets a quiz; one student closes the tab and resumes, another runs out of time; the
teacher reads the gradebook and the item analysis. Every page photographed at both widths."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from quizapp import create_app
from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.audit.services import Actor
from quizapp.banks import editor
from quizapp.banks.models import Question
from quizapp.classes import services as classes
from quizapp.config import TestConfig
from quizapp.extensions import db
from quizapp.quizzes import attempts
from quizapp.quizzes.models import AttemptItem, Quiz
from tests.e2e.conftest import ADMIN
from tests.e2e.student import log_in, log_out, register
from tests.e2e.test_editor_journey import _cite_by_picking
from tests.e2e.test_screenshots import Camera, _flask

pytestmark = pytest.mark.e2e

TEACHER_PASSWORD = "a staffroom passphrase of hers"
QUESTIONS = (
    "Who headed Roscosmos and signed for it?",
    "In which year did the U.S. make it illegal for NASA to work with Chinese entities?",
    "Which agency signed for Russia?",
)


def _more_of_the_class_take_it(database_url: str, code: str) -> None:
    """Eight more students join and take the quiz, through the services on the same database:
    all right on the first two questions, and wrong on the third."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    now = datetime.now(UTC)
    answers = {"choice": "Roscosmos", "short": "Rogozin", "numeric": "1999"}
    with app.app_context():
        quiz_id = db.session.scalars(select(Quiz.id)).one()
        for n in range(8):
            student = accounts.register(f"extra{n}", "a long student password", "UTC").id
            classes.join(student, code, now)
            attempt_id = attempts.start(student, quiz_id, now)
            for item in db.session.scalars(
                select(AttemptItem).where(AttemptItem.attempt_id == attempt_id)
            ).all():
                qtype = db.session.get_one(Question, item.question_id).type
                attempts.save_answer(student, attempt_id, item.position, answers[qtype], False, now)
            attempts.submit(student, attempt_id, now)
        admin = db.session.scalars(select(User.id).where(User.username == ADMIN)).one()
        editor.allow_editor(
            Actor(admin, ADMIN), "sample", "ms_lee"
        )  # so that she can fix what is flagged
        db.session.remove()
        db.engine.dispose()


def _teacher_with_a_class(page: Page, database_url: str) -> str:
    """ms_lee, made on the command line, creates a class and opens its quizzes; its join code."""
    _flask(database_url, "users", "create", "ms_lee", "--role", "teacher",
           "--password-stdin", stdin=f"{TEACHER_PASSWORD}\n")  # fmt: skip
    log_in(page, "ms_lee", TEACHER_PASSWORD)
    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Class name").fill("Year 9 Physics")
    page.get_by_role("button", name="Create the class").click()
    code = (page.locator("p.code").text_content() or "").replace(" ", "")
    page.get_by_role("link", name="Quizzes", exact=True).last.click()
    return code


def pick_question(page: Page, prompt: str) -> None:
    """Tick a question in the New quiz picker: find it by its words (the groups are closed)."""
    search = page.get_by_label("Find a question")
    search.fill(prompt[:40])
    page.get_by_role("checkbox", name=re.compile(re.escape(prompt))).check()
    search.fill("")


def _new_quiz_form(page: Page, title: str) -> None:
    """The new quiz form filled with QUESTIONS in their order (not yet sent)."""
    page.get_by_role("link", name="New quiz").click()
    page.get_by_label("Title").fill(title)
    for prompt in QUESTIONS:
        pick_question(page, prompt)
    page.get_by_label("Shuffle the questions for each student").uncheck()
    # The sample bank is one the class studies: the quiz is a practice check.
    page.get_by_role("checkbox", name=re.compile("^Practice check")).check()


def _sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


def test_a_class_takes_a_quiz(page: Page, live_database_url: str) -> None:
    camera = Camera(page)
    register(page, "ada")
    log_out(page)
    register(page, "bea")
    log_out(page)
    code = _teacher_with_a_class(page, live_database_url)
    camera.shoot("quizzes-class-empty")
    _new_quiz_form(page, "Who signed")
    page.get_by_label("Time limit in minutes (optional)").fill("20")
    camera.shoot("quiz-new")
    page.get_by_role("button", name="Create the quiz").click()
    expect(page.locator(".flash")).to_contain_text("Quiz created")
    camera.shoot("quizzes-class")
    log_out(page)

    for name in ("ada", "bea"):
        log_in(page, name)
        page.get_by_role("link", name="Classes").click()
        page.get_by_label("Join code").fill(code)
        page.get_by_role("button", name="Join", exact=True).click()
        log_out(page)

    # ada answers two questions, closes the tab, comes back and resumes where she was.
    log_in(page, "ada")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quizzes").click()
    camera.shoot("quizzes-student")
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator(".countdown")).to_contain_text("Time left")
    camera.shoot("quiz-question")
    page.get_by_role("radio", name="Roscosmos", exact=True).check()
    page.get_by_role("button", name="Save and next").click()
    page.locator("input#answer").fill("Rogozin")
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_role("heading", name=re.compile("In which year"))).to_be_visible()
    page.goto("/banks/")  # the tab is closed; later, the quiz is opened again
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quizzes").click()
    page.get_by_role("button", name=re.compile("^Resume")).click()
    expect(page.get_by_role("heading", name=re.compile("In which year"))).to_be_visible()
    navigator = page.get_by_role("navigation", name="Questions of this quiz")
    expect(navigator.locator("button.nav-answered")).to_have_count(2)
    navigator.get_by_role("button").nth(1).click()
    expect(page.locator("input#answer")).to_have_value("Rogozin")  # saved on the server
    navigator.get_by_role("button").nth(2).click()
    page.locator("input#answer").fill("2011")
    page.get_by_label("Flag this question to come back to").check()
    navigator.get_by_role("button").nth(0).click()  # moving by number saves the answer first
    expect(navigator.locator("button.nav-answered")).to_have_count(3)
    navigator.get_by_role("button", name="Review and submit").click()
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    expect(page.locator("main")).to_contain_text("3 of 3 answered, 1 flagged")
    camera.shoot("quiz-review")
    page.get_by_role("button", name="Submit the quiz").click()
    expect(page.locator(".lead")).to_contain_text("Score: 100.0%")
    camera.shoot("quiz-result")
    log_out(page)

    # bea answers one question and her time runs out.
    log_in(page, "bea")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quizzes").click()
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.get_by_role("radio", name="Roscosmos", exact=True).check()
    page.get_by_role("button", name="Save and next").click()
    with sqlite3.connect(_sqlite_path(live_database_url)) as conn:  # 20 minutes later
        conn.execute(
            "UPDATE attempt SET deadline = datetime('now', '-1 minute')"
            " WHERE user_id = (SELECT id FROM user WHERE username = 'bea')"
        )
    page.reload()
    expect(page.locator(".flash")).to_contain_text("Time is up")
    expect(page.locator(".lead")).to_contain_text("Score: 33.3%")
    camera.shoot("quiz-time-up")
    log_out(page)

    log_in(page, "ms_lee", TEACHER_PASSWORD)
    page.get_by_role("link", name="Classes").click()
    page.get_by_role("link", name="Year 9 Physics").click()
    page.get_by_role("link", name="Gradebook").click()
    expect(page.locator("table.gradebook")).to_contain_text("100.0%")
    expect(page.locator("table.gradebook")).to_contain_text("33.3%")
    camera.shoot("gradebook")
    page.get_by_role("link", name="bea").click()
    page.get_by_label("Score (%)").fill("50")
    page.get_by_label("Reason").fill("Ran out of time: fire drill")
    page.get_by_role("button", name="Set the score").click()
    expect(page.locator("main")).to_contain_text("Manual score 50.0%")
    camera.shoot("gradebook-student")
    page.get_by_role("link", name="Gradebook").click()
    page.get_by_role("link", name="Quizzes", exact=True).last.click()
    page.get_by_role("link", name=re.compile("^Item analysis")).click()
    expect(page.locator(".notice-unreliable")).to_be_visible()
    camera.shoot("quiz-item-analysis-early")

    _more_of_the_class_take_it(live_database_url, code)  # ten attempts: the figures count
    page.reload()
    expect(page.locator(".notice-unreliable")).to_have_count(0)
    flagged = page.locator("li.needs-checking")
    expect(flagged.first).to_contain_text("Too easy")
    camera.shoot("quiz-item-analysis")
    flagged.first.get_by_role("link", name=re.compile("^Open in the bank editor")).click()
    expect(page.get_by_role("heading", name=re.compile("^Edit question"))).to_be_visible()

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
    assert not camera.without_heading, f"no visible h1 on: {', '.join(camera.without_heading)}"


def test_a_student_takes_a_practice_quiz(page: Page) -> None:
    camera = Camera(page)
    register(page, "ada")
    page.get_by_role("link", name="Sample bank").click()
    page.get_by_label("Questions").select_option("5")
    page.get_by_role("checkbox", name="signing").check()
    camera.shoot("practice-start")
    page.get_by_role("button", name="Start a practice quiz").click()
    for number in range(1, 6):
        expect(page.locator("article.question")).to_be_visible()
        if number == 1:
            camera.shoot("practice-question")
        page.get_by_role("button", name="I don't know").click()
        expect(page.locator("h1.verdict")).to_have_text("✗ Not quite")
        label = "See your score" if number == 5 else f"Question {number + 1} of 5"
        page.get_by_role("link", name=re.compile(re.escape(label))).click()
    expect(page.locator(".lead")).to_contain_text("Score: 0.0%")
    # Each answer beside the right one, marked in words.
    expect(page.locator('.result-list dd[data-answer="yours"]')).to_have_text(["I don't know"] * 5)
    expect(page.locator('.result-list dd[data-answer="correct"]')).to_have_count(5)
    expect(page.locator(".result-list .verdict-line")).to_have_text(["✗ Not quite"] * 5)
    camera.shoot("practice-result")
    page.get_by_role("button", name="Retry the 5 I missed").click()
    expect(page.locator("article.question")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/practice/\d+/1$"))
    page.goto("/progress/sample/")
    expect(page.locator("#practice-quizzes")).to_be_visible()
    expect(page.locator("main")).to_contain_text("5 questions · 0.0%")
    expect(page.locator("main")).to_contain_text("5 questions · not finished")  # the retry
    camera.shoot("practice-progress")

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)


def test_a_quiz_on_one_page(page: Page, live_database_url: str) -> None:
    camera = Camera(page)
    register(page, "ada")
    log_out(page)
    code = _teacher_with_a_class(page, live_database_url)
    _new_quiz_form(page, "All at once")
    page.get_by_label("Layout").select_option("single")
    page.get_by_role("button", name="Create the quiz").click()
    log_out(page)
    log_in(page, "ada")
    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Join code").fill(code)
    page.get_by_role("button", name="Join", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quizzes").click()
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("li.question")).to_have_count(3)
    page.get_by_role("radio", name="Roscosmos", exact=True).check()
    page.locator("#q2-answer").fill("Rogozin")
    page.locator("#q3-answer").fill("2011")
    camera.shoot("quiz-one-page")
    page.get_by_role("button", name="Save and submit the quiz").click()
    expect(page.locator(".lead")).to_contain_text("Score: 100.0%")

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)


def test_a_graded_quiz_from_a_bank_kept_for_quizzes(page: Page, live_database_url: str) -> None:
    """The teacher keeps a bank for quizzes, sets a graded quiz from it without ticking the
    practice check, and the student meets its question only in the quiz."""
    camera = Camera(page)
    register(page, "ada")
    log_out(page)
    code = _teacher_with_a_class(page, live_database_url)
    page.get_by_role("link", name="New quiz").click()
    pick_question(page, QUESTIONS[0])
    page.get_by_label("Title").fill("Studied questions")
    page.get_by_role("button", name="Create the quiz").click()
    expect(page.locator("#questions-error")).to_contain_text("in banks your students study")
    camera.shoot("quiz-new-refused")

    page.get_by_role("link", name="Editor", exact=True).click()
    page.get_by_label("Title", exact=True).fill("Unit test questions")
    page.get_by_role("checkbox", name=re.compile("^For quizzes only")).check()
    page.get_by_role("button", name="Create the bank").click()
    page.get_by_role("link", name="Short answer", exact=True).click()
    page.get_by_label("Question", exact=True).fill("Which agency did Zhang Kejian lead?")
    page.get_by_label("Accepted answer 1", exact=True).fill("CNSA")
    page.get_by_label("Explanation (optional)").fill("He headed the Chinese agency.")
    _cite_by_picking(page, "silkroad-moon#5")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("Saved as version 1.")
    page.get_by_role("link", name="Editor", exact=True).click()
    camera.shoot("editor-index-quiz-only")

    page.get_by_role("link", name="Classes").click()
    page.get_by_role("link", name="Year 9 Physics").click()
    page.get_by_role("checkbox", name=re.compile("Unit test questions")).check()
    page.get_by_role("button", name="Save the banks").click()
    page.get_by_role("link", name="Quizzes", exact=True).last.click()
    page.get_by_role("link", name="New quiz").click()
    expect(page.locator(".pool-bank").first).to_contain_text("for quizzes only")
    page.get_by_label("Title").fill("Unit test")
    pick_question(page, "Which agency did Zhang Kejian lead")
    page.get_by_label("Students see the right answers").select_option("close")
    page.get_by_role("button", name="Create the quiz").click()
    expect(page.locator("#closes-error")).to_contain_text("say when it closes")
    page.get_by_label("Closes").fill("2099-06-30T15:00")
    camera.shoot("quiz-new-graded")
    page.get_by_role("button", name="Create the quiz").click()
    expect(page.locator(".flash")).to_contain_text("Quiz created")
    log_out(page)

    log_in(page, "ada")
    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Join code").fill(code)
    page.get_by_role("button", name="Join", exact=True).click()
    page.goto("/banks/")
    expect(page.locator("main")).not_to_contain_text("Unit test questions")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quizzes").click()
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.locator("input#answer").fill("Roscosmos")
    page.get_by_role("button", name="Save and review").click()
    page.get_by_role("button", name="Submit the quiz").click()
    expect(page.locator("main")).to_contain_text("shown after the quiz closes")
    expect(page.locator("main")).not_to_contain_text("CNSA")
    camera.shoot("quiz-result-answers-later")
    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
