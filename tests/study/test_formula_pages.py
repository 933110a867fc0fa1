"""A question with formulas, studied through the pages: drawn as MathML on the server, no script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.core.formulas import UNREADABLE
from quizapp.extensions import db
from quizapp.web.security import CONTENT_SECURITY_POLICY
from tests.conftest import Auth, Clock
from tests.study.sample_answers import form_of
from tests.xss_payloads import parse

# Literal TOML strings: the LaTeX is stored exactly as a teacher types it.
BANK = r"""
[bank]
slug = "roots"
title = "Square roots"
description = "Formulas in every part of a question."
position = 2

[[questions]]
key = "roots.sixteen"
type = "choice"
prompt = 'What is \(\sqrt{16}\)?'
options = ['\(4\)', '\(2^3\)', 'a quarter, \(\frac{1}{4}\)']
answer = '\(4\)'
tags = ["roots", "easy"]
explanation = 'Since \[4^2 = 16\] and *only* the positive root counts, not \(\frac{1}{\).'
"""


def import_bank(app: Flask, clock: Clock, tmp_path: Path, text: str) -> None:
    """The bank file's text imported, as a school's bank is."""
    from quizapp.banks.importing import import_files

    path = tmp_path / "bank.toml"
    path.write_text(text, encoding="utf-8")
    with app.app_context():
        import_files([path], clock.now)
        db.session.remove()


@pytest.fixture
def roots(app: Flask, clock: Clock, tmp_path: Path, auth: Auth) -> None:
    import_bank(app, clock, tmp_path, BANK)
    auth.register("ada")


def _maths(html: str, css_class: str) -> list[str]:
    """The LaTeX (alttext) of each formula inside the elements of this class."""
    return [
        element.attrs["alttext"]
        for element in parse(html).elements
        if element.tag == "math" and css_class in " ".join(element.inside).split()
    ]


def _no_script_but_our_own(html: str) -> None:
    for element in parse(html).elements:
        assert element.tag != "script" or element.attrs.get("src", "").startswith("/static/")
        assert "style" not in element.attrs and not any(n.startswith("on") for n in element.attrs)


@pytest.mark.usefixtures("roots")
def test_a_question_with_formulas_is_drawn_in_mathml_from_question_to_feedback(
    client: FlaskClient,
) -> None:
    question = client.get("/study/roots/next")
    html = question.get_data(as_text=True)
    assert question.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert _maths(html, "prompt") == [r"\sqrt{16}"]
    assert sorted(_maths(html, "option")) == ["2^3", "4", r"\frac{1}{4}"]  # shuffled
    assert "<msqrt>" in html and "a quarter, <math" in html
    assert 'value="\\(4\\)"' in html  # the answer sent is the option as the teacher wrote it
    _no_script_but_our_own(html)

    sent = client.post("/study/roots/answer", data={**form_of(html), "answer": r"\(4\)"})
    assert sent.status_code == 303
    page = client.get(sent.location).get_data(as_text=True)
    assert "✓ Right" in page
    assert _maths(page, "answer-lines") == ["4", "4"]  # yours and the correct one
    assert _maths(page, "prompt-echo") == [r"\sqrt{16}"]
    assert _maths(page, "explanation") == ["4^2 = 16"]
    assert '<math display="block"' in page and "<em>only</em>" in page
    _no_script_but_our_own(page)


@pytest.mark.usefixtures("roots")
def test_a_formula_with_a_mistake_shows_as_written_and_the_page_still_works(
    client: FlaskClient,
) -> None:
    html = client.get("/study/roots/next").get_data(as_text=True)
    sent = client.post("/study/roots/answer", data={**form_of(html), "answer": r"\(2^3\)"})
    response = client.get(sent.location)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "✗ Not quite" in page
    assert re.search(r"<code>\\frac\{1\}\{</code> " + re.escape(UNREADABLE), page)
