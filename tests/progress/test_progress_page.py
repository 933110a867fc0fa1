"""The progress page's words agree with its lists."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import Auth
from tests.study.sample_answers import answer, reach

pytestmark = pytest.mark.usefixtures("sample_banks")


def test_after_a_wrong_answer_just_now_the_page_does_not_say_nothing_is_slipping(
    auth: Auth, client: FlaskClient
) -> None:
    auth.register("ada")
    html = reach(client, "choice")
    assert answer(client, html, answer="NASA").status_code == 303  # wrong
    page = client.get("/progress/").get_data(as_text=True)
    assert "Nothing is slipping" not in page
    assert "missed at the last answer" in page
    assert "Which agency signed for Russia?" in page.split('id="memory"')[1].split("</section>")[0]


def test_after_right_answers_only_nothing_is_slipping(auth: Auth, client: FlaskClient) -> None:
    auth.register("ada")
    html = reach(client, "choice")
    assert answer(client, html).status_code == 303  # right
    page = client.get("/progress/").get_data(as_text=True)
    assert "Nothing is slipping: every question studied was answered right the last time" in page
    assert "at least 90% likely" in page
