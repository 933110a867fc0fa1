"""Citing by picking in the question editor, as a browser without JavaScript posts it: choose a
source, see its paragraphs, pick one; remove a citation; save with what was picked."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.banks.models import Question
from quizapp.extensions import db
from tests.banks.test_editor_rows import _press, _values
from tests.conftest import csrf_token, signed_in, submit_form

pytestmark = pytest.mark.usefixtures("sample_banks")
TEXT = (
    "Plants need light.\n\nLeaves are green.\n\nRoots drink water.\n\n"
    "The green pigment in leaves captures the energy of sunlight for the whole plant."
)
COPIED = "The green pigment in leaves captures the energy of sunlight for the plant."
URL = "/editor/banks/plants/new/truefalse"


@pytest.fixture
def teacher(app: Flask) -> FlaskClient:
    client = signed_in(app, "ms_lee", "teacher")
    submit_form(client, "/editor/", "/editor/", {"title": "Plants", "description": ""})
    page = client.get("/sources/new?bank=plants").get_data(as_text=True)
    source = {"title": "Plant notes", "author": "Ms Lee", "text": TEXT, "save": "1"}
    saved = client.post("/sources/new?bank=plants", data={**source, "csrf_token": csrf_token(page)})
    assert saved.status_code == 303
    return client


def _typed(values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "prompt": "Leaves are green.", "truth": "true", "topics": "leaves"}


def test_a_paragraph_is_picked_from_the_listed_text_and_saved_as_the_citation(
    app: Flask, teacher: FlaskClient
) -> None:
    page = teacher.get(URL).get_data(as_text=True)
    assert "Cite a paragraph" in page and "Paragraph 2</strong>: Leaves are green." in page
    values = _typed(_values(page))
    assert values["pick_source"] == "plant-notes"
    picked = _press(teacher, URL, page, {**values, "pick_paragraph": "2", "citing": "add"})
    html = picked.get_data(as_text=True)
    assert picked.status_code == 200
    assert "Ms Lee, “Plant notes”, paragraph 2" in html
    after = _values(html)
    assert after["cite"] == "plant-notes#2" and after["prompt"] == "Leaves are green."
    saved = _press(teacher, URL, html, {**after, "save": "1"})
    assert saved.status_code == 303, saved.get_data(as_text=True)
    with app.app_context():
        cite = db.session.scalar(select(Question.cite).where(Question.key.like("plants.%")))
    assert cite == ["plant-notes#2"]


def test_a_search_narrows_the_paragraphs_and_a_citation_can_be_removed(
    teacher: FlaskClient,
) -> None:
    page = teacher.get(URL).get_data(as_text=True)
    values = _typed(_values(page))
    found = _press(teacher, URL, page, {**values, "pick_search": "roots", "citing": "show"})
    html = found.get_data(as_text=True)
    assert "Paragraph 3</strong>: Roots drink water." in html and "Paragraph 1<" not in html
    both = {**_values(html), "cite": "plant-notes#3\nplant-notes#1"}
    removed = _press(teacher, URL, html, {**both, "citing": "remove:0"})
    assert _values(removed.get_data(as_text=True))["cite"] == "plant-notes#1"


def test_citing_without_picking_a_paragraph_says_so_beside_the_list(
    teacher: FlaskClient,
) -> None:
    page = teacher.get(URL).get_data(as_text=True)
    refused = _press(teacher, URL, page, {**_typed(_values(page)), "citing": "add"})
    html = refused.get_data(as_text=True)
    assert (
        'id="pick_paragraph-error"' in html and "Pick the paragraph this fact comes from." in html
    )
    assert _values(html)["cite"] == ""


def test_a_bank_that_requires_citations_refuses_a_question_without_one(
    teacher: FlaskClient,
) -> None:
    settings = {"title": "Plants", "description": "", "require_citations": "y"}
    submit_form(teacher, "/editor/banks/plants/", "/editor/banks/plants/", settings)
    page = teacher.get(URL).get_data(as_text=True)
    refused = _press(teacher, URL, page, {**_typed(_values(page)), "save": "1"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="cite-error"' in html and "Pick the paragraph this fact comes from" in html


def test_a_prompt_copied_from_its_source_is_worth_checking_and_an_error_where_sources_are_required(
    teacher: FlaskClient,
) -> None:
    page = teacher.get(URL).get_data(as_text=True)
    copied = {**_typed(_values(page)), "prompt": COPIED, "cite": "plant-notes#4"}
    preview = _press(teacher, URL, page, {**copied, "preview": "1"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Worth checking before your students see it" in html
    assert "words in a row are copied from the source" in html
    settings = {"title": "Plants", "description": "", "require_citations": "y"}
    submit_form(teacher, "/editor/banks/plants/", "/editor/banks/plants/", settings)
    refused = _press(teacher, URL, page, {**copied, "save": "1"})
    assert refused.status_code == 422
    assert "words in a row are copied from the source" in refused.get_data(as_text=True)
