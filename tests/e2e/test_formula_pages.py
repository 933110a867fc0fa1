"""Formulas in a real browser: drawn as MathML at both widths, readable, and with no script."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from quizapp import create_app
from quizapp.banks.importing import import_files
from quizapp.config import TestConfig
from quizapp.extensions import db
from tests.conftest import SAMPLE_BANKS
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.student import RIGHT, check_answer, register
from tests.e2e.test_screenshots import Camera

pytestmark = pytest.mark.e2e

TITLE = "Quadratics"
# Literal TOML strings: the LaTeX exactly as a teacher types it. The display formula in the
# explanation is wide, as the quadratic formula with its working is, to try the phone width.
BANK = r"""
[bank]
slug = "quadratics"
title = "Quadratics"
description = "Formulas in the prompt, the options and the explanation."
position = 2

[[questions]]
key = "quadratics.roots"
type = "choice"
prompt = 'Which are the roots of \(x^2 - 5x + 6 = 0\)?'
options = ['\(x = 2\) and \(x = 3\)', '\(x = -2\) and \(x = -3\)', '\(x = \frac{5}{2}\) only']
answer = '\(x = 2\) and \(x = 3\)'
tags = ["roots", "easy"]
explanation = '''By the formula
\[x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a} = \frac{5 \pm \sqrt{25 - 24}}{2} = \frac{5 \pm 1}{2}\]
so *both* \(x = 2\) and \(x = 3\).'''

[[questions]]
key = "quadratics.match"
type = "matching"
prompt = "Match each equation with its roots"
pairs = [
  ['\(x^2 = 4\)', '\(x = \pm 2\)'],
  ['\(x^2 - 2x + 1 = 0\)', '\(x = 1\) only'],
  ['\(2x^2 = 1\)', '\(x = \pm \frac{1}{\sqrt{2}}\)'],
]
tags = ["roots", "easy"]

