"""Moodle XML read question by question: each Moodle feature kept, or listed as left out while
the rest of the file imports."""

from typing import Any

import pytest

from quizapp.core.checks import check_question
from quizapp.core.formats import moodle_xml
from quizapp.core.formats.common import Parsed
from quizapp.core.sources import NO_SOURCES

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'


def _file(*questions: str) -> str:
    return HEAD + "\n".join(questions) + "\n</quiz>\n"


def _question(qtype: str, body: str, name: str = "q-1", text: str = "<p>Pick one</p>") -> str:
    return (
        f'<question type="{qtype}">\n<name><text>{name}</text></name>\n'
        f'<questiontext format="html"><text><![CDATA[{text}]]></text></questiontext>\n'
        f"{body}\n</question>"
    )


def _answer(text: str, fraction: str, feedback: str = "", extra: str = "") -> str:
    said = f"<feedback><text>{feedback}</text></feedback>" if feedback else ""
    return f'<answer fraction="{fraction}"><text>{text}</text>{said}{extra}</answer>'


def _parse(text: str) -> Parsed:
    return moodle_xml.parse(text, "m", set())


def _raw(text: str) -> dict[str, Any]:
    parsed = _parse(text)
    assert len(parsed.questions) == 1, parsed.problems
    return parsed.questions[0].raw


def _not_kept(text: str) -> list[str]:
    """What is left out of a question that is kept: the file still imports whole, with no
    problem, and each entry is on the question's line under its key."""
    parsed = _parse(text)
    assert parsed.problems == ()
    assert len(parsed.questions) == 1
    key, line = parsed.questions[0].raw["key"], parsed.questions[0].line
    assert {(n.line, n.key) for n in parsed.left_out} == {(line, key)}
    return [n.what.removeprefix("not kept: ") for n in parsed.left_out]


# Another question in the file, which must import whatever is left out beside it.
OTHER = _question(
    "truefalse", _answer("true", "100") + _answer("false", "0"), name="other", text="True?"
)


def _left_out_beside_another(question: str) -> list[str]:
    """The file is `question` (on line 3) then OTHER: OTHER alone imports, and the listing
    names what was left out."""
    parsed = _parse(_file(question, OTHER))
    assert parsed.problems == ()
    assert [(q.raw["key"], q.raw["prompt"]) for q in parsed.questions] == [("other", "True?")]
    assert all(n.line == 3 and n.key is None for n in parsed.left_out)
    return [n.what for n in parsed.left_out]


CHOICE = _question(
    "multichoice",
    "<single>true</single>"
    + _answer("Paris", "100", "Yes: the capital.")
    + _answer("Lyon", "50", "Second city, half right.")
    + _answer("Paris, France", "100")
    + _answer("Nice", "0", "No."),
)


def test_a_one_answer_multichoice_keeps_partial_fractions_as_credit_and_answer_feedback() -> None:
    raw = _raw(_file(CHOICE))
    assert {k: raw[k] for k in ("type", "options", "answer", "also_right", "credit")} == {
        "type": "choice",
        "options": ["Paris", "Lyon", "Paris, France", "Nice"],
        "answer": "Paris",
        "also_right": ["Paris, France"],
        "credit": {"Lyon": 0.5},
    }
    assert raw["feedback"] == {
        "Paris": "Yes: the capital.",
        "Lyon": "Second city, half right.",
        "Nice": "No.",
    }


def test_credit_and_feedback_pass_the_bank_checks() -> None:
    assert check_question(_raw(_file(CHOICE)), NO_SOURCES) == []


def test_a_one_answer_multichoice_with_no_full_answer_is_left_out_on_its_line() -> None:
    half = _question("multichoice", _answer("A", "50") + _answer("B", "0"), name="half")
    assert _left_out_beside_another(half) == [
        "question 'half' is left out: no option is fully right (100%)"
    ]
    assert [str(n) for n in _parse(_file(half, OTHER)).left_out] == [
        "line 3: question 'half' is left out: no option is fully right (100%)"
    ]


def test_a_one_answer_question_with_a_negative_fraction_is_left_out_naming_it() -> None:
    body = _answer("A", "100") + _answer("B", "-25")
    assert _left_out_beside_another(_question("multichoice", body)) == [
        "question 'q-1' is left out: quizapp cannot keep the negative fraction -25% of 'B' "
        "(quizapp takes nothing off for a wrong pick in a one-answer question)"
    ]


