"""Partial credit and per-answer feedback: which keys and values a question may have."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.core.checks import Problem, question_problems
from quizapp.core.limits import EXPLANATION
from tests.citing import SHIPPED

BASE: dict[str, Any] = {
    "key": "t.one",
    "prompt": "Which?",
    "explanation": "",
    "tags": ["medium"],
    "cite": ["nbc-lunar#5"],
}
CHOICE: dict[str, Any] = {
    "type": "choice",
    "options": ["Paris", "Lyon", "Nice", "Rome"],
    "answer": "Paris",
    "also_right": ["Nice"],
}


def _rules(**fields: Any) -> list[tuple[str | None, str, str | None]]:
    return [(p.field, p.rule, p.item) for p in question_problems({**BASE, **fields}, SHIPPED)]


def test_a_wrong_option_may_earn_a_fraction_of_a_point() -> None:
    assert _rules(**CHOICE, credit={"Lyon": 0.5, "Rome": 0.25}) == []


@pytest.mark.parametrize("value", [0, 1, 1.5, -0.5, True, "0.5", float("nan")])
def test_credit_is_a_number_above_0_and_below_1(value: object) -> None:
    assert _rules(**CHOICE, credit={"Lyon": value}) == [("credit", "bad-fraction", "Lyon")]


def test_credit_goes_to_a_wrong_option_only() -> None:
    found = _rules(**CHOICE, credit={"Paris": 0.5, "Nice": 0.5, "Berlin": 0.5})
    assert found == [
        ("credit", "right-option", "Paris"),
        ("credit", "right-option", "Nice"),
        ("credit", "not-an-option", "Berlin"),
    ]


def test_credit_is_a_table_and_only_for_a_choice_question() -> None:
    assert _rules(**CHOICE, credit=["Lyon"]) == [("credit", "not-a-table", None)]
    assert _rules(**CHOICE, credit={}) == [("credit", "not-a-table", None)]
    multi = {"type": "multi", "options": ["a", "b", "c"], "answers": ["a"]}
    assert _rules(**multi, credit={"b": 0.5}) == [("credit", "unknown-field", None)]


@pytest.mark.parametrize(
    ("fields", "keys"),
    [
        (CHOICE, ["Paris", "Lyon"]),
        ({"type": "multi", "options": ["a", "b", "c"], "answers": ["a"]}, ["a", "c"]),
        ({"type": "truefalse", "answer": True}, ["true", "false"]),
        ({"type": "short", "answers": ["Armstrong", "Neil Armstrong"]}, ["Armstrong", "*"]),
        ({"type": "numeric", "answer": 3}, ["=", "*"]),
    ],
)
def test_feedback_keys_are_the_answers_a_student_can_give(
    fields: dict[str, Any], keys: list[str]
) -> None:
    assert _rules(**fields, feedback={key: "Because." for key in keys}) == []
    found = _rules(**fields, feedback={"nothing of the kind": "Because."})
    assert found == [("feedback", "unknown-key", "nothing of the kind")]


def test_choice_feedback_keys_are_options_and_short_ones_not() -> None:
    assert _rules(**CHOICE, feedback={"*": "No."}) == [("feedback", "unknown-key", "*")]
    assert _rules(**CHOICE, feedback={"TRUE": "No."}) == [("feedback", "unknown-key", "TRUE")]
    assert _rules(type="truefalse", answer=True, feedback={"True": "x"}) == [
        ("feedback", "unknown-key", "True")
    ]


def test_feedback_texts_are_not_empty_nor_longer_than_an_explanation() -> None:
    assert _rules(**CHOICE, feedback={"Lyon": " "}) == [("feedback", "missing", "Lyon")]
    assert _rules(**CHOICE, feedback={"Lyon": 3}) == [("feedback", "missing", "Lyon")]
    assert _rules(**CHOICE, feedback={"Lyon": "x" * EXPLANATION}) == []
    assert _rules(**CHOICE, feedback={"Lyon": "x" * (EXPLANATION + 1)}) == [
        ("feedback", "too-long", "Lyon")
    ]
    assert _rules(**CHOICE, feedback={"Lyon": "a\x00b"}) == [("feedback", "control", "Lyon")]
    assert _rules(**CHOICE, feedback="Lyon") == [("feedback", "not-a-table", None)]


@pytest.mark.parametrize(
    "fields",
    [
        {"type": "flashcard", "answer": "back"},
        {"type": "ordering", "items": ["a", "b", "c"]},
        {"type": "matching", "pairs": [["a", "b"], ["c", "d"]]},
        {"type": "cloze", "prompt": "The {{Moon}}."},
    ],
)
def test_other_types_have_no_feedback_field(fields: dict[str, Any]) -> None:
    assert _rules(**fields, feedback={"a": "x"}) == [("feedback", "unknown-field", None)]


def test_a_problem_names_the_field_for_a_bank_files_author() -> None:
    found = question_problems({**BASE, **CHOICE, "credit": {"Lyon": 2}}, SHIPPED)
    assert found == [
        Problem(
            "credit",
            "credit for 'Lyon' must be a number above 0 and below 1",
            "bad-fraction",
            "Lyon",
        )
    ]
