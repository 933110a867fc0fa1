"""A teacher's day: from their home the teacher sets a class homework; a student studies and sees
the progress move; the teacher sees it move too, on the homework's page, on their home (with who
has not started, in words) and in the roster's bars. Every page photographed at both widths and
checked with axe."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.student import answer_choice, log_in, log_out, next_question, register
from tests.e2e.test_screenshots import Camera, _flask

pytestmark = pytest.mark.e2e

TEACHER_PASSWORD = "a staffroom passphrase of hers"


def _progress(page: Page, title: str) -> str:
    card = page.locator("li.homework").filter(has_text=title)
    return card.locator("progress").get_attribute("value") or ""


def test_a_class_does_its_homework(page: Page, live_database_url: str) -> None:
    camera = Camera(page, prefix="homework-")
    register(page, "ada")
    log_out(page)
    _flask(live_database_url, "users", "create", "ms_lee", "--role", "teacher",
           "--password-stdin", stdin=f"{TEACHER_PASSWORD}\n")  # fmt: skip
    log_in(page, "ms_lee", TEACHER_PASSWORD)
    expect(page.get_by_role("heading", name="Your classes")).to_be_visible()  # the home
    page.get_by_role("link", name="New class").first.click()
    page.get_by_label("Class name").fill("Year 9 Physics")
    page.get_by_role("button", name="Create the class").click()
    code = (page.locator("p.code").text_content() or "").replace(" ", "")

    page.get_by_role("link", name="New homework").click()
    page.get_by_label("Title").fill("Who signed what")
    page.get_by_label("Bank", exact=True).select_option(label="Sample bank")
    page.get_by_label(re.compile("^Topics")).fill("signing")
    page.get_by_role("radio", name=re.compile("^This many correct answers")).check()
    page.get_by_label("Correct answers to give").fill("2")
    due = datetime.now(UTC) + timedelta(days=5)
    page.get_by_label("Due", exact=True).fill(f"{due:%Y-%m-%d}T17:00")
    camera.shoot("new")
    page.get_by_role("button", name="Set the homework").click()
    expect(page.locator(".flash")).to_contain_text("Homework set")
    camera.shoot("class")
    log_out(page)

    log_in(page, "ada")
    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Join code").fill(code)
    page.get_by_role("button", name="Join", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Homework").click()
    expect(page.get_by_role("heading", name="Who signed what")).to_be_visible()
    assert _progress(page, "Who signed what") == "0"
    expect(page.locator("li.homework")).to_contain_text("2 more correct answers to go.")
    camera.shoot("student-before")

    # The first sample question (choice) is tagged "signing"; the second (true/false) is not.
    page.get_by_role("link", name="Study Sample bank").click()
    page.get_by_role("link", name="Study now").click()
    answer_choice(page, "Roscosmos")
    next_question(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Homework").click()
    assert _progress(page, "Who signed what") == "50"
    expect(page.locator("li.homework")).to_contain_text("1 more correct answer to go.")
    expect(page.locator("li.homework")).to_contain_text("On track")
    camera.shoot("student-after")
    log_out(page)

    log_in(page, "ms_lee", TEACHER_PASSWORD)
    year9 = page.locator("li.home-class").filter(has_text="Year 9 Physics")
    expect(year9.locator("[data-homework]")).to_contain_text("Who signed what: 0 of 1 done")
    expect(year9).not_to_contain_text("not started")  # she has: no word about her
    camera.shoot("teacher-home")
    year9.get_by_role("link", name="Who signed what", exact=True).click()
    row = page.locator('tr[data-student="ada"]')
    expect(row).to_contain_text("On track")
    assert row.locator("progress").get_attribute("value") == "50"
    expect(page.locator("main")).to_contain_text("1 on track")
    camera.shoot("board")

    page.get_by_role("link", name="Year 9 Physics").first.click()
    bars = page.locator('tr[data-student="ada"]').locator(".sr-only").first
    expect(bars).to_have_text("8 new, 1 learning, 0 young, 0 mastered of 9")
    camera.shoot("roster")

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
