"""Questions written as Moodle XML and read back: every quizapp type travels whole, and so does
every Moodle sample that imports; the file is what Moodle reads."""

import re
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import fromstring

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.formats import moodle_xml
from quizapp.core.formats.common import ImportDefaults
from tests.citing import SHIPPED
from tests.core.test_format_round_trips import QUESTIONS, _shipped

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "moodle" / "xml"


def _back(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    parsed = moodle_xml.parse(moodle_xml.dump(questions), "x", set(), ImportDefaults(rule=SHIPPED))
    assert (parsed.problems, parsed.left_out) == ((), ())  # read back whole, nothing left out
    return [item.raw for item in parsed.questions]


def test_every_shipped_question_travels_through_moodle_xml() -> None:
    questions = _shipped()
    assert {raw["type"] for raw in questions} >= {"ordering", "cloze", "flashcard", "numeric"}
    assert _back(questions) == questions


def test_each_question_is_read_back_on_the_line_of_its_question_element() -> None:
    text = moodle_xml.dump(_shipped())
    lines = text.split("\n")
    for item in moodle_xml.parse(text, "x", set(), ImportDefaults(rule=SHIPPED)).questions:
        assert lines[item.line - 1].strip().startswith("<question type=")
        assert lines[item.line + 1].strip() == f"<text>{item.raw['key']}</text>"


def test_every_sample_that_imports_travels_back_unchanged() -> None:
    kept, media = [], {}
    for path in sorted(SAMPLES.glob("*.xml")):
        parsed = moodle_xml.parse(path.read_text(encoding="utf-8"), "m", set())
        if not parsed.problems:  # what the import page would import
            kept += [item.raw for item in parsed.questions]
            media |= {name: picture.data for name, picture in parsed.pictures.items()}
    assert [raw["key"] for raw in kept] == [
        "m.testing-alpha-question",
        "m.put-words-order",
        "m.moodle-moodle-logo-acronym-modular",
        "true-false-001",
    ]
    assert len(media) == 3  # the pictures of Moodle's true/false question travel back too
    back = moodle_xml.parse(moodle_xml.dump(kept, media), "m", set())
    assert (back.problems, back.left_out) == ((), ())
    assert len(back.pictures) == 3
    # A JPEG is drawn afresh on each import, as an upload is, so it comes back under a new name.
    assert [_unnamed(item.raw) for item in back.questions] == [_unnamed(raw) for raw in kept]


def _unnamed(raw: dict[str, Any]) -> str:
    return re.sub(r"picture:[0-9a-f]{64}", "picture:", repr(raw))


CHOICE = {
    "key": "c.capital",
    "type": "choice",
    "prompt": "The **capital** of France, \\(x^2\\)?",
    "options": ["Paris", "Lyon", "Paris, France", "Nice"],
    "answer": "Paris",
    "also_right": ["Paris, France"],
    "credit": {"Lyon": 0.5, "Nice": 0.3333333},
    "feedback": {"Paris": "Yes, *the* capital.", "Nice": "No."},
    "explanation": "Paris since 987.",
    "tags": ["easy", "france"],
    "cite": ["nbc-lunar#5"],
}


def test_credit_feedback_also_right_tags_and_citations_come_back() -> None:
    numeric = {
        "key": "c.year",
        "type": "numeric",
        "prompt": "Year?",
        "answer": 1969,
        "tolerance": 0,
        "unit": "AD",
        "feedback": {"=": "Apollo.", "*": "A year."},
        "explanation": "",
        "tags": ["hard"],
        "cite": ["nbc-lunar#12"],
    }
    short = {
        "key": "c.star",
        "type": "short",
        "prompt": "5 times 3, as typed?",
        "answers": ["5*3", "15"],
        "feedback": {"15": "Worked out.", "*": "Type the product."},
        "explanation": "",
        "tags": ["medium"],
        "cite": ["nbc-lunar#5"],
    }
    truth = {
        "key": "c.truth",
        "type": "truefalse",
        "prompt": "True?",
        "answer": False,
        "feedback": {"true": "No.", "false": "Yes."},
        "explanation": "",
        "tags": ["medium"],
        "cite": ["nbc-lunar#5"],
    }
    questions = [CHOICE, numeric, short, truth]
    text = moodle_xml.dump(questions)
    assert "<text>5\\*3</text>" in text  # a literal asterisk, not Moodle's wildcard
    parsed = moodle_xml.parse(text, "x", set(), ImportDefaults(rule=SHIPPED))
    assert [item.raw for item in parsed.questions] == questions
    assert (parsed.problems, parsed.left_out) == ((), ())


def test_the_file_holds_what_moodle_reads_html_fractions_and_tags() -> None:
    question = fromstring(moodle_xml.dump([CHOICE]))[0]
    assert question.get("type") == "multichoice"
    assert question.findtext("name/text") == "c.capital"
    assert question.findtext("single") == "true"
    assert question.findtext("questiontext/text") == (
        "<p>The <strong>capital</strong> of France, \\(x^2\\)?</p>"
    )
    assert [(a.findtext("text"), a.get("fraction")) for a in question.findall("answer")] == [
        ("Paris", "100"),
        ("Lyon", "50"),
        ("Paris, France", "100"),
        ("Nice", "33.33333"),
    ]
    assert question.findtext("answer/feedback/text") == "<p>Yes, <em>the</em> capital.</p>"
    assert [t.text for t in question.findall("tags/tag/text")] == [
        "easy",
        "france",
        "quizapp:cite:nbc-lunar#5",
    ]


def test_a_multi_takes_one_share_off_for_each_wrong_pick_as_quizapp_grades() -> None:
    multi = {
        "key": "m",
        "type": "multi",
        "prompt": "Primes?",
        "options": ["2", "3", "4", "5"],
        "answers": ["2", "3", "5"],
    }
    question = fromstring(moodle_xml.dump([multi]))[0]
    assert question.findtext("single") == "false"
    assert [a.get("fraction") for a in question.findall("answer")] == [
        "33.33333",
        "33.33333",
        "-33.33333",
        "33.33333",
    ]


def test_a_cloze_is_written_with_moodle_short_answer_gaps() -> None:
    cloze = {"key": "z", "type": "cloze", "prompt": "The {{Moon|moon}} orbits {{a#b|c~d*}}."}
    question = fromstring(moodle_xml.dump([cloze]))[0]
    assert question.get("type") == "cloze"
    assert question.findtext("questiontext/text") == (
        "<p>The {1:SHORTANSWER:=Moon~=moon} orbits {1:SHORTANSWER:=a\\#b~=c\\~d\\*}.</p>"
    )


def test_a_cloze_edited_in_moodle_is_read_from_its_text_not_from_quizapps_copy() -> None:
    cloze = {"key": "z", "type": "cloze", "prompt": "The {{Moon}} orbits.", "explanation": ""}
    text = moodle_xml.dump([cloze]).replace("=Moon}", "=Moon~=Luna}")
    raw = moodle_xml.parse(text, "x", set()).questions[0].raw
    assert raw["prompt"] == "The {{Moon|Luna}} orbits."


def test_a_text_edited_in_moodle_is_read_from_its_html_not_from_quizapps_copy() -> None:
    text = moodle_xml.dump([CHOICE]).replace("&lt;strong&gt;capital&lt;/strong&gt;", "city")
    raw = moodle_xml.parse(text, "x", set()).questions[0].raw
    assert raw["prompt"] == "The city of France, \\(x^2\\)?"


def test_an_ordering_is_written_to_be_graded_by_place_as_quizapp_grades_it() -> None:
    ordering = {"key": "o", "type": "ordering", "prompt": "Order", "items": ["a", "b", "c"]}
    question = fromstring(moodle_xml.dump([ordering]))[0]
    assert question.findtext("gradingtype") == "ABSOLUTE_POSITION"
    assert question.findtext("selecttype") == "ALL"
    assert [(a.findtext("text"), a.get("fraction")) for a in question.findall("answer")] == [
        ("a", "1"),
        ("b", "2"),
        ("c", "3"),
    ]


@settings(max_examples=50, deadline=None)
@given(QUESTIONS)
def test_moodle_xml_reads_back_what_it_wrote(questions: list[dict[str, Any]]) -> None:
    assert _back(questions) == questions


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet="ab *_\\<>&]]>{}#~=%$\n", min_size=1, max_size=30).map(str.strip))
def test_any_prompt_and_option_text_comes_back(text: str) -> None:
    if not text:
        return
    raw = {**CHOICE, "prompt": text, "options": [text + "x", "Lyon", "Paris, France", "Nice"]}
    raw = {**raw, "answer": text + "x", "feedback": {text + "x": text}}
    parsed = moodle_xml.parse(moodle_xml.dump([raw]), "x", set(), ImportDefaults(rule=SHIPPED))
    assert parsed.questions[0].raw == raw


