"""Classes through the pages: a teacher creates one, a student joins with the code or the link."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.accounts import services as accounts
from tests.conftest import csrf_token, signed_in, submit_form

pytestmark = pytest.mark.usefixtures("sample_banks")
PASSWORD = "correct horse battery"


def _create(teacher: FlaskClient, name: str) -> tuple[str, str]:
    """Create a class through the form; (its page's URL, its join code)."""
    response = submit_form(teacher, "/classes/", "/classes/", {"name": name, "description": ""})
    assert response.status_code == 303
    page = teacher.get(response.location).get_data(as_text=True)
    code = re.search(r'<p class="code"[^>]*>([A-Z0-9]{4}) ([A-Z0-9]{4})</p>', page)
    assert code is not None
    return response.location, code.group(1) + code.group(2)


def test_a_teacher_creates_a_class_and_a_student_joins_it(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    student = signed_in(app, "sam", "student")
    url, code = _create(teacher, "Year 9 <b>Physics</b>")
    page = teacher.get(url).get_data(as_text=True)
    assert "Year 9 &lt;b&gt;Physics&lt;/b&gt;" in page and "<b>Physics" not in page
    assert "<svg" in page and f"/classes/join/{code}" in page  # the QR code of the join link
    joined = submit_form(student, "/classes/", "/classes/join", {"code": code.lower()})
    assert joined.status_code == 303
    mine = student.get("/classes/").get_data(as_text=True)
    assert "You are in Year 9" in mine and "Studies Sample bank." in mine
    assert '">sam</a></th>' in teacher.get(url).get_data(as_text=True)
    assert "Assigned by Year 9 &lt;b&gt;Physics&lt;/b&gt;" in student.get("/banks/").get_data(
        as_text=True
    )


def test_a_wrong_code_is_explained_next_to_the_field(app: Flask) -> None:
    student = signed_in(app, "sam", "student")
    response = submit_form(student, "/classes/join", "/classes/join", {"code": "ZZZZ-9999"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="code-error"' in page and "No class has that code" in page


def test_the_join_link_fills_in_the_code(app: Flask) -> None:
    student = signed_in(app, "sam", "student")
    page = student.get("/classes/join/ABCD2345").get_data(as_text=True)
    assert 'value="ABCD2345"' in page


def test_join_attempts_are_limited(app: Flask) -> None:
    app.config["JOIN_RATE_LIMIT"] = "3 per hour"
    student = signed_in(app, "sam", "student")
    page = student.get("/classes/join").get_data(as_text=True)
    statuses = [
        student.post(
            "/classes/join", data={"code": "ZZZZ9999", "csrf_token": csrf_token(page)}
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [422, 422, 422, 429]


def test_another_teacher_gets_404_for_the_class(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    url, _ = _create(teacher, "Year 9")
    other = signed_in(app, "mr_ode", "teacher")
    assert other.get(url).status_code == 404
    page = other.get("/classes/").get_data(as_text=True)
    forged = other.post(url + "code", data={"csrf_token": csrf_token(page)})
    assert forged.status_code == 404


def test_a_student_may_not_create_a_class(app: Flask) -> None:
    student = signed_in(app, "sam", "student")
    page = student.get("/classes/").get_data(as_text=True)
    response = student.post("/classes/", data={"name": "Mine", "csrf_token": csrf_token(page)})
    assert response.status_code == 403


def test_the_roster_shows_each_student_their_figures_and_flags(app: Flask) -> None:
    from tests.study.sample_answers import answer

    teacher = signed_in(app, "ms_lee", "teacher")
    url, code = _create(teacher, "Year 9")
    for name, count in (("sam", 3), ("kim", 0)):
        student = signed_in(app, name, "student")
        submit_form(student, "/classes/", "/classes/join", {"code": code})
        for _ in range(count):
            answer(student, student.get("/study/sample/next").get_data(as_text=True))
    page = teacher.get(url + "?sort=week").get_data(as_text=True)
    rows = re.findall(r'<th scope="row"><a href="[^"]+">(\w+)</a></th>', page)
    assert rows == ["sam", "kim"]  # most answers this week first
    assert "⚠ has not studied yet" in page
    # sam: 3 answered, each still in its first steps; the words stand beside the bar
    sam_row = page[page.index('data-student="sam"') :].split("</tr>")[0]
    words = r'<span class="sr-only">\d+ new, 3 learning, 0 young, 0 mastered of \d+<'
    assert re.search(words, sam_row)
    assert '<span class="swatch stage-learning"></span>3 learning</span>' in sam_row
    assert "3 mastered" not in sam_row and "<svg" in sam_row
    found = teacher.get(url + "?q=KI&sort=week").get_data(as_text=True)
    assert re.findall(r'<th scope="row"><a href="[^"]+">(\w+)</a></th>', found) == ["kim"]
    assert "1 of 2 students match “KI”" in found and 'value="KI"' in found
    csv_response = teacher.get(url + "roster.csv")
    text = csv_response.get_data(as_text=True)
    assert csv_response.mimetype == "text/csv" and text.startswith("\ufeffstudent,joined,")
    lines = text.strip().split("\r\n")
    assert len(lines) == 3 and lines[1].startswith("kim,") and "has not studied yet" in lines[1]


def test_a_teacher_sees_a_students_progress_read_only(app: Flask) -> None:
    from tests.study.sample_answers import answer

    teacher = signed_in(app, "ms_lee", "teacher")
    url, code = _create(teacher, "Year 9")
    student = signed_in(app, "sam", "student")
    submit_form(student, "/classes/", "/classes/join", {"code": code})
    missed = answer(
        student, student.get("/study/sample/next").get_data(as_text=True), dont_know="1"
    )
    assert missed.status_code == 303  # a miss: the question is among the hardest
    roster = teacher.get(url).get_data(as_text=True)
    link = re.search(r'href="(/classes/\d+/students/\d+/)"', roster)
    assert link is not None
    page = teacher.get(link.group(1)).get_data(as_text=True)
    assert "<h1>sam&#39;s progress</h1>" in page
    # Read-only: the one form on it gives sam a one-time code, and changes nothing of sam's.
    forms = re.findall(r'<form method="post" action="([^"]+)"', page.split("<main")[1])
    assert forms == [link.group(1) + "password-reset"]
    history = re.search(r'href="(/classes/\d+/students/\d+/questions/\d+)"', page)
    bank = re.search(r'href="(/classes/\d+/students/\d+/banks/sample/)"', page)
    assert history is not None and bank is not None
    assert teacher.get(history.group(1)).status_code == 200
    assert teacher.get(bank.group(1)).status_code == 200
    other = signed_in(app, "mr_ode", "teacher")
    assert other.get(link.group(1)).status_code == 404


def test_the_class_pages_make_the_same_statements_for_1_or_6_students(app: Flask) -> None:
    from quizapp.classes import services as classes
    from quizapp.extensions import db
    from tests.statements import counting

    teacher = signed_in(app, "ms_lee", "teacher")
    url, code = _create(teacher, "Year 9")
    counts = []
    for names in (["s0"], ["s1", "s2", "s3", "s4", "s5"]):
        with app.app_context():
            for name in names:
                student = accounts.register(name, PASSWORD, "UTC").id
                classes.join(student, code, datetime.now(UTC))
            engine = db.engine
        with counting(engine) as seen:
            assert teacher.get(url).status_code == 200
        with counting(engine) as questions:
            assert teacher.get(url + "questions/").status_code == 200
        with counting(engine) as searched:  # a search filters after the same statements
            assert teacher.get(url + "?q=s1&sort=week").status_code == 200
        with counting(engine) as paged:
            assert teacher.get(url + "questions/?q=agency&tag=easy&page=2").status_code == 200
        assert (len(searched), len(paged)) == (len(seen), len(questions))
        counts.append((len(seen), len(questions)))
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 12 and counts[0][1] <= 9, counts  # 12: the class's live games


def test_the_class_memory_of_each_question_and_the_answers_given(app: Flask) -> None:
    from tests.study.sample_answers import answer

    teacher = signed_in(app, "ms_lee", "teacher")
    url, code = _create(teacher, "Year 9")
    for name, given in (("sam", "NASA"), ("kim", "NASA"), ("lou", "Roscosmos")):
        student = signed_in(app, name, "student")
        submit_form(student, "/classes/", "/classes/join", {"code": code})
        answer(student, student.get("/study/sample/next").get_data(as_text=True), answer=given)
    page = teacher.get(url + "questions/?sort=struggling").get_data(as_text=True)
    first = re.search(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>', page)
    assert first is not None and first.group(2) == "Which agency signed for Russia?"
    row = page[page.index(first.group(0)) :].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[1:4] == ["3", "0", "<strong>⚠ 2</strong>"]  # seen, mastered, struggling
    answers = teacher.get(first.group(1)).get_data(as_text=True)
    given = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td><td>(\d+)</td></tr>", answers)
    assert given == [("NASA", "✗ wrong", "2"), ("Roscosmos", "✓ right", "1")]
    other = signed_in(app, "mr_ode", "teacher")
    assert other.get(first.group(1)).status_code == 404
