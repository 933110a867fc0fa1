"""Browser fixtures: Debian's Chromium driven by Playwright against a live server on SQLite."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import threading
from collections.abc import Generator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import make_server

from quizapp import create_app
from quizapp.accounts import services as accounts
from quizapp.banks.importing import import_files
from quizapp.config import TestConfig
from quizapp.extensions import db
from tests.conftest import REPO, SAMPLE_BANKS

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = REPO / "test-artifacts"
ADMIN, ADMIN_PASSWORD = "root", "the school's admin passphrase"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}

_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item,
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test so the `page` fixture can tell a failure."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def chromium_path() -> str | None:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI: install Debian's chromium package")
        pytest.skip(
            "Debian's chromium package is not installed; `make test` installs it when run as root"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def closed_early(app: WSGIApplication) -> WSGIApplication:
    """Serve `app` with each response read and closed before a byte is sent.

    werkzeug's development server skips a response's close() when the client has already
    dropped the connection (its draining of the socket raises first), which leaves a static
    file open until the garbage collector finds it: a ResourceWarning in whichever test runs
    then. Pages here are small, so reading each body first costs nothing.
    """

    def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return serve


@pytest.fixture
def live_database_url(tmp_path: Path) -> str:
    """The SQLite file the live server uses, for the `flask` command line in a test."""
    return f"sqlite:///{tmp_path / 'e2e.db'}"


@pytest.fixture
def live_settings() -> dict[str, object]:
    """Settings for the live server beyond the tests' own (a test module overrides this, as
    the mail tests do with an SMTP server's); BASE_URL is set to the server's address."""
    return {}


@pytest.fixture
def live_server(
    tmp_path: Path, live_database_url: str, live_settings: dict[str, object]
) -> Iterator[str]:
    """The app on a fresh SQLite file with the sample bank imported, served on a free port."""
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=live_database_url,
        BANKS_DIR=SAMPLE_BANKS,
        GAME_POLL_MS=250,  # a live game's pages move on four times as fast as in class
        **live_settings,
    )
    with app.app_context():
        db.create_all()
        import_files(sorted(SAMPLE_BANKS.glob("*.toml")), datetime.now(UTC))
        accounts.register(ADMIN, ADMIN_PASSWORD, "UTC", role="admin")
        db.session.remove()
    server = make_server("127.0.0.1", 0, closed_early(app), threaded=True)
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"  # links in mail
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def page(browser: Browser, live_server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser profile at desktop size; a failing test leaves a screenshot behind."""
    context = browser.new_context(viewport=DESKTOP, base_url=live_server)
    page = context.new_page()
    refused: list[str] = []  # what the Content-Security-Policy blocked, as Chromium reports it
    context.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    failed: list[str] = []  # uncaught script errors, on any page the test opened
    page.on("pageerror", lambda error: failed.append(str(error)))
    try:
        yield page
        assert refused == [], "the page broke its Content-Security-Policy"
        assert failed == [], "a page's script failed"
    finally:
        reports = request.node.stash.get(_REPORTS, {})
        if "call" in reports and reports["call"].failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            with contextlib.suppress(PlaywrightError):
                page.screenshot(path=ARTIFACTS / f"failed-{name}.png", full_page=True)
        context.close()
