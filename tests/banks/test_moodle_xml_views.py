"""Moodle XML through the editor's pages: a bank downloaded as Moodle XML goes into another
bank through the import page; what quizapp cannot keep is listed in the preview and the rest
imports, and a broken file is refused with its lines."""

from __future__ import annotations

import hashlib
import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from quizapp.banks import export
from quizapp.banks.models import Bank, HeldImport, Question
from quizapp.banks.versions import Origin, add_version, content_from_raw
from quizapp.core import limits
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.pictures.services import upload as upload_picture
from tests.conftest import Clock, csrf_token, signed_in, submit_form
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
        "upload": FileStorage(io.BytesIO(content), name),
    }
    # Encoded here, in memory: the test client spools a large body to a file it never closes.
    boundary, body = encode_multipart(data)
    return teacher.post(URL, data=body, content_type=f"multipart/form-data; boundary={boundary}")


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


def _noise_png(side: int) -> bytes:
    """A picture that does not compress: its PNG is about 3 bytes a pixel."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def test_a_bank_file_carrying_a_large_picture_imports_through_its_held_preview(
    app: Flask, teacher: FlaskClient
) -> None:
    maps, (name,) = _bank_with_pictures(app, _noise_png(1000))
    assert len(_bank_pictures(app, maps)[name]) > 2_900_000
    written = teacher.get(f"/editor/banks/{maps}/export.xml").get_data()
    assert len(written) > 3_900_000  # larger than imports used to take
    preview = _upload(teacher, written, "maps.xml")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page[:2000]
    assert "1 question ready to import, with 1 picture they show" in page
    assert len(page) < 100_000  # the file is held on the server, not sent back through the page
    held = hashlib.sha256(written).hexdigest()
    assert f'name="held" value="{held}"' in page
    confirm = {
        "csrf_token": csrf_token(page),
        "fmt": "moodlexml",
        "filename": "maps.xml",
        "difficulty": "medium",
        "held": held,
        "confirm": "1",
    }
    assert teacher.post(URL, data=confirm).status_code == 303
    assert _bank_pictures(app, "moon") == _bank_pictures(app, maps)
    assert [kind for kind, _ in _questions(app, "moon.")] == ["choice"]
    # once imported, the held file is gone: confirming again imports nothing twice
    again = teacher.post(URL, data=confirm)
    assert again.status_code == 422
    assert "or its file was imported already: choose the file again" in again.get_data(as_text=True)
    assert len(_questions(app, "moon.")) == 1


def test_a_held_file_is_for_its_teacher_only_and_for_an_hour(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    text = (SAMPLES / "truefalse_testquestion.xml").read_bytes()
    page = _upload(teacher, text, "tf.xml").get_data(as_text=True)
    held = hashlib.sha256(text).hexdigest()
    assert f'name="held" value="{held}"' in page
    confirm = {"fmt": "moodlexml", "filename": "tf.xml", "difficulty": "medium", "held": held}
    # an admin may edit the bank, but the file is the teacher's
    admin = signed_in(app, "root", "admin")
    admin_page = admin.get(URL).get_data(as_text=True)
    refused = admin.post(
        URL, data={**confirm, "csrf_token": csrf_token(admin_page), "confirm": "1"}
    )
    assert refused.status_code == 422
    assert "choose the file again" in refused.get_data(as_text=True)
    clock.advance(minutes=limits.IMPORT_HELD_MINUTES, seconds=1)
    late = teacher.post(URL, data={**confirm, "csrf_token": csrf_token(page), "confirm": "1"})
    assert late.status_code == 422
    assert "This preview is more than 60 minutes old" in late.get_data(as_text=True)
    assert _questions(app, "moon.") == []
    clock.advance(seconds=-2)  # within the hour, the teacher's confirmation imports it
    on_time = teacher.post(URL, data={**confirm, "csrf_token": csrf_token(page), "confirm": "1"})
    assert on_time.status_code == 303
    assert [kind for kind, _ in _questions(app, "moon.")] == ["truefalse"]


def test_a_file_over_the_import_limit_is_refused_at_preview_beside_its_field(
    app: Flask, teacher: FlaskClient
) -> None:
    # a bank at its picture limit, as Moodle XML, fits the limit with room for its questions
    assert limits.IMPORT_FILE_BYTES >= limits.PICTURE_BANK_BYTES * 4 // 3 + 10 * 2**20
    content = b"<quiz>" + b" " * (limits.IMPORT_FILE_BYTES - 12) + b"</quiz>"
    assert len(content) == limits.IMPORT_FILE_BYTES + 1
    response = _upload(teacher, content, "huge.xml")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    field = page.split('id="upload"')[1].split("</div>")[0]
    assert "This file is larger than 80 MB, the most quizapp imports at once" in field
    assert "Preview of" not in page
    with app.app_context():
        assert db.session.scalars(select(HeldImport)).all() == []
        db.session.remove()


def test_files_held_longer_than_an_hour_are_forgotten_at_the_next_preview(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    first = (SAMPLES / "truefalse_testquestion.xml").read_bytes()
    second = _with("truefalse_testquestion.xml", "multichoice_testquestion.xml").encode()
    assert _upload(teacher, first, "a.xml").status_code == 200
    clock.advance(minutes=limits.IMPORT_HELD_MINUTES, seconds=1)
    assert _upload(teacher, second, "b.xml").status_code == 200
    with app.app_context():
        held = db.session.scalars(select(HeldImport.sha256)).all()
        db.session.remove()
    assert held == [hashlib.sha256(second).hexdigest()]
