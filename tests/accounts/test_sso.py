"""School sign-in without a browser: the accounts it makes and links, and its pages' answers.

The provider's real answers (and the altered ones) are tested in tests/e2e/test_sso_journey.py;
here the verified claims are given to the callback directly, to test what quizapp does with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quizapp import create_app
from quizapp.accounts import oidc, sso
from quizapp.accounts import services as accounts
from quizapp.accounts.models import SsoIdentity, User
from quizapp.audit.models import AuditEntry
from quizapp.config import TestConfig
from quizapp.core.signin import Provider
from quizapp.database import tx
from quizapp.errors import InvalidCredentials
from quizapp.extensions import db
from tests.conftest import Auth, Clock, csrf_token

PASSWORD = "correct horse battery"
ISSUER = "http://127.0.0.1:9"  # nothing answers there
SCHOOL = Provider(
    "school",
    "Springfield School",
    ISSUER,
    "quizapp",
    "secret",
    domains=("school.example",),
    teacher_claim="groups",
    teacher_values=("staff",),
)


@pytest.fixture
def app(db_url: str, clock: Clock) -> Iterator[Flask]:
    app = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=db_url, CLOCK=clock, OIDC_PROVIDERS=(SCHOOL,)
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def claims(sub: str, email: str, **more: Any) -> dict[str, Any]:
    return {"sub": sub, "email": email, "email_verified": True, **more}


@pytest.fixture
def provider_says(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The claims the next callbacks take as verified, first to last."""
    answers: list[dict[str, Any]] = []
    monkeypatch.setattr(oidc, "verified_claims", lambda provider: answers.pop(0))
    return answers


def users(app: Flask) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(select(User.username, User.role).order_by(User.id)).all()
        db.session.remove()
    return [(r.username, r.role) for r in rows]


def flashed(client: FlaskClient) -> str:
    return client.get("/auth/login", follow_redirects=True).get_data(as_text=True)


def test_a_first_sign_in_makes_an_account_without_a_password_and_the_next_finds_it(
    app: Flask, client: FlaskClient, provider_says: list[dict[str, Any]]
) -> None:
    provider_says += [claims("s-1", "ada@school.example")] * 2
    response = client.get("/sso/school/callback")
    assert response.status_code == 302 and response.location == "/"
    assert users(app) == [("ada", "student")]
    Auth(client).logout()
    client.get("/sso/school/callback")
    assert users(app) == [("ada", "student")]
    assert client.get("/settings/").status_code == 200
    with app.app_context(), pytest.raises(InvalidCredentials):
        accounts.authenticate("ada", sso.NO_PASSWORD)


def test_a_staff_group_makes_a_teacher_and_a_reused_email_makes_a_new_account(
    app: Flask, provider_says: list[dict[str, Any]]
) -> None:
    provider_says += [
        claims("t-1", "grace@school.example", groups=["staff"]),
        claims("s-1", "ada@school.example"),
        claims("s-2", "ada@school.example"),  # another person, given ada's old address
    ]
    for _ in range(3):
        app.test_client().get("/sso/school/callback")
    assert users(app) == [("grace", "teacher"), ("ada", "student"), ("ada2", "student")]
    with app.app_context():
        entries = db.session.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.detail))
        assert [tuple(e) for e in entries] == [
            (
                "grace",
                "role changed",
                "teacher at first sign-in, from Springfield School's groups claim",
            )
        ]


def test_an_email_naming_an_account_with_a_password_changes_nothing(
    app: Flask, client: FlaskClient, provider_says: list[dict[str, Any]]
) -> None:
    with app.app_context():
        accounts.register("jsmith", PASSWORD, "UTC", role="teacher")
    provider_says += [claims("s-9", "JSmith@school.example", groups=["staff"])]
    client.get("/sso/school/callback")
    assert "account called jsmith already" in flashed(client)
    assert users(app) == [("jsmith", "teacher")]
    with app.app_context():
        assert db.session.scalar(select(func.count(SsoIdentity.id))) == 0
        assert accounts.authenticate("jsmith", PASSWORD).username == "jsmith"


def test_outside_the_schools_domains_nobody_is_signed_in(
    app: Flask, client: FlaskClient, provider_says: list[dict[str, Any]]
) -> None:
    provider_says += [
        claims("x-1", "eve@elsewhere.example"),
        claims("x-2", "eve@school.example", email_verified=False),
    ]
    for _ in range(2):
        client.get("/sso/school/callback")
        assert "not one of the school" in flashed(client)
    assert users(app) == []


def test_an_account_with_two_factor_still_asks_for_its_code(
    app: Flask, client: FlaskClient, provider_says: list[dict[str, Any]]
) -> None:
    provider_says += [claims("s-1", "ada@school.example")]
    client.get("/sso/school/callback")
    with app.app_context(), tx.write() as session:
        user = session.scalar(select(User).where(User.username == "ada"))
        assert user is not None
        user.totp_secret = "JBSWY3DPEHPK3PXP"
    Auth(client).logout()
    provider_says += [claims("s-1", "ada@school.example")]
    response = client.get("/sso/school/callback")
    assert response.location == "/auth/two-factor"
    assert client.get("/settings/").status_code == 302  # not signed in before the code


