"""Every response carries the security headers, whoever asks and whatever the status."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp import create_app
from quizapp.accounts.models import User
from quizapp.classes import services as classes
from quizapp.config import ProductionConfig
from quizapp.extensions import db
from tests.conftest import Auth, Clock, signed_in

pytestmark = pytest.mark.usefixtures("sample_banks")

CSP = (
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'"
)
EXPECTED = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
EXAMPLE_ARGS = {
    "slug": "sample",
    "review_id": "1",
    "question_id": "1",
    "username": "ada",
    "account": "ada",
    "class_id": "1",
    "student_id": "1",
    "code": "ABCD2345",
    "filename": "style.css",
    "qtype": "choice",
    "fmt": "toml",
    "number": "1",
    "quiz_id": "1",
    "attempt_id": "1",
    "position": "1",
    "source_id": "1",
    "homework_id": "1",
    "game_id": "1",
    "player_id": "1",
    "picture": "ab" * 32 + ".png",
    "token": "not-a-real-token",
    "provider": "school",
}


def _urls(app: Flask) -> list[tuple[str, str]]:
    """(method, url) for every rule of the app, with example values for its arguments."""
    found = []
    for rule in app.url_map.iter_rules():
        url = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: EXAMPLE_ARGS[m.group(1)], rule.rule)
        found.extend((method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"}))
    return found


def _assert_headers(client: FlaskClient, method: str, url: str) -> None:
    response = client.open(url, method=method)
    response.close()  # a static file is streamed from disk
    missing = {
        k: response.headers.get(k) for k, v in EXPECTED.items() if response.headers.get(k) != v
    }
    assert missing == {}, (method, url, response.status_code)
    assert "Strict-Transport-Security" not in response.headers  # only in production


def test_every_route_sends_the_security_headers(app: Flask, client: FlaskClient) -> None:
    urls = _urls(app)
    assert len(urls) >= 10
    for method, url in urls:
        _assert_headers(client, method, url)  # anonymous: log-in redirects and pages
    Auth(client).register("ada")
    for method, url in urls:
        if url != "/auth/logout":
            _assert_headers(client, method, url)  # a student: pages, 400s and 404s


def test_no_response_to_a_signed_in_user_is_stored_but_static_files_keep_their_caching(
    app: Flask, clock: Clock
) -> None:
    client = signed_in(app, "root", "admin")  # an admin may edit every bank and teach
    with app.app_context():
        admin = db.session.scalars(select(User.id).where(User.username == "root")).one()
        classes.create_class(admin, "Year 9", "", clock.now)  # class 1 of EXAMPLE_ARGS
        db.session.remove()
    statuses = {}
    for method, url in _urls(app):
        if url == "/auth/logout":
            continue
        response = client.open(url, method=method)
        response.close()
        statuses[method, url] = response.status_code
        stored = "no-store" not in response.headers.get("Cache-Control", "")
        assert stored == url.startswith("/static/"), (method, url, response.status_code)
    assert statuses["GET", "/static/style.css"] == 200
    private = ["/classes/1/gradebook", "/classes/1/gradebook.csv", "/classes/1/roster.csv"]
    private.append("/editor/banks/sample/export.toml")
    assert [statuses["GET", url] for url in private] == [200] * len(private)


def test_error_pages_send_the_security_headers(client: FlaskClient) -> None:
    _assert_headers(client, "GET", "/no/such/page")
    _assert_headers(client, "POST", "/auth/login")  # no CSRF token: 400


def test_production_adds_strict_transport_security(tmp_path: Path) -> None:
    app = create_app(
        ProductionConfig,
        SECRET_KEY="s" * 40,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.db",
    )
    response = app.test_client().get("/auth/login")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.headers["Content-Security-Policy"] == CSP