def test_a_several_answer_multichoice_whose_wrong_picks_cost_a_share_is_kept_whole() -> None:
    body = "<single>false</single>" + "".join(
        _answer(t, f) for t, f in [("2", "50"), ("3", "50"), ("4", "-50"), ("9", "-50")]
    )
    text = _file(_question("multichoice", body))
    assert _parse(text).problems == ()
    assert (_raw(text)["answers"], _raw(text)["options"]) == (["2", "3"], ["2", "3", "4", "9"])


def test_a_several_answer_multichoice_whose_wrong_pick_costs_nothing_is_left_out() -> None:
    # Moodle: a pick of "4" at 0% costs nothing, so 2, 3 and 4 score 100%; quizapp gives 50%.
    body = "<single>false</single>" + "".join(
        _answer(t, f) for t, f in [("2", "50"), ("3", "50"), ("4", "0"), ("9", "-50")]
    )
    assert _left_out_beside_another(_question("multichoice", body)) == [
        "question 'q-1' is left out: quizapp cannot keep the fraction 0% of '4' (quizapp takes "
        "off one right option's share, -50%, for each wrong pick)"
    ]


def test_a_true_false_question_reads_its_right_word_and_the_feedback_on_each() -> None:
    body = _answer("true", "0", "Look again.") + _answer("false", "100", "Quite.")
    raw = _raw(_file(_question("truefalse", body)))
    assert (raw["answer"], raw["feedback"]) == (False, {"true": "Look again.", "false": "Quite."})


def test_a_short_answer_keeps_feedback_on_right_answers_and_on_any_other() -> None:
    body = (
        _answer("Mars", "100", "Red planet.")
        + _answer("mars planet", "100")
        + _answer("*", "0", "Think of the red one.")
    )
    raw = _raw(_file(_question("shortanswer", body)))
    assert raw["answers"] == ["Mars", "mars planet"]
    assert raw["feedback"] == {"Mars": "Red planet.", "*": "Think of the red one."}


def test_a_short_answer_graded_otherwise_is_left_out_naming_each_difference() -> None:
    body = (
        "<usecase>1</usecase>"
        + _answer("Ma*s", "100")
        + _answer("Venus", "0", "Too hot.")
        + _answer("Earth", "-10")
    )
    assert _left_out_beside_another(_question("shortanswer", body)) == [
        "question 'q-1' is left out: quizapp cannot keep the wildcard * in the answer 'Ma*s'; "
        "the partial fraction -10% of 'Earth'; case-sensitive answers (quizapp ignores case)"
    ]


def test_a_short_answer_keeps_its_question_without_the_feedback_on_a_wrong_answer() -> None:
    # The feedback changes no grade: the question is kept, and the feedback listed as not kept.
    text = _file(_question("shortanswer", _answer("Mars", "100") + _answer("Venus", "0", "Hot.")))
    assert _not_kept(text) == ["the feedback on the wrong answer 'Venus'"]
    assert _raw(text)["answers"] == ["Mars"]


def test_an_escaped_asterisk_is_a_literal_one() -> None:
    raw = _raw(_file(_question("shortanswer", _answer("5\\*3", "100"))))
    assert raw["answers"] == ["5*3"]


NUMERIC = _question(
    "numerical",
    _answer("1969", "100", "Apollo 11.", "<tolerance>0.5</tolerance>")
    + _answer("*", "0", "A year, please.")
    + "<units><unit><multiplier>1</multiplier><unit_name>AD</unit_name></unit></units>",
)


def test_a_numerical_question_keeps_its_number_tolerance_unit_and_feedback() -> None:
    raw = _raw(_file(NUMERIC))
    assert {k: raw[k] for k in ("type", "answer", "tolerance", "unit", "feedback")} == {
        "type": "numeric",
        "answer": 1969,
        "tolerance": 0.5,
        "unit": "AD",
        "feedback": {"=": "Apollo 11.", "*": "A year, please."},
    }


