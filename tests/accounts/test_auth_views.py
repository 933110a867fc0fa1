"""Sign-up, log-in and log-out through the real forms."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import Auth, submit_form

PROTECTED = [
    ("get", "/banks/"),
    ("get", "/settings/"),
    ("post", "/settings/password"),
    ("get", "/study/sample/"),
    ("get", "/study/sample/next"),
    ("post", "/study/sample/answer"),
    ("get", "/study/sample/answers/1"),
    ("post", "/study/sample/more-new"),
    ("post", "/auth/logout"),
    ("post", "/study/sample/answers/1/right"),
    ("get", "/progress/"),
    ("get", "/progress/sample/"),
    ("get", "/progress/questions/1"),
]


@pytest.mark.parametrize(("method", "url"), PROTECTED)
def test_pages_behind_login_redirect_anonymous_visitors(
    client: FlaskClient, method: str, url: str
) -> None:
    client.application.config["WTF_CSRF_ENABLED"] = False  # reach the login check, not the CSRF one
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.location.startswith("/auth/login")


def test_register_logs_in_and_welcomes(auth: Auth, client: FlaskClient) -> None:
    response = auth.register("ada")
    assert response.status_code == 302 and response.location == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Welcome, ada!" in page and "Log out" in page


def test_register_errors_appear_next_to_the_fields(auth: Auth, client: FlaskClient) -> None:
    data = {"username": "a!", "password": "short", "confirm": "other"}
    response = submit_form(client, "/auth/register", "/auth/register", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="username-error"' in html and "Use letters, digits" in html
    assert 'id="password-error"' in html and "between 10 and 200 characters" in html
    assert 'id="confirm-error"' in html and "The passwords do not match." in html


def test_taken_username_is_reported_on_the_username_field(auth: Auth, client: FlaskClient) -> None:
    auth.register("ada")
    auth.logout()
    html = auth.register("ADA").get_data(as_text=True)
    assert 'id="username-error"' in html and "That username is taken" in html


def test_wrong_password_shows_an_error_and_does_not_log_in(auth: Auth, client: FlaskClient) -> None:
    auth.register("ada")
    auth.logout()
    html = auth.login("ada", "not the password").get_data(as_text=True)
    assert "Wrong username or password." in html
    assert client.get("/banks/").status_code == 302


def test_post_without_csrf_token_is_refused(auth: Auth, client: FlaskClient) -> None:
    response = client.post(
        "/auth/login", data={"username": "ada", "password": "correct horse battery"}
    )
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_logout_invalidates_every_earlier_session_cookie(
    app, auth: Auth, client: FlaskClient
) -> None:  # type: ignore[no-untyped-def]
    auth.register("ada")
    other = app.test_client()
    Auth(other).login("ada")
    assert other.get("/banks/").status_code == 200
    auth.logout()
    assert client.get("/banks/").status_code == 302
    assert other.get("/banks/").status_code == 302  # the other device is signed out too


def test_password_change_signs_out_other_sessions_but_not_this_one(
    app, auth: Auth, client: FlaskClient
) -> None:  # type: ignore[no-untyped-def]
    auth.register("ada")
    other = app.test_client()
    Auth(other).login("ada")
    data = {
        "current": "correct horse battery",
        "new": "an even better passphrase",
        "confirm": "an even better passphrase",
    }
    response = submit_form(client, "/settings/", "/settings/password", data)
    assert response.status_code == 302
    assert client.get("/settings/").status_code == 200
    assert other.get("/settings/").status_code == 302


def test_login_redirects_only_to_local_paths(auth: Auth, client: FlaskClient) -> None:
    auth.register("ada")
    auth.logout()
    data = {"username": "ada", "password": "correct horse battery"}
    response = submit_form(client, "/auth/login", "/auth/login?next=https://evil.example/", data)
    assert response.location == "/"


@pytest.mark.parametrize(
    "password", ["1234567890", "password123", "qwertyuiop", "aaaaaaaaaaaa", "ada-ada-ada-1"]
)
def test_common_or_guessable_passwords_are_refused_with_a_reason(
    auth: Auth, client: FlaskClient, password: str
) -> None:
    data = {"username": "ada", "password": password, "confirm": password}
    html = submit_form(client, "/auth/register", "/auth/register", data).get_data(as_text=True)
    assert 'id="password-error"' in html and "too easy to guess" in html
    assert client.get("/banks/").status_code == 302  # no account, not logged in


def test_a_strong_new_password_is_required_on_change_too(auth: Auth, client: FlaskClient) -> None:
    auth.register("ada")
    data = {"current": "correct horse battery", "new": "1234567890", "confirm": "1234567890"}
    html = submit_form(client, "/settings/", "/settings/password", data).get_data(as_text=True)
    assert 'id="new-error"' in html and "too easy to guess" in html
