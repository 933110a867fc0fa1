"""Resets by mail, through a real SMTP server the tests start: an optional address confirmed by a
link, a reset link mailed only to a confirmed address, the same answer whether or not an account
exists, single use, an hour's life, a rate limit; no mail settings, no mail."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp import create_app
from quizapp.config import TestConfig
from tests.conftest import Auth, Clock, csrf_token, signed_in
from tests.mailbox import Mailbox

NEW_PASSWORD = "seven purple otters juggle"


@pytest.fixture
def mail_app(app: Flask, mailbox: Mailbox) -> Flask:
    app.config.update(mailbox.settings())
    return app


def _post(client: FlaskClient, page: str, action: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    html = client.get(page).get_data(as_text=True)
    return client.post(action, data={**data, "csrf_token": csrf_token(html)})


def _path(link: str) -> str:
    assert link.startswith("https://quiz.school.example/"), link
    return urlsplit(link).path


def _confirmed(app: Flask, mailbox: Mailbox, username: str, address: str) -> FlaskClient:
    client = signed_in(app, username, "student")
    before = len(mailbox.messages)  # counted before asking: the message may arrive at once
    asked = _post(client, "/settings/", "/settings/email", {"email": address})
    assert asked.status_code == 303
    message = mailbox.wait_for(before + 1)
    assert message["To"] == address and "Confirm" in message["Subject"]
    opened = client.get(_path(mailbox.link(message)))
    assert opened.status_code == 303
    page = client.get("/settings/").get_data(as_text=True)
    assert f"Password resets are mailed to <strong>{address}</strong>" in page
    return client


def _forgot(client: FlaskClient, typed: str):  # type: ignore[no-untyped-def]
    return _post(client, "/reset/forgot", "/reset/forgot", {"username": typed})


def test_a_confirmed_address_gets_a_reset_link_that_works_once(
    mail_app: Flask, mailbox: Mailbox
) -> None:
    student = _confirmed(mail_app, mailbox, "sam", "sam@home.example")
    visitor = mail_app.test_client()
    assert "Forgot your password?" in visitor.get("/auth/login").get_data(as_text=True)
    answered = _forgot(visitor, "sam")
    assert answered.status_code == 303 and answered.location.endswith("/auth/login")
    message = mailbox.wait_for(2)
    assert message["To"] == "sam@home.example"
    assert message["From"] == "quizapp@school.example"
    assert mailbox.envelopes[1][1] == ["sam@home.example"]
    link = _path(mailbox.link(message))
    assert visitor.get(link).location.endswith("/reset/new-password")
    data = {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert _post(visitor, "/reset/new-password", "/reset/new-password", data).status_code == 302
    assert Auth(mail_app.test_client()).login("sam", NEW_PASSWORD).status_code == 302
    assert "/auth/login" in student.get("/settings/").location  # signed out
    assert mail_app.test_client().get(link).location.endswith("/reset/")  # used


def test_the_answer_is_the_same_whether_or_not_the_account_exists(
    mail_app: Flask, mailbox: Mailbox
) -> None:
    _confirmed(mail_app, mailbox, "sam", "sam@home.example")
    signed_in(mail_app, "kim", "student")  # no address
    client = mail_app.test_client()
    answers = set()
    for typed in ("nobody", "kim", "nobody@home.example", "SAM@home.example"):
        response = _forgot(client, typed)
        flashed = client.get("/auth/login").get_data(as_text=True)
        answers.add((response.status_code, response.location, "is on its way" in flashed))
    assert answers == {(303, "/auth/login", True)}
    assert mailbox.settle() == 2  # the confirmation, and the one link for sam's address
    assert mailbox.messages[1]["To"] == "sam@home.example"


def test_an_address_waiting_for_confirmation_gets_no_reset(
    mail_app: Flask, mailbox: Mailbox
) -> None:
    student = signed_in(mail_app, "sam", "student")
    _post(student, "/settings/", "/settings/email", {"email": "sam@home.example"})
    mailbox.wait_for(1)
    page = student.get("/settings/").get_data(as_text=True)
    assert "Waiting for you to open the link sent to <strong>sam@home.example" in page
    _forgot(mail_app.test_client(), "sam@home.example")
    assert mailbox.settle() == 1


def test_only_its_owner_signed_in_confirms_an_address(mail_app: Flask, mailbox: Mailbox) -> None:
    student = signed_in(mail_app, "sam", "student")
    _post(student, "/settings/", "/settings/email", {"email": "sam@home.example"})
    link = _path(mailbox.link(mailbox.wait_for(1)))
    assert "/auth/login" in mail_app.test_client().get(link).location  # a mail scanner
    other = signed_in(mail_app, "kim", "student")
    other.get(link)
    assert "sam@home.example" not in other.get("/settings/").get_data(as_text=True)
    student.get(link)
    assert "mailed to <strong>sam@home.example" in student.get("/settings/").get_data(as_text=True)


def test_the_link_lasts_an_hour(mail_app: Flask, mailbox: Mailbox, clock: Clock) -> None:
    _confirmed(mail_app, mailbox, "sam", "sam@home.example")
    _forgot(mail_app.test_client(), "sam")
    link = _path(mailbox.link(mailbox.wait_for(2)))
    clock.advance(hours=1, seconds=1)
    assert mail_app.test_client().get(link).location.endswith("/reset/")


def test_changing_or_removing_the_address_stops_links_sent_to_the_old_one(
    mail_app: Flask, mailbox: Mailbox
) -> None:
    student = _confirmed(mail_app, mailbox, "sam", "sam@home.example")
    _forgot(mail_app.test_client(), "sam")
    link = _path(mailbox.link(mailbox.wait_for(2)))
    _post(student, "/settings/", "/settings/email/remove", {})
    assert "Password resets are mailed" not in student.get("/settings/").get_data(as_text=True)
    assert mail_app.test_client().get(link).location.endswith("/reset/")
    _forgot(mail_app.test_client(), "sam")
    assert mailbox.settle() == 2


def test_links_in_mail_ignore_the_host_a_visitor_sends(mail_app: Flask, mailbox: Mailbox) -> None:
    _confirmed(mail_app, mailbox, "sam", "sam@home.example")
    client = mail_app.test_client()
    evil = "http://evil.example"
    page = client.get("/reset/forgot", base_url=evil).get_data(as_text=True)
    sent = client.post(
        "/reset/forgot", data={"username": "sam", "csrf_token": csrf_token(page)}, base_url=evil
    )
    assert sent.status_code == 303
    assert mailbox.link(mailbox.wait_for(2)).startswith("https://quiz.school.example/reset/")


def test_asking_for_mail_is_rate_limited(mail_app: Flask, mailbox: Mailbox) -> None:
    mail_app.config["MAIL_RATE_LIMIT"] = "2 per hour"
    client = mail_app.test_client()
    statuses = [_forgot(client, name).status_code for name in ("a", "b", "c")]
    assert statuses == [303, 303, 429]
    # One account's inbox, asked for from two addresses, counts once too.
    other = mail_app.test_client()
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        page = other.get("/reset/forgot").get_data(as_text=True)
        response = other.post(
            "/reset/forgot",
            data={"username": "Sam", "csrf_token": csrf_token(page)},
            environ_base={"REMOTE_ADDR": address},
        )
        last = response.status_code
    assert last == 429


def test_the_address_must_look_like_one(mail_app: Flask) -> None:
    student = signed_in(mail_app, "sam", "student")
    response = _post(student, "/settings/", "/settings/email", {"email": "sam at home"})
    assert response.status_code == 422
    assert "Type a whole address" in response.get_data(as_text=True)


def test_without_mail_settings_there_is_no_reset_by_mail(app: Flask) -> None:
    client = app.test_client()
    assert "Forgot your password?" not in client.get("/auth/login").get_data(as_text=True)
    assert client.get("/reset/forgot").status_code == 404
    student = signed_in(app, "sam", "student")
    assert "email-heading" not in student.get("/settings/").get_data(as_text=True)
    response = _post(student, "/settings/", "/settings/email", {"email": "sam@home.example"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"MAIL_SECURITY": "ssl"}, "MAIL_SECURITY"),
        ({"MAIL_FROM": ""}, "MAIL_FROM"),
        ({"BASE_URL": ""}, "QUIZAPP_BASE_URL"),
    ],
)
def test_mail_settings_that_cannot_work_stop_the_app(settings: dict[str, str], says: str) -> None:
    good = {
        "MAIL_SERVER": "smtp.school.example",
        "MAIL_FROM": "quizapp@school.example",
        "BASE_URL": "https://quiz.school.example",
    }
    with pytest.raises(RuntimeError, match=says):
        create_app(TestConfig, **{**good, **settings})
