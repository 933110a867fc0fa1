"""Each user's home: what a teacher and a student see on landing, and that log-in lands there."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.banks import editor
from quizapp.banks.models import Bank
from quizapp.classes import services as classes
from quizapp.classes.roster import roster
from quizapp.extensions import db
from quizapp.home import services as home
from quizapp.homework import services as homework
from quizapp.quizzes import services as quizzes
from tests.conftest import Auth, Clock, signed_in
from tests.home import school as make
from tests.home.school import HOMEWORK, PASSWORD, QUIZ
from tests.world import _content, _questions
from tests.xss_payloads import active_content, parse

pytestmark = pytest.mark.usefixtures("sample_banks")


@pytest.fixture
def school(app: Flask, clock: Clock) -> make.School:
    with app.app_context():
        built = make.build(clock.now)
        make.populate(built, clock.now)
        db.session.remove()
    return built


def _log_in(app: Flask, name: str) -> FlaskClient:
    client = app.test_client()
    response = Auth(client).login(name, PASSWORD)
    assert response.status_code == 302 and response.location == "/"
    return client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_a_teacher_lands_on_their_classes_with_what_is_open_and_who_needs_a_word(
    app: Flask, school: make.School
) -> None:
    page = _log_in(app, "ms_lee").get("/").get_data(as_text=True)
    text = _text(page)
    assert "Year 9" in text and 'data-students="4"' in page
    assert f"{QUIZ}: 1 of 4 submitted, closes" in text
    assert f"{HOMEWORK}: 1 of 4 done, due" in text
    assert f"2 students have not started “{HOMEWORK}”" in text  # Ben and Cy
    assert f"ada: backlog growing: {make.DRILL} reviews overdue" in text
    assert "ben has not studied for 9 days" in text
    assert "cy has not studied yet" in text
    assert "dee" not in text.split("Needs attention")[1]
    assert f'href="/classes/{school.class_id}/quizzes/new"' in page
    assert f'href="/classes/{school.class_id}/homework/new"' in page
    assert "New class" in text and "Manage users" not in text


def test_the_home_says_what_the_roster_flags_for_every_student(
    app: Flask, school: make.School, clock: Clock
) -> None:
    with app.app_context():
        flagged = {
            r.username: r.flags(clock.now)
            for r in roster(school.teacher, school.class_id, clock.now).rows
            if r.flags(clock.now)
        }
        words = home.teacher_home(school.teacher, clock.now).classes[0].attention
    expected = [
        f"{name} {r}" if r.startswith("has ") else f"{name}: {r}"
        for name, rs in flagged.items()
        for r in rs
    ]
    assert set(expected) <= set(words) and len(expected) == 3


def test_the_home_counts_only_the_active_questions_of_the_class_banks(
    app: Flask, school: make.School, clock: Clock
) -> None:
    with app.app_context():
        slug = editor.create_bank(school.teacher, "Not for Year 9", "", clock.now)
        extra = [_content("short", f"Extra {i}?", "", {"answers": ["x"]}) for i in range(12)]
        _questions(slug, extra, clock.now)
        other_class = classes.create_class(school.teacher, "Year 10", "", clock.now)
        classes.set_banks(school.teacher, other_class, [slug])
        for question in make._ids(slug):  # overdue, but in a bank only another class studies
            make.card(school.students["dee"], question, clock.now, clock.now - timedelta(days=3))
        editor.set_retired(school.teacher, "drill", school.drill[0], True, clock.now)
        found = home.teacher_home(school.teacher, clock.now).classes
    words = next(c.attention for c in found if c.id == school.class_id)
    assert f"ada: backlog growing: {make.DRILL - 1} reviews overdue" in words
    assert not [w for w in words if w.startswith("dee")]


def test_an_admin_sees_the_teachers_home_and_a_link_to_users(
    app: Flask, school: make.School
) -> None:
    admin = signed_in(app, "root", "admin")
    page = admin.get("/").get_data(as_text=True)
    text = _text(page.split('id="main"')[1])  # the nav links to Users for admins everywhere
    assert "Your classes" in text and "Manage users" in text


def test_a_teacher_of_other_classes_sees_none_of_these(
    app: Flask, school: make.School, clock: Clock
) -> None:
    with app.app_context():
        make.build(clock.now, "mr_ode", "Year 10")
        db.session.remove()
    text = _text(_log_in(app, "mr_ode").get("/").get_data(as_text=True))
    assert "Year 10" in text and "Year 9" not in text
    assert "ada" not in text and "1 of 4" not in text


def test_a_student_lands_on_homework_and_quizzes_by_due_time_then_banks(
    app: Flask, school: make.School, clock: Clock
) -> None:
    with app.app_context():  # a second homework due tomorrow comes first, a later quiz last
        local = clock.now.replace(tzinfo=None)
        settings = homework.HomeworkSettings(
            "Due tomorrow", _sample_id(), "studied", local + timedelta(days=1)
        )
        homework.create_homework(school.teacher, school.class_id, settings, clock.now)
        later = quizzes.QuizSettings(
            "Final", school.sample[:1], closes_local=local + timedelta(days=9), studied_ok=True
        )
        quizzes.create_quiz(school.teacher, school.class_id, later, clock.now)
        db.session.remove()
    page = _log_in(app, "dee").get("/").get_data(as_text=True)
    due = re.findall(r'data-due="(\w+)-\d+"[^>]*>\s*<h3[^>]*>([^<]+)<', page)
    assert due == [
        ("homework", "Due tomorrow"),
        ("quiz", QUIZ),
        ("homework", HOMEWORK),
        ("quiz", "Final"),
    ]
    text = _text(page)
    assert "100 % · Done" in text and "Goal reached." in text  # Dee's 2 correct answers
    assert "1 of 1 attempt" in text  # Dee submitted the quiz
    assert text.index("Your banks") > text.index("Final")
    assert "Sample bank" in text.split("Your banks")[1] and "Assigned by Year 9" in text


def _sample_id() -> int:
    return db.session.scalars(select(Bank.id).where(Bank.slug == "sample")).one()


def test_anonymous_visitors_go_to_log_in(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response.location == "/auth/login"


def test_the_nav_starts_with_home(app: Flask, school: make.School) -> None:
    page = _log_in(app, "ada").get("/").get_data(as_text=True)
    nav = page.split('class="nav-pages"')[1]
    assert re.findall(r"<a href=\"([^\"]+)\">", nav)[0] == "/"


HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(1)>'


def test_hostile_class_homework_and_quiz_names_are_text_on_both_homes(
    app: Flask, clock: Clock
) -> None:
    with app.app_context():
        built = make.build(clock.now, class_name=HOSTILE)
        make.join(built, "ada", clock.now)  # has not started: the title is in the words
        local = clock.now.replace(tzinfo=None) + timedelta(days=3)
        settings = homework.HomeworkSettings(HOSTILE, _sample_id(), "studied", local)
        homework.create_homework(built.teacher, built.class_id, settings, clock.now)
        quiz = quizzes.QuizSettings(HOSTILE, built.sample[:1], closes_local=local, studied_ok=True)
        quizzes.create_quiz(built.teacher, built.class_id, quiz, clock.now)
        db.session.remove()
    for name in ("ms_lee", "ada"):
        html = _log_in(app, name).get("/").get_data(as_text=True)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, name
        found = [p for e in parse(html).elements for p in active_content(e)]
        assert found == [] and "<img" not in html, name


def test_homework_leaves_the_home_a_week_after_its_due_date_unless_closed_sooner(
    app: Flask, school: make.School, clock: Clock
) -> None:
    teacher = _log_in(app, "ms_lee")
    clock.advance(days=4 + 6)  # due six days ago: still on the home, as not done
    assert f"{HOMEWORK}: 1 of 4 done, due" in _text(teacher.get("/").get_data(as_text=True))
    clock.advance(days=2)  # eight days ago: on the class's homework page only
    assert HOMEWORK not in _text(teacher.get("/").get_data(as_text=True))
    listed = teacher.get(f"/classes/{school.class_id}/homework/").get_data(as_text=True)
    assert HOMEWORK in _text(listed)
