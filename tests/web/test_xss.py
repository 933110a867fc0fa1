"""Hostile prompts, explanations and options reach the pages students and teachers see, inert.

Every payload of tests/xss_payloads.py is planted, each behind a marker word ("xssah"), in the
prompt, the explanation and the options of the sample choice question, and between the blanks of
the sample cloze question; each page is then loaded once and searched for anything that could run.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from flask import Flask
from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.banks.models import Question
from quizapp.banks.versions import Origin, add_version, content_of
from quizapp.classes import services as classes
from quizapp.core.grading import cloze_blanks
from quizapp.core.markup import TAGS
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.games import services as games
from quizapp.games import setup as game_setup
from tests.conftest import Clock, signed_in, submit_form
from tests.study.sample_answers import answer, form_of, reach
from tests.xss_payloads import PAYLOADS, active_content, parse

pytestmark = pytest.mark.usefixtures("sample_banks")
PASSWORD = "correct horse battery"

# quizapp refuses control characters in what it stores (and PostgreSQL refuses NUL); the Markdown
# renderer turns a NUL into U+FFFD anyway, which is what is stored here.
STORED = [payload.replace("\x00", "\ufffd") for payload in PAYLOADS]
# Letters only, so that no marker holds "49".
MARKERS = [f"xss{chr(97 + index // 26)}{chr(97 + index % 26)}" for index in range(len(STORED))]
MARKED = [f"{marker} {payload}" for marker, payload in zip(MARKERS, STORED, strict=True)]
CHOSEN = MARKED[STORED.index("<img src=x onerror=alert(1)>")]
TEMPLATE = MARKED[STORED.index("{{7*7}}")]
SECRET = "SECRET-ANSWER"  # in every cloze blank: never on the page before the answer

# A live game's page without a script draws itself again every 2 s (games/_live.html).
OWN_REFRESH = {"http-equiv": "refresh", "content": "2"}
OWN_SCRIPT = re.compile(r"/static/[\w.\-]+\.js(\?[\w=&.\-]*)?")
NEVER = {"iframe", "frame", "object", "embed", "applet", "base", "img", "style", "svg", "math"}
QUESTION_PARTS = {"prompt", "prompt-echo", "explanation"}
IN_QUESTION_PARTS = TAGS | {"label", "input"}  # short answers label their box; cloze blanks


def unsafe(html: str) -> list[str]:
    """Anything on a page that could run script, and any element a question part may not hold."""
    problems = []
    for element in parse(html).elements:
        problems += active_content(element)
        if element.tag in NEVER:
            problems.append(f"<{element.tag}>")
        if element.tag == "script" and not OWN_SCRIPT.fullmatch(element.attrs.get("src", "")):
            problems.append(f"<script {element.attrs}>")
        if element.tag == "meta" and "http-equiv" in element.attrs and element.attrs != OWN_REFRESH:
            problems.append("<meta http-equiv>")
        classes = {name for attr in element.inside for name in attr.split()}
        if classes & QUESTION_PARTS and element.tag not in IN_QUESTION_PARTS:
            problems.append(f"<{element.tag}> in a question part")
    return problems


def text_of(html: str) -> str:
    return "".join(parse(html).text)


def assert_inert_with_every_payload(html: str) -> None:
    assert unsafe(html) == []
    text = text_of(html)
    missing = [marker for marker in MARKERS if marker not in text]
    assert missing == [], "payloads not on the page"


CLOZE = " ".join(
    f"{text} {{{{{SECRET}-{index}|<script>alert({index})</script>}}}}\n"
    for index, text in enumerate(MARKED)
)


def _plant(app: Flask, now: datetime) -> None:
    """The payloads in the sample choice and cloze questions, as a new version of each.

    Straight into the database, past the editor's checks (a prompt this long is refused there):
    the pages must stay safe whatever is stored.
    """
    with app.app_context(), tx.write() as session:
        for key, prompt, extra in (
            ("sample.choice", "\n\n".join(MARKED), {"options": ["Roscosmos", *MARKED]}),
            ("sample.cloze", CLOZE, {}),
        ):
            question = session.scalar(select(Question).where(Question.key == key))
            assert question is not None
            content = content_of(question) | {
                "prompt": prompt,
                "explanation": "\n\n".join(MARKED),
                "spec": {**question.spec, **extra, "prompt": prompt},
            }
            add_version(session, question, content, Origin("browser"), now)


def test_payloads_are_inert_on_the_study_feedback_and_history_pages(
    app: Flask, clock: Clock
) -> None:
    _plant(app, clock.now)
    student = signed_in(app, "sam", "student")
    question = student.get("/study/sample/next").get_data(as_text=True)
    assert 'data-type="choice"' in question
    assert_inert_with_every_payload(question)
    heading = re.search(r'<h1 class="prompt">(.*?)</h1>', question, re.S)
    assert heading is not None
    # One line of Markdown: an asterisk may pair with one a few payloads further on.
    assert "{{7" in heading.group(1) and "{% raw %}" in heading.group(1)
    assert "49" not in heading.group(1)
    assert "&lt;img src=x onerror=alert(1)&gt;" in heading.group(1)  # shown, as text

    response = answer(student, question, answer=CHOSEN)
    assert response.status_code == 303
    feedback = student.get(response.location).get_data(as_text=True)
    assert_inert_with_every_payload(feedback)
    assert f'data-answer="yours">{CHOSEN.replace("<", "&lt;").replace(">", "&gt;")}<' in feedback
    explanation = re.search(r'<div class="explanation">(.*?)</div>', feedback, re.S)
    assert explanation is not None and f"<p>{TEMPLATE}</p>" in explanation.group(1)

    history_link = re.search(r'href="(/progress/questions/\d+)"', feedback)
    assert history_link is not None
    assert_inert_with_every_payload(student.get(history_link.group(1)).get_data(as_text=True))


def test_cloze_text_between_blanks_is_inert_and_the_blanks_stay_hidden(
    app: Flask, clock: Clock
) -> None:
    _plant(app, clock.now)
    student = signed_in(app, "sam", "student")
    question = reach(student, "cloze")
    assert_inert_with_every_payload(question)
    assert SECRET not in question and "alert(0)" not in question
    assert question.count('class="blank"') == len(cloze_blanks(CLOZE)) > len(MARKED)

    response = student.post("/study/sample/answer", data={**form_of(question), "dont_know": "1"})
    feedback = student.get(response.location).get_data(as_text=True)
    assert_inert_with_every_payload(feedback)
    assert f"{SECRET}-0" in feedback  # the answers, once the question is answered


def test_payloads_are_inert_on_the_teachers_question_pages(app: Flask, clock: Clock) -> None:
    _plant(app, clock.now)
    teacher = signed_in(app, "ms_lee", "teacher")
    created = submit_form(teacher, "/classes/", "/classes/", {"name": "Year 9", "description": ""})
    class_page = teacher.get(created.location).get_data(as_text=True)
    code = re.search(r'<p class="code"[^>]*>([A-Z0-9]{4}) ([A-Z0-9]{4})</p>', class_page)
    assert code is not None
    student = signed_in(app, "sam", "student")
    submit_form(student, "/classes/", "/classes/join", {"code": code.group(1) + code.group(2)})
    answer(student, student.get("/study/sample/next").get_data(as_text=True), answer=CHOSEN)

    questions = teacher.get(created.location + "questions/").get_data(as_text=True)
    assert_inert_with_every_payload(questions)
    link = re.search(r'<th scope="row"><a href="([^"]+)">xssaa [^<]*</a></th>', questions)
    assert link is not None  # the prompt as plain text inside its link: no tags at all
    answers = teacher.get(link.group(1)).get_data(as_text=True)
    assert_inert_with_every_payload(answers)
    assert "&lt;img src=x onerror=alert(1)&gt;" in answers


def test_payloads_are_inert_on_the_live_game_pages(app: Flask, clock: Clock) -> None:
    _plant(app, clock.now)
    teacher = signed_in(app, "ms_lee", "teacher")
    student = signed_in(app, "sam", "student")
    with app.app_context():
        owner, sam = (
            db.session.scalars(select(User.id).where(User.username == name)).one()
            for name in ("ms_lee", "sam")
        )
        class_id = classes.create_class(owner, "Year 9", "", clock.now)
        classes.set_banks(owner, class_id, ["sample"])
        classes.join(sam, classes.class_detail(owner, class_id).join_code, clock.now)
        choice = db.session.scalars(select(Question.id).where(Question.key == "sample.choice"))
        settings = game_setup.GameSettings("classic", 30, question_ids=[choice.one()])
        game_id = game_setup.create_game(owner, class_id, settings, clock.now)
        games.join(sam, game_id, clock.now)
        games.control(owner, game_id, "start", clock.now)
        db.session.remove()
    assert_inert_with_every_payload(teacher.get(f"/games/{game_id}/host").get_data(as_text=True))
    phone = student.get(f"/games/{game_id}/").get_data(as_text=True)
    assert_inert_with_every_payload(phone)
    data = {**form_of(phone), "position": "1", "answer": CHOSEN}
    assert student.post(f"/games/{game_id}/answer", data=data).status_code == 303
    revealed = teacher.get(f"/games/{game_id}/host").get_data(as_text=True)
    assert "How the room answered" in revealed
    assert_inert_with_every_payload(revealed)
    assert unsafe(student.get(f"/games/{game_id}/").get_data(as_text=True)) == []
