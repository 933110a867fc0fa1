"""A teacher or an admin gives a one-time code; the student sets a new password with it (the
teacher never learns it), once, before it expires, and every other session ends. Sign-in cards
give a whole class set-up codes."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.accounts import resets
from quizapp.accounts import services as accounts
from quizapp.accounts.models import OneTimeCode
from quizapp.audit.models import AuditEntry
from quizapp.classes import services as classes
from quizapp.extensions import db
from tests.conftest import Auth, Clock, csrf_token, signed_in

PASSWORD = "correct horse battery"
NEW_PASSWORD = "seven purple otters juggle"
CODE = re.compile(r'class="code one-time-code"[^>]*>([A-Z0-9-]{14})<')


@dataclass
class School:
    teacher: FlaskClient
    class_id: int
    student_id: int
    student: FlaskClient  # the student, signed in before the reset


@pytest.fixture
def school(app: Flask, clock: Clock) -> School:
    teacher = signed_in(app, "ms_lee", "teacher")
    student = signed_in(app, "sam", "student")
    with app.app_context():
        lee = accounts.find_user("ms_lee")
        sam = accounts.find_user("sam")
        assert lee and sam
        class_id = classes.create_class(lee.id, "Year 9", "", clock.now)
        classes.join(sam.id, classes.class_detail(lee.id, class_id).join_code, clock.now)
        sam_id = sam.id
        db.session.remove()
    return School(teacher, class_id, sam_id, student)


def _post(client: FlaskClient, page: str, action: str, data: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    html = client.get(page).get_data(as_text=True)
    return client.post(action, data={**(data or {}), "csrf_token": csrf_token(html)})


def _teacher_reset(school: School, student_id: int | None = None):  # type: ignore[no-untyped-def]
    page = f"/classes/{school.class_id}/students/{school.student_id}/"
    target = student_id or school.student_id
    return _post(
        school.teacher, page, f"/classes/{school.class_id}/students/{target}/password-reset"
    )


def _code(response) -> str:  # type: ignore[no-untyped-def]
    found = CODE.search(response.get_data(as_text=True))
    assert found, "the page shows no code"
    return found.group(1)


def _use_code(client: FlaskClient, username: str, code: str, password: str = NEW_PASSWORD):  # type: ignore[no-untyped-def]
    typed = _post(client, "/reset/", "/reset/", {"username": username, "code": code})
    if typed.status_code != 303:
        return typed
    assert typed.location.endswith("/reset/new-password")
    return _post(
        client,
        "/reset/new-password",
        "/reset/new-password",
        {"new": password, "confirm": password},
    )


def test_a_teacher_gives_a_code_and_the_student_sets_a_password_only_they_know(
    app: Flask, school: School
) -> None:
    student_page = school.teacher.get(f"/classes/{school.class_id}/students/{school.student_id}/")
    assert "Reset sam's password" in student_page.get_data(as_text=True)
    shown = _teacher_reset(school)
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    code = _code(shown)

    newcomer = app.test_client()  # another device: the student at home
    done = _use_code(newcomer, "SAM", code.lower().replace("-", " "))
    assert done.status_code == 302 and done.location == "/"
    assert newcomer.get("/settings/").status_code == 200  # signed in as sam
    # The old password is gone, the new one works, and the session from before is signed out.
    assert Auth(app.test_client()).login("sam", PASSWORD).status_code == 200
    assert Auth(app.test_client()).login("sam", NEW_PASSWORD).status_code == 302
    assert "/auth/login" in school.student.get("/settings/").location
    # The code works once.
    again = _use_code(app.test_client(), "sam", code, "another long passphrase here")
    assert again.status_code == 422 and "not right" in again.get_data(as_text=True)
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry)).all()
        assert [(e.actor, e.action, e.target, e.detail) for e in entries] == [
            ("ms_lee", "password reset", "student sam", "by a teacher of Year 9")
        ]


def test_a_teacher_resets_only_students_of_their_own_classes(
    app: Flask, school: School, clock: Clock
) -> None:
    other = signed_in(app, "mr_fox", "teacher")
    signed_in(app, "kim", "student")
    with app.app_context():
        fox = accounts.find_user("mr_fox")
        kim = accounts.find_user("kim")
        lee = accounts.find_user("ms_lee")
        assert fox and kim and lee
        theirs = classes.create_class(fox.id, "Year 10", "", clock.now)
        classes.join(kim.id, classes.class_detail(fox.id, theirs).join_code, clock.now)
        # A teacher who joined Lee's class as a student is not Lee's to reset.
        classes.join(fox.id, classes.class_detail(lee.id, school.class_id).join_code, clock.now)
        kim_id, fox_id = kim.id, fox.id
        db.session.remove()
    assert _teacher_reset(school, kim_id).status_code == 404  # another teacher's student
    assert _teacher_reset(school, fox_id).status_code == 404  # a teacher in the class
    page = f"/classes/{theirs}/students/{kim_id}/"
    own_class_of_other = _post(school.teacher, "/classes/", page + "password-reset")
    assert own_class_of_other.status_code == 404
    admin = signed_in(app, "root", "admin")  # an admin resets from the users page, not here
    reset = f"/classes/{school.class_id}/students/{school.student_id}/password-reset"
    assert _post(admin, "/classes/", reset).status_code == 404
    assert _post(other, "/classes/", reset).status_code == 404
    with app.app_context():
        assert db.session.scalars(select(OneTimeCode)).all() == []


def test_an_admin_resets_anyones_password(app: Flask) -> None:
    admin = signed_in(app, "root", "admin")
    signed_in(app, "ms_lee", "teacher")
    shown = _post(admin, "/admin/users", "/admin/users/ms_lee/password-reset")
    assert shown.status_code == 200
    code = _code(shown)
    assert _use_code(app.test_client(), "ms_lee", code).status_code == 302
    assert Auth(app.test_client()).login("ms_lee", NEW_PASSWORD).status_code == 302
    assert _post(admin, "/admin/users", "/admin/users/nobody/password-reset").status_code == 404
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry)).one()
        assert (entry.actor, entry.target, entry.detail) == (
            "root",
            "teacher ms_lee",
            "by an admin",
        )


def test_a_code_expires_and_a_new_one_replaces_the_old(
    app: Flask, school: School, clock: Clock
) -> None:
    first = _code(_teacher_reset(school))
    second = _code(_teacher_reset(school))
    refused = _use_code(app.test_client(), "sam", first)
    assert refused.status_code == 422
    clock.advance(days=2, seconds=1)
    assert _use_code(app.test_client(), "sam", second).status_code == 422
    third = _code(_teacher_reset(school))
    clock.advance(days=1, hours=23)
    assert _use_code(app.test_client(), "sam", third).status_code == 302


def test_the_new_password_follows_the_sign_up_rules(app: Flask, school: School) -> None:
    code = _code(_teacher_reset(school))
    client = app.test_client()
    for weak, why in (("short", "between 10"), ("sam12345678", "too easy to guess")):
        answer = _use_code(client, "sam", code, weak)
        assert answer.status_code == 422 and why in answer.get_data(as_text=True)
    assert _use_code(client, "sam", code).status_code == 302


def test_a_wrong_code_or_username_gets_the_same_answer(app: Flask, school: School) -> None:
    code = _code(_teacher_reset(school))
    client = app.test_client()
    answers = {
        _use_code(client, username, typed).get_data(as_text=True).count("not right")
        for username, typed in (("kim", code), ("sam", "ABCD-EFGH-JKMN"), ("sam", "nonsense"))
    }
    assert answers == {1}


def test_the_new_password_form_needs_a_code_first(client: FlaskClient) -> None:
    response = client.get("/reset/new-password")
    assert response.status_code == 303 and response.location.endswith("/reset/")


def test_the_link_works_like_the_code_once(app: Flask, ctx: None, clock: Clock) -> None:
    user = accounts.register("sam", PASSWORD, "UTC")
    admin = accounts.register("root", PASSWORD, "UTC", role="admin")
    issued = resets.admin_reset(admin.id, "sam", clock.now)
    client = app.test_client()
    opened = client.get(f"/reset/{issued.token}")
    assert opened.status_code == 303 and opened.location.endswith("/reset/new-password")
    data = {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert _post(client, "/reset/new-password", "/reset/new-password", data).status_code == 302
    again = app.test_client().get(f"/reset/{issued.token}")
    assert again.status_code == 303 and again.location.endswith("/reset/")
    assert accounts.authenticate("sam", NEW_PASSWORD).id == user.id


def test_with_two_factor_on_the_authenticator_code_is_still_asked(
    app: Flask, ctx: None, clock: Clock
) -> None:
    from quizapp.accounts.models import User

    accounts.register("sam", PASSWORD, "UTC")
    admin = accounts.register("root", PASSWORD, "UTC", role="admin")
    from quizapp.database import tx

    with tx.write() as session:
        user = session.scalars(select(User).where(User.username == "sam")).one()
        user.totp_secret = "JBSWY3DPEHPK3PXP"
    issued = resets.admin_reset(admin.id, "sam", clock.now)
    db.session.remove()
    client = app.test_client()
    client.get(f"/reset/{issued.token}")
    data = {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    done = _post(client, "/reset/new-password", "/reset/new-password", data)
    assert done.status_code == 302 and done.location.endswith("/auth/two-factor")
    assert "/auth/login" in client.get("/settings/").location  # not signed in yet


def test_sign_in_cards_give_every_student_of_the_class_a_set_up_code(
    app: Flask, school: School, clock: Clock
) -> None:
    signed_in(app, "ada", "student")
    with app.app_context():
        ada = accounts.find_user("ada")
        assert ada
        lee = accounts.find_user("ms_lee")
        assert lee
        code = classes.class_detail(lee.id, school.class_id).join_code
        classes.join(ada.id, code, clock.now)
        db.session.remove()
    page = f"/classes/{school.class_id}/"
    assert "Print sign-in cards" in school.teacher.get(page).get_data(as_text=True)
    cards = _post(school.teacher, page, f"/classes/{school.class_id}/sign-in-cards")
    html = cards.get_data(as_text=True)
    assert cards.status_code == 200 and "(14 days)" in html
    found = dict(re.findall(r'data-card="(\w+)">.*?data-code>([A-Z0-9-]{14})<', html, re.S))
    assert sorted(found) == ["ada", "sam"]
    clock.advance(days=13)
    assert _use_code(app.test_client(), "ada", found["ada"]).status_code == 302
    clock.advance(days=1, seconds=1)
    assert _use_code(app.test_client(), "sam", found["sam"]).status_code == 422
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry)).one()
        assert (entry.actor, entry.action, entry.target, entry.detail) == (
            "ms_lee",
            "sign-in cards printed",
            "class Year 9",
            "2 students",
        )


def test_another_teacher_cannot_print_a_classs_cards(app: Flask, school: School) -> None:
    other = signed_in(app, "mr_fox", "teacher")
    response = _post(other, "/classes/", f"/classes/{school.class_id}/sign-in-cards")
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalars(select(OneTimeCode)).all() == []
