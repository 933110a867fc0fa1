"""An ordering answer's feedback on a phone: one comparison, short enough to take in at a glance."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from quizapp import create_app
from quizapp.banks.importing import import_files
from quizapp.config import TestConfig
from quizapp.extensions import db
from tests.conftest import SAMPLE_BANKS
from tests.e2e.conftest import PHONE
from tests.e2e.student import answer_ordering, register, right_order
from tests.e2e.test_screenshots import SHOTS

pytestmark = pytest.mark.e2e

EVENTS = [  # as long as a teacher's events usually are: a short line each on a desktop
    "Sputnik 1 is launched",
    "Yuri Gagarin orbits the Earth",
    "Apollo 11 lands on the Moon",
    "The first module of the ISS is launched",
    "Chang'e 4 lands on the Moon's far side",
]
BANK = f"""
[bank]
slug = "firsts"
title = "Firsts in space"
description = "Five events to put in order."
position = 2

[[questions]]
key = "firsts.order"
type = "ordering"
prompt = "Put these firsts in the order they happened."
items = {EVENTS!r}
explanation = "1957, 1961, 1969, 1998, then 2019."
tags = ["history", "easy"]
"""


@pytest.fixture
def firsts(live_server: str, live_database_url: str, tmp_path: Path) -> Iterator[str]:
    """The live server with a bank of one five-item ordering question next to the sample bank."""
    path = tmp_path / "firsts.toml"
    path.write_text(BANK, encoding="utf-8")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=live_database_url, BANKS_DIR=SAMPLE_BANKS)
    with app.app_context():
        import_files([path], datetime.now(UTC))
        db.session.remove()
        db.engine.dispose()
    yield live_server


@pytest.mark.usefixtures("firsts")
def test_a_wrong_order_on_a_phone_is_one_short_comparison(page: Page) -> None:
    page.set_viewport_size(PHONE)
    register(page, "ada")
    page.goto("/study/firsts/next")
    swapped = [EVENTS[1], EVENTS[0], EVENTS[2], EVENTS[4], EVENTS[3]]
    answer_ordering(page, swapped)
    expect(page.locator("h1.verdict")).to_contain_text("Partly right")
    places = page.locator("ol.order-check > li")
    expect(places.locator(".mark")).to_have_text(["✗", "✗", "✓", "✗", "✗"])
    expect(places.locator('[data-part="yours"]')).to_have_text(swapped)
    assert right_order(page) == EVENTS
    assert page.locator('dd[data-answer="correct"]').count() == 0  # the order is not repeated
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "feedback-ordering-390.png", full_page=True)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 1200, f"the feedback page is {height}px tall at {PHONE['width']}px"
