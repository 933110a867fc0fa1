"""A student in a real browser: signing up, studying every question type, keyboard and errors."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.student import (
    AGENCIES,
    CLOZE_BLANKS,
    CORRECT,
    EVENTS,
    RIGHT,
    SIGNERS,
    WRONG,
    answer_choice,
    answer_cloze,
    answer_matching,
    answer_multi,
    answer_numeric,
    answer_ordering,
    answer_rightly_until,
    answer_short,
    answer_truefalse,
    check_answer,
    expect_feedback,
    expect_question,
    expect_score,
    log_in,
    log_out,
    next_question,
    rate_flashcard_by_clicking,
    rate_flashcard_with_keyboard,
    register,
    reveal_flashcard_with_space,
    seen_on_bank_list,
    start_studying,
)

pytestmark = pytest.mark.e2e


def test_a_student_signs_up_studies_five_questions_and_logs_out(page: Page) -> None:
    register(page, "ada")
    expect(page.locator(".flash")).to_have_text("Welcome, ada! Pick a bank to start studying.")
    log_out(page)
    expect(page.locator(".flash")).to_have_text("You are logged out.")
    log_in(page, "ada")

    page.goto("/banks/")
    page.get_by_role("link", name="Sample bank").click()
    expect(page.get_by_role("heading", name="Sample bank")).to_be_visible()
    expect_score(page, seen="0 / 9", accuracy="\N{EN DASH}", streak="0")
    page.get_by_role("link", name="Study now").click()

    answer_choice(page, "NASA")
    expect_feedback(page, WRONG, "Roscosmos")
    expect(page.locator('dd[data-answer="yours"]')).to_have_text("NASA")
    expect_score(page, seen="1 / 9", accuracy="0%", streak="0")
    next_question(page)

    answer_truefalse(page, True)
    expect_feedback(page, RIGHT, "True")
    expect_score(page, seen="2 / 9", accuracy="50%", streak="1")
    next_question(page)

    answer_short(page, "rogozin")
    expect_feedback(page, RIGHT, "Dmitry Rogozin")
    expect(page.locator('dd[data-answer="yours"]')).to_have_text("rogozin")
    expect_score(page, seen="3 / 9", accuracy="66.7%", streak="2")
    next_question(page)

    rate_flashcard_by_clicking(page, "Good")
    expect_feedback(page, "Good", "China National Space Administration")
    expect_score(page, seen="4 / 9", accuracy="75%", streak="3")
    next_question(page)

    answer_multi(page, AGENCIES)
    expect_feedback(page, RIGHT, "Roscosmos; China National Space Administration")
    expect_score(page, seen="5 / 9", accuracy="80%", streak="4")

    log_out(page)
    page.goto("/banks/")
    expect(page).to_have_url(re.compile(r"/auth/login\?next=%2Fbanks%2F$"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.locator(".flash")).to_have_text("Please log in to see that page.")


def test_a_flashcard_can_be_revealed_rated_and_left_with_the_keyboard_alone(page: Page) -> None:
    register(page, "ada")
    start_studying(page)
    answer_rightly_until(page, "flashcard")

    reveal_flashcard_with_space(page)
    expect(page.locator("p.back")).to_have_text("China National Space Administration")
    wait = re.compile(r"^(under a minute|\d+ (minute|hour|day|month|year)s?)$")
    for button in page.locator("button.rate").all():
        expect(button.locator("small")).to_have_text(wait)
    expect(page.locator("button.rate").filter(has_text="Good")).to_be_focused()

    page.keyboard.press("3")
    expect_feedback(page, "Good", "China National Space Administration")

    page.keyboard.press("Enter")  # "Next question" has the focus
    expect_question(page, "multi")


def test_submitting_the_same_answer_form_twice_records_one_answer(page: Page) -> None:
    register(page, "ada")
    start_studying(page)
    # Pages are never stored (Cache-Control: no-store), so Back fetches the next question; a
    # browser that kept the page anyway shows the form as it was, which this replays.
    question_url, question_html = page.url, page.content()
    answer_choice(page, "Roscosmos")
    expect_feedback(page, RIGHT, "Roscosmos")
    first_feedback = page.url

    page.route(
        question_url, lambda route: route.fulfill(body=question_html, content_type="text/html")
    )
    page.go_back()
    answer_choice(page, "Roscosmos")

    expect(page).to_have_url(first_feedback)
    expect_score(page, seen="1 / 9", accuracy="100%", streak="1")
    expect(page.locator('dd[data-stat="today"]')).to_have_text("1")


def test_a_question_open_in_two_tabs_counts_once(page: Page) -> None:
    register(page, "ada")
    start_studying(page)
    other = page.context.new_page()
    other.goto(page.url)
    expect_question(other, "choice")

    answer_choice(page, "NASA")
    expect_feedback(page, WRONG, "Roscosmos")
    answer_choice(other, "Roscosmos")  # the right answer, read off the first tab

    expect(other).to_have_url(page.url)
    expect(other.locator(".flash")).to_contain_text("already answered this question")
    expect(other.locator("h1.verdict")).to_have_text(WRONG)
    expect_score(other, seen="1 / 9", accuracy="0%", streak="0")
    other.close()


def test_every_question_type_can_be_answered_and_shows_its_feedback(page: Page) -> None:
    register(page, "ada")
    start_studying(page)

    answer_choice(page, "Roscosmos")
    expect_feedback(page, RIGHT, CORRECT["choice"])
    next_question(page)

    answer_truefalse(page, True)
    expect_feedback(page, RIGHT, CORRECT["truefalse"])
    next_question(page)

    answer_short(page, "Dmitry Rogozin")
    expect_feedback(page, RIGHT, CORRECT["short"])
    next_question(page)

    rate_flashcard_with_keyboard(page, "4")
    expect_feedback(page, "Easy", CORRECT["flashcard"])
    next_question(page)

    answer_multi(page, AGENCIES)
    expect_feedback(page, RIGHT, CORRECT["multi"])
    next_question(page)

    answer_numeric(page, "2012")
    expect_feedback(page, WRONG, "2011")
    expect(page.locator('dd[data-answer="yours"]')).to_have_text("2012")
    expect_score(page, seen="6 / 9", accuracy="83.3%", streak="0")
    next_question(page)

    answer_matching(page, SIGNERS)
    expect_feedback(page, RIGHT, CORRECT["matching"])
    next_question(page)

    answer_ordering(page, EVENTS)
    expect_feedback(page, RIGHT, CORRECT["ordering"])
    marks = page.locator("ol.order-check > li .mark")
    expect(marks).to_have_count(len(EVENTS))
    expect(marks).to_have_text(["✓"] * len(EVENTS))  # each place marked on its own, in text
    next_question(page)

    answer_cloze(page, CLOZE_BLANKS)
    expect_feedback(page, RIGHT, CORRECT["cloze"])
    expect_score(page, seen="9 / 9", accuracy="88.9%", streak="3")


def test_an_empty_short_answer_shows_the_error_by_the_field_and_records_nothing(
    page: Page,
) -> None:
    register(page, "ada")
    start_studying(page)
    answer_rightly_until(page, "short")
    assert seen_on_bank_list(page) == "2 of 9"
    page.get_by_role("link", name="Study", exact=True).click()
    expect_question(page, "short")

    check_answer(page)

    answer = page.locator("input#answer")
    field = page.locator(".field.has-error")
    expect(field.locator("ul.errors")).to_have_text("Type an answer.")
    expect(field.locator("input#answer")).to_be_visible()
    expect(answer).to_have_attribute("aria-invalid", "true")
    expect(answer).to_have_attribute("aria-describedby", "answer-error")
    assert seen_on_bank_list(page) == "2 of 9"


def test_the_login_form_can_be_used_with_tab_and_shows_where_the_focus_is(page: Page) -> None:
    page.goto("/auth/login")
    username = page.get_by_label("Username")
    password = page.get_by_label("Password")
    expect(username).to_be_focused()  # autofocus

    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("link", name="Sign up")).to_be_focused()
    page.keyboard.press("Tab")
    expect(username).to_be_focused()
    assert outline_style(page) != "none"
    page.keyboard.press("Tab")
    expect(password).to_be_focused()
    assert outline_style(page) != "none"


def outline_style(page: Page) -> str:
    style: str = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    return style


def test_number_keys_pick_an_option_and_the_verdict_stays_in_view_on_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    register(page, "kit")
    start_studying(page)
    expect_question(page, "choice")
    options = page.locator('.choices input[type="radio"]')
    page.locator("body").press("Escape")  # keys go to the page, not to a text field
    page.keyboard.press("2")
    expect(options.nth(1)).to_be_checked()
    option = options.nth(1).get_attribute("value")
    page.keyboard.press("Enter")
    expect(page.locator("h1.verdict")).to_be_visible()
    verdict = page.locator("h1.verdict").bounding_box()
    yours = page.locator('dd[data-answer="yours"]')
    expect(yours).to_have_text(option or "")
    box = yours.bounding_box()
    assert verdict is not None and box is not None
    assert verdict["y"] >= 0 and box["y"] + box["height"] <= 844, "scrolled out of view"
    expect(page.locator("#next")).to_be_focused()
    page.keyboard.press("Enter")
    expect_question(page, "truefalse")
