"""Moodle's own sample files (tests/data/moodle/xml) read with the meaning Moodle gives them; what
quizapp cannot keep is listed as left out, naming the question and the feature, and the rest of
the file imports."""

from pathlib import Path
from typing import Any

import pytest

from quizapp.core.formats import moodle_xml
from quizapp.core.formats.common import Parsed

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "moodle" / "xml"


def _read(name: str) -> Parsed:
    return moodle_xml.parse((SAMPLES / name).read_text(encoding="utf-8"), "m", set())


def _messages(parsed: Parsed) -> list[str]:
    return [str(problem) for problem in parsed.problems]


def _listed(parsed: Parsed) -> list[str]:
    return [str(note) for note in parsed.left_out]


def _with_true_false(name: str) -> Parsed:
    """The sample with Moodle's true/false sample question added at its end (its lines keep
    their numbers): what is left out of the sample must not stop that question importing."""
    sample = (SAMPLES / name).read_text(encoding="utf-8")
    truth = (SAMPLES / "truefalse_testquestion.xml").read_text(encoding="utf-8")
    question = truth[truth.index('<question type="truefalse">') : truth.index("</quiz>")]
    head, tail = sample.rsplit("</quiz>", 1)
    parsed = moodle_xml.parse(head + question + "</quiz>" + tail, "m", set())
    assert parsed.problems == ()
    assert [q.raw["key"] for q in parsed.questions][-1:] == ["true-false-001"]
    return parsed


def _only(parsed: Parsed) -> dict[str, Any]:
    assert len(parsed.questions) == 1
    return parsed.questions[0].raw


def test_every_sample_is_read_listed_or_refused_by_name() -> None:
    for path in sorted(SAMPLES.glob("*.xml")):
        parsed = _read(path.name)
        assert parsed.questions or parsed.problems, path.name
        # nothing leaves the file silently: each <question> but a category is read or listed
        text = path.read_text(encoding="utf-8")
        written = text.count("<question type=") - text.count('<question type="category"')
        whole = [n for n in parsed.left_out if " is left out: " in n.what]
        assert len(parsed.questions) + len(whole) == written, path.name


def test_a_true_false_question_keeps_its_answer_feedback_and_general_feedback() -> None:
    raw = _only(_read("truefalse_testquestion.xml"))
    assert raw == {
        "key": "true-false-001",
        "type": "truefalse",
        "prompt": "The answer is true.",
        "answer": True,
        "feedback": {"true": "This is the right answer.", "false": "This is the wrong answer."},
        "explanation": "You should have selected true.",
        "tags": ["medium"],
        "cite": [],
    }


def test_a_category_is_skipped_and_html_entities_in_an_idnumber_do_no_harm() -> None:
    parsed = _read("html_chars_in_idnumbers.xml")
    assert parsed.problems == ()
    raw = _only(parsed)
    assert (raw["type"], raw["prompt"], raw["answer"]) == (
        "truefalse",
        "Testing Alpha Question",
        True,
    )
    assert parsed.questions[0].line == 15  # the line of its <question>, after the category


def test_a_multi_whose_wrong_picks_cost_nothing_is_left_out_naming_them() -> None:
    # In Moodle a wrong pick at 0% costs nothing: London, Paris and Tokyo together score 100%;
    # quizapp would give 50%, so the question is not imported.
    parsed = _with_true_false("multichoice_testquestion.xml")
    assert [q.raw["key"] for q in parsed.questions] == ["true-false-001"]
    assert _listed(parsed) == [
        "line 12: question 'Multi-choice-001' is left out: quizapp cannot keep the fractions "
        "0% of 'Tokyo', 0% of 'Spain' and 0% of 'Barcelona' (quizapp takes off one right "
        "option's share, -50%, for each wrong pick)"
    ]


def test_several_right_options_make_a_multi_and_its_hints_are_listed_as_not_kept() -> None:
    # The same question where each wrong pick costs a right option's share, as in quizapp.
    text = (SAMPLES / "multichoice_testquestion.xml").read_text(encoding="utf-8")
    assert text.count('<answer fraction="0"') == 3
    text = text.replace('<answer fraction="0"', '<answer fraction="-50"')
    parsed = moodle_xml.parse(text, "m", set())
    raw = _only(parsed)
    assert raw["type"] == "multi"
    assert raw["options"] == ["Tokyo", "Spain", "London", "Barcelona", "Paris"]
    assert raw["answers"] == ["London", "Paris"]
    assert raw["explanation"] == "Berlin, Paris and London"
    assert _messages(parsed) == []
    assert _listed(parsed) == ["line 12: [m.find-capital-cities-europe] not kept: its hints"]


def test_a_short_answer_with_a_partial_answer_is_left_out_naming_it() -> None:
    # Moodle gives 80% for "toad"; quizapp would give nothing, so the question is not imported.
    parsed = _with_true_false("shortanswer_testquestion.xml")
    assert [q.raw["key"] for q in parsed.questions] == ["true-false-001"]
    assert _listed(parsed) == [
        "line 12: question 'shortanswer-001' is left out: quizapp cannot keep "
        "the partial fraction 80% of 'toad'"
    ]


