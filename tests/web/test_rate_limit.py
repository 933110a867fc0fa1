"""Log-in, sign-up and password attempts are rate limited, in Redis when one is configured."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from quizapp import create_app
from quizapp.config import TestConfig
from quizapp.extensions import db
from tests.conftest import Auth, csrf_token, submit_form

STORAGES = ["memory://"] + (
    [os.environ["TEST_REDIS_URL"]] if os.environ.get("TEST_REDIS_URL") else []
)
UNREACHABLE_REDIS = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[object]:
    """An app on its own SQLite file with the given settings; disposed of at the end."""
    made: list[Flask] = []

    def make(**settings: object) -> Flask:
        app = create_app(
            TestConfig,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/q{len(made)}.db",
            RATELIMIT_KEY_PREFIX=f"quizapp-test-{secrets.token_hex(4)}",
            **settings,
        )
        with app.app_context():
            db.create_all()
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


def _login_statuses(auth: Auth, username: str, count: int, **headers: str) -> list[int]:
    statuses = []
    for _ in range(count):
        page = auth.client.get("/auth/login").get_data(as_text=True)
        data = {"username": username, "password": "wrong password", "csrf_token": csrf_token(page)}
        statuses.append(auth.client.post("/auth/login", data=data, headers=headers).status_code)
    return statuses


@pytest.mark.parametrize("storage", STORAGES, ids=lambda s: s.split(":")[0])
def test_too_many_login_attempts_are_refused(make_app, storage: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(LOGIN_RATE_LIMIT="3 per minute", RATELIMIT_STORAGE_URI=storage)
    auth = Auth(app.test_client())
    assert _login_statuses(auth, "ada", 4) == [200, 200, 200, 429]
    assert auth.client.get("/auth/login").status_code == 200  # reading the page is not limited


def _login_response(auth: Auth, username: str):  # type: ignore[no-untyped-def]
    data = {"username": username, "password": "wrong password"}
    return submit_form(auth.client, "/auth/login", "/auth/login", data)


def test_the_limit_page_says_what_to_do(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(LOGIN_RATE_LIMIT="1 per minute")
    auth = Auth(app.test_client())
    _login_statuses(auth, "ada", 1)
    response = _login_response(auth, "ada")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_log_in_attempts_are_counted_per_username_and_address(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(LOGIN_RATE_LIMIT="3 per minute")
    auth = Auth(app.test_client())
    assert _login_statuses(auth, "ada", 4) == [200, 200, 200, 429]
    assert _login_statuses(auth, "ADA", 1) == [429]  # usernames are not case-sensitive
    assert _login_statuses(auth, "bob", 1) == [
        200
    ]  # a classmate at the same school is not locked out


def test_behind_a_proxy_each_client_address_has_its_own_bucket(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(LOGIN_RATE_LIMIT="2 per minute", PROXY_HOPS=1)
    auth = Auth(app.test_client())
    first = {"X-Forwarded-For": "203.0.113.7"}
    second = {"X-Forwarded-For": "198.51.100.4"}
    assert _login_statuses(auth, "ada", 3, **first) == [200, 200, 429]
    assert _login_statuses(auth, "ada", 1, **second) == [200]


def test_without_a_proxy_setting_forwarded_for_is_ignored(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(LOGIN_RATE_LIMIT="2 per minute")
    auth = Auth(app.test_client())
    assert _login_statuses(auth, "ada", 2, **{"X-Forwarded-For": "203.0.113.7"}) == [200, 200]
    assert _login_statuses(auth, "ada", 1, **{"X-Forwarded-For": "198.51.100.4"}) == [429]


def test_password_change_attempts_are_limited(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(PASSWORD_RATE_LIMIT="3 per minute")
    auth = Auth(app.test_client())
    auth.register("ada")
    data = {
        "current": "not my password",
        "new": "a new passphrase 42",
        "confirm": "a new passphrase 42",
    }
    statuses = [
        submit_form(auth.client, "/settings/", "/settings/password", data).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_with_redis_down_log_in_and_sign_up_still_work(
    make_app, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(LOGIN_RATE_LIMIT="3 per minute", RATELIMIT_STORAGE_URI=UNREACHABLE_REDIS)
    auth = Auth(app.test_client())
    with caplog.at_level(logging.WARNING):
        response = auth.register("ada")
    assert response.status_code == 302 and response.location == "/"
    assert any(
        "in-memory" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING
    )
    auth.logout()
    assert auth.login("ada").status_code == 302
    auth.logout()
    # Limits still hold, counted in this process's memory until Redis is back.
    assert _login_statuses(auth, "eve", 4) == [200, 200, 200, 429]


def test_only_limited_views_check_a_limit(make_app) -> None:  # type: ignore[no-untyped-def]
    """Limits are checked by the decorator on their views, not before every request."""
    from quizapp.extensions import limiter

    app = make_app(LOGIN_RATE_LIMIT="1 per minute")
    assert limiter._check_request_limit not in app.before_request_funcs.get(None, [])
    auth = Auth(app.test_client())
    assert _login_statuses(auth, "ada", 2) == [200, 429]  # the decorated view still counts


def test_password_guesses_on_the_two_factor_pages_share_the_password_limit(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(PASSWORD_RATE_LIMIT="3 per minute")
    auth = Auth(app.test_client())
    auth.register("ada")
    wrong = {
        "current": "not my password",
        "new": "a new passphrase 42",
        "confirm": "a new passphrase 42",
    }
    change = submit_form(auth.client, "/settings/", "/settings/password", wrong)
    off = submit_form(auth.client, "/settings/", "/settings/two-factor/off", {"password": "x"})
    setup = submit_form(auth.client, "/settings/two-factor", "/settings/two-factor", {"code": "1"})
    assert [change.status_code, off.status_code, setup.status_code] == [200, 302, 422]
    again = submit_form(auth.client, "/settings/", "/settings/two-factor/off", {"password": "x"})
    assert again.status_code == 429
    assert auth.client.get("/settings/two-factor").status_code == 200  # looking is not guessing


def test_a_new_app_does_not_inherit_a_dead_storage(make_app) -> None:  # type: ignore[no-untyped-def]
    """The limiter is process-wide: an app made after one whose Redis was down must count in its
    own storage from the start, not in the memory fallback until a backend check flips it."""
    from quizapp.extensions import limiter

    down = make_app(LOGIN_RATE_LIMIT="3 per minute", RATELIMIT_STORAGE_URI=UNREACHABLE_REDIS)
    Auth(down.test_client()).register("ada")
    assert limiter._storage_dead
    make_app(LOGIN_RATE_LIMIT="3 per minute")
    assert not limiter._storage_dead
