"""Two-factor log-in: set up with a real authenticator code, then asked for at every log-in."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.accounts.models import RecoveryCode, User
from quizapp.core import totp
from quizapp.extensions import db
from tests.conftest import Auth, Clock, csrf_token

PASSWORD = "correct horse battery"


def _set_up(client: FlaskClient, clock: Clock) -> tuple[str, list[str]]:
    """Turn two-factor on through the settings pages; (the secret, the recovery codes)."""
    page = client.get("/settings/two-factor").get_data(as_text=True)
    assert "<svg" in page  # the QR code, inline
    found = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page)
    assert found is not None
    secret = found.group(1)
    wrong = client.post(
        "/settings/two-factor", data={"code": "000000", "csrf_token": csrf_token(page)}
    )
    assert wrong.status_code == 422 and "That code is not right" in wrong.get_data(as_text=True)
    code = pyotp.TOTP(secret).at(clock.now)
    done = client.post("/settings/two-factor", data={"code": code, "csrf_token": csrf_token(page)})
    codes = re.findall(r"<li><code>([0-9a-f-]{14})</code></li>", done.get_data(as_text=True))
    assert len(codes) == 10
    return secret, codes


def _log_in_again(client: FlaskClient) -> str:
    auth = Auth(client)
    auth.logout()
    response = auth.login("ada", PASSWORD)
    assert response.status_code == 302 and response.location == "/auth/two-factor"
    return client.get("/auth/two-factor").get_data(as_text=True)


def test_log_in_asks_for_a_code_that_cannot_be_replayed(
    auth: Auth, client: FlaskClient, clock: Clock
) -> None:
    auth.register("ada")
    secret, _ = _set_up(client, clock)
    page = _log_in_again(client)
    assert client.get("/banks/").status_code == 302  # not signed in before the code
    clock.advance(seconds=30)
    code = pyotp.TOTP(secret).at(clock.now)
    response = client.post("/auth/two-factor", data={"code": code, "csrf_token": csrf_token(page)})
    assert response.status_code == 302 and response.location == "/"  # the code lands on the home
    assert client.get("/banks/").status_code == 200
    page = _log_in_again(client)
    replay = client.post("/auth/two-factor", data={"code": code, "csrf_token": csrf_token(page)})
    assert replay.status_code == 422 and "used already" in replay.get_data(as_text=True)


def test_a_recovery_code_works_once(auth: Auth, client: FlaskClient, clock: Clock) -> None:
    auth.register("ada")
    _, codes = _set_up(client, clock)
    page = _log_in_again(client)
    ok = client.post("/auth/two-factor", data={"code": codes[0], "csrf_token": csrf_token(page)})
    assert ok.status_code == 302
    assert "9 recovery codes left" in client.get("/settings/").get_data(as_text=True)
    page = _log_in_again(client)
    again = client.post("/auth/two-factor", data={"code": codes[0], "csrf_token": csrf_token(page)})
    assert again.status_code == 422


def test_the_code_must_follow_the_password_soon(
    auth: Auth, client: FlaskClient, clock: Clock
) -> None:
    auth.register("ada")
    secret, _ = _set_up(client, clock)
    page = _log_in_again(client)
    clock.advance(minutes=6)
    code = pyotp.TOTP(secret).at(clock.now)
    late = client.post("/auth/two-factor", data={"code": code, "csrf_token": csrf_token(page)})
    assert late.status_code == 302 and late.location == "/auth/login"


def test_codes_are_rate_limited(app: Flask, auth: Auth, client: FlaskClient, clock: Clock) -> None:
    app.config["TWO_FACTOR_RATE_LIMIT"] = "3 per minute"
    auth.register("ada")
    _set_up(client, clock)
    page = _log_in_again(client)
    statuses = [
        client.post(
            "/auth/two-factor", data={"code": "123456", "csrf_token": csrf_token(page)}
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [422, 422, 422, 429]


def test_turning_it_off_needs_the_password(auth: Auth, client: FlaskClient, clock: Clock) -> None:
    auth.register("ada")
    _set_up(client, clock)
    page = client.get("/settings/").get_data(as_text=True)
    client.post(
        "/settings/two-factor/off", data={"password": "wrong", "csrf_token": csrf_token(page)}
    )
    assert "Two-factor log-in</h2>\n    \n      <p><strong>On." in client.get(
        "/settings/"
    ).get_data(as_text=True)
    client.post(
        "/settings/two-factor/off", data={"password": PASSWORD, "csrf_token": csrf_token(page)}
    )
    auth.logout()
    assert auth.login("ada", PASSWORD).location == "/"


def _second_factor(app: Flask) -> tuple[str | None, set[str]]:
    """ada's authenticator secret and the hashes of her recovery codes."""
    with app.app_context():
        user = db.session.scalars(select(User).where(User.username == "ada")).one()
        codes = select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)
        return user.totp_secret, set(db.session.scalars(codes))


def test_setting_it_up_again_needs_the_password(
    app: Flask, auth: Auth, client: FlaskClient, clock: Clock
) -> None:
    auth.register("ada")
    _set_up(client, clock)
    before = _second_factor(app)
    page = client.get("/settings/two-factor").get_data(as_text=True)
    found = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page)
    assert found is not None and 'name="password"' in page
    new_phone = {"code": pyotp.TOTP(found.group(1)).at(clock.now), "csrf_token": csrf_token(page)}
    for password in ({}, {"password": "not her password"}):
        refused = client.post("/settings/two-factor", data={**new_phone, **password})
        assert refused.status_code == 422
        assert 'id="password-error"' in refused.get_data(as_text=True)
        assert _second_factor(app) == before
    done = client.post("/settings/two-factor", data={**new_phone, "password": PASSWORD})
    codes = re.findall(r"<li><code>([0-9a-f-]{14})</code></li>", done.get_data(as_text=True))
    secret, hashes = _second_factor(app)
    assert len(codes) == 10 and secret == found.group(1) and not hashes & before[1]


def test_a_code_from_the_neighbouring_step_is_accepted_but_not_two_steps_away(clock: Clock) -> None:
    secret = totp.new_secret()
    app_code = pyotp.TOTP(secret)
    assert totp.matching_step(
        secret, app_code.at(clock.now - timedelta(seconds=30)), clock.now, None
    )
    assert (
        totp.matching_step(secret, app_code.at(clock.now - timedelta(seconds=61)), clock.now, None)
        is None
    )
    assert totp.matching_step(secret, "12 34 5", clock.now, None) is None


def test_an_admin_can_require_it_of_teachers_and_admins(app: Flask, clock: Clock) -> None:
    from quizapp.accounts import services as accounts

    with app.app_context():
        accounts.register("root", PASSWORD, "UTC", role="admin")
        accounts.register("ms_lee", PASSWORD, "UTC", role="teacher")
        accounts.register("sam", PASSWORD, "UTC")
    admin = app.test_client()
    Auth(admin).login("root", PASSWORD)
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "is <strong>optional</strong>" in page
    admin.post("/admin/two-factor", data={"required": "1", "csrf_token": csrf_token(page)})
    teacher, student = app.test_client(), app.test_client()
    Auth(teacher).login("ms_lee", PASSWORD)
    Auth(student).login("sam", PASSWORD)
    assert student.get("/banks/").status_code == 200
    sent = teacher.get("/classes/")
    assert sent.status_code == 302 and sent.location == "/settings/two-factor"
    _set_up(teacher, clock)
    assert teacher.get("/classes/").status_code == 200
    assert admin.get("/admin/users").location == "/settings/two-factor"  # the admin too
