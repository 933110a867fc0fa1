"""Formulas a student types, and matching choices that hold formulas, through the study pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Auth, Clock
from tests.study.sample_answers import form_of, reach
from tests.study.test_formula_pages import _maths, import_bank

# A new student meets them in file order: the typed formula, then the matching question.
BANK = r"""
[bank]
slug = "algebra"
title = "Algebra"

[[questions]]
key = "algebra.half"
type = "short"
prompt = 'What is half of \(x\)?'
answers = ['\frac{x}{2}']
formula = true
tags = ["easy"]

[[questions]]
key = "algebra.match"
type = "matching"
prompt = "Match each number with a formula for it"
pairs = [
  ['two', '\(\sqrt{4}\)'],
  ['a half', '\(\frac{1}{2}\)'],
  ['eight', '\(2^3\)'],
]
tags = ["easy"]
"""
HINT = "Type a formula, such as"


@pytest.fixture
def algebra(app: Flask, clock: Clock, tmp_path: Path, auth: Auth) -> None:
    import_bank(app, clock, tmp_path, BANK)
    auth.register("ada")


def _answer(client: FlaskClient, **fields: str) -> str:
    html = client.get("/study/algebra/next").get_data(as_text=True)
    sent = client.post("/study/algebra/answer", data={**form_of(html), **fields})
    assert sent.status_code == 303, sent.get_data(as_text=True)[:2000]
    return client.get(sent.location).get_data(as_text=True)


@pytest.mark.usefixtures("algebra")
def test_a_typed_formula_is_right_however_written_and_drawn_as_it_was_read(
    client: FlaskClient,
) -> None:
    html = client.get("/study/algebra/next").get_data(as_text=True)
    assert HINT in html
    assert 'aria-describedby="answer-hint"' in html
    page = _answer(client, answer="0,5x")
    assert "✓ Right" in page
    assert _maths(page, "answer-lines") == ["0.5 x", r"\frac{x}{2}"]  # yours, the correct one


@pytest.mark.usefixtures("algebra")
def test_a_wrong_or_unreadable_formula_is_wrong_and_says_so(client: FlaskClient) -> None:
    page = _answer(client, answer="2x")
    assert "✗ Not quite" in page and _maths(page, "answer-lines")[0] == "2 x"
    assert "could not be read as a formula" not in page


@pytest.mark.usefixtures("algebra")
def test_an_answer_that_is_no_formula_is_wrong_and_the_page_says_why(client: FlaskClient) -> None:
    page = _answer(client, answer="x = 1/2 <b>")
    assert "✗ Not quite" in page
    assert "x = 1/2 &lt;b&gt; (this could not be read as a formula)" in page


@pytest.mark.usefixtures("algebra")
def test_a_huge_power_typed_is_graded_wrong_at_once(client: FlaskClient) -> None:
    page = _answer(client, answer="2^99999^99")
    assert "✗ Not quite" in page


def _to_matching(client: FlaskClient) -> str:
    _answer(client, answer="x/2")
    return client.get("/study/algebra/next").get_data(as_text=True)


@pytest.mark.usefixtures("algebra")
def test_matching_choices_with_formulas_are_radio_groups_drawn_in_mathml(
    client: FlaskClient,
) -> None:
    html = _to_matching(client)
    assert "<select" not in html and "<option" not in html
    groups = re.findall(r'<fieldset class="match-group">\s*<legend>([^<]+)</legend>', html)
    assert groups == ["two", "a half", "eight"]
    for i in range(3):  # each item a group of all three choices, named as the drop-down was
        assert len(re.findall(rf'type="radio" name="parts-{i}" value="', html)) == 3
    assert sorted(_maths(html, "match-group")) == sorted([r"\sqrt{4}", r"\frac{1}{2}", "2^3"] * 3)
    picks = {"parts-0": r"\(\sqrt{4}\)", "parts-1": r"\(\frac{1}{2}\)", "parts-2": r"\(2^3\)"}
    sent = client.post("/study/algebra/answer", data={**form_of(html), **picks})
    page = client.get(sent.location).get_data(as_text=True)
    assert "✓ Right" in page


@pytest.mark.usefixtures("algebra")
def test_an_item_left_unmatched_is_asked_for_and_the_picks_stay(client: FlaskClient) -> None:
    html = _to_matching(client)
    picks = {"parts-0": r"\(\sqrt{4}\)", "parts-2": r"\(2^3\)"}  # none for "a half"
    refused = client.post("/study/algebra/answer", data={**form_of(html), **picks})
    again = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Match every item." in again
    checked = re.findall(r'name="(parts-\d)" value="([^"]*)" checked', again)
    assert checked == [("parts-0", r"\(\sqrt{4}\)"), ("parts-2", r"\(2^3\)")]


@pytest.mark.usefixtures("sample_banks")
def test_matching_without_formulas_keeps_its_drop_downs(client: FlaskClient, auth: Auth) -> None:
    auth.register("ada")
    html = reach(client, "matching")
    assert "<select" in html and "match-group" not in html
