"""A teacher writes a bank in the browser, a student answers, the teacher fixes a key with a
regrade, and the student sees the notice and the new schedule; every page photographed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.student import log_in, log_out, register
from tests.e2e.test_screenshots import Camera, _flask

pytestmark = pytest.mark.e2e

TEACHER_PASSWORD = "a staffroom passphrase of hers"
BANK_TITLE = "Lunar station basics"
CITE = "silkroad-moon#5"
# One question of each type, as a teacher types them: the short answer first, for the student.
# Each box is found by its label; "Option 1 is right" and the like are the marks to tick.
QUESTIONS: list[tuple[str, dict[str, str], list[str]]] = [
    ("Short answer", {"Question": "Who signed the memorandum for the *Chinese* agency?",
                      "Accepted answer 1": "Zhang Kejian"}, []),
    ("Multiple choice (one right)", {"Question": "Which agency signed for Russia?",
                                     "Option 1": "Roscosmos", "Option 2": "NASA",
                                     "Option 3": "CNSA", "Option 4": "ESA"},
     ["Option 1 is right"]),
    ("Multiple answers", {"Question": "Which agencies signed the memorandum?",
                          "Option 1": "Roscosmos", "Option 2": "CNSA", "Option 3": "NASA"},
     ["Option 1 is right", "Option 2 is right"]),
    ("True or false", {"Question": "NASA signed the memorandum."}, []),
    ("Number", {"Question": "In which year was the memorandum signed?",
                "Correct number": "2021"}, []),
    ("Fill in the blanks", {"Question": "{{Dmitry Rogozin|Rogozin}} signed for Roscosmos."}, []),
    ("Matching", {"Question": "Match each agency with its country.",
                  "Pair 1, left": "Roscosmos", "Pair 1, right": "Russia",
                  "Pair 2, left": "CNSA", "Pair 2, right": "China",
                  "Pair 3, left": "NASA", "Pair 3, right": "United States"}, []),
    ("Ordering", {"Question": "Put these in the order of the article.",
                  "Item 1": "second", "Item 2": "first", "Item 3": "third"}, []),
    ("Flashcard", {"Question": "CNSA", "Back of the card": "China National Space Administration"},
     []),
]  # fmt: skip


def _rows_by_hand(page: Page, label: str) -> None:
    """The row buttons, each a round trip to the server: nothing typed is lost on the way."""
    if label == "Short answer":
        page.get_by_role("button", name="Add an accepted answer").click()
        expect(page.get_by_label("Accepted answer 2", exact=True)).to_be_focused()
        page.keyboard.type("Kejian Zhang")
        expect(page.get_by_label("Accepted answer 1", exact=True)).to_have_value("Zhang Kejian")
    if label == "Ordering":
        page.get_by_role("button", name="Move item 2 up").click()
        expect(page.get_by_role("button", name="Move item 1 down")).to_be_visible()
        expect(page.get_by_label("Item 1", exact=True)).to_have_value("first")
        expect(page.get_by_label("Item 2", exact=True)).to_have_value("second")
        page.get_by_role("button", name="Remove item 4").click()
        expect(page.get_by_label("Item 4", exact=True)).to_have_count(0)
    if label == "Multiple choice (one right)":
        # Enter in a box previews; it presses none of the row buttons.
        page.get_by_label("Option 4", exact=True).press("Enter")
        expect(page.locator(".preview-body")).to_contain_text("ESA")
        expect(page.get_by_label("Option 4", exact=True)).to_have_value("ESA")
        expect(page.get_by_label("Option 1 is right")).to_be_checked()


def _cite_by_picking(page: Page, cite: str) -> None:
    """Choose the source, list its paragraphs, pick one: each a round trip, nothing lost."""
    source, _, number = cite.partition("#")
    page.get_by_label("Source", exact=True).select_option(source)
    page.get_by_role("button", name="Show its paragraphs").click()
    page.get_by_role("radio", name=re.compile(rf"^Paragraph {number}\b")).check()
    page.get_by_role("button", name="Cite this paragraph").click()
    expect(page.locator(".cited").last).to_contain_text(f"paragraph {number}")


def _write_question(
    page: Page, camera: Camera, label: str, fields: dict[str, str], marks: list[str]
) -> None:
    page.get_by_role("link", name=label, exact=True).click()
    expect(
        page.get_by_role("heading", name=re.compile(f"New question: {re.escape(label)}"))
    ).to_be_visible()
    for name, value in fields.items():
        page.get_by_label(name, exact=True).fill(value)
    for mark in marks:
        page.get_by_label(mark, exact=True).check()
    if label == "True or false":
        page.get_by_label("The statement is").select_option("false")
    page.get_by_label("Explanation (optional)").fill("Silk Road Briefing names them.")
    page.get_by_label("Topic tags, separated by commas").fill("signing")
    _cite_by_picking(page, CITE)
    _rows_by_hand(page, label)
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.locator(".preview-body")).to_be_visible()
    shot = re.sub(r"[^a-z]+", "-", label.lower()).strip("-")
    camera.shoot(f"editor-new-{shot}-preview")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("Saved as version 1.")
    page.get_by_role("link", name=BANK_TITLE).click()


def test_a_teacher_writes_a_bank_and_fixes_a_key_with_a_regrade(
    page: Page, live_database_url: str
) -> None:
    camera = Camera(page)
    _flask(live_database_url, "users", "create", "ms_lee", "--role", "teacher",
           "--password-stdin", stdin=f"{TEACHER_PASSWORD}\n")  # fmt: skip
    log_in(page, "ms_lee", TEACHER_PASSWORD)
    page.get_by_role("link", name="Editor").click()
    expect(page.get_by_role("heading", name="Bank editor")).to_be_visible()
    camera.shoot("editor-index")
    page.get_by_label("Title", exact=True).fill(BANK_TITLE)
    page.get_by_role("button", name="Create the bank").click()
    expect(page.get_by_role("heading", name=BANK_TITLE)).to_be_visible()
    camera.shoot("editor-bank-empty")

    page.get_by_role("link", name="Multiple choice (one right)", exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()  # nothing filled in
    expect(page.locator("#prompt-error")).to_contain_text("Write the question.")
    expect(page.locator("#options-error")).to_contain_text("Give at least two options.")
    camera.shoot("editor-field-errors")
    page.get_by_role("link", name=BANK_TITLE).click()
    for label, fields, marks in QUESTIONS:
        _write_question(page, camera, label, fields, marks)
    expect(page.locator("ol.editor-list > li")).to_have_count(9)
    camera.shoot("editor-bank")

    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Class name").fill("Year 9 Physics")
    page.get_by_role("button", name="Create the class").click()
    page.get_by_role("checkbox", name=BANK_TITLE).check()
    page.get_by_role("button", name="Save the banks").click()
    code = (page.locator("p.code").text_content() or "").replace(" ", "")
    log_out(page)

    register(page, "ada")
    assert BANK_TITLE not in page.locator("main").inner_text()  # not in any class of hers yet
    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Join code").fill(code)
    page.get_by_role("button", name="Join", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Banks").click()
    page.locator("li.bank").filter(has_text=BANK_TITLE).get_by_role("link", name="Study").click()
    page.locator("input#answer").fill("Zhang K.")
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator("h1.verdict")).to_have_text("✗ Not quite")
    before = page.locator(".next-time").inner_text()
    assert re.search(r"\(in (under a minute|1 minute)\)", before), before  # Again: 1 minute
    log_out(page)

    log_in(page, "ms_lee", TEACHER_PASSWORD)
    page.get_by_role("link", name="Editor").click()
    page.get_by_role("link", name=BANK_TITLE).click()
    page.get_by_role("link", name="Edit question 1").click()
    page.get_by_role("button", name="Add an accepted answer").click()
    page.get_by_label("Accepted answer 3", exact=True).fill("Zhang K.")
    page.get_by_role("button", name="Preview", exact=True).click()
    summary = page.locator(".regrade-summary")
    expect(summary).to_contain_text("1 answer by 1 student")
    expect(summary).to_contain_text("1 become right")
    # Keeping past grades is offered here too, not only after a first Save.
    expect(page.get_by_role("button", name="Save without regrading")).to_be_visible()
    camera.shoot("editor-regrade-count")
    page.get_by_role("button", name="Save and regrade past answers").click()
    expect(page.locator(".flash").nth(1)).to_contain_text(
        "Regraded 1 past answer by 1 student: 1 became right, 0 became wrong."
    )
    camera.shoot("editor-regraded")
    page.get_by_role("link", name="History").click()
    expect(page.locator(".diff-added")).to_contain_text("Accepted answer: Zhang K.")
    camera.shoot("editor-history")
    log_out(page)

    log_in(page, "ada")
    notice = page.locator(".notices")
    expect(notice).to_contain_text("was regraded: now right")
    camera.shoot("student-regrade-notice")
    notice.get_by_role("link", name=re.compile("See the answer")).click()
    expect(page.locator("h1.verdict")).to_contain_text("✓ Right")
    after = page.locator(".next-time").inner_text()
    # Rescheduled as a right first answer: the 10-minute learning step, from when it was given.
    assert re.search(r"\(in (9|10) minutes\)", after), after
    regraded = re.compile(r"Regraded .*: first marked ✗ Wrong against version 1 of the question")
    expect(page.locator("[data-regraded]")).to_have_text(regraded)
    camera.shoot("student-regraded-feedback")
    page.get_by_role("link", name="Your answers to this question").click()
    expect(page.locator("table.history [data-regraded]")).to_have_text(regraded)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Banks").click()
    page.get_by_role("button", name="Dismiss").click()
    expect(page.locator(".notices")).to_have_count(0)

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
    assert not camera.without_heading, f"no visible h1 on: {', '.join(camera.without_heading)}"


GIFT = """// tags: signing, easy
// cite: silkroad-moon#5
::Russian signer:: Who signed for Roscosmos? {=Dmitry Rogozin =Rogozin}

