"""A live game in the browser: the teacher's projector page and three students' phones (390 px,
each its own browser) play two questions to the end in each mode. The pages move on by themselves
(game.js polls the state, here four times a second). The classic game goes through every page with
axe and screenshots, one student reloading before each answer; the other modes differ only in
their standings, so theirs are the pages checked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from quizapp import create_app
from quizapp.accounts import services as accounts
from quizapp.classes import services as classes
from quizapp.config import TestConfig
from quizapp.extensions import db
from tests.e2e.conftest import PHONE
from tests.e2e.student import PASSWORD, log_in
from tests.e2e.test_screenshots import SHOTS, Camera

pytestmark = pytest.mark.e2e

STUDENTS = ("ann", "ben", "cai")
SOON = 6_000  # ms: a state change reaches every page within about a second


def _school(database_url: str) -> None:
    setup = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with setup.app_context():
        now = datetime.now(UTC)
        teacher = accounts.register("ms_lee", PASSWORD, "UTC", role="teacher").id
        class_id = classes.create_class(teacher, "Year 9", "", now)
        classes.set_banks(teacher, class_id, ["sample"])
        code = classes.class_detail(teacher, class_id).join_code
        for name in STUDENTS:
            classes.join(accounts.register(name, PASSWORD, "UTC").id, code, now)
        db.session.remove()
        db.engine.dispose()


@contextmanager
def _phones(browser: Browser, base_url: str) -> Iterator[list[Page]]:
    contexts = [browser.new_context(viewport=PHONE, base_url=base_url) for _ in STUDENTS]
    failed: list[str] = []
    phones = []
    for context, name in zip(contexts, STUDENTS, strict=True):
        phone = context.new_page()
        phone.on("pageerror", lambda error: failed.append(str(error)))
        log_in(phone, name)
        phones.append(phone)
    try:
        yield phones
        assert failed == [], "a phone's script failed"
    finally:
        for context in contexts:
            context.close()


def _set_up_game(page: Page, mode_label: str) -> None:
    page.goto("/classes/")
    page.get_by_role("link", name="Year 9").click()
    page.get_by_role("link", name="New live game").click()
    expect(page.get_by_role("heading", name="New live game")).to_be_visible()
    page.get_by_role("radio", name=mode_label).check()
    page.get_by_label("Time for each question").select_option("30")
    page.get_by_label("law", exact=True).check()  # the numeric question
    page.get_by_label("station", exact=True).check()  # the true/false one, asked first
    page.get_by_role("button", name="Open the game's lobby").click()
    expect(page.get_by_role("heading", name="Join the game on your phone")).to_be_visible()


def _join(phone: Page) -> None:
    phone.goto("/classes/")
    phone.get_by_role("link", name="Join the live game").click()
    phone.get_by_role("button", name="Join the game").click()
    expect(phone.get_by_role("heading", name="You are in")).to_be_visible()


def _answer_truefalse(phone: Page, value: str) -> None:
    expect(phone.locator("article.question")).to_have_attribute(
        "data-type", "truefalse", timeout=SOON
    )
    phone.get_by_role("radio", name=value, exact=True).check()
    phone.get_by_role("button", name="Check answer").click()


def _answer_numeric(phone: Page, value: str) -> None:
    expect(phone.locator("article.question")).to_have_attribute(
        "data-type", "numeric", timeout=SOON
    )
    phone.locator("input#answer").fill(value)
    phone.get_by_role("button", name="Check answer").click()


class Eyes:
    """The projector's camera, and axe (with a picture at 390 px) on the first phone."""

    def __init__(self, page: Page, phone: Page, shots: bool) -> None:
        self.projector = Camera(page, prefix="game-")
        self.phone = Camera(phone, prefix="game-phone-")
        self.shots = shots  # the classic game: every page, with pictures

    def look(self, projector: str | None = None, phone: str | None = None) -> None:
        if not self.shots and "ended" not in (projector, phone):
            return
        if projector:
            if self.shots:
                self.projector.shoot(projector)
            else:
                self.projector.check_accessibility(projector)
        if phone:
            if self.shots:
                self.phone.page.screenshot(path=str(SHOTS / f"game-phone-{phone}-390.png"))
            self.phone.check_accessibility(f"phone {phone}")

    def assert_clean(self) -> None:
        problems = self.projector.inaccessible + self.projector.overflowing
        assert problems + self.phone.inaccessible == [], "\n".join(problems)


def _play(page: Page, phones: list[Page], eyes: Eyes) -> None:
    """Two questions: ann right twice, ben wrong then right, cai reloading before each answer."""
    ann, ben, cai = phones
    for phone in phones:
        _join(phone)
    expect(page.get_by_role("heading", name="3 players in")).to_be_visible(timeout=SOON)
    eyes.look("lobby", "lobby")
    page.wait_for_load_state()  # the lobby drawn again for the last player has its keys
    page.keyboard.press("n")  # Start
    expect(page.locator("h1.game-prompt")).to_be_visible()
    expect(ann.locator("article.question")).to_be_visible(timeout=SOON)
    eyes.look(phone="question")
    ann.evaluate("window.sameDocument = true")
    _answer_truefalse(ann, "True")
    expect(ann.get_by_role("heading", name="Answer sent")).to_be_visible()
    assert ann.evaluate("window.sameDocument === true"), "the phone loaded its page again"
    expect(page.locator("[data-answered]")).to_have_text("1", timeout=SOON)
    eyes.look("question", "answer-sent")
    _answer_truefalse(ben, "False")
    expect(cai.locator("article.question")).to_be_visible(timeout=SOON)
    if eyes.shots:
        cai.reload()  # a phone that slept: back in the running game
    _answer_truefalse(cai, "True")
    # Everyone has answered: the question is revealed on every page without a click.
    expect(page.get_by_text("How the room answered")).to_be_visible(timeout=SOON)
    expect(ann.get_by_role("heading", name="✓ Right")).to_be_visible(timeout=SOON)
    expect(ben.get_by_role("heading", name="✗ Not quite")).to_be_visible(timeout=SOON)
    eyes.look("reveal", "reveal")
    page.get_by_role("button", name="Next question").click()
    _answer_numeric(ann, "2011")
    _answer_numeric(ben, "2011")
    expect(cai.locator("article.question")).to_be_visible(timeout=SOON)
    if eyes.shots:
        cai.reload()
    _answer_numeric(cai, "1999")
    expect(page.locator("table.game-bars")).to_contain_text("2011", timeout=SOON)
    expect(cai.get_by_role("heading", name="✗ Not quite")).to_be_visible(timeout=SOON)
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="The game is over")).to_be_visible()
    for phone in phones:
        expect(phone.get_by_role("heading", name="The game is over")).to_be_visible(timeout=SOON)
    eyes.look("ended", "ended")


