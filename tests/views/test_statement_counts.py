"""Every page of the study loop makes a small, fixed number of database round trips, whatever the
student's history: new features cannot quietly add one."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quizapp import create_app
from quizapp.config import TestConfig
from quizapp.extensions import db
from quizapp.services.banks import import_files
from tests.conftest import REPO, Auth, Clock
from tests.statements import Statements, counting
from tests.views.sample_answers import answer, question_type

pytestmark = pytest.mark.usefixtures("sample_banks")

# Loading the signed-in student is the first statement of every page.
BUDGET = {
    "study page": 2,
    "answer": 6,
    "feedback": 3,
    "bank list": 5,  # the banks, the classes that assign them, regrade notices, quizzes
    "bank overview": 3,  # with the bank's tags for "Quiz me"
    "progress": 3,
    "bank progress": 4,  # with the practice quizzes
    "question history": 3,
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
