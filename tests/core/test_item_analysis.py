import math
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.grading import Response, grade
from quizapp.core.item_analysis import (
    ItemInput,
    OptionCount,
    QuizStats,
    WrongAnswer,
    analyse,
    correlation,
    grade_attempt,
    option_counts,
    strongest_third,
    wrong_answers,
)

CHOICE = {"options": ["Roscosmos", "NASA", "ESA"], "answer": "Roscosmos"}
MULTI = {"options": ["Russia", "China", "USA", "India"], "answers": ["Russia", "China"]}
SHORT = {"answers": ["Dmitry Rogozin", "Rogozin"]}
CLOZE = {
    "prompt": "Signed by {{Zhang Kejian|Zhang}} for the "
    "{{CNSA|China National Space Administration}}."
}


def _item(
    question_id: int,
    scores: Sequence[float | None],
    qtype: str = "ordering",
    spec: dict[str, Any] | None = None,
    responses: Sequence[Response | None] | None = None,
) -> ItemInput:
    """An item whose responses matter only when given (ordering shows neither options nor
    typed answers)."""
    return ItemInput(
        question_id,
        qtype,
        spec if spec is not None else {"items": ["a", "b"]},
        scores,
        responses if responses is not None else [None] * len(scores),
    )


def _flags(stats: QuizStats, question_id: int) -> tuple[str, ...]:
    return next(item.flags for item in stats.items if item.question_id == question_id)


# Ten attempts, three questions (score per attempt; the rest is the sum of the other two).
#   attempt   A    B    C  | rest of A = B+C   rest of B = A+C   rest of C = A+B
#      1      1    1    1  |       2                 2                 2
#      2      1    1   .5  |      1.5               1.5                2
#      3      1    0    1  |       1                 2                 1
#      4      1    1    0  |       1                 1                 2
#      5      0    1   .5  |      1.5               .5                 1
#      6      1    0    0  |       0                 1                 1
#      7      0    0    1  |       1                 1                 0
#      8      0    1    0  |       1                 0                 1
#      9      0    0   .5  |      .5                .5                 0
#     10      0    0    0  |       0                 0                 0
A = [1, 1, 1, 1, 0, 1, 0, 0, 0, 0]
B = [1, 1, 0, 1, 1, 0, 0, 1, 0, 0]
C = [1, 0.5, 1, 0, 0.5, 0, 1, 0, 0.5, 0]


def _table() -> QuizStats:
    return analyse([_item(1, A), _item(2, B), _item(3, C)])


def test_facility_is_the_mean_score_worked_by_hand() -> None:
    # A: five 1s -> 5/10 = 0.5; B: five 1s -> 0.5; C: 1 + .5 + 1 + .5 + 1 + .5 = 4.5 -> 0.45.
    # Mean score of the quiz: (5 + 5 + 4.5) / (10 attempts * 3 questions) = 14.5 / 30.
    stats = _table()
    assert stats.attempts == 10 and stats.reliable
    assert [item.facility for item in stats.items] == pytest.approx([0.5, 0.5, 0.45], abs=1e-9)
    assert stats.mean_score == pytest.approx(14.5 / 30, abs=1e-9)
    assert [item.attempts for item in stats.items] == [10, 10, 10]