def test_a_credit_finer_than_moodles_shares_comes_back_exactly() -> None:
    # 0.56640625 has eight decimals: written as 56.640625%, not rounded to 56.64062%
    question = {**CHOICE, "credit": {"Lyon": 0.56640625, "Nice": 0.30000000000000004}}
    written = fromstring(moodle_xml.dump([question]))[0]
    assert [a.get("fraction") for a in written.findall("answer")][1] == "56.640625"
    assert _back([question]) == [question]


FORMULA = {
    "key": "f.half",
    "type": "short",
    "prompt": "Half of \\(x\\)?",
    "answers": ["\\frac{x}{2}", "x/2"],
    "formula": True,
    "feedback": {"x/2": "Yes."},
    "explanation": "",
    "tags": ["easy"],
    "cite": ["nbc-lunar#5"],
}


def test_answers_that_are_formulas_come_back_as_formulas_and_the_file_says_moodle_differs() -> None:
    text = moodle_xml.dump([FORMULA])
    question = fromstring(text)[0]
    assert question.get("type") == "shortanswer"
    assert [t.text for t in question.findall("tags/tag/text")] == [
        "easy",
        "quizapp:formula",
        "quizapp:cite:nbc-lunar#5",
    ]
    before = text.split("<question")[0]
    assert "<!-- quizapp: the answers of the next question are formulas" in before
    assert "Moodle compares the answer as written" in before
    assert _back([FORMULA]) == [FORMULA]  # graded by meaning after the round trip, as before
    plain = {k: v for k, v in FORMULA.items() if k != "formula"}
    assert "quizapp:formula" not in moodle_xml.dump([plain])
    assert _back([plain]) == [plain]


def test_a_formula_tag_on_a_question_with_no_typed_answers_is_listed_as_not_kept() -> None:
    text = moodle_xml.dump([CHOICE]).replace(
        "<tag>", "<tag><text>quizapp:formula</text></tag><tag>", 1
    )
    parsed = moodle_xml.parse(text, "x", set(), ImportDefaults(rule=SHIPPED))
    assert [item.raw for item in parsed.questions] == [CHOICE]
    assert [n.what for n in parsed.left_out] == [
        "not kept: the tag quizapp:formula, which has no place on this question"
    ]
