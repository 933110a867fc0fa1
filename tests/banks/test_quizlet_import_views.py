"""Importing a Quizlet export, which has no header row, with the separators chosen on Quizlet's
export page; the preview's import button sends the same separators again."""

from __future__ import annotations

import html as markup

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.banks.models import Question
from quizapp.extensions import db
from tests.conftest import csrf_token, hidden, signed_in, submit_form

pytestmark = pytest.mark.usefixtures("sample_banks")
URL = "/editor/banks/moon/import"


@pytest.fixture
def teacher(app: Flask) -> FlaskClient:
    client = signed_in(app, "ms_lee", "teacher")
    submit_form(client, "/editor/", "/editor/", {"title": "Moon", "description": ""})
    return client


def _send(teacher: FlaskClient, text: str, **fields: str):  # type: ignore[no-untyped-def]
    page = teacher.get(URL).get_data(as_text=True)
    data = {"fmt": "quizlet", "text": text, "difficulty": "easy", **fields}
    return teacher.post(URL, data={**data, "csrf_token": csrf_token(page)})


def _cards(app: Flask) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Question.prompt, Question.spec)
            .where(Question.key.like("moon.%"))
            .order_by(Question.position)
        )
        return [(prompt, spec["answer"]) for prompt, spec in rows]


def _confirm(teacher: FlaskClient, preview: str, text: str):  # type: ignore[no-untyped-def]
    """Press the preview's import button: its hidden fields, as the browser sends them."""
    names = ("fmt", "difficulty", "term_separator", "term_custom", "row_separator", "row_custom")
    data = {name: markup.unescape(hidden(preview, name)) for name in names}
    return teacher.post(
        URL, data={**data, "text": text, "confirm": "1", "csrf_token": csrf_token(preview)}
    )


def test_quizlets_default_export_is_previewed_and_imported(
    app: Flask, teacher: FlaskClient
) -> None:
    text = "MoU\tMemorandum of understanding\nILRS\tInternational Lunar Research Station\n"
    preview = _send(teacher, text)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "2 questions ready to import" in page
    assert _confirm(teacher, page, text).status_code == 303
    assert _cards(app) == [
        ("MoU", "Memorandum of understanding"),
        ("ILRS", "International Lunar Research Station"),
    ]


def test_own_separators_travel_with_the_import_button(app: Flask, teacher: FlaskClient) -> None:
    text = "MoU - memo, of understanding||ILRS - lunar station||"
    custom = {"term_separator": "custom", "term_custom": " - ", "row_separator": "custom"}
    preview = _send(teacher, text, **custom, row_custom="||")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "2 questions ready to import" in page
    assert _confirm(teacher, page, text).status_code == 303
    assert _cards(app) == [("MoU", "memo, of understanding"), ("ILRS", "lunar station")]


def test_comma_and_semicolon_as_quizlet_offers_them(app: Flask, teacher: FlaskClient) -> None:
    page = _send(
        teacher, "MoU,memo;ILRS,station", term_separator="comma", row_separator="semicolon"
    )
    assert "2 questions ready to import" in page.get_data(as_text=True)


def test_an_own_separator_left_empty_or_the_same_twice_is_asked_for_beside_it(
    teacher: FlaskClient,
) -> None:
    empty = _send(teacher, "MoU\tmemo", term_separator="custom", term_custom="")
    page = empty.get_data(as_text=True)
    assert empty.status_code == 422
    assert 'id="term_custom-error"' in page
    assert "Type what the file has between each term and its definition." in page
    same = _send(
        teacher, "MoU;memo", term_separator="custom", term_custom=";", row_separator="semicolon"
    )
    page = same.get_data(as_text=True)
    assert same.status_code == 422 and "This must differ from what is between the rows." in page
    row = _send(teacher, "MoU\tmemo", row_separator="custom", row_custom="\t")
    page = row.get_data(as_text=True)
    assert 'id="row_custom-error"' in page
    assert "This must differ from what is between term and definition." in page


def test_a_quizlet_file_sent_as_csv_with_a_header_says_which_format_to_choose(
    teacher: FlaskClient,
) -> None:
    page = _send(teacher, "MoU\tmemo\n", fmt="csv").get_data(as_text=True)
    assert "choose Quizlet export as the format" in page
