"""A teacher brings her own material: a pasted text and a Word file become numbered paragraphs, a
bank that requires citations gets four questions each citing a picked paragraph, and a student
who answers one opens that paragraph on the feedback page. Every step photographed."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.student import log_in, log_out, register
from tests.e2e.test_screenshots import Camera, _flask

pytestmark = pytest.mark.e2e

TEACHER_PASSWORD = "a staffroom passphrase of hers"
BANK_TITLE = "The water cycle"
REQUIRE = "Every question must cite the paragraph of a source it comes from"
# Written for this test: a teacher's own notes, pasted, and a worksheet she wrote in Word.
PASTED_TITLE, PASTED_AUTHOR = "Where the water goes", "Ms Lee"
PASTED = [
    "Water on Earth is always on the move. The same water has gone round for millions of years,"
    " changing between liquid, vapour and ice on its travels.",
    "Evaporation happens when the sun warms oceans, lakes and puddles. Some of the liquid turns"
    " into an invisible gas called water vapour, which rises with the warm air.",
    "High up, the vapour cools. Cold air holds less vapour, so tiny droplets gather around specks"
    " of dust. This change from gas back to liquid is condensation, and billions of droplets"
    " together make a cloud.",
    "When the droplets in a cloud bump together and grow too heavy to float, they fall as"
    " precipitation: rain, snow, sleet or hail, depending on how cold the air is below.",
    "Rain that reaches the ground soaks into the soil or runs downhill into streams. Rivers carry"
    " the runoff back to the sea, where the sun warms it again.",
]
WORD_TITLE = "Water under our feet"
# Each source as the picker and the citations name it: author, “title”.
PASTED_NAME, WORD_NAME = f"{PASTED_AUTHOR}, “{PASTED_TITLE}”", f"“{WORD_TITLE}”"
WORD = [
    "Water under our feet",
    "Not all rain runs off into rivers. Some sinks slowly through soil and cracks in rock until"
    " it meets a layer that is already soaked. Water stored there is called groundwater.",
    "Rock that holds groundwater and lets it seep through is an aquifer. Villages dig wells down"
    " into an aquifer and pump the water up.",
    "Groundwater creeps along, sometimes only a few metres a year, so rain falling on a hill today"
    " may take centuries to reach a spring at its foot.",
]
# (type, boxes by label, marks to tick, (source, words to search for or "", paragraph)),
# in the order a new student meets them: the multiple choice first.
QUESTIONS: list[tuple[str, dict[str, str], list[str], tuple[str, str, int]]] = [
    ("Multiple choice (one right)",
     {"Question": "What do we call water vapour turning back into liquid droplets?",
      "Option 1": "Condensation", "Option 2": "Evaporation", "Option 3": "Runoff"},
     ["Option 1 is right"], (PASTED_NAME, "dust", 3)),
    ("True or false", {"Question": "Precipitation only ever falls as rain."}, [],
     (PASTED_NAME, "", 4)),
    ("Short answer", {"Question": "What is a layer of rock holding groundwater called?",
                      "Accepted answer 1": "aquifer"}, [], (WORD_NAME, "wells", 3)),
    ("Matching", {"Question": "Match each stage with what happens in it.",
                  "Pair 1, left": "Evaporation", "Pair 1, right": "the sun lifts water as gas",
                  "Pair 2, left": "Condensation", "Pair 2, right": "vapour cools into a cloud",
                  "Pair 3, left": "Precipitation", "Pair 3, right": "heavy drops fall"}, [],
     (PASTED_NAME, "", 2)),
]  # fmt: skip


def _word_file(folder: Path) -> Path:
    document = docx.Document()
    document.add_heading(WORD[0], level=1)
    for text in WORD[1:]:
        document.add_paragraph(text)
    path = folder / "groundwater.docx"
    document.save(str(path))
    return path


def _expect_numbered(page: Page, paragraphs: list[str]) -> None:
    """The preview before saving: how many paragraphs, each in its numbered place."""
    expect(page.get_by_role("heading", name="How quizapp numbers the paragraphs")).to_be_visible()
    expect(page.get_by_text(f"{len(paragraphs)} paragraphs.")).to_be_visible()
    expect(page.locator("ol.paragraphs > li")).to_have_text(paragraphs)


def _add_pasted_source(page: Page, camera: Camera) -> None:
    page.get_by_role("link", name="Add a source for this bank").click()
    expect(page.get_by_role("heading", name="Add a source")).to_be_visible()
    page.get_by_label("Title", exact=True).fill(PASTED_TITLE)
    page.get_by_label("Author or outlet (optional)").fill(PASTED_AUTHOR)
    page.get_by_label("Date published (optional)").fill("2024-09-02")
    page.get_by_label("Licence or permission note (optional)").fill("Written by Ms Lee for Year 7")
    page.get_by_label("Text: paragraphs separated by a blank line").fill("\n\n".join(PASTED))
    expect(page.get_by_role("button", name="Save the source")).to_have_count(0)  # look first
    page.get_by_role("button", name="Show the paragraphs").click()
    _expect_numbered(page, PASTED)
    camera.shoot("sources-pasted-preview")
    page.get_by_role("button", name="Save the source").click()
    expect(page.locator(".flash-success")).to_have_text("Source saved with 5 paragraphs.")
    expect(page.get_by_role("heading", name=PASTED_TITLE)).to_be_visible()
    expect(page.locator("ol.paragraphs > li#p3")).to_contain_text(PASTED[2])
    camera.shoot("sources-source")


def _add_uploaded_source(page: Page, camera: Camera, word_file: Path) -> None:
    page.get_by_role("link", name="Add a source for this bank").click()
    page.get_by_label("Title", exact=True).fill(WORD_TITLE)
    page.get_by_label("Upload a file").set_input_files(word_file)
    page.get_by_role("button", name="Show the paragraphs").click()
    _expect_numbered(page, WORD)
    # The file's text is now in the box, to be checked and corrected before saving.
    expect(page.get_by_label("Text: paragraphs separated by a blank line")).to_have_value(
        "\n\n".join(WORD)
    )
    camera.shoot("sources-uploaded-preview")
    page.get_by_role("button", name="Save the source").click()
    expect(page.locator(".flash-success")).to_have_text("Source saved with 4 paragraphs.")


def _cite_by_picking(page: Page, source: str, search: str, number: int) -> None:
    """Choose the source, narrow its paragraphs by a word, pick one, cite it."""
    page.get_by_label("Source", exact=True).select_option(label=source)
    page.get_by_label("Find in its paragraphs").fill(search)
    page.get_by_role("button", name="Show its paragraphs").click()
    choices = page.locator(".paragraph-choice")
    if search:
        expect(choices).to_have_count(1)  # only the paragraph with that word
        expect(choices).to_contain_text(search)
    page.get_by_role("radio", name=re.compile(rf"^Paragraph {number}\b")).check()
    page.get_by_role("button", name="Cite this paragraph").click()
    expect(page.locator(".cited").last).to_contain_text(f"{source}, paragraph {number}")


def _preview_while_incomplete(page: Page, camera: Camera) -> None:
    """Only the question typed: a row button and Preview both show it, the gaps marked."""
    prompt = QUESTIONS[0][1]["Question"]
    page.get_by_label("Question", exact=True).fill(prompt)
    page.get_by_role("button", name="Add an option").click()
    expect(page.locator(".preview-body")).to_contain_text(prompt)
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.locator(".preview-body")).to_contain_text(prompt)
    expect(page.locator(".preview-problems")).to_contain_text("Not ready to save")
    expect(page.locator("#options-error")).to_contain_text("Give at least two options.")
    camera.shoot("sources-editor-incomplete")


def _write_question(
    page: Page,
    camera: Camera,
    label: str,
    fields: dict[str, str],
    marks: list[str],
    cite: tuple[str, str, int],
) -> None:
    first = label == QUESTIONS[0][0]  # the one whose steps are photographed
    page.get_by_role("link", name=label, exact=True).click()
    if first:
        _preview_while_incomplete(page, camera)
    for name, value in fields.items():
        page.get_by_label(name, exact=True).fill(value)
    for mark in marks:
        page.get_by_label(mark, exact=True).check()
    if label == "True or false":
        page.get_by_label("The statement is").select_option("false")
    if first:
        # The bank requires a citation: saving without one is refused beside the citations.
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator("#cite-error")).to_contain_text("this bank needs a source")
    _cite_by_picking(page, *cite)
    if first:
        expect(page.locator("details.picker")).to_have_attribute("open", "")  # for the next
        page.get_by_label("Source", exact=True).select_option(label=WORD_NAME)
        page.get_by_label("Find in its paragraphs").fill("")
        page.get_by_role("button", name="Show its paragraphs").click()
        expect(page.locator(".paragraph-choice")).to_have_count(len(WORD))
        camera.shoot("sources-editor-picker")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("Saved as version 1.")
    page.get_by_role("link", name=BANK_TITLE).click()


def _teacher_writes_the_bank(page: Page, camera: Camera, word_file: Path) -> str:
    """The bank, its two sources and four questions, assigned to a class; its join code."""
    page.get_by_role("link", name="Editor").click()
    page.get_by_label("Title", exact=True).fill(BANK_TITLE)
    page.get_by_role("button", name="Create the bank").click()
    expect(page.get_by_role("heading", name=BANK_TITLE)).to_be_visible()
    page.get_by_label(REQUIRE).check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("Bank saved.")
    expect(page.get_by_label(REQUIRE)).to_be_checked()

    _add_pasted_source(page, camera)
    page.get_by_role("link", name=BANK_TITLE).click()  # "for The water cycle": back to it
    _add_uploaded_source(page, camera, word_file)
    page.get_by_role("link", name=BANK_TITLE).click()
    listed = page.locator("#sources ~ ul > li")
    for title in (PASTED_TITLE, WORD_TITLE):
        expect(listed.filter(has_text=title)).to_have_count(1)

    for label, fields, marks, cite in QUESTIONS:
        _write_question(page, camera, label, fields, marks, cite)
    expect(page.locator("ol.editor-list > li")).to_have_count(len(QUESTIONS))

    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Class name").fill("Year 7 Science")
    page.get_by_role("button", name="Create the class").click()
    page.get_by_role("checkbox", name=BANK_TITLE).check()
    page.get_by_role("button", name="Save the banks").click()
    return (page.locator("p.code").text_content() or "").replace(" ", "")


def test_a_teacher_cites_her_own_sources_and_a_student_reads_the_paragraph(
    page: Page, live_database_url: str, tmp_path: Path
) -> None:
    camera = Camera(page)
    _flask(live_database_url, "users", "create", "ms_lee", "--role", "teacher",
           "--password-stdin", stdin=f"{TEACHER_PASSWORD}\n")  # fmt: skip
    log_in(page, "ms_lee", TEACHER_PASSWORD)
    code = _teacher_writes_the_bank(page, camera, _word_file(tmp_path))
    log_out(page)

    register(page, "ada")
    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Join code").fill(code)
    page.get_by_role("button", name="Join", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Banks").click()
    page.locator("li.bank").filter(has_text=BANK_TITLE).get_by_role("link", name="Study").click()
    page.get_by_role("radio", name="Condensation", exact=True).check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator("h1.verdict")).to_have_text("✓ Right")
    cite = page.locator(".cite")
    expect(cite).to_contain_text(f"Source: {PASTED_NAME}, 2024-09-02, paragraph 3")
    paragraph = cite.locator("blockquote.source-text")
    expect(paragraph).to_be_hidden()
    cite.get_by_text("Show paragraph 3").click()
    expect(paragraph).to_be_visible()
    expect(paragraph).to_have_text(PASTED[2])
    camera.shoot("sources-student-feedback")

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
    assert not camera.without_heading, f"no visible h1 on: {', '.join(camera.without_heading)}"
