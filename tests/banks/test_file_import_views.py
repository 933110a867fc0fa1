"""Importing a file from the editor's page: no invented citation where the bank does not require
sources; where it does, one source and paragraph picked once for the whole file."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.banks.models import Question
from quizapp.extensions import db
from tests.conftest import csrf_token, signed_in, submit_form

pytestmark = pytest.mark.usefixtures("sample_banks")
AIKEN = "Which agency signed for Russia?\nA) Roscosmos\nB) NASA\nANSWER: A\n"
URL = "/editor/banks/moon/import"


@pytest.fixture
def teacher(app: Flask) -> FlaskClient:
    client = signed_in(app, "ms_lee", "teacher")
    submit_form(client, "/editor/", "/editor/", {"title": "Moon", "description": ""})
    return client


def _require(teacher: FlaskClient) -> None:
    settings = {"title": "Moon", "description": "", "require_citations": "y"}
    submit_form(teacher, "/editor/banks/moon/", "/editor/banks/moon/", settings)


def _send(teacher: FlaskClient, **fields: str):  # type: ignore[no-untyped-def]
    page = teacher.get(URL).get_data(as_text=True)
    data = {"fmt": "aiken", "text": AIKEN, "difficulty": "easy", **fields}
    return teacher.post(URL, data={**data, "csrf_token": csrf_token(page)})


def _cites(app: Flask) -> list[list[str]]:
    with app.app_context():
        return list(db.session.scalars(select(Question.cite).where(Question.key.like("moon.%"))))


def test_a_file_goes_into_a_bank_that_does_not_require_sources_as_it_is(
    app: Flask, teacher: FlaskClient
) -> None:
    preview = _send(teacher)
    assert preview.status_code == 200 and "1 question ready to import" in preview.get_data(
        as_text=True
    )
    assert _send(teacher, confirm="1").status_code == 303
    assert _cites(app) == [[]]


def test_where_sources_are_required_one_is_picked_for_the_whole_file(
    app: Flask, teacher: FlaskClient
) -> None:
    _require(teacher)
    refused = _send(teacher)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert (
        "Pick the paragraph this fact comes from" in html and "pick one for the whole file" in html
    )
    assert '<option value="nbc-lunar">NBC News, “Russia and China unveil plans' in html
    missing = _send(teacher, source="nbc-lunar")
    assert missing.status_code == 422
    assert "Give the number of the paragraph" in missing.get_data(as_text=True)
    furniture = _send(teacher, source="nbc-lunar", paragraph="9")
    assert "is not part of its content" in furniture.get_data(as_text=True)
    assert _send(teacher, source="nbc-lunar", paragraph="5").status_code == 200
    assert _send(teacher, source="nbc-lunar", paragraph="5", confirm="1").status_code == 303
    assert _cites(app) == [["nbc-lunar#5"]]


GIFT_WITH_LOSSES = (
    "::moon.ok::Did Russia and China sign in March 2021? {T}\n"
    "\n"
    "::moon.essay::Write about the station. {}\n"
    "\n"
    "::moon.match::Match. {=Russia -> Roscosmos =China -> CNSA = -> NASA}\n"
)


def test_the_preview_lists_what_is_not_kept_and_the_rest_imports(
    app: Flask, teacher: FlaskClient
) -> None:
    preview = _send(teacher, fmt="gift", text=GIFT_WITH_LOSSES)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Not kept: 2 things quizapp cannot keep" in html
    assert "Line 3 [moon.essay]: left out: an essay question" in html
    assert "Line 5 [moon.match]: not kept: the extra choice &#39;NASA&#39; (a distractor" in html
    assert "2 questions ready to import" in html
    assert _send(teacher, fmt="gift", text=GIFT_WITH_LOSSES, confirm="1").status_code == 303
    with app.app_context():
        keys = db.session.scalars(select(Question.key).where(Question.key.like("moon.%")))
        assert sorted(keys) == ["moon.match", "moon.ok"]
