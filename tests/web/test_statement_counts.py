"""Every page of the study loop makes a small, fixed number of database round trips, whatever the
student's history: new features cannot quietly add one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quizapp import create_app
from quizapp.accounts.models import User
from quizapp.banks.importing import import_files
from quizapp.banks.models import Bank
from quizapp.classes import services as classes
from quizapp.config import TestConfig
from quizapp.extensions import db
from quizapp.homework import services as homework
from tests.conftest import REPO, Auth, Clock, signed_in
from tests.home import school
from tests.statements import Statements, counting
from tests.study.sample_answers import answer, question_type

pytestmark = pytest.mark.usefixtures("sample_banks")

# Loading the signed-in student is the first statement of every page.
BUDGET = {
    "study page": 2,
    "answer": 6,
    "feedback": 4,  # with the cited sources and their paragraphs
    "bank list": 5,  # the banks, the classes that assign them, regrade notices, quizzes
    "bank overview": 3,  # with the bank's tags for "Quiz me"
    "progress": 4,  # the cards with their answers counted; the year's answers by local day;
    # the prompts of the questions the page lists
    "bank progress": 5,  # with the practice quizzes
    "question history": 4,  # with the cited sources and their paragraphs
}


@pytest.fixture
def student(auth: Auth) -> Auth:
    auth.register("sam")
    return auth


def _count(app: Flask, request: Callable[[], object]) -> Statements:
    with app.app_context():
        engine = db.engine
    with counting(engine) as seen:
        request()
    return seen


def _answer_a_few(client: FlaskClient, clock: Clock, times: int) -> str:
    """Answer `times` questions, wrong and right; the feedback page of the last answer."""
    location = ""
    for i in range(times):
        html = client.get("/study/sample/next").get_data(as_text=True)
        if question_type(html) is None:
            clock.advance(minutes=20)
            continue
        extra = {"answer": "wrong"} if i % 3 == 0 and question_type(html) == "short" else {}
        response = answer(client, html, **extra)
        assert response.status_code == 303
        location = response.headers["Location"]
        clock.advance(minutes=3)
    return location


def _counts(app: Flask, client: FlaskClient, clock: Clock) -> dict[str, Statements]:
    counts = {"study page": _count(app, lambda: client.get("/study/sample/next"))}
    html = client.get("/study/sample/next").get_data(as_text=True)
    if question_type(html) is None:  # nothing due: the done page is what the student sees
        clock.advance(days=3)
        html = client.get("/study/sample/next").get_data(as_text=True)
    posted: list[str] = []
    counts["answer"] = _count(app, lambda: posted.append(answer(client, html).headers["Location"]))
    counts["feedback"] = _count(app, lambda: client.get(posted[0]))
    counts["bank list"] = _count(app, lambda: client.get("/banks/"))
    counts["bank overview"] = _count(app, lambda: client.get("/study/sample/"))
    counts["progress"] = _count(app, lambda: client.get("/progress/"))
    counts["bank progress"] = _count(app, lambda: client.get("/progress/sample/"))
    counts["question history"] = _count(app, lambda: client.get("/progress/questions/1"))
    for page in ("/progress/", "/progress/sample/", "/progress/questions/1"):
        assert client.get(page).status_code == 200
    return counts


def test_study_loop_pages_stay_within_their_statement_budget(
    app: Flask, student: Auth, clock: Clock
) -> None:
    counts = _counts(app, student.client, clock)
    for page, seen in counts.items():
        assert len(seen) <= BUDGET[page], f"{page}: {seen.sent}"


def test_statement_counts_do_not_grow_with_history_or_banks(
    app: Flask, student: Auth, clock: Clock
) -> None:
    client = student.client
    _answer_a_few(client, clock, 3)
    early = {page: len(seen) for page, seen in _counts(app, client, clock).items()}
    _answer_a_few(client, clock, 40)
    with app.app_context():  # three more banks, a hundred more questions
        import_files(sorted((REPO / "question_banks").glob("*.toml")), clock.now)
        db.session.remove()
    clock.advance(days=30)
    later = {page: len(seen) for page, seen in _counts(app, client, clock).items()}
    assert later == early


def test_an_answer_is_one_transaction(app: Flask, student: Auth) -> None:
    client = student.client
    html = client.get("/study/sample/next").get_data(as_text=True)
    seen = _count(app, lambda: answer(client, html))
    begins = [s for s in seen.sent if s.startswith("BEGIN")]
    assert len(begins) == 1 and seen.sent[-1] == "COMMIT", seen.sent


def test_a_page_that_only_reads_sends_no_transaction(app: Flask, student: Auth) -> None:
    seen = _count(app, lambda: student.client.get("/study/sample/"))
    assert seen.sent and not any(
        s.split()[0] in {"BEGIN", "COMMIT", "ROLLBACK"} for s in seen.sent
    ), seen.sent


def test_a_connection_dropped_while_idle_is_replaced_before_use(
    student: Auth, db_url: str, clock: Clock
) -> None:
    """PostgreSQL connections idle for longer than DB_PING_AFTER_IDLE are checked on checkout."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no connection to lose")
    # A second app on the same database, checking connections after any idle time at all.
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=db_url, CLOCK=clock, DB_PING_AFTER_IDLE=0)
    auth = Auth(app.test_client())
    assert auth.login("sam").status_code == 302
    with app.app_context():
        pids = {db.session.scalar(sa.text("SELECT pg_backend_pid()"))}
        db.session.remove()
        killer = sa.create_engine(db_url)  # outside the app's pool
        with killer.begin() as other:
            for pid in pids:
                other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        killer.dispose()
    assert auth.client.get("/study/sample/").status_code == 200
    with app.app_context():
        db.engine.dispose()