def test_discrimination_is_the_correlation_with_the_rest_worked_by_hand() -> None:
    # r = Sxy / sqrt(Sxx * Syy), S.. the sums of products of deviations from the means; the sample
    # covariance Sxy/9 and the standard deviations sqrt(Sxx/9), sqrt(Syy/9) give the same ratio.
    #
    # A: mean 0.5, deviations +-0.5, Sxx = 10 * 0.25 = 2.5.
    #    rest 2, 1.5, 1, 1, 1.5, 0, 1, 1, .5, 0: sum 9.5, mean 0.95;
    #    deviations 1.05, .55, .05, .05, .55, -.95, .05, .05, -.45, -.95
    #    Syy = 1.1025 + .3025 + .0025 + .0025 + .3025 + .9025 + .0025 + .0025 + .2025 + .9025
    #        = 3.725
    #    Sxy = .5 * (1.05 + .55 + .05 + .05 - .95)      [A = 1: attempts 1, 2, 3, 4, 6]
    #        - .5 * (.55 + .05 + .05 - .45 - .95)      [A = 0: attempts 5, 7, 8, 9, 10]
    #        = .5 * .75 - .5 * -.75 = 0.75
    #    covariance 0.75 / 9 = 0.08333; sds sqrt(2.5 / 9) = 0.52705 and sqrt(3.725 / 9) = 0.64334
    #    r = 0.08333 / (0.52705 * 0.64334) = 0.75 / sqrt(2.5 * 3.725) = 0.2458
    #
    # B: mean 0.5, Sxx = 2.5.
    #    rest 2, 1.5, 2, 1, .5, 1, 1, 0, .5, 0: sum 9.5, mean 0.95;
    #    deviations 1.05, .55, 1.05, .05, -.45, .05, .05, -.95, -.45, -.95
    #    Syy = 2 * 1.1025 + .3025 + 3 * .0025 + 2 * .2025 + 2 * .9025 = 4.725
    #    Sxy = .5 * (1.05 + .55 + .05 - .45 - .95)      [B = 1: attempts 1, 2, 4, 5, 8]
    #        - .5 * (1.05 + .05 + .05 - .45 - .95)     [B = 0: attempts 3, 6, 7, 9, 10]
    #        = .5 * .25 - .5 * -.25 = 0.25
    #    r = 0.25 / sqrt(2.5 * 4.725) = 0.0727
    #
    # C: mean 0.45; deviations .55, .05, .55, -.45, .05, -.45, .55, -.45, .05, -.45
    #    Sxx = 3 * .3025 + 3 * .0025 + 4 * .2025 = 1.725
    #    rest 2, 2, 1, 2, 1, 1, 0, 1, 0, 0: sum 10, mean 1
    #    deviations 1, 1, 0, 1, 0, 0, -1, 0, -1, -1
    #    Syy = 6
    #    Sxy = .55 + .05 + 0 - .45 + 0 + 0 - .55 + 0 - .05 + .45 = 0, so r = 0
    stats = _table()
    a, b, c = (item.discrimination for item in stats.items)
    assert a == pytest.approx(0.75 / math.sqrt(2.5 * 3.725), abs=1e-9)
    assert b == pytest.approx(0.25 / math.sqrt(2.5 * 4.725), abs=1e-9)
    assert c == pytest.approx(0.0, abs=1e-9)


def test_weak_discrimination_is_flagged_and_adequate_is_not() -> None:
    stats = _table()
    assert _flags(stats, 1) == ()  # 0.2458: above 0.2
    assert _flags(stats, 2) == (
        "Does not tell stronger from weaker students (discrimination 0.07).",
    )
    # C's r is 0 up to rounding, which may fall either side of zero: shown as 0.00, never -0.00
    assert _flags(stats, 3) == (
        "Does not tell stronger from weaker students (discrimination 0.00).",
    )


def test_negative_discrimination_is_flagged_with_its_sign() -> None:
    # The weaker half gets D right: r(D, rest) < 0 with the same table.
    d = [0, 0, 0, 0, 1, 0, 1, 1, 1, 1]
    stats = analyse([_item(1, A), _item(2, B), _item(3, C), _item(4, d)])
    discrimination = stats.items[3].discrimination
    assert discrimination is not None and discrimination < 0
    assert _flags(stats, 4) == (
        f"Does not tell stronger from weaker students (discrimination {discrimination:.2f}).",
    )
    assert "(discrimination -" in _flags(stats, 4)[0]


def test_no_spread_in_the_item_gives_no_discrimination() -> None:
    stats = analyse([_item(1, [1] * 10), _item(2, A)])
    assert stats.items[0].discrimination is None
    assert stats.items[0].facility == 1.0


def test_no_spread_in_the_rest_gives_no_discrimination() -> None:
    # The first question does not vary; the second one's rest is the first, so neither has r.
    stats = analyse([_item(1, [1] * 10), _item(2, B)])
    assert [item.discrimination for item in stats.items] == [None, None]


def test_a_single_question_quiz_has_no_discrimination() -> None:
    stats = analyse([_item(1, A)])
    assert stats.items[0].discrimination is None  # its rest is 0 for everyone
    assert stats.items[0].facility == 0.5


def test_rests_equal_by_arithmetic_count_as_no_spread() -> None:
    # Every rest is 0.1 + 0.2 + 0.3 = 0.6 however the three are spread over the questions.
    others = [_item(2, [0.1, 0.2, 0.3]), _item(3, [0.2, 0.3, 0.1]), _item(4, [0.3, 0.1, 0.2])]
    stats = analyse([_item(1, [0, 1, 0.5]), *others])
    assert stats.items[0].discrimination is None


