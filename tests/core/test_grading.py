from typing import Any

import pytest

from quizapp.core.grading import GRADERS, correct_answer, grade

CHOICE = {"options": ["Roscosmos", "NASA"], "answer": "Roscosmos"}
MULTI = {"options": ["A", "B", "C", "D"], "answers": ["A", "B"]}
PAIRS = {"pairs": [["Rogozin", "Roscosmos"], ["Zhang Kejian", "CNSA"]]}
ITEMS = {"items": ["first", "second", "third", "fourth"]}
CLOZE = {
    "prompt": "Signed by {{Zhang Kejian|Zhang}} for the "
    "{{CNSA|China National Space Administration}}."
}


def test_every_type_has_a_grader() -> None:
    assert set(GRADERS) == {
        "choice",
        "truefalse",
        "short",
        "flashcard",
        "multi",
        "numeric",
        "matching",
        "ordering",
        "cloze",
    }


def test_choice_with_options_also_right_is_right_for_any_of_them() -> None:
    spec = {"options": ["no one", "nobody", "Grant"], "answer": "no one", "also_right": ["nobody"]}
    assert [grade("choice", spec, pick).score for pick in spec["options"]] == [1.0, 1.0, 0.0]
    assert correct_answer("choice", spec) == "no one or nobody"


def test_choice_is_right_only_for_the_answer() -> None:
    assert grade("choice", CHOICE, "Roscosmos").correct
    assert grade("choice", CHOICE, "NASA").score == 0


def test_truefalse() -> None:
    assert grade("truefalse", {"answer": False}, "false").correct
    assert not grade("truefalse", {"answer": False}, "true").correct


def test_short_answer_typo_is_right_but_flagged() -> None:
    result = grade("short", {"answers": ["Dmitry Rogozin"]}, "dmitry rogozni")
    assert result.correct and result.typo


@pytest.mark.parametrize(
    ("picks", "score"),
    [(["A", "B"], 1.0), (["A"], 0.5), (["A", "C"], 0.0), (["A", "B", "C"], 0.5), ([], 0.0)],
)
def test_multi_gives_partial_credit_and_penalises_wrong_picks(
    picks: list[str], score: float
) -> None:
    assert grade("multi", MULTI, picks).score == score


@pytest.mark.parametrize(
    ("given", "right"), [("60", True), ("59", True), ("62", False), ("x", False)]
)
def test_numeric_with_tolerance(given: str, right: bool) -> None:
    assert grade("numeric", {"answer": 60, "tolerance": 1}, given).correct is right


@pytest.mark.parametrize(
    ("spec", "given"),
    [
        ({"answer": 3.1415, "tolerance": 0.0005}, "3.142"),
        ({"answer": 3.1415, "tolerance": 0.0005}, "3.141"),
        ({"answer": 0.2, "tolerance": 0.1}, "0.3"),
        ({"answer": 1.1, "tolerance": 0.1}, "1.2"),
        ({"answer": 1.1, "tolerance": 0.1}, "1,0"),
    ],
)
def test_numeric_answer_at_either_end_of_the_margin_is_right(
    spec: dict[str, Any], given: str
) -> None:
    assert grade("numeric", spec, given).correct


@pytest.mark.parametrize("given", ["nan", "inf", "-Infinity", "1e999999999", ""])
def test_numeric_that_is_no_finite_number_is_wrong(given: str) -> None:
    assert not grade("numeric", {"answer": 2011, "tolerance": 1e9}, given).correct


def test_numeric_without_tolerance_is_exact() -> None:
    assert grade("numeric", {"answer": 2011}, "2011").correct
    assert not grade("numeric", {"answer": 2011}, "2010").correct


@pytest.mark.parametrize("given", ["2011.", "02011", " 2011 ", "2011,0"])
def test_numeric_reads_a_full_stop_leading_zeros_and_a_decimal_comma(given: str) -> None:
    assert grade("numeric", {"answer": 2011}, given).correct


def test_numbers_typed_in_blanks_are_read_as_numbers() -> None:
    spec = {"prompt": "Signed on March {{9|ninth}}, {{2021}}."}
    assert grade("cloze", spec, ["09", "2021."]).correct
    assert grade("short", {"answers": ["2021"]}, "2021.").correct


def test_matching_counts_each_pair() -> None:
    assert grade("matching", PAIRS, ["Roscosmos", "CNSA"]).correct
    assert grade("matching", PAIRS, ["Roscosmos", ""]).score == 0.5


def test_ordering_counts_items_in_place() -> None:
    assert grade("ordering", ITEMS, ["first", "second", "third", "fourth"]).correct
    assert grade("ordering", ITEMS, ["first", "second", "fourth", "third"]).score == 0.5


def test_cloze_grades_each_blank_with_alternatives() -> None:
    assert grade("cloze", CLOZE, ["Zhang", "China National Space Administration"]).correct
    partial = grade("cloze", CLOZE, ["Zhang", "NASA"])
    assert partial.score == 0.5 and not partial.correct


def test_flashcard_is_self_graded() -> None:
    assert not grade("flashcard", {"answer": "x"}, "1").correct
    assert grade("flashcard", {"answer": "x"}, "2").correct


def test_correct_answer_text_for_feedback() -> None:
    assert correct_answer("cloze", CLOZE) == "Signed by Zhang Kejian for the CNSA."
    assert (
        correct_answer("numeric", {"answer": 60, "tolerance": 2, "unit": "years"})
        == "60 (± 2) years"
    )
    assert correct_answer("matching", PAIRS) == "Rogozin → Roscosmos; Zhang Kejian → CNSA"
    assert correct_answer("truefalse", {"answer": True}) == "True"
