"""Getting back in after a forgotten password, in a real browser: a teacher gives a student a
one-time code from the class pages (and prints the class's sign-in cards), the student sets a new
password with it and the session left open elsewhere is signed out; and a reset by mail through
a real SMTP server. The new pages are photographed at both widths and checked with axe."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from quizapp import create_app
from quizapp.accounts import services as accounts
from quizapp.classes import services as classes
from quizapp.config import TestConfig
from quizapp.extensions import db
from tests.e2e.conftest import DESKTOP
from tests.e2e.student import PASSWORD, log_in, log_out
from tests.e2e.test_screenshots import SHOTS, Camera
from tests.mailbox import Mailbox

pytestmark = pytest.mark.e2e

TEACHER_PASSWORD = "a staffroom passphrase of hers"
NEW_PASSWORD = "seven purple otters juggle"
STUDENTS = ("sam", "ada", "noor_abdullah_rahman", "ben")


def _class_with_students(database_url: str) -> int:
    setup = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with setup.app_context():
        now = datetime.now(UTC)
        teacher = accounts.register("ms_lee", TEACHER_PASSWORD, "UTC", role="teacher")
        class_id = classes.create_class(teacher.id, "Year 4", "", now)
        code = classes.class_detail(teacher.id, class_id).join_code
        for name in STUDENTS:
            classes.join(accounts.register(name, PASSWORD, "UTC").id, code, now)
        db.session.remove()
        db.engine.dispose()
    return class_id


def _set_new_password(page: Page) -> None:
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my new password").click()
    expect(page.get_by_text("Your new password is set.")).to_be_visible()


def test_a_teacher_resets_a_students_password_and_the_old_session_ends(
    page: Page, browser: Browser, live_server: str, live_database_url: str
) -> None:
    class_id = _class_with_students(live_database_url)
    camera = Camera(page, prefix="reset-")
    # sam is signed in on another computer, and has forgotten the password since.
    elsewhere = browser.new_context(viewport=DESKTOP, base_url=live_server)
    other = elsewhere.new_page()
    log_in(other, "sam")

    log_in(page, "ms_lee", TEACHER_PASSWORD)
    page.goto(f"/classes/{class_id}/")
    page.get_by_role("button", name="Print sign-in cards").click()
    expect(page.get_by_role("heading", name="Sign-in cards for Year 4")).to_be_visible()
    cards = page.locator(".sign-in-card")
    expect(cards).to_have_count(len(STUDENTS))
    expect(page.get_by_text("(14 days)")).to_be_visible()
    expect(page.get_by_role("button", name="Print the cards")).to_be_visible()
    camera.shoot("sign-in-cards")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("heading", name="Sign-in cards for Year 4")).to_be_hidden()
    expect(cards.first).to_be_visible()
    page.screenshot(path=SHOTS / "reset-sign-in-cards-print.png", full_page=True)
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Back to Year 4").click()
    page.get_by_role("link", name="sam", exact=True).click()
    page.get_by_role("button", name="Reset sam's password").click()
    expect(page.get_by_role("heading", name="One-time code for sam")).to_be_visible()
    code = page.locator(".one-time-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    camera.shoot("code-for-a-student")
    log_out(page)

    page.get_by_role("link", name="Have a code from your teacher or a sign-in card?").click()
    expect(page.get_by_role("heading", name="Set a new password")).to_be_visible()
    camera.shoot("type-the-code")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("One-time code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Next").click()
    camera.shoot("choose-a-new-password")
    _set_new_password(page)
    expect(page.get_by_label("Signed in as")).to_have_text("sam")

    other.reload()  # the session left open on the other computer has ended
    expect(other.get_by_role("heading", name="Log in")).to_be_visible()
    elsewhere.close()
    log_out(page)
    log_in(page, "sam", NEW_PASSWORD)

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)


@pytest.fixture
def live_settings(mailbox: Mailbox) -> dict[str, object]:
    """This module's live server mails through a real SMTP server (the teacher's journey needs
    none, and shows that codes work with mail on)."""
    return mailbox.settings(base_url="http://127.0.0.1")  # the live server puts its own address


def test_a_student_resets_the_password_by_mail(
    page: Page, live_server: str, live_database_url: str, mailbox: Mailbox
) -> None:
    _class_with_students(live_database_url)
    camera = Camera(page, prefix="reset-mail-")
    log_in(page, "ada")
    page.goto("/settings/")
    page.get_by_label("Email address").fill("ada@home.example")
    page.get_by_role("button", name="Add the address").click()
    expect(page.get_by_text("Waiting for you to open the link")).to_be_visible()
    confirmation = mailbox.wait_for(1)
    assert confirmation["To"] == "ada@home.example"
    link = mailbox.link(confirmation)
    assert link.startswith(live_server)
    page.goto(urlsplit(link).path)
    expect(page.get_by_text("ada@home.example is confirmed.")).to_be_visible()
    camera.shoot("settings")
    log_out(page)

    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    camera.shoot("forgot")
    page.get_by_label("Username or email address").fill("ada@home.example")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_text("a link to choose a new password is on its way")).to_be_visible()
    message = mailbox.wait_for(2)
    assert message["To"] == "ada@home.example"
    assert "ada" in mailbox.text(message)
    page.goto(mailbox.link(message))
    _set_new_password(page)
    expect(page.get_by_label("Signed in as")).to_have_text("ada")
    log_out(page)
    log_in(page, "ada", NEW_PASSWORD)
    page.goto(mailbox.link(message))  # a second time: used up
    expect(page.get_by_text("That link was used already or is too old.")).to_be_visible()

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
