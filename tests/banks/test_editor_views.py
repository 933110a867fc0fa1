"""The bank editor through its pages: banks, a form per type with preview, checks next to fields,
permissions, history, and the student's view of a teacher's bank."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import csrf_token, signed_in, submit_form

pytestmark = pytest.mark.usefixtures("sample_banks")
PASSWORD = "correct horse battery"
CITE = "nbc-lunar#5"


def _new_bank(teacher: FlaskClient, title: str) -> str:
    response = submit_form(teacher, "/editor/", "/editor/", {"title": title, "description": ""})
    assert response.status_code == 303
    return str(response.location)


def _post(client: FlaskClient, url: str, data: dict[str, Any]):  # type: ignore[no-untyped-def]
    return submit_form(client, url, url, data)


def _rows(name: str, *texts: str) -> dict[str, str]:
    """A list of the editor's as the browser posts it: a box per row."""
    return {f"{name}-{i}": text for i, text in enumerate(texts)}


def _pairs(*pairs: tuple[str, str]) -> dict[str, str]:
    return {
        f"pairs-{i}-{side}": text
        for i, pair in enumerate(pairs)
        for side, text in zip(("left", "right"), pair, strict=True)
    }


CHOICE = {
    "prompt": "Which agency signed for *Russia*?",
    "options-0": "Roscosmos",
    "options-1": "NASA",
    "options-2": "CNSA",
    "correct": "0",
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
    bad = {**CHOICE, "correct": "", "cite": "nowhere.txt#1", "save": "1"}
    response = _post(teacher, "/editor/banks/mine/new/choice", bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="options-error">\s*<li>Mark the right option.', html)
    assert 'id="cite-error"' in html
    assert "No questions yet" in teacher.get("/editor/banks/mine/").get_data(as_text=True)


def test_each_type_has_its_form_and_saves(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    _new_bank(teacher, "All types")
    common = {"explanation": "", "topics": "t", "difficulty": "medium", "cite": CITE, "save": "1"}
    forms = {
        "choice": {"prompt": "Pick one", "options-0": "A", "options-1": "B", "correct": "0"},
        "multi": {"prompt": "Pick some", **_rows("options", "A", "B", "C"), "correct": ["0", "1"]},
        "truefalse": {"prompt": "True?", "truth": "false"},
        "short": {"prompt": "Name it", **_rows("answers", "Roscosmos", "Russian space agency")},
        "numeric": {"prompt": "How many?", "number": "60", "tolerance": "2", "unit": "years"},
        "cloze": {"prompt": "Signed by {{Rogozin|Dmitry Rogozin}} for Russia"},
        "matching": {"prompt": "Match", **_pairs(("Roscosmos", "Russia"), ("CNSA", "China"))},
        "ordering": {"prompt": "Order", **_rows("items", "first", "second", "third")},
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


def test_an_admin_takes_back_a_teachers_right_to_edit_a_school_bank(app: Flask) -> None:
    admin = signed_in(app, "root", "admin")
    teacher = signed_in(app, "ms_lee", "teacher")
    signed_in(app, "mr_ng", "teacher")
    page = admin.get("/editor/banks/sample/").get_data(as_text=True)
    token = csrf_token(page)
    for name in ("ms_lee", "mr_ng"):
        admin.post("/editor/banks/sample/editors", data={"username": name, "csrf_token": token})
    assert teacher.get("/editor/banks/sample/questions/1").status_code == 200
    listed = admin.get("/editor/banks/sample/").get_data(as_text=True)
    assert 'action="/editor/banks/sample/editors/ms_lee/revoke"' in listed
    taken = admin.post("/editor/banks/sample/editors/ms_lee/revoke", data={"csrf_token": token})
    assert taken.status_code == 303 and taken.location == "/editor/banks/sample/#editors"
    after = admin.get("/editor/banks/sample/").get_data(as_text=True)
    assert "ms_lee may no longer edit this bank." in after
    assert re.findall(r'data-editor="([^"]+)"', after) == ["mr_ng"]
    assert teacher.get("/editor/banks/sample/").status_code == 404
    assert teacher.get("/editor/banks/sample/questions/1").status_code == 404
    assert teacher.get("/editor/").get_data(as_text=True).count("/editor/banks/sample/") == 0


def test_taking_back_what_was_never_given_or_from_a_teachers_own_bank_is_not_found(
    app: Flask,
) -> None:
    admin = signed_in(app, "root", "admin")
    teacher = signed_in(app, "ms_lee", "teacher")
    _new_bank(teacher, "Private")
    token = csrf_token(admin.get("/editor/banks/sample/").get_data(as_text=True))
    for url in (
        "/editor/banks/sample/editors/ms_lee/revoke",  # never allowed
        "/editor/banks/sample/editors/nobody/revoke",  # no such user
        "/editor/banks/nothing/editors/ms_lee/revoke",  # no such bank
        "/editor/banks/private/editors/ms_lee/revoke",  # her own bank: nothing to take back
    ):
        assert admin.post(url, data={"csrf_token": token}).status_code == 404, url
    own = teacher.get("/editor/banks/private/").get_data(as_text=True)
    refused = teacher.post(
        "/editor/banks/private/editors/ms_lee/revoke", data={"csrf_token": csrf_token(own)}
    )
    assert refused.status_code == 403


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


def test_a_choice_with_several_right_options_keeps_them_when_edited(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    _new_bank(teacher, "Several right")
    question = {
        "prompt": "Who is buried in Grant's tomb?",
        **_rows("options", "Grant", "no one", "nobody"),
        "correct": ["1", "2"],
        "explanation": "",
        "topics": "t",
        "difficulty": "medium",
        "cite": CITE,
    }
    saved = _post(teacher, "/editor/banks/several-right/new/choice", {**question, "save": "1"})
    assert saved.status_code == 303
    edit = teacher.get(saved.location).get_data(as_text=True)
    assert "a student who picks any one of them is right" in edit
    marks = re.findall(r'<input type="(\w+)" name="correct" value="(\d)"[^>]*?( checked)?>', edit)
    assert marks == [
        ("checkbox", "0", ""),
        ("checkbox", "1", " checked"),
        ("checkbox", "2", " checked"),
    ]
    one = _post(teacher, saved.location, {**question, "correct": "2", "save": "1"})
    assert one.status_code == 303
    edit = teacher.get(one.location).get_data(as_text=True)
    assert "any one of them" not in edit
    assert 'type="radio" name="correct" value="2"' in edit


def test_a_school_bank_names_its_file_without_the_server_s_folders(app: Flask) -> None:
    admin = signed_in(app, "boss", "admin")
    html = admin.get("/editor/banks/sample/").get_data(as_text=True)
    assert 'file <span class="wrap-anywhere">sample.toml</span>' in html
    assert "tests/data" not in html
