"""Fixtures: an app on SQLite (and PostgreSQL when TEST_DATABASE_URL is set), a clock, a client."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quizapp import create_app
from quizapp.config import TestConfig, database_url
from quizapp.extensions import db

DATA = Path(__file__).parent / "data"
SAMPLE_BANKS = DATA / "banks"
REPO = Path(__file__).parent.parent
PG_URL = os.environ.get("TEST_DATABASE_URL")


class Clock:
    """A settable clock the app reads through its CLOCK setting."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture(scope="session")
def pg_schema_url() -> Iterator[str | None]:
    """A private schema on the test PostgreSQL server, dropped with everything in it at the end."""
    if not PG_URL:
        yield None
        return
    base = database_url(PG_URL, Path("unused"))
    schema = f"quizapp_test_{secrets.token_hex(4)}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        engine.dispose()


BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def pytest_report_header() -> str:
    where = (
        "SQLite and PostgreSQL" if PG_URL else "SQLite only (set TEST_DATABASE_URL for PostgreSQL)"
    )
    return f"quizapp databases: {where}"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path, pg_schema_url: str | None) -> str:
    if request.param == "postgresql":
        assert pg_schema_url is not None
        return pg_schema_url
    return f"sqlite:///{tmp_path / 'quizapp.db'}"


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))


@pytest.fixture
def app(db_url: str, clock: Clock) -> Iterator[Flask]:
    app = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=db_url, CLOCK=clock, BANKS_DIR=SAMPLE_BANKS
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """An app context for service tests."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'type="hidden" name="csrf_token" value="([^"]+)"'
)


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    assert found, "page has no CSRF token"
    return found.group(1) or found.group(2)


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', html
    )
    assert found, f"page has no hidden field {name}"
    return found.group(1)


def submit_form(client: FlaskClient, page: str, action: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    """Open a page and post one of its forms, as a browser would: with the page's CSRF token."""
    html = client.get(page).get_data(as_text=True)
    return client.post(action, data={**data, "csrf_token": csrf_token(html)})


class Auth:
    """Signs up and logs in through the real forms."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def register(
        self, username: str = "ada", password: str = "correct horse battery", **extra: str
    ):  # type: ignore[no-untyped-def]
        data = {"username": username, "password": password, "confirm": password, **extra}
        return submit_form(self.client, "/auth/register", "/auth/register", data)

    def login(self, username: str = "ada", password: str = "correct horse battery"):  # type: ignore[no-untyped-def]
        data = {"username": username, "password": password}
        return submit_form(self.client, "/auth/login", "/auth/login", data)

    def logout(self):  # type: ignore[no-untyped-def]
        return submit_form(self.client, "/banks/", "/auth/logout", {})


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)


@pytest.fixture
def sample_banks(app: Flask, clock: Clock) -> None:
    from quizapp.banks.importing import import_files

    # Its own app context: a context held open through a test would be shared by the test
    # client's requests, and with it Flask-Login's cached user.
    with app.app_context():
        import_files(sorted(SAMPLE_BANKS.glob("*.toml")), clock.now)
        db.session.remove()


@pytest.fixture
def count_rows(app: Flask):  # type: ignore[no-untyped-def]
    """Count the rows of a model, outside any request."""

    def count(model: type) -> int:
        with app.app_context():
            return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0

    return count


def signed_in(app: Flask, username: str, role: str, timezone: str = "UTC") -> FlaskClient:
    """A test client logged in as a new account with this role (password "correct horse
    battery")."""
    from quizapp.accounts import services as accounts

    with app.app_context():
        accounts.register(username, "correct horse battery", timezone, role=role)
    client = app.test_client()
    assert Auth(client).login(username, "correct horse battery").status_code == 302
    return client


@pytest.fixture
def mailbox() -> Iterator[object]:
    """A real SMTP server on a free port; its Mailbox has the messages it received."""
    from tests.mailbox import smtp_server

    with smtp_server() as box:
        yield box