def _game(page: Page, browser: Browser, live_server: str, database: str, mode: str, shots: bool):  # type: ignore[no-untyped-def]
    _school(database)
    log_in(page, "ms_lee")
    _set_up_game(page, re.compile(f"^{mode}"))
    with _phones(browser, live_server) as phones:
        eyes = Eyes(page, phones[0], shots)
        if shots:
            eyes.look("new-game")
        _play(page, phones, eyes)
        yield phones, eyes
    eyes.assert_clean()


@pytest.mark.usefixtures("live_server")
def test_a_classic_game_ranks_the_top_five(
    page: Page, browser: Browser, live_server: str, live_database_url: str
) -> None:
    for phones, eyes in _game(page, browser, live_server, live_database_url, "Classic", shots=True):
        expect(page.locator("ol.game-top li").first).to_contain_text("ann")
        expect(phones[0].get_by_text("You are number 1 of 3")).to_be_visible()
        expect(phones[1].get_by_text(re.compile(r"You are number \d of 3"))).to_be_visible()
        page.get_by_role("link", name="Back to Year 9").click()
        page.get_by_role("link", name=re.compile("^Report of the classic game")).click()
        expect(page.get_by_role("heading", name="Questions")).to_be_visible()
        expect(page.locator("td[data-right]").first).to_have_text("2 of 3")
        eyes.look("report")


@pytest.mark.usefixtures("live_server")
def test_an_accuracy_game_counts_right_answers_only(
    page: Page, browser: Browser, live_server: str, live_database_url: str
) -> None:
    for phones, _eyes in _game(
        page, browser, live_server, live_database_url, "Accuracy", shots=False
    ):
        top = page.locator("ol.game-top li")
        expect(top.first).to_contain_text("200")  # ann: two right answers, 100 each
        expect(phones[1].get_by_text("with 100 points")).to_be_visible()  # ben: one right


@pytest.mark.usefixtures("live_server")
def test_the_class_against_the_questions_ranks_no_one(
    page: Page, browser: Browser, live_server: str, live_database_url: str
) -> None:
    for phones, _eyes in _game(
        page, browser, live_server, live_database_url, "The class", shots=False
    ):
        expect(page.get_by_role("heading", name="Class score")).to_be_visible()
        expect(page.get_by_text("67%")).to_be_visible()  # 4 of the 6 answers right
        expect(page.locator("ol.game-top")).to_have_count(0)
        for phone in phones:
            expect(phone.get_by_text("The class score: 67%")).to_be_visible()
            expect(phone.get_by_text("points")).to_have_count(0)


@pytest.mark.usefixtures("live_server")
def test_a_guest_joins_with_the_code_and_a_nickname_and_plays_to_the_end(
    page: Page, browser: Browser, live_server: str, live_database_url: str
) -> None:
    _school(live_database_url)
    log_in(page, "ms_lee")
    page.goto("/classes/")
    page.get_by_role("link", name="Year 9").click()
    page.get_by_role("link", name="New live game").click()
    page.get_by_label("law", exact=True).check()  # one question: the numeric one
    page.get_by_label("Let guests join with a nickname").check()
    page.get_by_role("button", name="Open the game's lobby").click()
    code = page.locator("[data-guest-code]").inner_text().replace(" ", "")
    context = browser.new_context(viewport=PHONE, base_url=live_server)  # no account
    try:
        guest = context.new_page()
        camera = Camera(guest, prefix="game-guest-")
        guest.goto("/play")
        guest.get_by_label("Game code").fill(code.lower())
        guest.get_by_label("Nickname").fill("<b>Zed</b>")
        camera.check_accessibility("guest join")
        guest.screenshot(path=str(SHOTS / "game-guest-join-390.png"))
        guest.get_by_role("button", name="Join as a guest").click()
        expect(guest.get_by_role("heading", name="You are in")).to_be_visible()
        expect(page.get_by_text("<b>Zed</b> (guest)", exact=True)).to_be_visible(timeout=SOON)
        page.wait_for_load_state()
        page.keyboard.press("n")
        _answer_numeric(guest, "2011")
        expect(guest.get_by_role("heading", name="✓ Right")).to_be_visible(timeout=SOON)
        page.get_by_role("button", name="Finish").click()
        expect(guest.get_by_text("You played as a guest")).to_be_visible(timeout=SOON)
        camera.check_accessibility("guest ended")
        guest.screenshot(path=str(SHOTS / "game-guest-ended-390.png"))
        assert camera.inaccessible == [], "\n".join(camera.inaccessible)
    finally:
        context.close()
