"""The checks on one question say what rule was broken and which text broke it, so the editor can
word and place each problem; a bank file's author still reads the same messages."""

from __future__ import annotations

from typing import Any

from quizapp.core.checks import Problem, check_question, question_problems
from tests.citing import SHIPPED

BASE: dict[str, Any] = {
    "key": "t.one",
    "prompt": "Which?",
    "explanation": "",
    "tags": ["medium"],
    "cite": ["nbc-lunar#5"],
}


def _found(**fields: Any) -> list[Problem]:
    return question_problems({**BASE, **fields}, SHIPPED)


def test_a_repeated_option_names_the_repeated_text() -> None:
    found = _found(type="choice", options=["NASA", "CNSA", "nasa"], answer="CNSA")
    assert found == [Problem("options", "duplicate option 'nasa'", "duplicate", "nasa")]


def test_too_few_rows_and_half_a_pair_are_told_apart() -> None:
    assert [p.rule for p in _found(type="matching", pairs=[["a", "b"]])] == ["too-few"]
    half = _found(type="matching", pairs=[["a", "b"], ["c", ""]])
    assert [p.rule for p in half] == ["incomplete"]
    assert half[0].message == "pairs must be a list of at least two [left, right] texts"
    twice = _found(type="matching", pairs=[["a", "x"], ["b", "X"]])
    assert [(p.rule, p.item) for p in twice] == [("duplicate-right", "X")]


def test_a_right_answer_that_is_no_option_is_one_rule_for_choice_and_multi() -> None:
    assert [p.rule for p in _found(type="choice", options=["a", "b"], answer="")] == [
        "not-an-option"
    ]
    multi = _found(type="multi", options=["a", "b", "c"], answers=["a", "d"])
    assert [(p.rule, p.item) for p in multi] == [("not-an-option", "d")]
    assert [p.rule for p in _found(type="multi", options=["a", "b", "c"], answers=[])] == [
        "missing"
    ]


def test_check_question_gives_the_bank_files_field_and_message_pairs() -> None:
    raw = {**BASE, "type": "ordering", "items": ["a", "b"], "prompt": ""}
    assert check_question(raw, SHIPPED) == [
        ("prompt", "question without prompt"),
        ("items", "items must list at least three texts in the correct order"),
    ]


def test_a_question_has_at_most_a_hundred_options() -> None:
    options = [f"option {n}" for n in range(101)]
    found = _found(type="choice", options=options, answer="option 1")
    assert found == [Problem("options", "options: at most 100", "too-many")]
    assert _found(type="choice", options=options[:100], answer="option 1") == []


def test_options_also_right_are_other_options_than_the_answer() -> None:
    choice: dict[str, Any] = {"type": "choice", "options": ["a", "b", "c"], "answer": "a"}
    assert _found(**choice, also_right=["b", "c"]) == []
    for wrong in (["d"], ["a"], [], "b", ["b", ""]):
        assert [(p.field, p.rule) for p in _found(**choice, also_right=wrong)] == [
            ("also_right", "not-an-option")
        ]
    twice = _found(**choice, also_right=["b", "b"])
    assert [(p.rule, p.item) for p in twice] == [("duplicate", "b")]
    assert [p.rule for p in _found(**choice, also_right=["b" * 1001])] == [
        "too-long",
        "not-an-option",
    ]


def test_only_a_choice_question_has_options_also_right() -> None:
    multi = _found(type="multi", options=["a", "b", "c"], answers=["a"], also_right=["b"])
    assert [(p.field, p.rule) for p in multi] == [("also_right", "unknown-field")]


def test_a_number_beyond_what_every_format_holds_is_refused() -> None:
    assert [p.rule for p in _found(type="numeric", answer=1e301)] == ["too-large"]
    assert [p.rule for p in _found(type="numeric", answer=1, tolerance=-1e301)] == [
        "not-a-number",
        "too-large",
    ]
    assert _found(type="numeric", answer=1e300, tolerance=1e300) == []


def test_a_formula_question_refuses_an_accepted_answer_that_is_no_formula() -> None:
    found = _found(type="short", answers=[r"\frac{x}{2}", "x = 2", "x/2 +"], formula=True)
    assert [(p.field, p.rule, p.item) for p in found] == [
        ("answers", "not-a-formula", "x = 2"),
        ("answers", "not-a-formula", "x/2 +"),
    ]
    assert "cannot be read as a formula" in found[0].message
    # The same answers are words to compare, and fine, in a question that is not a formula.
    assert _found(type="short", answers=["x = 2", "x/2 +"]) == []


def test_formula_is_a_field_of_short_questions_only_and_a_flag() -> None:
    assert _found(type="short", answers=["x^2"], formula=True) == []
    assert [p.rule for p in _found(type="short", answers=["x"], formula="yes")] == ["not-a-flag"]
    other = _found(type="numeric", answer=2, formula=True)
    assert [(p.field, p.rule) for p in other] == [("formula", "unknown-field")]
