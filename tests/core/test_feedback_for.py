"""Partial credit in the choice grader, and which feedback a response gets."""

from __future__ import annotations

from typing import Any

from quizapp.core.grading import feedback_for, grade

CHOICE: dict[str, Any] = {
    "prompt": "Capital of France?",
    "options": ["Paris", "Lyon", "Nice", "Rome"],
    "answer": "Paris",
    "credit": {"Lyon": 0.5, "Nice": 0.25},
    "feedback": {"Paris": "Yes.", "Lyon": "A big city, not the capital.", "Rome": "Italy."},
}


def test_a_wrong_option_with_credit_scores_its_fraction_and_is_not_right() -> None:
    assert grade("choice", CHOICE, "Paris").score == 1.0
    half = grade("choice", CHOICE, "Lyon")
    assert (half.score, half.correct) == (0.5, False)
    assert grade("choice", CHOICE, "Nice").score == 0.25
    assert grade("choice", CHOICE, "Rome").score == 0.0
    assert grade("choice", CHOICE, "").score == 0.0
    assert grade("choice", CHOICE, ["Lyon"]).score == 0.0  # a list is no choice


def test_choice_feedback_is_that_of_the_option_chosen() -> None:
    assert feedback_for(CHOICE, "choice", "Lyon") == ["A big city, not the capital."]
    assert feedback_for(CHOICE, "choice", "Nice") == []
    assert feedback_for(CHOICE, "choice", "") == []
    assert feedback_for({**CHOICE, "feedback": {}}, "choice", "Lyon") == []
    assert feedback_for({"options": ["a", "b"], "answer": "a"}, "choice", "b") == []


def test_multi_feedback_is_shown_for_each_chosen_option_in_the_questions_order() -> None:
    spec = {"options": ["a", "b", "c"], "answers": ["a", "b"], "feedback": {"a": "A!", "c": "C!"}}
    assert feedback_for(spec, "multi", ["c", "a"]) == ["A!", "C!"]
    assert feedback_for(spec, "multi", ["b"]) == []
    assert feedback_for(spec, "multi", "c") == ["C!"]


def test_truefalse_feedback_is_keyed_by_the_answer_given() -> None:
    spec = {"answer": True, "feedback": {"true": "Right.", "false": "It is true."}}
    assert feedback_for(spec, "truefalse", "false") == ["It is true."]
    assert feedback_for(spec, "truefalse", "TRUE") == ["Right."]
    assert feedback_for(spec, "truefalse", "") == []


def test_short_feedback_follows_the_accepted_answer_matched_typos_included() -> None:
    spec = {
        "answers": ["Armstrong", "Neil Armstrong"],
        "feedback": {"Neil Armstrong": "Full name, well done.", "*": "He was first."},
    }
    assert feedback_for(spec, "short", "neil armstrong") == ["Full name, well done."]
    assert feedback_for(spec, "short", "Neil Armstrnog") == ["Full name, well done."]
    assert feedback_for(spec, "short", "Armstrong") == []  # matched, but none written for it
    assert feedback_for(spec, "short", "Aldrin") == ["He was first."]
    assert feedback_for(spec, "short", "  ") == []  # "I don't know" answered nothing


def test_numeric_feedback_for_a_right_number_or_any_other() -> None:
    spec = {"answer": 3, "tolerance": 0.1, "feedback": {"=": "Close enough.", "*": "About 3."}}
    assert feedback_for(spec, "numeric", "3.1") == ["Close enough."]
    assert feedback_for(spec, "numeric", "3.2") == ["About 3."]
    assert feedback_for(spec, "numeric", "three") == ["About 3."]
    assert feedback_for({**spec, "feedback": {"*": "About 3."}}, "numeric", "3") == []