def test_one_attempt_gives_no_discrimination() -> None:
    stats = analyse([_item(1, [1]), _item(2, [0])])
    assert [item.discrimination for item in stats.items] == [None, None]
    assert not stats.reliable


def test_no_attempts() -> None:
    stats = analyse([_item(1, []), _item(2, [])])
    assert (stats.attempts, stats.reliable, stats.mean_score) == (0, False, 0.0)
    figures = [(i.attempts, i.facility, i.discrimination) for i in stats.items]
    assert figures == [(0, None, None)] * 2
    assert analyse([]) == QuizStats(0, False, 0.0, ())


def test_an_unanswered_question_counts_as_zero() -> None:
    answered = analyse([_item(1, [0, 1, 0, 1]), _item(2, [0, 1, 1, 1])])
    skipped = analyse([_item(1, [None, 1, None, 1]), _item(2, [0, 1, 1, 1])])
    assert skipped == answered
    assert skipped.items[0].facility == 0.5


def test_items_must_cover_the_same_attempts() -> None:
    with pytest.raises(ValueError, match="per attempt"):
        analyse([_item(1, [1, 0]), _item(2, [1])])
    with pytest.raises(ValueError, match="per attempt"):
        analyse([ItemInput(1, "ordering", {}, [1, 0], [None])])


