"""A student answers a question, downloads their data from Settings, then deletes their account:
the delete page says what goes and what stays, photographed at both widths and checked with axe."""

from __future__ import annotations

import json
import zipfile

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.student import (
    PASSWORD,
    answer_choice,
    log_in,
    register,
    start_studying,
)
from tests.e2e.test_screenshots import Camera

pytestmark = pytest.mark.e2e


@pytest.mark.usefixtures("live_server")
def test_a_student_downloads_their_data_and_deletes_their_account(page: Page) -> None:
    camera = Camera(page, prefix="my-data-")
    register(page, "nell")
    start_studying(page)
    answer_choice(page, "Roscosmos")

    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Your data")).to_be_visible()
    camera.check_accessibility("settings")
    with page.expect_download() as started:
        page.get_by_role("button", name="Download my data").click()
    download = started.value
    assert download.suggested_filename.startswith("quizapp-nell-")
    with zipfile.ZipFile(download.path()) as archive:
        data = json.loads(archive.read("data.json"))
        assert "review.csv" in archive.namelist()
    assert data["account"]["username"] == "nell"
    assert [row["response"] for row in data["tables"]["review"]] == ["Roscosmos"]

    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_role("heading", name="Delete your account")).to_be_visible()
    expect(page.get_by_text("Study answers and their history: 1")).to_be_visible()
    camera.shoot("delete")
    page.get_by_label("Type the username of the account to delete").fill("nell")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete the account for good").click()
    expect(page.get_by_text("Your password is not right.")).to_be_visible()
    camera.check_accessibility("delete with an error")
    page.get_by_label("Type the username of the account to delete").fill("nell")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete the account for good").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    log_in(page, "nell", expect_signed_in=False)
    expect(page.get_by_text("Wrong username or password.")).to_be_visible()

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
