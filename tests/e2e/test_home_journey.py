"""Log-in lands on each user's home: a teacher sees a class, a quiz closing soon, a homework and
a student needing attention with the reason in words; a student sees what is due, then their
banks. Each home photographed at both widths and checked with axe."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from quizapp import create_app
from quizapp.config import TestConfig
from quizapp.extensions import db
from tests.e2e.student import log_in, log_out
from tests.e2e.test_screenshots import Camera
from tests.home import school

pytestmark = pytest.mark.e2e


@pytest.mark.usefixtures("live_server")
def test_teacher_and_student_land_on_their_homes(page: Page, live_database_url: str) -> None:
    # The class is set up through the services, on the live server's database.
    setup = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=live_database_url)
    with setup.app_context():
        now = datetime.now(UTC)
        built = school.build(now)
        school.populate(built, now)
        db.session.remove()
        db.engine.dispose()
    camera = Camera(page, prefix="home-")

    log_in(page, "ms_lee", school.PASSWORD)
    expect(page.get_by_role("heading", name="Your classes")).to_be_visible()
    year9 = page.locator("li.home-class").filter(has_text="Year 9")
    expect(year9).to_contain_text("4 students")
    expect(year9.locator("[data-quiz]")).to_contain_text(f"{school.QUIZ}: 1 of 4 submitted, closes")
    expect(year9.locator("[data-homework]")).to_contain_text(f"{school.HOMEWORK}: 1 of 4 done")
    attention = year9.locator("ul.attention")
    expect(attention).to_contain_text("ben has not studied for 9 days")
    expect(attention).to_contain_text(f"ada: backlog growing: {school.DRILL} reviews overdue")
    expect(attention).to_contain_text(f"2 students have not started “{school.HOMEWORK}”")
    expect(page.get_by_role("link", name="New quiz for Year 9")).to_be_visible()
    expect(page.get_by_role("link", name="New homework for Year 9")).to_be_visible()
    camera.shoot("teacher")
    page.get_by_role("link", name="New homework for Year 9").click()
    expect(page.get_by_label("Title")).to_be_visible()
    log_out(page)

    log_in(page, "dee")
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    due = page.locator("[data-due]")
    expect(due).to_have_count(2)
    expect(due.nth(0)).to_contain_text(school.QUIZ)  # closes in 2 days
    expect(due.nth(1)).to_contain_text(school.HOMEWORK)  # due in 4
    expect(due.nth(1)).to_contain_text("Goal reached.")
    expect(page.get_by_role("heading", name="Your banks")).to_be_visible()
    camera.shoot("student")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home", exact=True).click()
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
