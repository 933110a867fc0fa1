"""What the editor says is wrong: next to the row or field it is about, in plain words, with the
preview of the unfinished question beside it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import signed_in, submit_form

pytestmark = pytest.mark.usefixtures("sample_banks")
COMMON = {"topics": "t", "difficulty": "medium", "cite": "nbc-lunar#5"}
# The bank file's wording, which a teacher in the editor never reads.
FILE_WORDS = ("must be a list", "[left, right]", "=>", "duplicate", "answers must", "as written")


@pytest.fixture
def teacher(app: Flask) -> FlaskClient:
    client = signed_in(app, "ms_lee", "teacher")
    submit_form(client, "/editor/", "/editor/", {"title": "Mine", "description": ""})
    return client


def _preview(teacher: FlaskClient, qtype: str, fields: dict[str, Any]) -> str:
    url = f"/editor/banks/mine/new/{qtype}"
    response = submit_form(teacher, url, url, {**COMMON, **fields, "preview": "1"})
    assert response.status_code == 422
    html = str(response.get_data(as_text=True))
    assert not [words for words in FILE_WORDS if words in html]
    return html


def _said(html: str, where: str, message: str) -> bool:
    found = re.search(rf'id="{re.escape(where)}-error">(.*?)</ul>', html, re.S)
    return found is not None and message in found.group(1)


def test_an_unfinished_question_is_previewed_with_what_it_still_needs(teacher: FlaskClient) -> None:
    html = _preview(teacher, "choice", {"prompt": "Which *agency* signed?", "options-0": "NASA"})
    preview = html[html.index('id="preview-title"') :]
    assert "<em>agency</em>" in preview and "<span>NASA</span>" in preview
    assert "Not ready to save" in preview
    assert _said(html, "options", "Give at least two options.")


def test_an_empty_form_is_previewed_with_a_stand_in_question(teacher: FlaskClient) -> None:
    html = _preview(teacher, "ordering", {})
    assert "(The question appears here.)" in html
    assert _said(html, "prompt", "Write the question.")
    assert _said(html, "items", "Give at least three items.")


def test_choice_says_which_row_repeats_and_what_to_mark(teacher: FlaskClient) -> None:
    rows = {"options-0": "NASA", "options-1": "CNSA", "options-2": "nasa "}
    html = _preview(teacher, "choice", {"prompt": "Q", **rows})
    assert _said(html, "options-2", "Same as option 1.")
    assert 'aria-invalid="true" aria-label="Option 3"' in html
    html = _preview(teacher, "choice", {"prompt": "Q", "options-0": "A", "options-1": "B"})
    assert _said(html, "options", "Mark the right option.")
    marked_empty = {"options-0": "A", "options-1": "B", "options-2": "", "correct": "2"}
    html = _preview(teacher, "choice", {"prompt": "Q", **marked_empty})
    assert _said(html, "options-2", "marked right but empty")
    assert not _said(html, "options", "Mark the right option.")


def test_multi_needs_three_options_and_a_mark(teacher: FlaskClient) -> None:
    html = _preview(teacher, "multi", {"prompt": "Q", "options-0": "A", "options-1": "B"})
    assert _said(html, "options", "Give at least three options.")
    rows = {"options-0": "A", "options-1": "B", "options-2": "C"}
    html = _preview(teacher, "multi", {"prompt": "Q", **rows})
    assert _said(html, "options", "Mark at least one right option.")


def test_matching_says_a_pair_needs_both_sides_beside_the_empty_one(teacher: FlaskClient) -> None:
    pairs = {"pairs-0-left": "Roscosmos", "pairs-0-right": "Russia", "pairs-1-left": "CNSA"}
    html = _preview(teacher, "matching", {"prompt": "Match", **pairs})
    assert _said(html, "pairs-1-right", "Each pair needs both sides.")
    assert _said(html, "pairs", "Give at least two pairs.")
    assert not _said(html, "pairs-1-left", "both sides")
    twice = {**pairs, "pairs-1-right": "Russia"}
    html = _preview(teacher, "matching", {"prompt": "Match", **twice})
    assert _said(html, "pairs-1-right", "Same as the right side of pair 1.")


def test_ordering_short_numeric_and_cloze_in_plain_words(teacher: FlaskClient) -> None:
    items = {"items-0": "first", "items-1": "second", "items-2": "First"}
    html = _preview(teacher, "ordering", {"prompt": "Order", **items})
    assert _said(html, "items-2", "Same as item 1.")
    html = _preview(teacher, "short", {"prompt": "Who?", "answers-0": " "})
    assert _said(html, "answers", "Give at least one accepted answer.")
    html = _preview(teacher, "numeric", {"prompt": "How many?", "number": "sixty"})
    assert _said(html, "number", "Write a number, such as 42 or 3.5.")
    html = _preview(teacher, "cloze", {"prompt": "Signed by Rogozin"})
    assert _said(html, "prompt", "Add at least one blank")
    html = _preview(teacher, "flashcard", {"prompt": "CNSA"})
    assert _said(html, "answer", "Write the back of the card.")


SCALARS = [
    ("numeric", {"number": "3", "tolerance": "-1"}, "tolerance", "Write a number of 0 or more"),
    ("cloze", {"prompt": "Signed by {{Rogozin|}}"}, "prompt", "A blank has an empty answer"),
    ("cloze", {"prompt": "{{" + "x" * 501 + "}}"}, "prompt", "The answer in a blank can be"),
    ("flashcard", {"key": "mine.Big Key", "answer": "A"}, "key", "Use only small letters"),
    ("flashcard", {"answer": "A", "topics": "t" * 41}, "topics", "Each topic can be at most"),
]


@pytest.mark.parametrize(("qtype", "fields", "where", "message"), SCALARS)
def test_each_fields_problem_in_plain_words(
    teacher: FlaskClient, qtype: str, fields: dict[str, str], where: str, message: str
) -> None:
    html = _preview(teacher, qtype, {"prompt": "Q", **fields})
    assert _said(html, where, message)


def test_a_key_outside_the_bank_says_how_it_must_start(teacher: FlaskClient) -> None:
    rows = {"options-0": "A", "options-1": "B", "correct": "0"}
    html = _preview(teacher, "choice", {"key": "other.q", "prompt": "Q", **rows})
    assert _said(html, "key", "Keys in this bank start with “mine.”: start this one the same way.")


def test_a_picture_without_alt_text_is_named_beside_its_field_and_its_rows(
    teacher: FlaskClient,
) -> None:
    picture = "picture:" + "ab" * 32 + ".png"
    html = _preview(
        teacher,
        "choice",
        {
            "prompt": f"Which coast? ![]({picture})",
            "explanation": f"See ![ ]({picture})",
            "options-0": f"![]({picture})",
            "options-1": "West",
            "correct": "1",
        },
    )
    said = "A picture needs alt text: say what it shows between the square brackets"
    assert _said(html, "prompt", said) and _said(html, "explanation", said)
    assert _said(html, "options", said)
