"""Serving a bank's pictures: the headers, who may see one (anyone else: 404), pictures on the
students' pages, in a copied bank and in an Anki export."""

from __future__ import annotations

import io
import json
import zipfile

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.banks import editor
from quizapp.classes import services as classes
from quizapp.extensions import db
from quizapp.pictures import services as pictures
from quizapp.pictures.models import Picture
from quizapp.quizzes import attempts
from quizapp.quizzes import services as quizzes
from quizapp.web.security import CONTENT_SECURITY_POLICY
from tests.conftest import Clock
from tests.pictures.common import (
    add_question,
    class_with_student,
    login,
    new_bank,
    stored,
    upload,
    user_id,
)
from tests.world import PASSWORD, png


def test_a_picture_is_served_with_its_type_a_long_private_cache_and_the_pages_headers(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    slug = new_bank(app, clock.now)
    upload(teacher, slug, png((1, 2, 3)), "dot.png", "A dot")
    with app.app_context():
        sha = db.session.scalars(select(Picture.sha256)).one()
    served = teacher.get(f"/pictures/{sha}.png")
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert served.headers["ETag"] == f'"{sha}"'
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    again = teacher.get(f"/pictures/{sha}.png", headers={"If-None-Match": f'"{sha}"'})
    assert again.status_code == 304 and again.data == b""
    # The same hash under another kind's extension is no picture.
    missing = teacher.get(f"/pictures/{sha}.jpg")
    assert missing.status_code == 404 and missing.headers["Cache-Control"] == "no-store"


def test_students_see_a_studied_banks_pictures_only_while_their_class_studies_it(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    slug = new_bank(app, clock.now)
    name = stored(app, slug, (5, 5, 5), clock.now)
    owner, _, class_id = class_with_student(app, slug, clock.now)
    with app.app_context():
        accounts.register("outsider", PASSWORD, "UTC")
    student, outsider = login(app, "sam"), login(app, "outsider")
    assert student.get(f"/pictures/{name}").status_code == 200
    assert outsider.get(f"/pictures/{name}").status_code == 404
    with app.app_context():
        classes.set_banks(owner, class_id, [])
        db.session.remove()
    assert student.get(f"/pictures/{name}").status_code == 404
    assert app.test_client().get(f"/pictures/{name}").status_code == 302  # to log in


def test_a_quiz_only_banks_picture_shows_only_to_students_given_its_questions_in_a_quiz(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    slug = new_bank(app, clock.now, quiz_only=True)
    name = stored(app, slug, (6, 6, 6), clock.now)
    # Its editor sees it on the pictures page before any class uses the bank.
    assert teacher.get(f"/pictures/{name}").status_code == 200
    owner, student_id, class_id = class_with_student(app, slug, clock.now)
    question_id = add_question(
        app,
        slug,
        "short",
        {"prompt": f"Where? ![A map](picture:{name})", "answers": ["here"]},
        clock.now,
    )
    with app.app_context():
        quiz_id = quizzes.create_quiz(
            owner, class_id, quizzes.QuizSettings("Quiz", [question_id]), clock.now
        )
        db.session.remove()
    student = login(app, "sam")
    assert student.get(f"/pictures/{name}").status_code == 404  # quiz-only: never studied
    with app.app_context():
        attempt_id = attempts.start(student_id, quiz_id, clock.now)
        db.session.remove()
    served = student.get(f"/pictures/{name}")
    assert served.status_code == 200
    # A quiz's picture is not left in the browser's cache for the next person at the computer.
    assert served.headers["Cache-Control"] == "no-store"
    page = student.get(f"/attempts/{attempt_id}/1").get_data(as_text=True)
    assert f'<img src="/pictures/{name}" alt="A map" loading="lazy">' in page


def test_a_student_sees_pictures_in_matching_items_and_a_drop_down_names_them_by_alt_text(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    slug = new_bank(app, clock.now)
    dover, calais = (stored(app, slug, c, clock.now) for c in ((1, 1, 2), (2, 1, 1)))
    class_with_student(app, slug, clock.now)
    pairs = [
        [f"![Dover's cliffs](picture:{dover})", "England"],
        ["Calais", f"![The flag of France](picture:{calais})"],
    ]
    add_question(
        app,
        slug,
        "matching",
        {"prompt": "Match each harbour with its country.", "pairs": pairs},
        clock.now,
    )
    page = login(app, "sam").get(f"/study/{slug}/next").get_data(as_text=True)
    assert f'<img src="/pictures/{dover}" alt="Dover\'s cliffs" loading="lazy">' in page
    assert ">The flag of France (picture)</option>" in page
    assert f"picture:{calais}" not in page.replace(
        f'value="![The flag of France](picture:{calais})"', ""
    )


def test_a_copied_bank_has_its_own_copy_of_the_pictures(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    slug = new_bank(app, clock.now)
    name = stored(app, slug, (7, 7, 7), clock.now)
    with app.app_context():
        owner = user_id("ms_lee")
        copy = editor.copy_bank(owner, slug, "Maps again", clock.now)
        listed = pictures.bank_pictures(owner, copy).pictures
        db.session.remove()
    assert [(p.name, p.alt) for p in listed] == [(name, "A map")]


def test_the_anki_export_carries_the_pictures_its_questions_show(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    slug = new_bank(app, clock.now)
    shown = stored(app, slug, (8, 8, 8), clock.now)
    stored(app, slug, (9, 9, 9), clock.now)  # in the bank, shown by no question
    add_question(
        app,
        slug,
        "flashcard",
        {"prompt": "Which harbour?", "answer": f"This one ![A map](picture:{shown})"},
        clock.now,
    )
    exported = teacher.get(f"/editor/banks/{slug}/export.apkg")
    assert exported.status_code == 200
    with zipfile.ZipFile(io.BytesIO(exported.data)) as archive:
        assert json.loads(archive.read("media")) == {"0": shown}
        with app.app_context():
            data = db.session.scalars(
                select(Picture.data).where(Picture.sha256 == shown.split(".")[0])
            ).one()
        assert archive.read("0") == data
        assert sorted(archive.namelist()) == ["0", "collection.anki2", "media"]
