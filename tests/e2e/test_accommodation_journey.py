"""A teacher gives one student 1.5 times the time on a 20-minute quiz: that student sees 30
minutes on the quiz list and a 30-minute countdown, another sees 20. Each page photographed at
both widths and checked with axe."""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.student import log_in, log_out, register
from tests.e2e.test_quiz_journey import TEACHER_PASSWORD, _new_quiz_form, _teacher_with_a_class
from tests.e2e.test_screenshots import Camera

pytestmark = pytest.mark.e2e


def _join(page: Page, name: str, code: str) -> None:
    log_in(page, name)
    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Join code").fill(code)
    page.get_by_role("button", name="Join", exact=True).click()
    log_out(page)


def _minutes_left(page: Page) -> int:
    seconds = page.locator(".countdown").first.get_attribute("data-seconds-left") or "0"
    return round(int(seconds) / 60)


def test_a_student_with_extra_time_sees_the_longer_countdown(
    page: Page, live_database_url: str
) -> None:
    camera = Camera(page, prefix="accom-")
    for name in ("ada", "bea"):
        register(page, name)
        log_out(page)
    code = _teacher_with_a_class(page, live_database_url)
    _new_quiz_form(page, "Who signed")
    page.get_by_label("Time limit in minutes (optional)").fill("20")
    page.get_by_role("button", name="Create the quiz").click()
    log_out(page)
    for name in ("ada", "bea"):
        _join(page, name, code)

    log_in(page, "ms_lee", TEACHER_PASSWORD)
    page.get_by_role("link", name="Classes").click()
    page.get_by_role("link", name="Year 9 Physics").click()
    page.get_by_role("link", name="Quizzes", exact=True).last.click()
    page.get_by_role("link", name=re.compile("^Accommodations")).click()
    expect(page.get_by_role("heading", name="Accommodations: Who signed")).to_be_visible()
    camera.shoot("teacher-before")
    adas = page.locator("details").filter(has_text="Change ada's accommodation")
    adas.locator("summary").click()
    multiplier = adas.get_by_label(re.compile("^Time multiplier"))
    multiplier.fill("0.5")
    page.get_by_role("button", name="Save ada's accommodation").click()
    expect(adas.locator("ul.errors")).to_contain_text("between 1")
    expect(multiplier).to_have_attribute("aria-invalid", "true")
    camera.shoot("teacher-error")
    multiplier.fill("1.5")
    page.get_by_role("button", name="Save ada's accommodation").click()
    expect(page.locator(".flash")).to_contain_text("Accommodation saved for 1 student")
    row = page.locator("table.accommodations tr").filter(has_text="ada")
    expect(row).to_contain_text("30 minutes")
    camera.shoot("teacher-after")
    log_out(page)

    log_in(page, "ada")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quizzes").click()
    expect(page.locator(".time-limit")).to_have_text("30 minutes")
    expect(page.locator(".accommodated")).to_be_visible()
    camera.shoot("student-list")
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator(".countdown")).to_contain_text("Time left: 29 min")
    assert _minutes_left(page) == 30
    camera.shoot("student-question")
    log_out(page)

    log_in(page, "bea")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quizzes").click()
    expect(page.locator(".time-limit")).to_have_text("20 minutes")
    expect(page.locator(".accommodated")).to_have_count(0)
    page.get_by_role("button", name=re.compile("^Start")).click()
    assert _minutes_left(page) == 20

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)


def test_a_question_with_its_own_time_shows_its_countdown_then_locks(
    page: Page, live_database_url: str
) -> None:
    camera = Camera(page, prefix="accom-")
    register(page, "ada")
    log_out(page)
    code = _teacher_with_a_class(page, live_database_url)
    _new_quiz_form(page, "Quick fire")
    page.get_by_label(re.compile("^Seconds per question")).fill("60")
    page.get_by_label("Layout").select_option("single")
    page.get_by_role("button", name="Create the quiz").click()
    expect(page.locator("#question_time-error")).to_contain_text("one question per page")
    camera.shoot("new-quiz-refused")
    page.get_by_label("Layout").select_option("paged")
    page.get_by_role("button", name="Create the quiz").click()
    expect(page.locator(".flash")).to_contain_text("Quiz created")
    log_out(page)
    _join(page, "ada", code)

    log_in(page, "ada")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quizzes").click()
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator(".question-countdown")).to_contain_text("Time left for this question")
    camera.shoot("question-countdown")
    with sqlite3.connect(live_database_url.removeprefix("sqlite:///")) as conn:  # 2 minutes on
        conn.execute("UPDATE attempt_item SET shown_at = datetime('now', '-2 minutes')")
    page.reload()
    expect(page.locator("main")).to_contain_text("Time for this question is up")
    expect(page.get_by_role("radio").first).to_be_disabled()
    expect(page.get_by_role("button", name="Save and next")).to_have_count(1)  # to move on
    camera.shoot("question-time-up")

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