[[questions]]
key = "quadratics.square"
type = "short"
prompt = 'Write \((x+1)^2\) without brackets.'
answers = ['x^2 + 2x + 1']
formula = true
tags = ["roots", "easy"]
"""
RIGHT_OPTION = "x = 2 and x = 3"  # the radio's name: each formula named by its LaTeX
# Each equation (its group's name, from the legend) and the name of its right radio button.
MATCHES = {
    "x^2 = 4": r"x = \pm 2",
    "x^2 - 2x + 1 = 0": "x = 1 only",
    "2x^2 = 1": "x = \\pm \\frac{1}{\\sqrt{2}}",
}


@pytest.fixture
def quadratics(live_server: str, live_database_url: str, tmp_path: Path) -> Iterator[str]:
    """The live server with a bank of formulas imported next to the sample bank."""
    path = tmp_path / "quadratics.toml"
    path.write_text(BANK, encoding="utf-8")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=live_database_url, BANKS_DIR=SAMPLE_BANKS)
    with app.app_context():
        import_files([path], datetime.now(UTC))
        db.session.remove()
        db.engine.dispose()
    yield live_server


def _study(page: Page, student: str) -> None:
    register(page, student)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Study now").click()
    expect(page.locator("article.question")).to_have_attribute("data-type", "choice")


def _expect_question_drawn(page: Page) -> None:
    expect(page.locator(".prompt math")).to_have_attribute("alttext", "x^2 - 5x + 6 = 0")
    expect(page.locator(".option math")).to_have_count(5)
    expect(page.locator(".option mfrac")).to_have_count(1)
    assert page.locator("math").first.evaluate("m => m.getBoundingClientRect().height") > 10


def _answer_and_expect_feedback_drawn(page: Page) -> None:
    page.get_by_role("radio", name=RIGHT_OPTION, exact=True).check()
    check_answer(page)
    expect(page.locator("h1.verdict")).to_have_text(RIGHT)
    expect(page.locator('dd[data-answer="correct"] math')).to_have_count(2)
    expect(page.locator(".prompt-echo math")).to_have_count(1)
    display = page.locator('.explanation math[display="block"]')
    expect(display).to_be_visible()
    expect(display.locator("msqrt")).to_have_count(2)
    expect(page.locator(".explanation em")).to_have_text("both")
    below = page.locator(".explanation em").bounding_box()
    formula = display.bounding_box()
    assert below and formula and below["y"] - (formula["y"] + formula["height"]) < 16, "empty line"


@pytest.mark.usefixtures("quadratics")
def test_a_student_sees_formulas_drawn_on_the_question_and_the_feedback(page: Page) -> None:
    camera = Camera(page)
    _study(page, "ada")
    _expect_question_drawn(page)
    expect(page.locator("kbd.key").first).to_be_visible()  # with the script, the keys work
    camera.shoot("formula-question")
    _answer_and_expect_feedback_drawn(page)
    camera.shoot("formula-feedback")
    page.set_viewport_size(PHONE)  # the formula is wider than the phone: its own box scrolls it
    assert page.locator('.explanation math[display="block"]').evaluate(
        "m => [m.scrollWidth > m.clientWidth, getComputedStyle(m).overflowX]"
    ) == [True, "auto"]
    assert camera.without_heading == []
    assert camera.overflowing == []
    assert camera.inaccessible == []


def test_without_javascript_the_formulas_are_there_and_the_answer_goes_through(
    browser: Browser, quadratics: str
) -> None:
    context = browser.new_context(viewport=DESKTOP, base_url=quadratics, java_script_enabled=False)
    try:
        page = context.new_page()
        _study(page, "grace")
        _expect_question_drawn(page)
        expect(page.locator("kbd.key")).to_have_count(3)
        expect(page.locator("kbd.key").first).to_be_hidden()  # the number keys need the script
        _answer_and_expect_feedback_drawn(page)
    finally:
        context.close()


def _answer_matching_with_formulas(page: Page) -> None:
    expect(page.locator("article.question")).to_have_attribute("data-type", "matching")
    expect(page.locator("select")).to_have_count(0)  # an <option> would show raw LaTeX
    expect(page.locator(".match-group")).to_have_count(3)
    expect(page.locator(".match-group math")).to_have_count(3 + 9)  # legends, then choices
    expect(page.locator(".match-group mfrac")).to_have_count(3)
    for equation, roots in MATCHES.items():
        group = page.get_by_role("group", name=equation, exact=True)
        group.get_by_role("radio", name=roots, exact=True).check()


def _expect_matching_feedback(page: Page) -> None:
    expect(page.locator("h1.verdict")).to_have_text(RIGHT)
    expect(page.locator("table.parts tbody tr")).to_have_count(3)
    expect(page.locator("table.parts tbody math")).to_have_count(9)  # item, yours, correct


@pytest.mark.usefixtures("quadratics")
def test_matching_choices_with_formulas_are_radio_groups_drawn_as_mathml(page: Page) -> None:
    camera = Camera(page)
    _study(page, "ada")
    _answer_and_expect_feedback_drawn(page)
    page.get_by_role("link", name="Next question").click()
    _answer_matching_with_formulas(page)
    camera.shoot("matching-question")
    check_answer(page)
    _expect_matching_feedback(page)
    camera.shoot("matching-feedback")
    page.get_by_role("link", name="Next question").click()
    expect(page.locator("article.question")).to_have_attribute("data-type", "short")
    expect(page.get_by_role("textbox")).to_have_accessible_description(re.compile("Type a formula"))
    page.get_by_role("textbox").fill("(x+1)(x+1)")
    camera.shoot("formula-typed")
    check_answer(page)
    expect(page.locator("h1.verdict")).to_have_text(RIGHT)
    yours = page.locator('dd[data-answer="yours"] math')
    expect(yours).to_have_attribute("alttext", r"\left(x + 1\right) \left(x + 1\right)")
    expect(page.locator('dd[data-answer="correct"] math')).to_have_attribute(
        "alttext", "x^{2} + 2 x + 1"
    )
    camera.shoot("formula-typed-feedback")
    assert camera.without_heading == []
    assert camera.overflowing == []
    assert camera.inaccessible == []


def test_without_javascript_matching_formulas_are_picked_and_graded(
    browser: Browser, quadratics: str
) -> None:
    context = browser.new_context(viewport=PHONE, base_url=quadratics, java_script_enabled=False)
    try:
        page = context.new_page()
        _study(page, "grace")
        _answer_and_expect_feedback_drawn(page)
        page.get_by_role("link", name="Next question").click()
        _answer_matching_with_formulas(page)
        check_answer(page)
        _expect_matching_feedback(page)
    finally:
        context.close()