def _class_with_homework(app: Flask, clock: Clock) -> tuple[FlaskClient, int, str]:
    """A teacher's class on the sample bank with a homework; (teacher, homework id, join code)."""
    teacher = signed_in(app, "ms_lee", "teacher")
    with app.app_context():
        owner = db.session.scalars(sa.select(User.id).where(User.username == "ms_lee")).one()
        class_id = classes.create_class(owner, "Year 9", "", clock.now)
        classes.set_banks(owner, class_id, ["sample"])
        bank = db.session.scalars(sa.select(Bank.id).where(Bank.slug == "sample")).one()
        due = (clock.now + timedelta(days=4)).replace(tzinfo=None)
        settings = homework.HomeworkSettings("Week", bank, "recalled", due, 80, ["signing"])
        homework_id = homework.create_homework(owner, class_id, settings, clock.now)
        code = classes.class_detail(owner, class_id).join_code
        db.session.remove()
    return teacher, homework_id, code


def _students_who_study(
    app: Flask, clock: Clock, code: str, names: list[str], answers: int
) -> FlaskClient:
    """These students join with the code and answer questions; the last one's client."""
    client = None
    for name in names:
        client = signed_in(app, name, "student")
        with app.app_context():
            student = db.session.scalars(sa.select(User.id).where(User.username == name)).one()
            classes.join(student, code, clock.now)
            db.session.remove()
        _answer_a_few(client, clock, answers)
    assert client is not None
    return client


def test_homework_pages_make_the_same_statements_for_2_or_10_students_and_more_answers(
    app: Flask, clock: Clock
) -> None:
    teacher, homework_id, code = _class_with_homework(app, clock)
    first = _students_who_study(app, clock, code, ["s0", "s1"], 2)
    board, mine = f"/homework/{homework_id}", "/homework/"

    def counts(student: FlaskClient) -> dict[str, Statements]:
        assert "Week" in student.get(mine).get_data(as_text=True)
        return {
            "board": _count(app, lambda: teacher.get(board)),
            "board csv": _count(app, lambda: teacher.get(board + "/students.csv")),
            "student's list": _count(app, lambda: student.get(mine)),
        }

    early = counts(first)
    assert len(early["board"]) <= 6, early["board"].sent
    assert len(early["student's list"]) <= 5, early["student's list"].sent
    names = [f"s{i}" for i in range(2, 10)]
    last = _students_who_study(app, clock, code, names, 6)
    _answer_a_few(first, clock, 8)
    later = counts(last)
    assert {k: len(v) for k, v in later.items()} == {k: len(v) for k, v in early.items()}
    assert teacher.get(board).get_data(as_text=True).count("data-student=") == 10


def _home_of(app: Flask, name: str) -> FlaskClient:
    client = app.test_client()
    assert Auth(client).login(name, school.PASSWORD).location == "/"
    return client


def test_homes_make_the_same_statements_for_2_or_10_students_and_classes_and_more_answers(
    app: Flask, clock: Clock
) -> None:
    with app.app_context():
        built = school.build(clock.now)
        for name in ("s0", "s1"):
            school.join(built, name, clock.now)
        school.answer(built.students["s0"], built.sample[0], clock.now)
        db.session.remove()
    teacher, student = _home_of(app, "ms_lee"), _home_of(app, "s0")

    def counts() -> dict[str, Statements]:
        return {
            "teacher's home": _count(app, lambda: teacher.get("/")),
            "student's home": _count(app, lambda: student.get("/")),
        }

    early = counts()
    assert len(early["teacher's home"]) <= 11, early["teacher's home"].sent
    assert len(early["student's home"]) <= 10, early["student's home"].sent
    with app.app_context():  # 9 more classes, each with its homework and quiz; 10 students
        codes = [school.add_class(built.teacher, f"Class {i}", clock.now)[1] for i in range(9)]
        for i in range(2, 10):
            school.join(built, f"s{i}", clock.now)
        for code in codes:
            classes.join(built.students["s0"], code, clock.now)
        for name, student_id in built.students.items():
            school.card(student_id, built.drill[0], clock.now, clock.now)
            for question in built.sample[:3]:
                school.answer(student_id, question, clock.now, correct=name != "s1")
        db.session.remove()
    later = counts()
    assert {k: len(v) for k, v in later.items()} == {k: len(v) for k, v in early.items()}
    page = teacher.get("/").get_data(as_text=True)
    assert page.count('class="card home-class"') == 10 and 'data-students="10"' in page
    assert student.get("/").get_data(as_text=True).count("data-due=") == 20
