"""The scheduler tuned to the school, in a browser: the admin's fits page and its button, a
teacher choosing a class's retention from its workload table, and a student's progress page
saying whose answers tune their schedule. Each page photographed and checked with axe."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from quizapp import create_app
from quizapp.config import TestConfig
from quizapp.extensions import db
from quizapp.scheduling import services
from tests.e2e.conftest import ADMIN, ADMIN_PASSWORD
from tests.e2e.student import log_in, log_out
from tests.e2e.test_screenshots import Camera
from tests.scheduling.history import PASSWORD, seed

pytestmark = pytest.mark.e2e


@pytest.mark.usefixtures("live_server")
def test_fits_retention_and_progress_pages(page: Page, live_database_url: str) -> None:
    setup = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=live_database_url)
    with setup.app_context():
        now = datetime.now(UTC)
        seed(now)
        services.run_fits(now, own_from=10**6)
        db.session.remove()
        db.engine.dispose()
    camera = Camera(page, prefix="scheduling-")

    log_in(page, ADMIN, ADMIN_PASSWORD)
    page.goto("/scheduling/fits")
    expect(page.get_by_role("heading", name="Scheduler fits")).to_be_visible()
    expect(page.locator("tr[data-fit]")).to_have_count(2)
    expect(page.locator("tr[data-fit]").first).to_contain_text("Class: Year 9")
    camera.shoot("fits")
    page.get_by_role("button", name="Fit the scheduler now").click()
    expect(page.get_by_text("waits to run")).to_be_visible()
    log_out(page)

    log_in(page, "ms_lee", PASSWORD)
    page.goto("/classes/")
    page.get_by_role("link", name="Year 9").first.click()
    page.get_by_role("link", name="Desired retention and daily workload").click()
    expect(page.locator("tr[data-retention]")).to_have_count(4)
    expect(page.get_by_text("fitted to this class's answers")).to_be_visible()
    camera.shoot("retention")
    page.get_by_label("Desired retention").select_option("0.85")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("It is 85% now.")).to_be_visible()
    log_out(page)

    log_in(page, "c0s0", PASSWORD)
    page.goto("/progress/")
    expect(page.locator("[data-tuning]")).to_contain_text(
        "Your schedule is tuned to your class's answers, since"
    )
    camera.shoot("progress")
