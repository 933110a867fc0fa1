"""What a student does in the browser, as small steps the tests read like a script.

The answers below mirror tests/data/banks/sample.toml, whose questions a new student meets in file
order: choice, truefalse, short, flashcard, multi, numeric, matching, ordering, cloze.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

PASSWORD = "correct horse battery"
BANK = "Sample bank"
RIGHT = "✓ Right"
WRONG = "✗ Not quite"
# "Source: outlet, “headline”, paragraph N" (and more sources after a ";")
SOURCE_LINE = re.compile(r"^\s*Source:\s+\S.*, paragraph \d+\s*$", re.DOTALL)

# The correct answer of each sample question, as the feedback page shows it.
CORRECT = {
    "choice": "Roscosmos",
    "truefalse": "True",
    "short": "Dmitry Rogozin",
    "flashcard": "China National Space Administration",
    "multi": "Roscosmos; China National Space Administration",
    "numeric": "2011",
    "matching": "Dmitry Rogozin → Roscosmos; Zhang Kejian → China National Space Administration",
    "ordering": (
        "The U.S. bars NASA from working with China → "
        "Russia and China sign a space cooperation programme → "
        "The lunar station memorandum is signed"
    ),
    "cloze": (
        "The memorandum was signed for China by Zhang Kejian "
        "of the China National Space Administration."
    ),
}
AGENCIES = ["Roscosmos", "China National Space Administration"]
# The heading of the home log-in lands on: a student's, or a teacher's and an admin's.
HOME = re.compile(r"^(Your work|Your classes)$")
SIGNERS = {"Dmitry Rogozin": "Roscosmos", "Zhang Kejian": "China National Space Administration"}
EVENTS = CORRECT["ordering"].split(" → ")
CLOZE_BLANKS = ["Zhang Kejian", "China National Space Administration"]


# --- accounts ---------------------------------------------------------------------------------


def register(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/auth/register")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name=HOME, exact=True)).to_be_visible()


def log_in(
    page: Page, username: str, password: str = PASSWORD, *, expect_signed_in: bool = True
) -> None:
    page.goto("/auth/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if expect_signed_in:  # log-in lands on the user's home
        expect(page.get_by_role("heading", name=HOME)).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


# --- the bank ---------------------------------------------------------------------------------


def start_studying(page: Page) -> None:
    """From anywhere: the bank list, the sample bank's overview, then its first question."""
    page.goto("/banks/")
    page.get_by_role("link", name=BANK).click()
    expect(page.get_by_role("heading", name=BANK)).to_be_visible()
    page.get_by_role("link", name="Study now").click()
    expect(page.locator("article.question")).to_be_visible()


def seen_on_bank_list(page: Page) -> str:
    """The bank list's Seen count for the sample bank, such as '2 of 9'."""
    page.goto("/banks/")
    bank = page.locator("li.bank").filter(has_text=BANK)
    return bank.locator('dd[data-count="seen"]').inner_text()


def expect_score(page: Page, *, seen: str, accuracy: str, streak: str) -> None:
    """The score panel: seen like '3 / 9', accuracy like '66.7%', streak like '2'."""
    expect(page.locator('dd[data-stat="seen"]')).to_have_text(seen)
    expect(page.locator('dd[data-stat="accuracy"]')).to_have_text(accuracy)
    expect(page.locator('dd[data-stat="streak"]')).to_have_text(streak)


# --- answering --------------------------------------------------------------------------------


def expect_question(page: Page, qtype: str) -> None:
    expect(page.locator("article.question")).to_have_attribute("data-type", qtype)


def check_answer(page: Page) -> None:
    page.get_by_role("button", name="Check answer").click()


def answer_choice(page: Page, option: str) -> None:
    expect_question(page, "choice")
    page.get_by_role("radio", name=option, exact=True).check()
    check_answer(page)


def answer_truefalse(page: Page, value: bool) -> None:
    expect_question(page, "truefalse")
    page.get_by_role("radio", name="True" if value else "False", exact=True).check()
    check_answer(page)


def answer_short(page: Page, text: str) -> None:
    expect_question(page, "short")
    page.locator("input#answer").fill(text)
    check_answer(page)


