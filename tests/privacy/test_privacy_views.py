"""The pages: 'Download my data' and 'Delete my account' in Settings, the same for an admin from
the users page, and 404 for anyone else's account."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.accounts.sso import NO_PASSWORD
from quizapp.audit.models import AuditEntry
from quizapp.database import tx
from quizapp.extensions import db
from tests.conftest import Auth, Clock, csrf_token
from tests.privacy.history import build, data, unzip
from tests.world import PASSWORD

pytestmark = pytest.mark.usefixtures("sample_banks")


def _client(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    assert Auth(client).login(username, PASSWORD).status_code == 302
    return client


def _token(client: FlaskClient, page: str = "/settings/") -> str:
    return csrf_token(client.get(page).get_data(as_text=True))


def test_a_student_downloads_their_data_from_settings(app: Flask, clock: Clock) -> None:
    build(app, clock.now)
    client = _client(app, "a_student")
    settings = client.get("/settings/").get_data(as_text=True)
    assert 'action="/privacy/a_student/download"' in settings
    assert 'href="/privacy/a_student/delete"' in settings
    response = client.post("/privacy/a_student/download", data={"csrf_token": _token(client)})
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    day = clock.now.date().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="quizapp-a_student-{day}.zip"'
    )
    assert data(unzip(response.data))["account"]["username"] == "a_student"
    assert client.post("/privacy/a_student/download").status_code == 400  # no CSRF token


def test_another_accounts_data_is_not_found_for_anyone_but_an_admin(
    app: Flask, clock: Clock
) -> None:
    build(app, clock.now)
    for username in ("a_student", "a_owner", "a_co"):
        client = _client(app, username)
        token = _token(client)
        for other in ("a_mate", "b_student", "boss"):
            assert client.get(f"/privacy/{other}/delete").status_code == 404
            response = client.post(f"/privacy/{other}/download", data={"csrf_token": token})
            assert response.status_code == 404
            form = {"csrf_token": token, "password": PASSWORD, "confirm": other}
            assert client.post(f"/privacy/{other}/delete", data=form).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.username == "a_mate"))


def test_the_delete_page_says_what_goes_and_what_stays(app: Flask, clock: Clock) -> None:
    build(app, clock.now)
    client = _client(app, "a_student")
    html = client.get("/privacy/a_student/delete").get_data(as_text=True)
    for words in (
        "Study answers and their history: 1",
        "Class memberships: 1",
        "Practice quizzes: 1",
    ):
        assert words in html
    assert "item analysis and gradebook statistics" in html
    assert "audit log" in html


def test_a_student_deletes_their_account_and_is_signed_out(app: Flask, clock: Clock) -> None:
    build(app, clock.now)
    client = _client(app, "a_student")
    token = _token(client, "/privacy/a_student/delete")
    form = {"csrf_token": token, "password": PASSWORD, "confirm": "a_mate"}
    wrong = client.post("/privacy/a_student/delete", data=form)
    assert wrong.status_code == 422 and "Type a_student to confirm." in wrong.get_data(as_text=True)
    form = {"csrf_token": token, "password": "not it at all", "confirm": "a_student"}
    wrong = client.post("/privacy/a_student/delete", data=form)
    assert wrong.status_code == 422 and "Your password is not right." in wrong.get_data(
        as_text=True
    )
    form["password"] = PASSWORD
    done = client.post("/privacy/a_student/delete", data=form)
    assert done.status_code == 302 and "/auth/login" in done.location
    assert "/auth/login" in client.get("/settings/").location
    assert Auth(app.test_client()).login("a_student", PASSWORD).status_code == 200  # refused
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.username == "a_student")) is None


def test_an_account_without_a_password_confirms_with_its_username(app: Flask, clock: Clock) -> None:
    build(app, clock.now)
    client = _client(app, "a_student")
    with app.app_context(), tx.write() as session:  # as school sign-in makes its accounts
        user = session.scalars(select(User).where(User.username == "a_student")).one()
        user.password_hash = NO_PASSWORD
    page = client.get("/privacy/a_student/delete").get_data(as_text=True)
    assert 'name="password"' not in page
    token = csrf_token(page)
    wrong = client.post("/privacy/a_student/delete", data={"csrf_token": token, "confirm": "x"})
    assert wrong.status_code == 422 and "Type a_student to confirm." in wrong.get_data(as_text=True)
    form = {"csrf_token": token, "confirm": "a_student"}
    assert client.post("/privacy/a_student/delete", data=form).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.username == "a_student")) is None


def test_an_admin_downloads_and_deletes_anyones_account(app: Flask, clock: Clock) -> None:
    world, _ = build(app, clock.now)
    admin = _client(app, "boss")
    users = admin.get("/admin/users").get_data(as_text=True)
    assert 'action="/privacy/a_owner/download"' in users
    token = csrf_token(users)
    response = admin.post("/privacy/a_student/download", data={"csrf_token": token})
    assert data(unzip(response.data))["account"]["username"] == "a_student"
    page = admin.get("/privacy/a_owner/delete").get_data(as_text=True)
    assert f'name="class_{world.a.class_id}"' in page and 'name="heir"' in page
    co = str(world.users["co-teacher"][1])
    form = {"csrf_token": token, "password": PASSWORD, "confirm": "a_owner", "heir": co}
    refused = admin.post("/privacy/a_owner/delete", data=form)
    assert refused.status_code == 422
    assert "Choose who takes over Class A." in refused.get_data(as_text=True)
    form[f"class_{world.a.class_id}"] = co
    done = admin.post("/privacy/a_owner/delete", data=form)
    assert done.status_code == 303 and done.location.endswith("/admin/users")
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.actor == "boss"))
        assert list(actions) == ["data downloaded", "class handed over", "account deleted"]
        assert db.session.scalar(select(User.id).where(User.username == "a_owner")) is None
