"""The admin's user list: search, pages, and changing roles, only for admins."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.database import tx
from quizapp.web.access import POLICY, Audience
from tests.conftest import Auth, csrf_token

PASSWORD = "correct horse battery"


@pytest.fixture
def admin(app: Flask, client: FlaskClient) -> FlaskClient:
    with app.app_context():
        accounts.register("root", PASSWORD, "UTC", role="admin")
        with tx.write() as session:  # many students, without hashing a password for each
            session.add_all(
                User(username=f"pupil{i:02}", password_hash="x", session_token=f"t{i}")
                for i in range(60)
            )
    assert Auth(client).login("root", PASSWORD).status_code == 302
    return client


def test_only_admins_may_list_users_or_change_roles() -> None:
    assert POLICY["admin.users"] is POLICY["admin.set_role"] is Audience.ADMIN


def test_the_list_is_searched_and_paged(admin: FlaskClient) -> None:
    first = admin.get("/admin/users").get_data(as_text=True)
    assert "61 users, page 1 of 2" in first
    assert len(re.findall(r'<th scope="row">', first)) == accounts.PAGE_SIZE
    second = admin.get("/admin/users?page=2").get_data(as_text=True)
    assert len(re.findall(r'<th scope="row">', second)) == 11 and "root" in second
    found = admin.get("/admin/users?q=PUPIL4").get_data(as_text=True)
    assert "10 users matching “PUPIL4”" in found
    assert admin.get("/admin/users?q=%25").get_data(as_text=True).count('<th scope="row">') == 0


def test_an_admin_makes_a_teacher(admin: FlaskClient) -> None:
    page = admin.get("/admin/users?q=pupil07").get_data(as_text=True)
    response = admin.post(
        "/admin/users/pupil07/role?q=pupil07",
        data={"role": "teacher", "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 303 and response.location == "/admin/users?q=pupil07"
    after = admin.get(response.location).get_data(as_text=True)
    assert "pupil07 is now teacher." in after and 'data-role="pupil07">Teacher<' in after


def test_the_last_admin_cannot_step_down(admin: FlaskClient) -> None:
    page = admin.get("/admin/users").get_data(as_text=True)
    admin.post("/admin/users/root/role", data={"role": "student", "csrf_token": csrf_token(page)})
    after = admin.get("/admin/users?q=root").get_data(as_text=True)
    assert "root is the only admin: make another admin first." in after
    assert 'data-role="root">Admin<' in after


def test_an_unknown_user_or_role_changes_nothing(admin: FlaskClient) -> None:
    page = admin.get("/admin/users").get_data(as_text=True)
    token = csrf_token(page)
    missing = admin.post("/admin/users/nobody/role", data={"role": "teacher", "csrf_token": token})
    assert missing.status_code == 404
    bad = admin.post("/admin/users/pupil01/role", data={"role": "wizard", "csrf_token": token})
    assert bad.status_code == 303
    assert "Choose student, teacher or admin." in admin.get(bad.location).get_data(as_text=True)