def test_a_numerical_question_with_two_right_numbers_or_other_units_is_left_out() -> None:
    two = _question("numerical", _answer("1", "100") + _answer("2", "100"), name="two")
    units = _question(
        "numerical",
        _answer("3", "100")
        + "<units><unit><multiplier>1</multiplier><unit_name>m</unit_name></unit>"
        + "<unit><multiplier>100</multiplier><unit_name>cm</unit_name></unit></units>",
    )
    parsed = _parse(_file(two, units, OTHER))
    assert parsed.problems == ()
    assert [q.raw["key"] for q in parsed.questions] == ["other"]
    assert [str(n) for n in parsed.left_out] == [
        "line 3: question 'two' is left out: quizapp needs exactly one right number (100%); "
        "this has 2",
        "line 8: question 'q-1' is left out: quizapp cannot keep the other units (cm)",
    ]


def test_a_foreign_cloze_with_short_answer_gaps_becomes_a_cloze() -> None:
    text = "<p>The capital of France is {1:SHORTANSWER:=Paris~%100%paris city#ok~%0%Rome}.</p>"
    raw = _raw(_file(_question("cloze", "", text=text)))
    assert (raw["type"], raw["prompt"]) == (
        "cloze",
        "The capital of France is {{Paris|paris city}}.",
    )


def test_the_feedback_in_a_cloze_gap_is_listed_as_not_kept_and_the_question_kept() -> None:
    text = (
        "<p>{1:SA:=Paris#Yes, the capital.~%100%paris city~%0%Rome#No: Italy.} and "
        "{1:SHORTANSWER:=Berlin}</p>"
    )
    file = _file(_question("cloze", "", text=text))
    assert _not_kept(file) == [
        "the feedback 'Yes, the capital.' on the answer 'Paris' in the gap "
        "'{1:SA:=Paris#Yes, the capital.~%100%paris city~%0%Rome#No: Italy.}'",
        "the feedback 'No: Italy.' on the answer 'Rome' in the gap "
        "'{1:SA:=Paris#Yes, the capital.~%100%paris city~%0%Rome#No: Italy.}'",
    ]
    assert _raw(file)["prompt"] == "{{Paris|paris city}} and {{Berlin}}"


def test_a_cloze_with_partial_credit_in_a_gap_is_left_out_naming_it() -> None:
    text = "<p>Capital: {1:SA:=Paris~%50%Marseille}</p>"
    assert _left_out_beside_another(_question("cloze", "", text=text)) == [
        "question 'q-1' is left out: quizapp cannot keep the partial fraction 50% of 'Marseille' "
        "in a gap"
    ]


def test_html_becomes_markdown_and_formulas_stay_formulas() -> None:
    text = r"<p>Is <b>\(a &lt; b\)</b> <span style='x'>true</span>?</p>"
    body = _answer("true", "100") + _answer("false", "0")
    assert _raw(_file(_question("truefalse", body, text=text)))["prompt"] == (
        r"Is **\(a < b\)** true?"
    )


def test_a_plain_text_prompt_is_escaped_so_it_shows_as_written() -> None:
    question = (
        '<question type="truefalse"><name><text>p</text></name>'
        '<questiontext format="plain_text"><text>2 * 3 * 4 = 24</text></questiontext>'
        + _answer("true", "100")
        + _answer("false", "0")
        + "</question>"
    )
    assert _raw(_file(question))["prompt"] == r"2 \* 3 \* 4 = 24"


def test_tags_general_feedback_and_quizapp_tags_are_read() -> None:
    body = (
        _answer("Moon", "100")
        + "<generalfeedback format='html'><text>"
        + "&lt;p&gt;Our &lt;em&gt;only&lt;/em&gt; one.&lt;/p&gt;</text></generalfeedback><tags>"
        + "".join(
            f"<tag><text>{tag}</text></tag>"
            for tag in ("hard", "space", "quizapp:flashcard", "quizapp:cite:nbc-lunar#5")
        )
        + "</tags>"
    )
    raw = _raw(_file(_question("shortanswer", body)))
    assert raw["type"] == "flashcard" and raw["answer"] == "Moon"
    assert (raw["explanation"], raw["tags"], raw["cite"]) == (
        "Our *only* one.",
        ["hard", "space"],
        ["nbc-lunar#5"],
    )


