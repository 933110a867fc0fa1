"""The bank editor through its pages: banks, a form per type with preview, checks next to fields,
permissions, history, and the student's view of a teacher's bank."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import csrf_token, signed_in, submit_form

pytestmark = pytest.mark.usefixtures("sample_banks")
PASSWORD = "correct horse battery"
CITE = "000_874f975c85c112d9.txt#5"


def _new_bank(teacher: FlaskClient, title: str) -> str:
    response = submit_form(teacher, "/editor/", "/editor/", {"title": title, "description": ""})
    assert response.status_code == 303
    return str(response.location)


def _post(client: FlaskClient, url: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    return submit_form(client, url, url, data)


CHOICE = {
    "prompt": "Which agency signed for *Russia*?",
    "options": "Roscosmos\nNASA\nCNSA",
    "answer": "Roscosmos",
    "explanation": "Roscosmos is Russia's space agency.",
    "topics": "signing",
    "difficulty": "easy",
    "cite": CITE,
}


def test_a_teacher_makes_a_bank_previews_and_saves_a_question(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    bank_url = _new_bank(teacher, "Lunar <i>facts</i>")
    assert bank_url.endswith("/editor/banks/lunar-i-facts-i/")
    page = teacher.get(bank_url).get_data(as_text=True)
    assert "Lunar &lt;i&gt;facts&lt;/i&gt;" in page and "No questions yet" in page
    new = "/editor/banks/lunar-i-facts-i/new/choice"
    preview = _post(teacher, new, {**CHOICE, "preview": "1"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "preview-body" in html and "<em>Russia</em>" in html
    assert 'value="lunar-i-facts-i.agency-signed-russia"' in html or "lunar-i-facts-i." in html
    saved = _post(teacher, new, {**CHOICE, "save": "1"})
    assert saved.status_code == 303
    edit = teacher.get(saved.location).get_data(as_text=True)
    assert "Saved as version 1" in edit and "(fixed once saved)" in edit
    listing = teacher.get(bank_url).get_data(as_text=True)
    assert "Which agency signed for Russia?" in listing and "version 1" in listing


def test_problems_are_shown_next_to_their_fields_and_nothing_is_saved(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    _new_bank(teacher, "Mine")
    bad = {**CHOICE, "answer": "Roskosmos", "cite": "nowhere.txt#1", "save": "1"}
    response = _post(teacher, "/editor/banks/mine/new/choice", bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="answer-error">\s*<li>answer must be exactly one of the options', html)
    assert 'id="cite-error"' in html
    assert "No questions yet" in teacher.get("/editor/banks/mine/").get_data(as_text=True)


def test_each_type_has_its_form_and_saves(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    _new_bank(teacher, "All types")
    common = {"explanation": "", "topics": "t", "difficulty": "medium", "cite": CITE, "save": "1"}
    forms = {
        "choice": {"prompt": "Pick one", "options": "A\nB", "answer": "A"},
        "multi": {"prompt": "Pick some", "options": "A\nB\nC", "answers": "A\nB"},
        "truefalse": {"prompt": "True?", "truth": "false"},
        "short": {"prompt": "Name it", "answers": "Roscosmos\nRussian space agency"},
        "numeric": {"prompt": "How many?", "number": "60", "tolerance": "2", "unit": "years"},
        "cloze": {"prompt": "Signed by {{Rogozin|Dmitry Rogozin}} for Russia"},
        "matching": {"prompt": "Match", "pairs": "Roscosmos => Russia\nCNSA => China"},
        "ordering": {"prompt": "Order", "items": "first\nsecond\nthird"},
        "flashcard": {"prompt": "CNSA", "answer": "China National Space Administration"},
    }
    for qtype, fields in forms.items():
        url = f"/editor/banks/all-types/new/{qtype}"
        form_page = teacher.get(url).get_data(as_text=True)
        assert 'name="prompt"' in form_page
        response = _post(teacher, url, {**common, **fields})
        assert response.status_code == 303, (qtype, response.get_data(as_text=True)[:3000])
    listing = teacher.get("/editor/banks/all-types/").get_data(as_text=True)
    assert listing.count("· version 1</p>") == 9


def test_another_teachers_bank_and_school_banks_are_not_found_for_a_teacher(app: Flask) -> None:
    owner = signed_in(app, "ms_lee", "teacher")
    other = signed_in(app, "mr_ng", "teacher")
    student = signed_in(app, "sam", "student")
    _new_bank(owner, "Private")
    assert other.get("/editor/banks/private/").status_code == 404
    assert other.get("/editor/banks/sample/").status_code == 404
    assert other.get("/editor/banks/private/export.toml").status_code == 404
    assert student.get("/editor/").status_code == 403
    assert "Private" not in student.get("/banks/").get_data(as_text=True)
    assert student.get("/study/private/").status_code == 404


def test_an_admin_lets_a_teacher_edit_a_school_bank(app: Flask) -> None:
    admin = signed_in(app, "root", "admin")
    teacher = signed_in(app, "ms_lee", "teacher")
    assert teacher.get("/editor/banks/sample/").status_code == 404
    page = admin.get("/editor/banks/sample/").get_data(as_text=True)
    allowed = admin.post(
        "/editor/banks/sample/editors", data={"username": "ms_lee", "csrf_token": csrf_token(page)}
    )
    assert allowed.status_code == 303
    assert teacher.get("/editor/banks/sample/").status_code == 200


def test_copy_retire_restore_move_and_history(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    admin = signed_in(app, "root", "admin")
    page = admin.get("/editor/").get_data(as_text=True)
    copied = admin.post(
        "/editor/banks/sample/copy", data={"title": "My sample", "csrf_token": csrf_token(page)}
    )
    assert copied.status_code == 303 and copied.location.endswith("/editor/banks/my-sample/")
    listing = admin.get(copied.location).get_data(as_text=True)
    assert "my-sample.choice" in listing and "Your bank" in listing
    ids = re.findall(r'id="q(\d+)"', listing)
    first, second = ids[0], ids[1]
    token = csrf_token(listing)
    admin.post(
        f"/editor/banks/my-sample/questions/{second}/move",
        data={"direction": "up", "csrf_token": token},
    )
    after = re.findall(r'id="q(\d+)"', admin.get(copied.location).get_data(as_text=True))
    assert after[:2] == [second, first]
    admin.post(f"/editor/banks/my-sample/questions/{first}/retire", data={"csrf_token": token})
    retired = admin.get(copied.location).get_data(as_text=True)
    assert "Retired questions" in retired and f'id="q{first}"' not in retired
    admin.post(f"/editor/banks/my-sample/questions/{first}/restore", data={"csrf_token": token})
    assert f'id="q{first}"' in admin.get(copied.location).get_data(as_text=True)
    hist = admin.get(f"/editor/banks/my-sample/questions/{first}/history").get_data(as_text=True)
    assert "copied, by root (copied from sample)" in hist
    assert teacher.get(f"/editor/banks/my-sample/questions/{first}/history").status_code == 404