// cite: silkroad-moon#5
The memorandum was signed by NASA. {F}

Which agency is Chinese? {~Roscosmos =CNSA ~NASA}
"""


def test_a_teacher_imports_a_gift_file_after_a_preview(page: Page, live_database_url: str) -> None:
    camera = Camera(page)
    _flask(live_database_url, "users", "create", "ms_lee", "--role", "teacher",
           "--password-stdin", stdin=f"{TEACHER_PASSWORD}\n")  # fmt: skip
    log_in(page, "ms_lee", TEACHER_PASSWORD)
    page.get_by_role("link", name="Editor").click()
    page.get_by_label("Title", exact=True).fill("From Moodle")
    page.get_by_role("button", name="Create the bank").click()
    page.get_by_role(
        "link", name="Import questions from a GIFT, Moodle XML, Aiken or CSV file"
    ).click()
    camera.shoot("editor-import")
    page.get_by_label("…or paste the text").fill(GIFT)
    page.get_by_role("button", name="Preview").click()
    # A teacher's new bank does not require citations: the file imports as it is.
    expect(page.get_by_role("button", name="Import these 3 questions")).to_be_visible()
    camera.shoot("editor-import-preview")
    page.get_by_role("button", name="Import these 3 questions").click()
    expect(page.locator(".flash")).to_have_text("Imported 3 question(s) from pasted text.")
    expect(page.locator("ol.editor-list > li")).to_have_count(3)

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