def test_correlation_of_a_perfect_line_and_its_mirror() -> None:
    assert correlation([0, 1, 2], [1, 3, 5]) == pytest.approx(1.0)
    assert correlation([0, 1, 2], [5, 3, 1]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        correlation([0, 1], [0])


def _easy_or_hard(stats: QuizStats) -> list[str]:
    return [f for f in stats.items[0].flags if f.startswith(("Too easy", "Too hard"))]


@pytest.mark.parametrize(
    ("scores", "flags"),
    [
        ([1] * 9 + [0.7], ["Too easy: 97% of students got it right."]),
        ([1] * 9 + [0.5], []),  # exactly 0.95
        ([0] * 8 + [1, 0.5], ["Too hard: only 15% of students got it right."]),
        ([0] * 8 + [1, 1], []),  # exactly 0.2
    ],
)
def test_too_easy_and_too_hard(scores: list[float], flags: list[str]) -> None:
    stats = analyse([_item(1, scores), _item(2, A)])
    assert _easy_or_hard(stats) == flags


def test_fewer_than_ten_attempts_are_not_reliable_and_raise_no_flags() -> None:
    nine = analyse([_item(1, [1] * 9), _item(2, B[:9]), _item(3, C[:9])])
    assert not nine.reliable and nine.attempts == 9
    assert nine.items[0].facility == 1.0
    assert nine.items[2].discrimination is not None  # figures are still given
    assert all(item.flags == () for item in nine.items)
    ten = analyse([_item(1, [1] * 10), _item(2, B), _item(3, C)])
    assert ten.reliable
    assert ten.items[0].flags == ("Too easy: 100% of students got it right.",)


# Twelve attempts; the strongest third is four. Q2 and Q3 put attempts 1-4 on top.
STRONG_REST = [1] * 4 + [0] * 8


def _key_check(picks: list[str], qtype: str = "choice", spec: dict[str, Any] = CHOICE) -> QuizStats:
    right = [grade(qtype, spec, p).score for p in picks]
    rest = STRONG_REST[: len(picks)]
    return analyse([_item(1, right, qtype, spec, picks), _item(2, rest), _item(3, rest)])


def _key_flags(stats: QuizStats) -> list[str]:
    return [f for f in stats.items[0].flags if f.startswith("The strongest third")]


def test_strongest_third_preferring_a_distractor_is_flagged() -> None:
    picks = ["NASA", "NASA", "NASA", "Roscosmos"] + ["Roscosmos"] * 6 + ["ESA"] * 2
    assert _key_flags(_key_check(picks)) == [
        "The strongest third of the class picked “NASA” more often than the right answer — "
        "check the key."
    ]


def test_strongest_third_split_evenly_is_not_flagged() -> None:
    picks = ["NASA", "Roscosmos", "NASA", "Roscosmos"] + ["ESA"] * 8
    assert _key_flags(_key_check(picks)) == []


def test_weaker_students_preferring_a_distractor_is_not_flagged() -> None:
    picks = ["Roscosmos"] * 4 + ["NASA"] * 8
    assert _key_flags(_key_check(picks)) == []


def test_key_check_needs_ten_attempts() -> None:
    picks = ["NASA", "NASA", "NASA"] + ["Roscosmos"] * 6
    assert _key_check(picks).items[0].flags == ()


def test_key_check_for_a_truefalse_question() -> None:
    picks = ["false"] * 3 + ["true"] * 9
    stats = _key_check(picks, "truefalse", {"answer": True})
    assert _key_flags(stats) == [
        "The strongest third of the class picked “False” more often than the right answer — "
        "check the key."
    ]


def test_strongest_third_ties_go_to_the_earlier_attempt() -> None:
    # Totals: attempt 1 = 3; attempts 2, 3 and 4 tie on 2; the rest 1. The third is three
    # attempts, so of the tied ones the first two count.
    q2 = [1, 1, 1, 1] + [0] * 6
    q3 = [1, 1, 0, 1] + [0] * 6
    picks = ["Roscosmos", "NASA", "Roscosmos", "NASA"] + ["Roscosmos"] * 6
    right = [1.0 if p == "Roscosmos" else 0.0 for p in picks]
    earlier_key = analyse([_item(1, right, "choice", CHOICE, picks), _item(2, q2), _item(3, q3)])
    assert _key_flags(earlier_key) == []  # counted: key, NASA, key
    # The same two students in the other order: counted: key, NASA, NASA.
    swap = [0, 1, 3, 2, 4, 5, 6, 7, 8, 9]
    later_key = analyse(
        [
            _item(1, [right[i] for i in swap], "choice", CHOICE, [picks[i] for i in swap]),
            _item(2, [q2[i] for i in swap]),
            _item(3, [q3[i] for i in swap]),
        ]
    )
    assert len(_key_flags(later_key)) == 1


def test_strongest_third_is_at_least_one_attempt() -> None:
    assert strongest_third([1, 3, 3, 2, 0, 0]) == [1, 2]
    assert strongest_third([0.5, 2]) == [1]
    assert strongest_third([]) == []


def test_choice_option_counts_in_the_questions_order() -> None:
    responses: list[Response | None] = ["NASA", "Roscosmos", "NASA", None, "Baikonur", "NASA"]
    assert option_counts("choice", CHOICE, responses) == (
        OptionCount("Roscosmos", 1, True),
        OptionCount("NASA", 3, False),
        OptionCount("ESA", 0, False),
    )


def test_choice_options_also_right_are_keys_too() -> None:
    spec = {**CHOICE, "also_right": ["ESA"]}
    assert option_counts("choice", spec, ["ESA", "NASA"]) == (
        OptionCount("Roscosmos", 0, True),
        OptionCount("NASA", 1, False),
        OptionCount("ESA", 1, True),
    )


def test_multi_counts_each_option_a_student_ticked() -> None:
    responses: list[Response | None] = [["Russia", "China"], ["Russia", "USA"], "China", None]
    responses.append(["India", "India"])  # ticked once, however the form sent it
    stats = analyse([_item(1, [1, 0, 0.5, 0, 0], "multi", MULTI, responses)])
    assert stats.items[0].options == (
        OptionCount("Russia", 2, True),
        OptionCount("China", 2, True),
        OptionCount("USA", 1, False),
        OptionCount("India", 1, False),
    )


@pytest.mark.parametrize(("answer", "keys"), [(True, (True, False)), (False, (False, True))])
def test_truefalse_options_are_true_and_false(answer: bool, keys: tuple[bool, bool]) -> None:
    responses: list[Response | None] = ["true", "false", "true", None, "TRUE"]
    assert option_counts("truefalse", {"answer": answer}, responses) == (
        OptionCount("True", 3, keys[0]),
        OptionCount("False", 1, keys[1]),
    )


def test_typed_and_other_questions_have_no_options() -> None:
    assert option_counts("short", SHORT, ["Rogozin"]) == ()
    assert option_counts("ordering", {"items": ["a"]}, [["a"]]) == ()


def test_a_question_without_its_content_still_gets_figures() -> None:
    choice = _item(1, [1, 0], "choice", {}, ["NASA", "ESA"])
    short = _item(2, [0, 1], "short", {}, ["Putin", "Rogozin"])
    stats = analyse([choice, short])
    assert stats.items[0].options == () and stats.items[1].wrong_answers == ()
    assert [item.facility for item in stats.items] == [0.5, 0.5]


def test_short_wrong_answers_folded_and_counted() -> None:
    responses: list[Response | None] = [
        "Yuri Borisov",
        " yuri borisov ",
        "YURI BORISOV",
        "Putin",
        "putin",
        "Xi Jinping",
        "Rogozin",  # right
        "dmitry rogozni",  # right, thanks to typo tolerance
        "",  # left blank
        None,
    ]
    assert wrong_answers("short", SHORT, responses) == (
        WrongAnswer("yuri borisov", 3),
        WrongAnswer("putin", 2),
        WrongAnswer("xi jinping", 1),
    )


def test_only_the_five_commonest_wrong_answers_are_shown() -> None:
    responses: list[Response | None] = ["a", "b", "b", "c", "d", "e", "f", "g", "g", "g"]
    found = wrong_answers("short", SHORT, responses)
    assert [w.answer for w in found] == ["g", "b", "a", "c", "d"]  # equal counts: first seen first
    assert [w.count for w in found] == [3, 2, 1, 1, 1]


def test_numeric_wrong_answers() -> None:
    spec = {"answer": 2021, "tolerance": 0}
    assert wrong_answers("numeric", spec, ["2021", "2020", "2020", "2,021", "soon"]) == (
        WrongAnswer("2020", 2),
        WrongAnswer("2,021", 1),
        WrongAnswer("soon", 1),
    )


def test_cloze_wrong_answers_per_blank() -> None:
    responses: list[Response | None] = [
        ["Zhang Kejian", "CNSA"],  # right
        ["Rogozin", "CNSA"],
        [" rogozin", "NASA"],
        ["Zhang Kejain", "nasa"],  # a typo is accepted
        ["", "Roscosmos"],  # first blank left empty
        None,
    ]
    stats = analyse([_item(1, [1, 0.5, 0, 0.5, 0, 0], "cloze", CLOZE, responses)])
    assert stats.items[0].wrong_answers == (
        WrongAnswer("Blank 1: rogozin", 2),
        WrongAnswer("Blank 2: nasa", 2),
        WrongAnswer("Blank 2: roscosmos", 1),
    )


def test_choice_questions_have_no_wrong_answers() -> None:
    assert wrong_answers("choice", CHOICE, ["NASA"]) == ()


@pytest.mark.parametrize(
    ("policy", "expected"), [("highest", 0.75), ("last", 0.5), ("mean", 1.5 / 3)]
)
def test_grade_attempt(policy: str, expected: float) -> None:
    assert grade_attempt(policy, [0.25, 0.75, 0.5]) == pytest.approx(expected, abs=1e-9)
    assert grade_attempt(policy, []) is None


def test_grade_attempt_rejects_an_unknown_policy() -> None:
    with pytest.raises(ValueError, match="first"):
        grade_attempt("first", [1.0])


scores = st.one_of(st.none(), st.floats(min_value=0, max_value=1), st.sampled_from([0.0, 0.5, 1.0]))


@st.composite
def quizzes(draw: st.DrawFn) -> list[ItemInput]:
    attempts = draw(st.integers(min_value=0, max_value=15))
    count = draw(st.integers(min_value=1, max_value=4))
    return [
        _item(n, draw(st.lists(scores, min_size=attempts, max_size=attempts))) for n in range(count)
    ]


@settings(max_examples=100, deadline=None)
@given(quizzes())
def test_figures_stay_in_range(items: list[ItemInput]) -> None:
    stats = analyse(items)
    assert 0 <= stats.mean_score <= 1
    for item in stats.items:
        assert item.facility is None or 0 <= item.facility <= 1
        assert item.discrimination is None or -1 <= item.discrimination <= 1


def test_a_partial_credit_option_counts_its_fraction_in_the_facility_and_is_no_key() -> None:
    """Moodle counts a ~%50% option as half right: the facility is the mean score, and the
    option is listed as picked but not as the key."""
    spec = {"options": ["Paris", "Lyon", "Rome"], "answer": "Paris", "credit": {"Lyon": 0.5}}
    responses: list[Response | None] = ["Paris", "Lyon", "Lyon", "Rome"]
    scores = [grade("choice", spec, r or "").score for r in responses]
    assert scores == [1.0, 0.5, 0.5, 0.0]
    other = _item(2, [1, 1, 0, 0])
    stats = analyse([_item(1, scores, "choice", spec, responses), other])
    item = stats.items[0]
    assert item.facility == 0.5
    assert item.options == (
        OptionCount("Paris", 1, True),
        OptionCount("Lyon", 2, False),
        OptionCount("Rome", 1, False),
    )
    assert item.discrimination == pytest.approx(correlation(scores, [1, 1, 0, 0]))
