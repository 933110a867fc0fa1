"""Pictures in a real browser: a teacher uploads one with alt text and writes a question that
shows it; a student sees it, no wider than the screen, at desktop and phone width and with no
script, and axe finds nothing on the pages."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.student import log_in, log_out, register
from tests.e2e.test_screenshots import Camera, _flask

pytestmark = pytest.mark.e2e

TEACHER_PASSWORD = "a staffroom passphrase of hers"
BANK_TITLE = "Harbour maps"
ALT = "A map of the harbour: the pier reaches out to the lighthouse"


def _map(path: Path) -> Path:
    """A wide picture (wider than a phone, and than the page's column on a desktop)."""
    image = Image.new("RGB", (1600, 900), (70, 130, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 600, 1600, 900), fill=(90, 160, 80))  # the shore
    draw.rectangle((700, 250, 760, 620), fill=(120, 110, 100))  # the pier
    draw.ellipse((680, 150, 780, 250), fill=(250, 220, 60))  # the lighthouse's light
    out = io.BytesIO()
    image.save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def _upload(page: Page, camera: Camera, file: Path) -> str:
    page.get_by_role("link", name="Pictures", exact=True).click()
    expect(page.get_by_role("heading", name=f"Pictures of {BANK_TITLE}")).to_be_visible()
    page.get_by_role("button", name="Upload").click()  # nothing chosen: both are asked for
    expect(page.locator("#picture-error")).to_contain_text("Choose a picture to upload.")
    expect(page.locator("#alt-error")).to_contain_text("Say what the picture shows")
    page.get_by_label(re.compile("^Picture")).set_input_files(str(file))
    page.get_by_label(re.compile("^Alt text")).fill(ALT)
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".flash-success")).to_contain_text("Picture uploaded.")
    listed = page.locator(".picture-list img")
    expect(listed).to_have_attribute("alt", ALT)
    assert _loaded_width(listed) == 1600  # served, at the size it was stored
    camera.shoot("pictures-bank")
    snippet = page.locator(".picture-list code.snippet").inner_text()
    assert re.fullmatch(rf"!\[{re.escape(ALT)}\]\(picture:[0-9a-f]{{64}}\.png\)", snippet)
    return snippet


def _write_question(page: Page, camera: Camera, snippet: str) -> None:
    page.get_by_role("link", name=BANK_TITLE).click()
    page.get_by_role("link", name="Multiple choice (one right)", exact=True).click()
    # A formula beside the picture: the teacher types LaTeX, the student sees it drawn.
    prompt = f"Where is the lighthouse, \\(\\frac{{3}}{{2}}\\) km out?\n\n{snippet}"
    page.get_by_label("Question", exact=True).fill(prompt)
    for n, option in enumerate(["At the end of the pier", "On the shore", "Out at sea"], 1):
        page.get_by_label(f"Option {n}", exact=True).fill(option)
    page.get_by_label("Option 1 is right", exact=True).check()
    page.get_by_label("Explanation (optional)").fill(f"Follow the pier out:\n\n{snippet}")
    page.get_by_label("Topic tags, separated by commas").fill("maps")
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.locator(".preview-body img")).to_have_attribute("alt", ALT)
    camera.shoot("pictures-editor-preview")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("Saved as version 1.")


def _class_code(page: Page) -> str:
    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Class name").fill("Year 8 Geography")
    page.get_by_role("button", name="Create the class").click()
    page.get_by_role("checkbox", name=BANK_TITLE).check()
    page.get_by_role("button", name="Save the banks").click()
    return (page.locator("p.code").text_content() or "").replace(" ", "")


def _open_question(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Banks").click()
    page.locator("li.bank").filter(has_text=BANK_TITLE).get_by_role("link", name="Study").click()
    expect(page.locator("article.question")).to_have_attribute("data-type", "choice")


def _expect_formula_drawn(page: Page) -> None:
    formula = page.locator(".prompt math")
    expect(formula).to_have_attribute("alttext", "\\frac{3}{2}")
    expect(formula.locator("mfrac")).to_have_count(1)


def _loaded_width(picture: Locator) -> int:
    """The picture's width once the browser has it; a broken picture fails to decode."""
    return int(picture.evaluate("async i => { await i.decode(); return i.naturalWidth; }"))


def _expect_picture_fits(page: Page, where: str) -> None:
    picture = page.locator(f"{where} img")
    expect(picture).to_have_attribute("alt", ALT)
    expect(picture).to_be_visible()
    assert _loaded_width(picture) == 1600  # loaded, not broken
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        box = picture.bounding_box()
        assert box is not None and 0 < box["width"] <= size["width"], (size, box)
        ratio = box["width"] / box["height"]
        assert abs(ratio - 1600 / 900) < 0.02, "the picture keeps its proportions"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{where} is {overflow}px too wide at {size['width']}px"
    page.set_viewport_size(DESKTOP)


def test_a_teacher_shows_a_picture_in_a_question_and_a_student_sees_it(
    page: Page, browser: Browser, live_server: str, live_database_url: str, tmp_path: Path
) -> None:
    camera = Camera(page)
    _flask(live_database_url, "users", "create", "ms_lee", "--role", "teacher",
           "--password-stdin", stdin=f"{TEACHER_PASSWORD}\n")  # fmt: skip
    log_in(page, "ms_lee", TEACHER_PASSWORD)
    page.get_by_role("link", name="Editor").click()
    page.get_by_label("Title", exact=True).fill(BANK_TITLE)
    page.get_by_role("button", name="Create the bank").click()
    snippet = _upload(page, camera, _map(tmp_path / "harbour map.png"))
    _write_question(page, camera, snippet)
    code = _class_code(page)
    log_out(page)

    register(page, "ada")
    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Join code").fill(code)
    page.get_by_role("button", name="Join", exact=True).click()
    _open_question(page)
    _expect_picture_fits(page, ".prompt")
    _expect_formula_drawn(page)
    camera.shoot("pictures-question")
    page.get_by_role("radio", name="At the end of the pier").check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator("h1.verdict")).to_have_text("✓ Right")
    _expect_picture_fits(page, ".explanation")
    camera.shoot("pictures-feedback")

    # Without script: the same picture, served to the same student.
    context = browser.new_context(viewport=PHONE, base_url=live_server, java_script_enabled=False)
    try:
        plain = context.new_page()
        log_in(plain, "ada")
        plain.goto("/banks/")
        _open_question(plain)
        _expect_picture_fits(plain, ".prompt")
        _expect_formula_drawn(plain)
        plain.set_viewport_size(PHONE)
        plain.screenshot(path=camera_path("pictures-question-no-script-390"), full_page=True)
    finally:
        context.close()

    assert not camera.overflowing, "\n".join(camera.overflowing)
    assert not camera.inaccessible, "\n".join(camera.inaccessible)
    assert not camera.without_heading, f"no visible h1 on: {', '.join(camera.without_heading)}"


def camera_path(name: str) -> Path:
    from tests.e2e.test_screenshots import SHOTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / f"{name}.png"
