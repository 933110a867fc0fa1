"""Uploading a bank's pictures through the pages: on the pictures page and with a question in
the editor, what is stored, and what is refused and why."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from quizapp.banks.models import Question
from quizapp.core import limits
from quizapp.extensions import db
from quizapp.pictures.models import Picture
from tests.conftest import Clock, csrf_token
from tests.pictures.common import (
    new_bank,
    stored,
    upload,
)
from tests.world import png

GPS = 0x8825


def _photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc"
    exif[GPS] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (10, 120, 200)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_teacher_uploads_a_photo_and_gets_the_line_to_write_without_its_gps(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    slug = new_bank(app, clock.now)
    uploaded = upload(teacher, slug, _photo_with_gps(), "harbour.jpg", "The [old] harbour")
    assert uploaded.status_code == 303
    page = teacher.get(uploaded.location).get_data(as_text=True)
    with app.app_context():
        row = db.session.scalars(select(Picture)).one()
    name = f"{row.sha256}.jpg"
    assert f"![The (old) harbour](picture:{name})" in page  # brackets would end the alt text
    assert f'src="/pictures/{name}"' in page and 'alt="The (old) harbour"' in page
    served = teacher.get(f"/pictures/{name}")
    assert served.status_code == 200 and served.data == row.data
    stored = Image.open(io.BytesIO(served.data))
    assert stored.getexif().get_ifd(GPS) == {} and b"SpyCam" not in served.data
    assert (row.width, row.height, row.byte_size) == (80, 60, len(row.data))


@pytest.mark.parametrize(
    ("data", "filename", "alt", "message"),
    [
        (b"These are my notes, not a picture.\n" * 20, "notes.png", "Notes", "not a picture"),
        (png((9, 9, 9)), "dot.png", "", "Say what the picture shows"),
        (png((9, 9, 9)), "dot.svg", "A dot", "Upload a PNG, JPEG, WebP or GIF picture."),
    ],
)
def test_what_cannot_be_a_picture_is_refused_with_a_reason(
    app: Flask,
    teacher: FlaskClient,
    clock: Clock,
    count_rows,  # type: ignore[no-untyped-def]
    data: bytes,
    filename: str,
    alt: str,
    message: str,
) -> None:
    slug = new_bank(app, clock.now)
    refused = upload(teacher, slug, data, filename, alt)
    assert refused.status_code == 422
    assert message in refused.get_data(as_text=True)
    assert count_rows(Picture) == 0


def test_a_bank_holds_pictures_up_to_its_limit(
    app: Flask, teacher: FlaskClient, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    slug = new_bank(app, clock.now)
    first = png((1, 1, 1), (300, 300))
    monkeypatch.setattr(limits, "PICTURE_BANK_BYTES", len(first) + 10)
    assert upload(teacher, slug, first, "a.png", "First").status_code == 303
    refused = upload(teacher, slug, png((2, 2, 2), (300, 300)), "b.png", "Second")
    assert refused.status_code == 422
    assert "this one does not fit" in refused.get_data(as_text=True)
    # The same picture again is the one already there: nothing more is stored.
    assert upload(teacher, slug, first, "a.png", "Again").status_code == 303


def test_a_file_over_five_megabytes_is_refused_with_the_limit_not_a_bare_error(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    slug = new_bank(app, clock.now)
    page = teacher.get(f"/pictures/banks/{slug}/").get_data(as_text=True)
    big = FileStorage(io.BytesIO(b"\x89PNG" + bytes(limits.PICTURE_UPLOAD_BYTES)), "a.png")
    fields = {"csrf_token": csrf_token(page), "alt": "A", "picture": big}
    # Encoded in memory: the test client would spool so large a body to a file it never closes.
    stream, length, boundary = stream_encode_multipart(fields, use_tempfile=False)
    refused = teacher.post(
        f"/pictures/banks/{slug}/",
        data=stream.read(),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert length > limits.PICTURE_UPLOAD_BYTES and refused.status_code == 422
    assert "That file is larger than 5 MB." in refused.get_data(as_text=True)


QUESTION = {
    "prompt": "Which harbour?",
    "options-0": "Dover",
    "options-1": "Calais",
    "correct": "0",
    "explanation": "",
    "topics": "maps",
    "difficulty": "easy",
    "cite": "",
}


def _post_question(client: FlaskClient, slug: str, fields: dict[str, object]):  # type: ignore[no-untyped-def]
    url = f"/editor/banks/{slug}/new/choice"
    page = client.get(url).get_data(as_text=True)
    data = {**QUESTION, **fields, "csrf_token": csrf_token(page)}
    return client.post(url, data=data, content_type="multipart/form-data")


def test_a_picture_sent_with_a_question_is_stored_and_shown_at_the_end_of_its_prompt(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    slug = new_bank(app, clock.now)
    photo = (io.BytesIO(png((3, 4, 5))), "dover.png")
    saved = _post_question(teacher, slug, {"picture": photo, "picture_alt": "Dover", "save": "1"})
    assert saved.status_code == 303
    with app.app_context():
        sha = db.session.scalars(select(Picture.sha256)).one()
        prompt = db.session.scalars(select(Question.prompt)).one()
    assert prompt == f"Which harbour?\n\n![Dover](picture:{sha}.png)"
    page = teacher.get(saved.location).get_data(as_text=True)
    assert f'<img src="/pictures/{sha}.png" alt="Dover" loading="lazy">' in page  # the preview


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"picture_alt": ""}, "Say what the picture shows"),
        ({"picture": (b"not a picture " * 9, "x.png")}, "not a picture quizapp"),
        ({"picture": (b"<svg/>", "x.svg")}, "Upload a PNG, JPEG, WebP or GIF"),
    ],
)
def test_a_question_whose_picture_cannot_be_added_is_not_saved(
    app: Flask,
    teacher: FlaskClient,
    clock: Clock,
    count_rows,  # type: ignore[no-untyped-def]
    fields: dict[str, object],
    message: str,
) -> None:
    slug = new_bank(app, clock.now)
    # A file is read once: each run (SQLite, then PostgreSQL) gets its own from the bytes.
    files = {k: (io.BytesIO(v[0]), v[1]) for k, v in fields.items() if isinstance(v, tuple)}
    sent = {"picture": (io.BytesIO(png((3, 4, 5))), "a.png"), "picture_alt": "A", **fields, **files}
    refused = _post_question(teacher, slug, {**sent, "save": "1"})
    assert refused.status_code == 422 and message in refused.get_data(as_text=True)
    assert count_rows(Question) == count_rows(Picture) == 0


def test_a_question_may_show_only_its_own_banks_pictures(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    slug = new_bank(app, clock.now)
    other = new_bank(app, clock.now)  # "maps-2", the teacher's too
    theirs = stored(app, other, (1, 2, 3), clock.now)
    ours = stored(app, slug, (3, 2, 1), clock.now)
    fields = {
        "prompt": f"Which harbour? ![A map](picture:{theirs})",
        "options-1": f"![Calais](picture:{'0' * 64}.png)",
        "explanation": f"![A map](picture:{ours})",
        "save": "1",
    }
    refused = _post_question(teacher, slug, fields)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert re.search(r'id="prompt-error">\s*<li>This picture is not one of this bank', html)
    assert re.search(r'id="options-error">\s*<li>This picture is not one of this bank', html)
    assert 'id="explanation-error"' not in html
    fields["prompt"] = f"Which harbour? ![A map](picture:{ours})"
    fields["options-1"] = "Calais"
    assert _post_question(teacher, slug, fields).status_code == 303
