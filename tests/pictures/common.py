"""What the pictures tests share: a teacher's bank, its pictures and questions, a class."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.banks import editor
from quizapp.banks.models import Bank, Question
from quizapp.banks.versions import Origin, add_version
from quizapp.classes import services as classes
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.pictures import services as pictures
from tests.conftest import Auth, csrf_token
from tests.world import PASSWORD, png

TEACHER = "ms_lee"


def user_id(username: str) -> int:
    return db.session.scalars(select(User.id).where(User.username == username)).one()


def new_bank(app: Flask, now: datetime, quiz_only: bool = False) -> str:
    """A bank of the teacher's, "Maps" (slug maps, then maps-2, ...)."""
    with app.app_context():
        slug = editor.create_bank(user_id(TEACHER), "Maps", "", now, quiz_only=quiz_only)
        db.session.remove()
    return slug


def upload(client: FlaskClient, slug: str, data: bytes, filename: str, alt: str):  # type: ignore[no-untyped-def]
    """Post the bank's pictures form as a browser would."""
    page = client.get(f"/pictures/banks/{slug}/").get_data(as_text=True)
    form = {"csrf_token": csrf_token(page), "alt": alt, "picture": (io.BytesIO(data), filename)}
    return client.post(f"/pictures/banks/{slug}/", data=form, content_type="multipart/form-data")


def stored(app: Flask, slug: str, colour: tuple[int, int, int], now: datetime) -> str:
    """The name of a new one-colour picture of the bank, alt text "A map"."""
    with app.app_context():
        name = pictures.upload(user_id(TEACHER), slug, png(colour), "A map", now).name
        db.session.remove()
    return name


def add_question(app: Flask, slug: str, qtype: str, spec: dict[str, Any], now: datetime) -> int:
    """A question of the bank, as the editor would save it; its id."""
    content = {
        "type": qtype,
        "prompt": spec["prompt"],
        "explanation": "",
        "tags": ["easy"],
        "cite": [],
        "spec": spec,
    }
    with app.app_context():
        with tx.write() as session:
            bank = session.scalars(select(Bank).where(Bank.slug == slug)).one()
            question = Question(key=f"{slug}.q1", bank_id=bank.id, position=0)
            add_version(session, question, content, Origin("browser", "", bank.owner_id), now)
        question_id = question.id
        db.session.remove()
    return question_id


def class_with_student(app: Flask, slug: str, now: datetime) -> tuple[int, int, int]:
    """The teacher's class studying the bank, with the student "sam": (teacher, sam, class)."""
    with app.app_context():
        owner = user_id(TEACHER)
        student = accounts.register("sam", PASSWORD, "UTC").id
        class_id = classes.create_class(owner, "Year 9", "", now)
        classes.set_banks(owner, class_id, [slug])
        classes.join(student, classes.class_detail(owner, class_id).join_code, now)
        db.session.remove()
    return owner, student, class_id


def login(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    assert Auth(client).login(username, PASSWORD).status_code == 302
    return client
