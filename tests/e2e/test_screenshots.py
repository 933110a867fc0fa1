"""Every page at desktop and phone width: it renders its heading, fits the phone, and is saved.

The screenshots land in test-artifacts/screenshots/<name>-<width>.png for a person to look at.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.conftest import REPO
from tests.e2e.conftest import ADMIN, ADMIN_PASSWORD, DESKTOP, PHONE
from tests.e2e.student import (
    AGENCIES,
    BANK,
    CORRECT,
    EVENTS,
    RIGHT,
    WRONG,
    answer_choice,
    answer_cloze,
    answer_matching,
    answer_multi,
    answer_numeric,
    answer_ordering,
    answer_short,
    answer_truefalse,
    check_answer,
    expect_feedback,
    expect_question,
    log_in,
    log_out,
    next_question,
    register,
    reveal_flashcard_with_space,
)

pytestmark = pytest.mark.e2e

SHOTS = REPO / "test-artifacts" / "screenshots"
TEACHER_PASSWORD = "a staffroom passphrase of hers"
# axe-core (shipped inside axe-playwright-python) with the WCAG 2.1 A and AA rules.
WCAG21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def has_visible(locator: Locator) -> bool:
    try:
        expect(locator).to_be_visible(timeout=1000)
    except AssertionError:
        return False
    return True


class Camera:
    """Photographs the current page at both widths and notes what is wrong with it.

    Problems are collected rather than raised, so one bad page does not stop the walk.
    """

    def __init__(self, page: Page, prefix: str = "") -> None:
        self.page = page
        self.prefix = prefix  # before each picture's name: one test's pictures kept together
        self.without_heading: list[str] = []
        self.overflowing: list[str] = []
        self.inaccessible: list[str] = []
        self.axe = Axe()
        SHOTS.mkdir(parents=True, exist_ok=True)

    def shoot(self, name: str) -> None:
        """Call it once the page to photograph is showing (the test waits for it first)."""
        page = self.page
        page.wait_for_load_state()
        if not has_visible(page.locator("h1").first):
            self.without_heading.append(name)
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            shot = SHOTS / f"{self.prefix}{name}-{size['width']}.png"
            page.screenshot(path=shot, full_page=True)
            self.check_accessibility(f"{name} at {size['width']}px")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            self.overflowing.append(f"{name} is {overflow}px too wide at {PHONE['width']}px")
        page.set_viewport_size(DESKTOP)

    def check_accessibility(self, where: str) -> None:
        results = self.axe.run(self.page, options=WCAG21_AA)
        for violation in results.response["violations"]:
            targets = [" ".join(node["target"]) for node in violation["nodes"]][:3]
            rule = f"{violation['id']} ({violation['impact']})"
            self.inaccessible.append(f"{where}: {rule} {targets}")


def _flask(database_url: str, *args: str, stdin: str = "") -> str:
    """Run the `flask` command line against the live server's database, as a school's IT would."""
    done = subprocess.run(
        [str(Path(sys.executable).parent / "flask"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "FLASK_APP": "quizapp", "DATABASE_URL": database_url},
        check=True,
    )
    return done.stdout


def test_every_page_renders_at_desktop_and_phone_width(page: Page, live_database_url: str) -> None:
    camera = Camera(page)

    page.goto("/auth/register")
    camera.shoot("register")
    page.goto("/auth/login")
    camera.shoot("login")

    register(page, "ada")
    page.goto("/banks/")  # sign-up lands on the home; the bank list is one link away
    camera.shoot("bank-list")
    page.get_by_role("link", name=BANK).click()
    expect(page.get_by_role("heading", name=BANK)).to_be_visible()
    camera.shoot("bank-overview")
    page.get_by_role("link", name="Study now").click()

    expect_question(page, "choice")
    camera.shoot("question-choice")
    page.locator('input[name="token"]').evaluate("input => input.value = 'tampered'")
    answer_choice(page, "Roscosmos")
    expect(page.get_by_role("heading", name="Answer not recorded")).to_be_visible()
    camera.shoot("answer-not-recorded")
    page.get_by_role("link", name="Go to the next question").click()
    expect_question(page, "choice")
    answer_choice(page, "Roscosmos")
    expect_feedback(page, RIGHT, CORRECT["choice"])
    camera.shoot("feedback-right")
    next_question(page)

    expect_question(page, "truefalse")
    camera.shoot("question-truefalse")
    answer_truefalse(page, True)
    expect_feedback(page, RIGHT, CORRECT["truefalse"])
    next_question(page)

    expect_question(page, "short")
    camera.shoot("question-short")
    page.get_by_role("textbox").evaluate(
        "box => { box.removeAttribute('maxlength'); box.value = 'x'.repeat(40000) }"
    )
    check_answer(page)
    expect(page.get_by_role("heading", name="Too much to send")).to_be_visible()
    camera.shoot("request-too-large")
    page.go_back()
    page.reload()
    expect_question(page, "short")
    check_answer(page)
    expect(page.locator("ul.errors")).to_have_text("Type an answer.")
    camera.shoot("question-short-error")
    answer_short(page, "Rogozn")  # one letter missing: accepted, with a note on the spelling
    expect_feedback(page, f"{RIGHT} (accepted, but check the spelling)", CORRECT["short"])
    camera.shoot("feedback-right-typo")
    next_question(page)

    expect_question(page, "flashcard")
    camera.shoot("question-flashcard")
    reveal_flashcard_with_space(page)
    camera.shoot("question-flashcard-revealed")
    page.keyboard.press("3")
    expect_feedback(page, "Good", CORRECT["flashcard"])
    camera.shoot("feedback-flashcard")
    next_question(page)

    expect_question(page, "multi")
    camera.shoot("question-multi")
    answer_multi(page, AGENCIES[:1])
    expect_feedback(page, "◐ Partly right (50%)", CORRECT["multi"])
    camera.shoot("feedback-partly-right")
    next_question(page)

    expect_question(page, "numeric")
    camera.shoot("question-numeric")
    answer_numeric(page, "2011")
    expect_feedback(page, RIGHT, CORRECT["numeric"])
    next_question(page)

    expect_question(page, "matching")
    camera.shoot("question-matching")
    answer_matching(page, {"Dmitry Rogozin": "Roscosmos", "Zhang Kejian": "Roscosmos"})
    expect(page.locator("ul.errors")).to_have_text(
        "Use each match once: Roscosmos is chosen more than once."
    )
    camera.shoot("question-matching-error")
    answer_matching(page, {"Dmitry Rogozin": "Roscosmos", "Zhang Kejian": AGENCIES[1]})
    expect_feedback(page, RIGHT, CORRECT["matching"])
    camera.shoot("feedback-parts")
    next_question(page)

    expect_question(page, "ordering")
    camera.shoot("question-ordering")
    answer_ordering(page, EVENTS)
    expect_feedback(page, RIGHT, CORRECT["ordering"])
    next_question(page)

    expect_question(page, "cloze")
    camera.shoot("question-cloze")
    answer_cloze(page, ["Rogozin", "NASA"])
    expect_feedback(page, WRONG, CORRECT["cloze"])
    camera.shoot("feedback-wrong")

    page.get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    camera.shoot("progress")
    page.get_by_role("link", name=BANK).click()
    expect(page.get_by_role("heading", name=f"Progress: {BANK}")).to_be_visible()
    camera.shoot("progress-bank")
    page.locator("#hardest ~ ol a").first.click()
    expect(page.get_by_role("heading", name="Your answers")).to_be_visible()
    camera.shoot("question-history")

    log_out(page)
    register(page, "bea")
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("New questions a day").fill("0")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".flash")).to_have_text("Settings saved.")
    camera.shoot("settings")
    page.goto("/study/sample/next")
    expect(page.get_by_role("heading", name="All done for now")).to_be_visible()
    camera.shoot("all-done")

    log_out(page)
    log_in(page, ADMIN, ADMIN_PASSWORD)
    page.get_by_role("link", name="Users", exact=True).click()  # the nav's, not the home's
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    camera.shoot("admin-users")
    page.get_by_label("Role of bea").select_option("teacher")
    page.get_by_role("row", name="bea").get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_have_text("bea is now teacher.")
    camera.shoot("admin-users-changed")
    page.goto("/editor/banks/sample/")
    page.get_by_label("Teacher's username").fill("bea")
    page.get_by_role("button", name="Allow").click()
    expect(page.locator("[data-editor]")).to_have_text(["bea"])
    camera.shoot("editor-bank-editors")
    page.get_by_role("button", name="Take back bea's right to edit this bank").click()
    expect(page.locator(".flash")).to_have_text("bea may no longer edit this bank.")
    page.goto("/admin/users")
    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("tr[data-entry]")).to_have_count(3)
    camera.shoot("admin-audit")
    page.get_by_label("Action").select_option("role changed")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tr[data-entry]")).to_have_count(1)
    expect(page.locator("tr[data-entry]")).to_contain_text("student → teacher")
    page.get_by_label("From").fill("1999-12-31")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("Give a date between the years 2000 and 2999.")).to_be_visible()
    camera.shoot("admin-audit-filtered")

    log_out(page)
    said = _flask(live_database_url, "users", "create", "ms_lee", "--role", "teacher",
                  "--password-stdin", stdin=f"{TEACHER_PASSWORD}\n")  # fmt: skip
    assert "created ms_lee (teacher)" in said
    log_in(page, "ms_lee", TEACHER_PASSWORD)  # created on the command line; turns on two-factor
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Set up two-factor log-in").click()
    camera.shoot("two-factor-setup")
    secret = page.locator("code.secret").text_content() or ""
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor log-in").click()
    expect(page.get_by_role("heading", name="Two-factor log-in is on")).to_be_visible()
    camera.shoot("two-factor-recovery-codes")
    recovery = page.locator(".recovery-codes code").all_text_contents()
    log_out(page)
    log_in(page, "ms_lee", TEACHER_PASSWORD, expect_signed_in=False)
    expect(page.get_by_role("heading", name="Your code")).to_be_visible()
    camera.shoot("two-factor-login")
    # The code of the next 30 s step (accepted for clock drift): the current one was used.
    next_code = pyotp.TOTP(secret).at(int(time.time()) + 30)
    page.get_by_label("Code from your authenticator app").fill(next_code)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Classes").click()
    camera.shoot("classes-teacher-empty")
    page.get_by_label("Class name").fill("Year 9 Physics")
    page.get_by_role("button", name="Create the class").click()
    expect(page.get_by_role("heading", name="Year 9 Physics")).to_be_visible()
    camera.shoot("class")
    code = (page.locator("p.code").text_content() or "").replace(" ", "")
    log_out(page)
    log_in(page, "ada")
    page.get_by_role("link", name="Classes").click()
    camera.shoot("classes-student-empty")
    page.get_by_label("Join code").fill(code.lower())
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.locator(".flash")).to_have_text("You are in Year 9 Physics.")
    camera.shoot("classes-student")
    page.get_by_role("link", name="Banks").click()
    page.get_by_role("link", name="Study").first.click()
    page.get_by_role("button", name="I don't know").click()
    expect(page.locator("h1.verdict")).to_have_text("✗ Not quite")
    camera.shoot("feedback-dont-know")
    log_out(page)
    log_in(page, "ms_lee", TEACHER_PASSWORD, expect_signed_in=False)
    page.get_by_label("Code from your authenticator app").fill(recovery[0])  # phone left at home
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Classes").click()
    page.get_by_role("link", name="Year 9 Physics").click()
    expect(page.get_by_role("link", name="ada")).to_be_visible()
    camera.shoot("class-roster")
    page.get_by_role("link", name="ada").click()
    expect(page.get_by_role("heading", name="ada's progress")).to_be_visible()
    camera.shoot("class-student-progress")
    page.get_by_role("link", name="Year 9 Physics").click()
    page.get_by_role("link", name="The class's memory of each question").click()
    expect(page.get_by_role("heading", name="The class's memory of each question")).to_be_visible()
    camera.shoot("class-questions")
    page.locator("table.class-questions tbody th a").first.click()
    expect(page.get_by_role("heading", name="What the class answered")).to_be_visible()
    camera.shoot("class-question-answers")

    page.goto("/study/no-such-bank/")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    camera.shoot("bank-not-found")
    page.goto("/no-such-page")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    camera.shoot("page-not-found")

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
    assert not camera.without_heading, f"no visible h1 on: {', '.join(camera.without_heading)}"
