"""School sign-in in the browser against a real OpenID provider started locally (npm's
oidc-provider): a first sign-in makes a student, a teacher claim makes a teacher, an account with a
password is linked only after its password, and every altered answer is refused."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import func, select
from werkzeug.serving import make_server

from quizapp import create_app
from quizapp.accounts import services as accounts
from quizapp.accounts.models import SsoIdentity, User
from quizapp.banks.importing import import_files
from quizapp.config import TestConfig
from quizapp.core.signin import Provider
from quizapp.extensions import db
from tests.conftest import SAMPLE_BANKS
from tests.e2e.conftest import DESKTOP
from tests.e2e.oidc_provider import (
    TokenProxy,
    free_port,
    running_provider,
    signing_key,
    tampering,
)
from tests.e2e.student import PASSWORD, log_in, log_out
from tests.e2e.test_screenshots import Camera

pytestmark = pytest.mark.e2e

LABEL = "Springfield School"
SIGN_IN = f"Sign in with {LABEL}"
ACCOUNTS = {
    "s-ada": {
        "email": "ada@school.example",
        "email_verified": True,
        "name": "Ada Lovelace",
        "preferred_username": "ada@school.example",
        "groups": ["students"],
    },
    "t-grace": {
        "email": "grace@school.example",
        "email_verified": True,
        "name": "Grace Hopper",
        "groups": ["staff"],
    },
    # The email of jsmith, who has a quizapp account with a password.
    "s-jsmith": {"email": "jsmith@school.example", "email_verified": True, "name": "J Smith"},
    "x-eve": {"email": "eve@elsewhere.example", "email_verified": True, "name": "Eve"},
    "s-bob": {"email": "bob@school.example", "email_verified": False, "name": "Bob"},
}


@dataclass
class School:
    app: Flask
    url: str
    browser: Browser

    def __post_init__(self) -> None:
        self.refused: list[str] = []  # what a Content-Security-Policy blocked, on any page

    def context(self) -> BrowserContext:
        context = self.browser.new_context(viewport=DESKTOP, base_url=self.url)
        context.on(
            "console",
            lambda m: self.refused.append(m.text) if "Content Security Policy" in m.text else 0,
        )
        return context

    def users(self) -> list[tuple[str, str]]:
        with self.app.app_context():
            rows = db.session.execute(select(User.username, User.role).order_by(User.id)).all()
            db.session.remove()
            return [(r.username, r.role) for r in rows]

    def identities(self) -> int:
        with self.app.app_context():
            count = db.session.scalar(select(func.count(SsoIdentity.id))) or 0
            db.session.remove()
            return count

    def token_endpoint(self, url: str | None) -> None:
        """Send quizapp's code exchanges to `url` (the tampering proxy), or to the provider."""
        with self.app.app_context():
            client = self.app.extensions["authlib.integrations.flask_client"]
            client.create_client("school").access_token_url = url


@pytest.fixture
def school(browser: Browser, tmp_path: Path) -> Iterator[School]:
    """quizapp with one school provider, and the provider with quizapp and another client."""
    provider_port = free_port()
    key = signing_key()
    provider = Provider(
        name="school",
        label=LABEL,
        issuer=f"http://127.0.0.1:{provider_port}",
        client_id="quizapp",
        client_secret="quizapp-test-secret",
        domains=("school.example",),
        teacher_claim="groups",
        teacher_values=("staff",),
    )
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'sso.db'}",
        BANKS_DIR=SAMPLE_BANKS,
        OIDC_PROVIDERS=(provider,),
    )
    with app.app_context():
        db.create_all()
        import_files(sorted(SAMPLE_BANKS.glob("*.toml")), datetime.now(UTC))
        accounts.register("jsmith", PASSWORD, "UTC")
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    clients = [
        {
            "client_id": "quizapp",
            "client_secret": "quizapp-test-secret",
            "redirect_uris": [f"{url}/sso/school/callback"],
        },
        {
            "client_id": "other-app",
            "client_secret": "other-secret",
            "redirect_uris": ["http://127.0.0.1:9/callback"],
        },
    ]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    with running_provider(tmp_path, provider_port, clients, ACCOUNTS, key):
        thread.start()
        try:
            world = School(app, url, browser)
            world.key = key  # type: ignore[attr-defined]
            yield world
            assert world.refused == [], "a page broke its Content-Security-Policy"
        finally:
            server.shutdown()
            server.server_close()
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def sign_in_at_school(page: Page, account: str | None) -> None:
    """From quizapp's log-in page to the provider and back; `account` to pick at the provider's
    log-in page, or None when the provider remembers who signed in there."""
    page.goto("/auth/login")
    page.get_by_role("link", name=SIGN_IN).click()
    if account is not None:
        page.get_by_label("Account").fill(account)
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/(auth/|$|\?|sso/)"))


def expect_refused(page: Page, message: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.locator(".flash-error")).to_contain_text(message)
    page.goto("/settings/")  # nobody is signed in: it asks for a log-in
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


