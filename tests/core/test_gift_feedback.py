"""GIFT's partial credit (`~%50%option`) and answer feedback (`option#text`), read as Moodle reads
them and written so that Moodle and quizapp read them back the same."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.core.formats import gift
from quizapp.core.formats.common import ImportDefaults
from quizapp.core.grading import feedback_for, grade
from tests.citing import SHIPPED

DEFAULTS = ImportDefaults(tags=("medium",), cite=("nbc-lunar#5",), rule=SHIPPED)


def _read(text: str) -> list[dict[str, Any]]:
    parsed = gift.parse(text, "b", set(), DEFAULTS)
    assert parsed.problems == ()
    return [question.raw for question in parsed.questions]


def _one(text: str) -> dict[str, Any]:
    [raw] = _read(text)
    return raw


def _fields(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v for k, v in raw.items() if k not in {"key", "prompt", "explanation", "tags", "cite"}
    }


def test_a_weighted_wrong_option_of_a_one_right_choice_earns_its_share() -> None:
    raw = _one(
        "::capital::Capital of France? {\n"
        "  =Paris#Yes, since 508.\n"
        "  ~%50%Lyon#A big city, not the capital.\n"
        "  ~%33.33333%Marseille\n"
        "  ~Nice\n"
        "  ####Paris has been the capital for most of 1,500 years.\n"
        "}"
    )
    assert _fields(raw) == {
        "type": "choice",
        "options": ["Paris", "Lyon", "Marseille", "Nice"],
        "answer": "Paris",
        "credit": {"Lyon": 0.5, "Marseille": 0.3333333},
        "feedback": {"Paris": "Yes, since 508.", "Lyon": "A big city, not the capital."},
    }
    assert raw["explanation"] == "Paris has been the capital for most of 1,500 years."
    assert grade("choice", raw, "Lyon").score == 0.5
    assert feedback_for(raw, "choice", "Lyon") == ["A big city, not the capital."]


def test_a_negative_weight_in_a_one_right_choice_leaves_the_question_out() -> None:
    """Moodle takes a share off for ~%-50%; a quizapp score never goes below 0, so the question
    would be graded otherwise: it is listed as left out, not imported changed."""
    parsed = gift.parse(
        "Capital? {=Paris ~%-50%Rome#That is Italy. ~%100%Île-de-France ~%0%Nice}",
        "b",
        set(),
        DEFAULTS,
    )
    assert parsed.questions == ()
    assert "the option 'Rome' (-50%) takes marks off" in parsed.left_out[0].what


def test_multi_keeps_each_options_feedback() -> None:
    raw = _one("Planets? {~%50%Mars#Yes, the red one. ~%50%Venus ~%-50%Moon#It orbits us.}")
    assert _fields(raw) == {
        "type": "multi",
        "options": ["Mars", "Venus", "Moon"],
        "answers": ["Mars", "Venus"],
        "feedback": {"Mars": "Yes, the red one.", "Moon": "It orbits us."},
    }
    assert feedback_for(raw, "multi", ["Moon", "Mars"]) == ["Yes, the red one.", "It orbits us."]


def test_short_feedback_per_accepted_answer_and_moodles_wildcard_for_any_other() -> None:
    raw = _one(
        "Who walked first? {=Armstrong#Right. =Neil Armstrong#Right, full name."
        " =%0%Aldrin#Second. =%0%*#He was the commander of Apollo 11.}"
    )
    assert _fields(raw) == {
        "type": "short",
        "answers": ["Armstrong", "Neil Armstrong"],
        "feedback": {
            "Armstrong": "Right.",
            "Neil Armstrong": "Right, full name.",
            "*": "He was the commander of Apollo 11.",
        },
    }
    assert feedback_for(raw, "short", "Collins") == ["He was the commander of Apollo 11."]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # Moodle: the first text is for whoever answers wrong, the second for a right answer.
        ("{T#Wrong: it is true.#Right.}", {"false": "Wrong: it is true.", "true": "Right."}),
        ("{FALSE#Wrong: it is false.#Right.}", {"true": "Wrong: it is false.", "false": "Right."}),
        ("{TRUE##Right.}", {"true": "Right."}),
        ("{F#Only the wrong one}", {"true": "Only the wrong one"}),
    ],
)
def test_truefalse_feedback_goes_to_the_wrong_answer_first(
    answers: str, expected: dict[str, str]
) -> None:
    assert _one(f"Is it? {answers}")["feedback"] == expected


def test_numeric_feedback_for_the_right_number_and_any_other() -> None:
    raw = _one("How many moons has Mars? {#=2:0#Phobos and Deimos. ~#Count again.}")
    assert _fields(raw) == {
        "type": "numeric",
        "answer": 2,
        "tolerance": 0,
        "feedback": {"=": "Phobos and Deimos.", "*": "Count again."},
    }
    assert _one("How many? {#3:0.1#Close enough.}")["feedback"] == {"=": "Close enough."}


def test_html_feedback_becomes_markdown_and_escapes_stay_text() -> None:
    raw = _one("[html]<p>Capital?</p> {=Paris#<b>Yes</b> \\# one ~Lyon#a\\: b}")
    assert raw["feedback"] == {"Paris": "**Yes** # one", "Lyon": "a: b"}


def test_what_was_read_is_written_back_the_same() -> None:
    text = (
        "::capital::Capital? {=Paris#Yes. ~%50%Lyon#Big \\# city. ~%12.5%Nice ~Rome}\n\n"
        "::planets::Planets? {~%50%Mars#Red. ~%50%Venus ~%-100%Moon#A moon.}\n\n"
        "::first::First? {=Armstrong#Right. =%0%*#The commander.}\n\n"
        "::tf::Is it? {F#It is false.#Right.}\n\n"
        "::tf2::Is it? {T##Right.}\n\n"
        "::num::How many? {#=2:0.5#Yes. ~#No.}"
    )
    questions = _read(text)
    written = gift.dump(questions)
    assert "~%50%Lyon#Big \\# city." in written
    assert "~%12.5%Nice" in written
    assert "FALSE#It is false.#Right." in written
    assert "TRUE##Right." in written
    assert "=%0%*#The commander." in written
    assert "~#No." in written
    assert _read(written) == questions


def test_feedback_quizapp_has_no_place_for_is_listed_as_not_kept() -> None:
    text = (
        "::b.who::Who walked first? {=Armstrong =%0%Aldrin#Second.}\n\n"
        "// type: flashcard\n::b.card::Who walked first? {=Armstrong#Right.}\n"
    )
    parsed = gift.parse(text, "b", set(), DEFAULTS)
    assert [q.raw["key"] for q in parsed.questions] == ["b.who", "b.card"]
    assert [(n.key, n.what) for n in parsed.left_out] == [
        ("b.who", "not kept: the feedback on the wrong answer 'Aldrin'"),
        ("b.card", "not kept: the feedback 'Right.' on an answer"),
    ]