def test_images_hints_and_changed_standard_feedback_are_listed_and_the_question_kept() -> None:
    body = (
        _answer("true", "100")
        + _answer("false", "0")
        + '<file name="a.png" encoding="base64">AAAA</file>'
        + "<hint><text>Think.</text></hint>"
        + "<correctfeedback><text>Your answer is correct.</text></correctfeedback>"
        + "<incorrectfeedback><text>Nope!</text></incorrectfeedback>"
    )
    assert _not_kept(_file(_question("truefalse", body))) == [
        "the file 'a.png' (That file is not a picture quizapp can show: "
        "upload a PNG, JPEG, WebP or GIF image)",
        "its hints",
        "its incorrectfeedback 'Nope!'",
    ]


def test_a_moodle_name_that_is_no_key_gives_a_key_made_from_the_prompt() -> None:
    body = _answer("true", "100") + _answer("false", "0")
    raw = _raw(_file(_question("truefalse", body, name="Moodle acronym (False)")))
    assert raw["key"] == "m.pick-one"


def test_malformed_xml_is_reported_on_its_line() -> None:
    text = HEAD + '<question type="truefalse">\n<name><text>x</text>\n</question>\n</quiz>\n'
    parsed = _parse(text)
    assert parsed.questions == ()
    assert [(p.line, p.message.split(":")[0]) for p in parsed.problems] == [
        (5, "not well-formed XML (mismatched tag)")
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            '<?xml version="1.0"?>\n<!DOCTYPE quiz [\n<!ENTITY a "aaaaaaaaaa">\n'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<quiz>&b;</quiz>',
            "document type declaration",
        ),
        ('<!DOCTYPE quiz SYSTEM "file:///etc/passwd">\n<quiz/>', "document type declaration"),
    ],
)
def test_entities_and_external_references_are_refused(text: str, said: str) -> None:
    parsed = _parse(text)
    assert parsed.questions == ()
    assert len(parsed.problems) == 1 and said in parsed.problems[0].message
    assert "which Moodle never writes and quizapp does not read" in parsed.problems[0].message
    assert parsed.problems[0].line == (2 if "ENTITY" in text else 1)


def test_a_file_that_is_not_moodle_xml_says_so() -> None:
    assert [str(p) for p in _parse("<html><body>hi</body></html>").problems] == [
        "line 1: a Moodle XML file holds <quiz>, not <html>"
    ]
    assert "is this a Moodle XML file" in _parse("::q:: GIFT {T}").problems[0].message


def test_a_file_with_only_categories_holds_no_questions() -> None:
    category = '<question type="category"><category><text>$course$/A</text></category></question>'
    assert [str(p) for p in _parse(_file(category)).problems] == [
        "line 1: the file holds no questions"
    ]


def test_an_ordering_graded_another_way_than_by_place_is_left_out_naming_it() -> None:
    body = "<gradingtype>RELATIVE_NEXT_EXCLUDE_LAST</gradingtype>" + "".join(
        _answer(word, str(place)) for place, word in enumerate(["a", "b", "c"], 1)
    )
    assert _left_out_beside_another(_question("ordering", body)) == [
        "question 'q-1' is left out: quizapp cannot keep its grading RELATIVE_NEXT_EXCLUDE_LAST "
        "(quizapp gives credit for each item in its place)"
    ]


def test_an_ordering_graded_by_place_is_kept_with_nothing_listed() -> None:
    body = "<gradingtype>ABSOLUTE_POSITION</gradingtype>" + "".join(
        _answer(word, str(place)) for place, word in enumerate(["c", "a", "b"], 1)
    )
    parsed = _parse(_file(_question("ordering", body)))
    assert (parsed.problems, parsed.left_out) == ((), ())
    assert parsed.questions[0].raw["items"] == ["c", "a", "b"]


def test_a_question_of_a_type_quizapp_lacks_is_left_out_and_the_rest_imports() -> None:
    essay = '<question type="essay"><questiontext><text>Why?</text></questiontext></question>'
    assert _left_out_beside_another(essay) == [
        "an essay question is left out: a Moodle essay question (quizapp grades every answer "
        "itself, and nobody marks essays)"
    ]


def test_a_file_where_every_question_is_left_out_imports_nothing_and_says_why() -> None:
    essay = _question("essay", "", name="e")
    parsed = _parse(_file(essay))
    assert parsed.questions == ()
    assert [str(p) for p in parsed.problems] == [
        "line 1: the file holds no questions quizapp can keep"
    ]
    assert [n.line for n in parsed.left_out] == [3]