def test_first_sign_in_makes_a_student_a_staff_claim_a_teacher_and_a_replay_is_refused(
    school: School,
) -> None:
    context = school.context()
    page = context.new_page()
    camera = Camera(page, prefix="sso-")
    page.goto("/auth/login")
    expect(page.get_by_role("link", name=SIGN_IN)).to_be_visible()
    camera.shoot("login")

    callbacks: list[str] = []
    page.on("request", lambda r: callbacks.append(r.url) if "/sso/school/callback" in r.url else 0)
    page.get_by_role("link", name=SIGN_IN).click()
    page.get_by_label("Account").fill("s-ada")
    before_callback = context.cookies()  # quizapp's session cookie, holding the state
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".flash-success")).to_contain_text("Signed in as ada.")
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    assert ("ada", "student") in school.users()
    log_out(page)

    # The same callback again: its state was used up, so nothing signs in.
    page.goto(callbacks[-1])
    expect_refused(page, "used already or has expired")
    fresh = school.context()
    stranger = fresh.new_page()
    stranger.goto(callbacks[-1])
    expect_refused(stranger, "used already or has expired")
    # With the cookie from before the callback (its state still in it), the provider refuses
    # the code it gave once already.
    stranger.context.add_cookies(before_callback)  # type: ignore[arg-type]
    stranger.goto(callbacks[-1])
    expect_refused(stranger, "did not sign you in (invalid_grant)")
    fresh.close()

    # Signing in again finds the same account through the provider's subject. (The provider
    # took the replayed code for an attack and revoked that grant; it makes a new one.)
    sign_in_at_school(page, None)
    expect(page.locator(".flash-success")).to_contain_text("Signed in as ada.")
    log_out(page)
    context.close()

    context = school.context()
    page = context.new_page()
    sign_in_at_school(page, "t-grace")
    expect(page.get_by_role("heading", name="Your classes")).to_be_visible()
    assert ("grace", "teacher") in school.users()
    assert school.identities() == 2
    context.close()
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
    assert not camera.overflowing, "\n".join(camera.overflowing)


def test_an_email_naming_an_account_with_a_password_is_linked_only_after_that_password(
    school: School,
) -> None:
    before = school.users()
    context = school.context()
    page = context.new_page()
    sign_in_at_school(page, "s-jsmith")
    expect_refused(page, "account called jsmith already")
    assert school.users() == before  # no new account, jsmith untouched
    assert school.identities() == 0

    # Outside the school's domains, or an email the provider has not verified: refused too.
    for account in ("x-eve", "s-bob"):
        context.clear_cookies()
        sign_in_at_school(page, account)
        expect_refused(page, "not one of the school's")
    assert school.users() == before
    context.close()

    # jsmith proves the password, goes to the provider, and is linked.
    context = school.context()
    page = context.new_page()
    camera = Camera(page, prefix="sso-")
    log_in(page, "jsmith")
    page.goto("/settings/")
    page.get_by_role("link", name="School sign-in accounts").click()
    page.get_by_role("link", name=f"Link your {LABEL} account").click()
    camera.shoot("link")
    page.get_by_label("Your quizapp password").fill("not the password at all")
    page.get_by_role("button", name="Confirm password").click()
    expect(page.get_by_text("That is not your password.")).to_be_visible()
    page.get_by_label("Your quizapp password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm password").click()
    camera.shoot("link-confirmed")
    page.get_by_role("link", name=f"Continue to {LABEL}").click()
    page.get_by_label("Account").fill("s-jsmith")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".flash-success")).to_contain_text(f"you can sign in with {LABEL} now")
    expect(page.get_by_text(f"{LABEL}: linked")).to_be_visible()
    camera.shoot("linked")
    log_out(page)

    sign_in_at_school(page, None)
    expect(page.locator(".flash-success")).to_contain_text("Signed in as jsmith.")
    assert school.users() == before
    context.close()
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
    assert not camera.overflowing, "\n".join(camera.overflowing)


def test_every_altered_id_token_is_refused_and_signs_nobody_in(school: School) -> None:
    discovery = school.app.extensions["authlib.integrations.flask_client"]
    with school.app.app_context():
        metadata = discovery.create_client("school").load_server_metadata()
    proxy = TokenProxy(metadata["token_endpoint"])
    school.token_endpoint(proxy.url)
    context = school.context()
    page = context.new_page()
    before = school.users()
    try:
        first = True
        for attack, (alter, reason) in tampering(school.key).items():  # type: ignore[attr-defined]
            proxy.alter = alter
            sign_in_at_school(page, "s-ada" if first else None)
            first = False
            try:
                expect_refused(page, reason)
            except AssertionError as error:
                raise AssertionError(f"{attack}: not refused with {reason!r}") from error
        assert school.users() == before
        assert school.identities() == 0

        # The proxy passing the token through untouched: the same browser signs in.
        proxy.alter = lambda token: token
        sign_in_at_school(page, None)
        expect(page.locator(".flash-success")).to_contain_text("Signed in as ada.")
    finally:
        proxy.close()
        context.close()
