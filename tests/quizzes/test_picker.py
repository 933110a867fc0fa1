"""The New quiz page's question picker: grouped by bank and first tag, ticked boxes kept."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.banks.importing import import_files
from quizapp.classes import services as classes
from quizapp.extensions import db
from quizapp.quizzes.picker import all_tags, grouped
from quizapp.quizzes.services import PoolQuestion
from tests.conftest import REPO, Clock, csrf_token, signed_in, submit_form
from tests.quizzes.test_quizzes import _class, _question_ids
from tests.statements import counting

pytestmark = pytest.mark.usefixtures("sample_banks")


def _q(qid: int, bank: str, *tags: str) -> PoolQuestion:
    return PoolQuestion(qid, bank, "short", f"Question {qid}", list(tags), bank == "Exam")


def test_questions_group_by_bank_then_first_tag_in_the_pools_order() -> None:
    pool = [
        _q(1, "Exam", "signing", "easy"),
        _q(2, "Exam", "law"),
        _q(3, "Exam", "signing", "hard"),
        _q(4, "Exam"),
        _q(5, "Practice", "signing"),
    ]
    banks = grouped(pool, chosen={3, 5})
    assert [(b.title, b.quiz_only, b.size, b.chosen) for b in banks] == [
        ("Exam", True, 4, 1),
        ("Practice", False, 1, 1),
    ]
    exam = [(g.tag, [q.id for q in g.questions], g.chosen) for g in banks[0].tags]
    assert exam == [("signing", [1, 3], 1), ("law", [2], 0), ("no tag", [4], 0)]
    assert all_tags(pool) == ["easy", "hard", "law", "signing"]


def test_the_picker_works_without_a_script_and_keeps_ticks_after_an_error(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    class_id = _class(teacher)
    url = f"/classes/{class_id}/quizzes/new"
    page = teacher.get(url).get_data(as_text=True)
    assert '<div class="pool-filter" data-pool-filter hidden>' in page  # the script shows it
    assert (
        page.count('<details class="pool-tag"') >= 3 and '<details class="pool-bank" open>' in page
    )
    assert '<details class="pool-tag" open>' not in page  # nothing ticked: every tag closed
    picked = _question_ids(app, "sample.numeric")[0]  # tagged law, medium
    # No title: the form comes back with the error, and the tick in an open group.
    again = teacher.post(
        url, data={"title": "", "questions": [str(picked)], "attempts": "1", "grading": "highest",
                   "reveal": "submit", "layout": "paged", "csrf_token": csrf_token(page)},
    )  # fmt: skip
    html = again.get_data(as_text=True)
    assert again.status_code == 422
    assert re.search(rf'value="{picked}" checked>', html)
    opened = html.split('<details class="pool-tag" open>')
    assert len(opened) == 2 and f'value="{picked}" checked' in opened[1].split("</details>")[0]
    assert "<strong>1 chosen</strong>" in html


def test_the_new_quiz_page_costs_the_same_with_more_banks_and_students(
    app: Flask, clock: Clock
) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    class_id = _class(teacher, signed_in(app, "sam", "student"))
    url = f"/classes/{class_id}/quizzes/new"
    with app.app_context():
        engine = db.engine
    with counting(engine) as small:
        assert teacher.get(url).status_code == 200
    with app.app_context():
        import_files(sorted((REPO / "question_banks").glob("*.toml")), clock.now)
        owner = db.session.scalars(select(User.id).where(User.username == "ms_lee")).one()
        classes.set_banks(owner, class_id, ["sample", "agreement", "reactions", "space-powers"])
        db.session.remove()
    for n in range(3):
        _class_join(app, teacher, class_id, f"t{n}")
    with counting(engine) as large:
        page = teacher.get(url).get_data(as_text=True)
    assert page.count('<details class="pool-bank"') == 4
    assert len(large) == len(small), (small.sent, large.sent)


def _class_join(app: Flask, teacher: FlaskClient, class_id: int, name: str) -> None:
    student = signed_in(app, name, "student")
    page = teacher.get(f"/classes/{class_id}/").get_data(as_text=True)
    found = re.search(r"/classes/join/([A-Z0-9]+)", page)
    assert found is not None
    submit_form(student, "/classes/", "/classes/join", {"code": found.group(1)})