def test_a_short_answer_without_its_partial_answer_keeps_full_answers_and_feedback() -> None:
    text = (SAMPLES / "shortanswer_testquestion.xml").read_text(encoding="utf-8")
    assert text.count('fraction="80"') == 1
    parsed = moodle_xml.parse(text.replace('fraction="80"', 'fraction="0"'), "m", set())
    raw = _only(parsed)
    assert raw["answers"] == ["frog"]
    assert raw["feedback"] == {"frog": "Frog is a very good answer.", "*": "That is a bad answer."}
    assert raw["prompt"] == "Name an amphibian: " + "\\_" * 10  # underscores, not emphasis
    assert _listed(parsed) == [
        "line 12: [shortanswer-001] not kept: the feedback on the wrong answer 'toad'"
    ]


def test_a_matching_question_with_a_shared_answer_is_refused_and_its_losses_listed() -> None:
    # Two pairs sharing "amphibian" fail the bank's own check, as in a bank file: a problem.
    parsed = _read("match_testquestion.xml")
    assert _only(parsed)["pairs"] == [
        ["frog", "amphibian"],
        ["cat", "mammal"],
        ["newt", "amphibian"],
    ]
    assert _messages(parsed) == ["line 12: [matching-001] duplicate right item 'amphibian'"]
    listed = _listed(parsed)
    assert listed[0] == (
        "line 12: [matching-001] not kept: the extra right-hand item 'insect' that matches nothing"
    )
    assert "line 12: [matching-001] not kept: its correctfeedback 'Well done!'" in listed


def test_a_matching_question_is_kept_without_its_distractor_and_custom_feedback() -> None:
    text = (SAMPLES / "match_testquestion.xml").read_text(encoding="utf-8")
    newt = "<text>newt</text>\n      <answer>\n        <text>amphibian</text>"
    assert text.count(newt) == 1  # the newt gets a right item of its own
    text = text.replace(newt, newt.replace("amphibian", "salamander"))
    parsed = moodle_xml.parse(text, "m", set())
    assert parsed.problems == ()
    assert _only(parsed)["pairs"] == [
        ["frog", "amphibian"],
        ["cat", "mammal"],
        ["newt", "salamander"],
    ]
    assert [n.what for n in parsed.left_out] == [
        "not kept: the extra right-hand item 'insect' that matches nothing",
        "not kept: its correctfeedback 'Well done!'",
        "not kept: its partiallycorrectfeedback "
        "'Parts, but only parts, of your response are correct.'",
        "not kept: its incorrectfeedback 'That is not right at all.'",
    ]


def test_an_ordering_question_alone_in_the_file_keeps_moodles_order() -> None:
    parsed = _read("ordering_testimport.xml")
    raw = _only(parsed)
    assert raw["items"] == ["Modular", "Object", "Oriented", "Dynamic", "Learning", "Environment"]
    assert raw["explanation"] == (
        'The correct answer is "Modular Object Oriented Dynamic Learning Environment".'
    )


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        (
            "essay_testquestion.xml",
            "line 12: question 'essay-001' is left out: a Moodle essay question "
            "(quizapp grades every answer itself, and nobody marks essays)",
        ),
        (
            "ddwtos_testquestion.xml",
            "line 12: question 'Imported Drag and drop into text 001' is left out: "
            "a Moodle gapselect question (quizapp's gaps are typed, not picked from a list)",
        ),
    ],
)
def test_types_quizapp_lacks_are_left_out_on_their_line(name: str, listed: str) -> None:
    assert _listed(_with_true_false(name)) == [listed]
    alone = _read(name)  # with nothing else, nothing imports and the file says why
    assert (alone.questions, _messages(alone)) == (
        (),
        ["line 1: the file holds no questions quizapp can keep"],
    )
    assert _listed(alone) == [listed]


def test_broken_and_multiple_choice_clozes_are_left_out_one_by_one() -> None:
    parsed = _with_true_false("broken_cloze_questions.xml")
    assert [q.raw["key"] for q in parsed.questions] == ["true-false-001"]
    assert [(n.line, n.key) for n in parsed.left_out] == [
        (line, None) for line in (4, 20, 36, 52, 68)
    ]
    said = [n.what for n in parsed.left_out]
    assert said[0] == (
        "question 'Multianswer question without subquestions' is left out: "
        "a cloze question with no gaps"
    )
    assert "is left out: the gap '{1:MULTICHOICE}' is a MULTICHOICE gap" in said[1]
    assert "is left out: the gap '{3:NUMERICAL:=zero}' is a NUMERICAL gap" in said[4]


def test_a_multi_with_invalid_and_negative_grades_is_left_out_naming_each() -> None:
    parsed = _with_true_false("error_invalid_grades.xml")
    assert [q.raw["key"] for q in parsed.questions] == ["true-false-001"]
    [note] = parsed.left_out
    assert note.line == 4
    assert "is left out: quizapp cannot keep right options weighted unequally ('2' 33%" in (
        note.what
    )
    assert "the fractions -50% of '1' and -50% of '4' (quizapp takes off one right option's " in (
        note.what
    )


def test_a_left_out_question_is_named_even_without_a_usable_key() -> None:
    note = _read("error_invalid_grades.xml").left_out[0]
    assert (note.line, note.key) == (4, None)
    assert note.what.startswith(
        "question 'Question with <strong>invalid grades</strong> : x > 1 & x < 2' is left out: "
    )
