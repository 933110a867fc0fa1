"""Moodle XML through the editor's pages: a bank downloaded as Moodle XML goes into another
bank through the import page; what quizapp cannot keep is listed in the preview and the rest
imports, and a broken file is refused with its lines."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select

from quizapp.banks import export
from quizapp.banks.models import Bank, Question
from quizapp.banks.versions import Origin, add_version, content_from_raw
from quizapp.core import limits
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.pictures.services import upload as upload_picture
from tests.conftest import csrf_token, signed_in, submit_form
from tests.pictures import common as pictures_common
from tests.world import png

pytestmark = pytest.mark.usefixtures("sample_banks")
URL = "/editor/banks/moon/import"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "moodle" / "xml"


@pytest.fixture
def teacher(app: Flask) -> FlaskClient:
    client = signed_in(app, "ms_lee", "teacher")
    submit_form(client, "/editor/", "/editor/", {"title": "Moon", "description": ""})
    return client


def _upload(teacher: FlaskClient, content: bytes, name: str):  # type: ignore[no-untyped-def]
    page = teacher.get(URL).get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(page),
        "fmt": "moodlexml",
        "difficulty": "medium",
        "upload": (io.BytesIO(content), name),
    }
    return teacher.post(URL, data=data, content_type="multipart/form-data")


def _questions(app: Flask, prefix: str) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    with app.app_context():
        rows = db.session.scalars(
            select(Question).where(Question.key.like(f"{prefix}%")).order_by(Question.position)
        )
        return [(row.type, dict(row.spec)) for row in rows]


def test_a_bank_downloaded_as_moodle_xml_goes_into_another_bank(
    app: Flask, teacher: FlaskClient
) -> None:
    admin = signed_in(app, "root", "admin")
    download = admin.get("/editor/banks/sample/export.xml")
    assert download.status_code == 200 and download.mimetype == "application/xml"
    assert 'filename="sample.xml"' in download.headers["Content-Disposition"]
    preview = _upload(teacher, download.get_data(), "sample.xml")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page
    assert "Preview of sample.xml (Moodle XML)" in page
    count = len(_questions(app, "sample."))
    assert f"{count} questions ready to import" in page
    confirm = {
        "csrf_token": csrf_token(page),
        "fmt": "moodlexml",
        "filename": "sample.xml",
        "difficulty": "medium",
        "text": download.get_data(as_text=True),
        "confirm": "1",
    }
    assert teacher.post(URL, data=confirm).status_code == 303
    assert _questions(app, "moon.") == _questions(app, "sample.")


def _with(name: str, *others: str) -> str:
    """The sample `name` with the <question> of each of `others` added at its end."""
    text = (SAMPLES / name).read_text(encoding="utf-8")
    added = []
    for other in others:
        found = (SAMPLES / other).read_text(encoding="utf-8")
        added.append(found[found.rindex("<question ") : found.index("</quiz>")])
    head, tail = text.rsplit("</quiz>", 1)
    return head + "".join(added) + "</quiz>" + tail


def test_a_moodle_essay_is_listed_as_not_kept_and_the_rest_imports(
    app: Flask, teacher: FlaskClient
) -> None:
    text = _with(
        "essay_testquestion.xml", "multichoice_testquestion.xml", "truefalse_testquestion.xml"
    )
    # the true/false question is called true-false-001 in Moodle: no key of this bank
    head, tail = text.rsplit("</question>", 1)
    text = head + "<hint><text>Think.</text></hint></question>" + tail
    assert text.count("<hint><text>Think.") == 1
    preview = _upload(teacher, text.encode(), "essay.xml")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page
    assert "nothing will be imported" not in page
    assert "Not kept: 3 things quizapp cannot keep" in page
    assert (
        "Line 12: question &#39;essay-001&#39; is left out: a Moodle essay question "
        "(quizapp grades every answer itself, and nobody marks essays)" in page
    )
    assert (
        "Line 40: question &#39;Multi-choice-001&#39; is left out: quizapp cannot keep the "
        "fractions 0% of &#39;Tokyo&#39;" in page
    )
    # a kept question's losses name it by the key it gets in this bank
    assert "[moon.answer-true]: not kept: its hints" in page
    assert "true-false-001" not in page.split("Not kept:")[1].split("</ul>")[0]
    assert "1 question ready to import" in page
    confirm = {
        "csrf_token": csrf_token(page),
        "fmt": "moodlexml",
        "filename": "essay.xml",
        "difficulty": "medium",
        "text": text,
        "confirm": "1",
    }
    assert teacher.post(URL, data=confirm).status_code == 303
    assert [kind for kind, _ in _questions(app, "moon.")] == ["truefalse"]


def test_a_moodle_file_with_only_an_essay_imports_nothing_and_lists_it(
    teacher: FlaskClient,
) -> None:
    response = _upload(teacher, (SAMPLES / "essay_testquestion.xml").read_bytes(), "essay.xml")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "nothing will be imported" in page
    assert "Line 1: the file holds no questions quizapp can keep" in page
    assert "Line 12: question &#39;essay-001&#39; is left out: a Moodle essay question" in page


def test_a_broken_file_is_refused_with_the_line_of_the_break(teacher: FlaskClient) -> None:
    broken = b'<?xml version="1.0"?>\n<quiz>\n<question type="truefalse">\n</quiz>\n'
    page = _upload(teacher, broken, "broken.xml").get_data(as_text=True)
    assert "Line 4: not well-formed XML (mismatched tag)" in page


NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _bank_pictures(app: Flask, slug: str) -> dict[str, bytes]:
    with app.app_context():
        return export.bank_media(slug)


def _confirm(teacher: FlaskClient, page: str, text: str, name: str):  # type: ignore[no-untyped-def]
    confirm = {
        "csrf_token": csrf_token(page),
        "fmt": "moodlexml",
        "filename": name,
        "difficulty": "medium",
        "text": text,
        "confirm": "1",
    }
    return teacher.post(URL, data=confirm)


def _bank_with_pictures(app: Flask, *pictures: bytes) -> tuple[str, list[str]]:
    """The teacher's bank "Maps" with these pictures and one question showing the first in its
    prompt and the others in its explanation."""
    slug = pictures_common.new_bank(app, NOW)
    with app.app_context():
        owner = pictures_common.user_id(pictures_common.TEACHER)
        names = [upload_picture(owner, slug, data, "A map", NOW).name for data in pictures]
        shown = [f"![map {n}](picture:{name})" for n, name in enumerate(names)]
        raw = {
            "key": f"{slug}.flag",
            "type": "choice",
            "prompt": f"Which country? {shown[0]}",
            "options": ["France", "Italy"],
            "answer": "France",
            "explanation": " ".join(["Its flag:", *shown[1:]]),
            "tags": ["easy"],
            "cite": [],
        }
        with tx.write() as session:
            bank = session.scalars(select(Bank).where(Bank.slug == slug)).one()
            question = Question(key=raw["key"], bank_id=bank.id, position=0)
            add_version(session, question, content_from_raw(raw), Origin("browser", "", owner), NOW)
        db.session.remove()
    return slug, names


def test_pictures_travel_through_moodle_xml_into_another_bank_and_show_there(
    app: Flask, teacher: FlaskClient
) -> None:
    maps, (red, blue) = _bank_with_pictures(app, png((200, 0, 0)), png((0, 0, 200)))
    download = teacher.get(f"/editor/banks/{maps}/export.xml")
    assert download.status_code == 200
    written = download.get_data(as_text=True)
    assert f'<file name="{red}" path="/" encoding="base64">' in written
    preview = _upload(teacher, download.get_data(), "maps.xml")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page
    assert "Not kept" not in page
    assert "1 question ready to import, with 2 pictures they show, added to the bank" in page
    assert _bank_pictures(app, "moon") == {}  # a preview stores nothing
    assert _confirm(teacher, page, written, "maps.xml").status_code == 303
    assert _bank_pictures(app, "moon") == _bank_pictures(app, maps)  # the same bytes
    with app.app_context():
        moon = select(Bank.id).where(Bank.slug == "moon").scalar_subquery()
        question = db.session.scalars(select(Question).where(Question.bank_id == moon)).one()
        question_id = question.id
        db.session.remove()
    shown = teacher.get(f"/editor/banks/moon/questions/{question_id}").get_data(as_text=True)
    assert f'src="/pictures/{red}"' in shown and f'src="/pictures/{blue}"' in shown


def test_moodles_own_question_with_pictures_imports_them_and_lists_the_missing_one(
    app: Flask, teacher: FlaskClient
) -> None:
    text = (SAMPLES / "truefalse_images_excerpt.xml").read_text(encoding="utf-8")
    preview = _upload(teacher, text.encode(), "moodle.xml")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page
    assert "not kept: a picture (thumbup.jpg)" in page
    assert "1 question ready to import, with 3 pictures they show" in page
    assert _confirm(teacher, page, text, "moodle.xml").status_code == 303
    stored = _bank_pictures(app, "moon")
    assert len(stored) == 3 and all(name.endswith(".jpg") for name in stored)


def test_pictures_that_do_not_fit_in_the_bank_refuse_the_whole_import(
    app: Flask, teacher: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    noise = [Image.effect_noise((400, 400), sigma) for sigma in (60, 90)]
    files = []
    for picture in noise:
        out = io.BytesIO()
        picture.convert("RGB").save(out, "PNG")
        files.append(out.getvalue())
    maps, _ = _bank_with_pictures(app, *files)
    written = teacher.get(f"/editor/banks/{maps}/export.xml").get_data(as_text=True)
    sizes = [len(data) for data in _bank_pictures(app, maps).values()]
    assert len(sizes) == 2
    monkeypatch.setattr(limits, "PICTURE_BANK_BYTES", max(sizes) + 1)  # each fits, not both
    # Confirmed as the preview page sends it: the file's text in the form
    refused = _confirm(teacher, teacher.get(URL).get_data(as_text=True), written, "maps.xml")
    assert refused.status_code == 422
    assert "maps.xml: its pictures do not fit: This bank&#39;s pictures already take" in (
        refused.get_data(as_text=True)
    )
    assert _questions(app, "moon.") == [] and _bank_pictures(app, "moon") == {}
