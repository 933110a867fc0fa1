"""Partial credit and the teacher's feedback on an answer, studied through the pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.extensions import db
from tests.conftest import Auth, Clock
from tests.study.sample_answers import form_of

BANK = """
[bank]
slug = "capitals"
title = "Capitals"

[[questions]]
key = "capitals.france"
type = "choice"
prompt = "Capital of France?"
options = ["Paris", "Lyon", "Rome"]
answer = "Paris"
credit = { "Lyon" = 0.5 }
feedback = { "Lyon" = "A **big** city, not the capital.<script>x()</script>", "Paris" = "Yes." }
explanation = "Paris has been the capital for centuries."
tags = ["easy"]
"""


@pytest.fixture
def capitals(app: Flask, clock: Clock, tmp_path: Path, auth: Auth) -> None:
    from quizapp.banks.importing import import_files

    path = tmp_path / "capitals.toml"
    path.write_text(BANK, encoding="utf-8")
    with app.app_context():
        import_files([path], clock.now)
        db.session.remove()
    auth.register("ada")


def _answer(client: FlaskClient, option: str) -> str:
    html = client.get("/study/capitals/next").get_data(as_text=True)
    assert "Capital of France?" in html
    response = client.post("/study/capitals/answer", data={**form_of(html), "answer": option})
    assert response.status_code == 303
    return client.get(response.location).get_data(as_text=True)


@pytest.mark.usefixtures("capitals")
def test_an_option_with_credit_is_partly_right_and_shows_its_feedback(client: FlaskClient) -> None:
    page = _answer(client, "Lyon")
    assert "◐ Partly right <small>(50%)</small>" in page
    assert "On your answer" in page
    assert "A <strong>big</strong> city, not the capital." in page  # Markdown, as explanations
    assert "<script>" not in page.split("On your answer", 1)[1].split("</section>", 1)[0]
    assert "Yes." not in page  # the right option's feedback is for those who chose it
    assert "Paris has been the capital for centuries." in page
    found = re.search(r'href="([^"]+)">Your answers to this question', page)
    assert found
    history = client.get(found.group(1)).get_data(as_text=True)
    row = history.split("<tbody>", 1)[1]
    assert "◐ Partly right (50%)" in row
    assert "A <strong>big</strong> city, not the capital." in row


@pytest.mark.usefixtures("capitals")
def test_an_option_without_feedback_shows_none(client: FlaskClient) -> None:
    page = _answer(client, "Rome")
    assert "✗ Not quite" in page
    assert "On your answer" not in page
    assert "A <strong>big</strong> city" not in page