def reveal_flashcard_with_space(page: Page) -> None:
    """Space shows the back of the card (once quizapp.js is running on this page)."""
    expect_question(page, "flashcard")
    page.wait_for_load_state("domcontentloaded")  # deferred scripts have run by then
    expect(page.locator("p.back")).to_be_hidden()
    page.keyboard.press("Space")
    expect(page.locator("details#reveal")).to_have_attribute("open", "")
    expect(page.locator("p.back")).to_be_visible()


def rate_flashcard_with_keyboard(page: Page, key: str) -> None:
    """Space to reveal, then the digit of a rating: 1 Again, 2 Hard, 3 Good, 4 Easy."""
    reveal_flashcard_with_space(page)
    page.keyboard.press(key)


def rate_flashcard_by_clicking(page: Page, rating: str) -> None:
    expect_question(page, "flashcard")
    page.get_by_text("Show answer").click()
    page.locator("button.rate").filter(has_text=rating).click()


def answer_multi(page: Page, picks: list[str]) -> None:
    expect_question(page, "multi")
    for option in picks:
        page.get_by_role("checkbox", name=option, exact=True).check()
    check_answer(page)


def answer_numeric(page: Page, text: str) -> None:
    expect_question(page, "numeric")
    page.locator("input#answer").fill(text)
    check_answer(page)


def answer_matching(page: Page, matches: dict[str, str]) -> None:
    """Pick each left item's partner in the select labelled with that item."""
    expect_question(page, "matching")
    for left, right in matches.items():
        page.get_by_label(left, exact=True).select_option(label=right)
    check_answer(page)


def answer_ordering(page: Page, events: list[str]) -> None:
    """Number each shown event (shuffled on the page) with its place in `events`."""
    expect_question(page, "ordering")
    for position, event in enumerate(events, start=1):
        page.get_by_label(event, exact=True).select_option(str(position))
    check_answer(page)


def answer_cloze(page: Page, blanks: list[str]) -> None:
    expect_question(page, "cloze")
    for number, text in enumerate(blanks, start=1):
        page.get_by_label(f"Blank {number}", exact=True).fill(text)
    check_answer(page)


RIGHT_ANSWERS: dict[str, Callable[[Page], None]] = {
    "choice": lambda page: answer_choice(page, "Roscosmos"),
    "truefalse": lambda page: answer_truefalse(page, True),
    "short": lambda page: answer_short(page, "Dmitry Rogozin"),
    "flashcard": lambda page: rate_flashcard_by_clicking(page, "Good"),
    "multi": lambda page: answer_multi(page, AGENCIES),
    "numeric": lambda page: answer_numeric(page, "2011"),
    "matching": lambda page: answer_matching(page, SIGNERS),
    "ordering": lambda page: answer_ordering(page, EVENTS),
    "cloze": lambda page: answer_cloze(page, CLOZE_BLANKS),
}


def answer_rightly_until(page: Page, qtype: str) -> None:
    """Answer the questions before `qtype` correctly, stopping on the `qtype` question."""
    for earlier in RIGHT_ANSWERS:
        if earlier == qtype:
            break
        RIGHT_ANSWERS[earlier](page)
        expect(page.locator("h1.verdict")).to_be_visible()
        next_question(page)
    expect_question(page, qtype)


# --- feedback ---------------------------------------------------------------------------------


def expect_feedback(page: Page, verdict: str, correct_answer: str) -> None:
    """The feedback page: verdict, the correct answer, where it comes from and when it returns."""
    expect(page).to_have_url(re.compile(r"/study/sample/answers/\d+$"))
    expect(page.locator("h1.verdict")).to_have_text(verdict)
    if page.locator("ol.order-check").count():
        assert right_order(page) == correct_answer.split(" → ")
    else:
        expect(page.locator('dd[data-answer="correct"]')).to_have_text(correct_answer)
    expect(page.locator(".cite")).to_have_text(SOURCE_LINE)
    expect(page.locator(".next-time")).to_contain_text("comes back")


def right_order(page: Page) -> list[str]:
    """The right order as an ordering answer's feedback shows it: at each place the student's
    item where marked right, else the right one written beside it."""
    places = page.locator("ol.order-check > li")
    return [
        place.locator('[data-part="right"]').inner_text()
        if place.locator('[data-part="right"]').count()
        else place.locator('[data-part="yours"]').inner_text()
        for place in places.all()
    ]


def next_question(page: Page) -> None:
    page.get_by_role("link", name="Next question").click()