def test_a_callback_without_its_sign_in_is_refused_before_the_provider_is_asked(
    client: FlaskClient,
) -> None:
    response = client.get("/sso/school/callback?state=guessed&code=stolen")
    assert response.location == "/auth/login"
    assert "used already or has expired" in flashed(client)
    assert client.get("/sso/nowhere/callback").status_code == 404


def test_an_unreachable_provider_is_said_so(client: FlaskClient) -> None:
    response = client.get("/sso/school/start")
    assert response.location == "/auth/login"
    assert "Springfield School cannot be reached just now" in flashed(client)


def test_the_callback_counts_against_the_log_in_limit(app: Flask, client: FlaskClient) -> None:
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    statuses = [client.get("/sso/school/callback").status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]


def _link_page(client: FlaskClient) -> str:
    return client.get("/sso/school/link").get_data(as_text=True)


def test_linking_asks_for_the_password_then_links_what_the_provider_returns(
    app: Flask, client: FlaskClient, provider_says: list[dict[str, Any]]
) -> None:
    Auth(client).register("jsmith")
    # Without the password first, the provider's answer links nothing: it signs in (refused).
    provider_says += [claims("s-9", "jsmith@school.example")]
    client.get("/sso/school/callback")
    with app.app_context():
        assert sso.linked_issuers(1) == set()

    page = _link_page(client)
    assert "Your quizapp password" in page and "Continue to" not in page
    wrong = client.post(
        "/sso/school/link", data={"password": "not it", "csrf_token": csrf_token(page)}
    )
    assert wrong.status_code == 422 and "That is not your password." in wrong.get_data(True)
    assert "Continue to" not in _link_page(client)
    right = client.post(
        "/sso/school/link", data={"password": PASSWORD, "csrf_token": csrf_token(page)}
    )
    assert right.location == "/sso/school/link"
    assert 'href="/sso/school/start"' in _link_page(client)
    provider_says += [claims("s-9", "jsmith@school.example")]
    response = client.get("/sso/school/callback")
    assert response.location == "/sso/"
    assert "Springfield School:</strong> linked" in client.get("/sso/").get_data(True)
    with app.app_context():
        assert sso.linked_issuers(1) == {ISSUER}

    Auth(client).logout()
    provider_says += [claims("s-9", "jsmith@school.example")]
    client.get("/sso/school/callback")
    assert re.search(r"Signed in as jsmith\.", client.get("/").get_data(True))


def test_an_identity_linked_to_someone_else_is_not_moved(
    app: Flask, client: FlaskClient, provider_says: list[dict[str, Any]]
) -> None:
    provider_says += [claims("s-1", "ada@school.example")]
    app.test_client().get("/sso/school/callback")  # ada's account, made by school sign-in
    Auth(client).register("mallory")
    page = _link_page(client)
    client.post("/sso/school/link", data={"password": PASSWORD, "csrf_token": csrf_token(page)})
    provider_says += [claims("s-1", "ada@school.example")]
    client.get("/sso/school/callback")
    assert "already signs in to another quizapp account" in client.get("/sso/").get_data(True)
    with app.app_context():
        assert sso.linked_issuers(2) == set()


def test_signed_in_people_are_not_sent_to_the_provider_without_their_own_password(
    client: FlaskClient, clock: Clock
) -> None:
    auth = Auth(client)
    auth.register("ada")
    assert client.get("/sso/school/start").location == "/"
    page = _link_page(client)
    client.post("/sso/school/link", data={"password": PASSWORD, "csrf_token": csrf_token(page)})
    # Off to the provider, which cannot be reached here: back to the log-in page, not home.
    assert client.get("/sso/school/start").location == "/auth/login"
    clock.advance(minutes=11)  # the password proves it was them for ten minutes
    assert client.get("/sso/school/start").location == "/"
    client.post("/sso/school/link", data={"password": PASSWORD, "csrf_token": csrf_token(page)})
    auth.logout()  # on a shared computer, the next person signs in
    auth.register("ben")
    assert client.get("/sso/school/start").location == "/"
    assert "Continue to" not in _link_page(client)


def test_the_log_in_and_settings_pages_offer_school_sign_in(client: FlaskClient) -> None:
    assert "Sign in with Springfield School" in client.get("/auth/login").get_data(True)
    Auth(client).register("ada")
    assert 'href="/sso/"' in client.get("/settings/").get_data(True)
    assert "Link your Springfield School account" in client.get("/sso/").get_data(True)


def test_starting_again_replaces_the_unfinished_sign_in(app: Flask, client: FlaskClient) -> None:
    """Each start keeps its state in the session cookie: only the latest is kept, so that clicking
    again and again cannot grow the cookie past what browsers keep."""
    with app.app_context():
        authlib = app.extensions["authlib.integrations.flask_client"].create_client("school")
        authlib.server_metadata.update(
            {"authorization_endpoint": f"{ISSUER}/auth", "_loaded_at": 1.0}  # no discovery
        )
    for _ in range(3):
        response = client.get("/sso/school/start")
        assert response.location.startswith(f"{ISSUER}/auth?response_type=code")
        assert "code_challenge_method=S256" in response.location and "nonce=" in response.location
    with client.session_transaction() as session:
        assert len([key for key in session if key.startswith("_state_school_")]) == 1
