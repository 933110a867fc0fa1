from quizapp.core.formats import aiken
from quizapp.core.formats.common import ImportDefaults, Parsed
from tests.citing import SHIPPED

CITE = "nbc-lunar#5"
DEFAULTS = ImportDefaults(tags=("easy",), cite=(CITE,), rule=SHIPPED)

GOOD = """\ufeffWhich agency signed the memorandum for Russia?
A) Roscosmos
B) NASA
C) CNSA
ANSWER: A

Who signed for China?
A. Dmitry Rogozin
B. Zhang Kejian
ANSWER: b
"""


def _parse(text: str, taken: set[str] | None = None) -> Parsed:
    return aiken.parse(text, "b", taken or set(), DEFAULTS)


def _problems(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in _parse(text).problems]


def test_each_question_becomes_a_choice_with_the_teachers_defaults() -> None:
    parsed = _parse(GOOD)
    assert parsed.problems == ()
    first, second = parsed.questions
    assert first.raw == {
        "key": "b.agency-signed-memorandum-russia",
        "type": "choice",
        "prompt": "Which agency signed the memorandum for Russia?",
        "options": ["Roscosmos", "NASA", "CNSA"],
        "answer": "Roscosmos",
        "explanation": "",
        "tags": ["easy"],
        "cite": [CITE],
    }
    assert (first.line, second.line) == (1, 7)
    assert second.raw["answer"] == "Zhang Kejian"


def test_generated_keys_avoid_taken_ones_and_each_other() -> None:
    text = "Which?\nA) a\nB) b\nANSWER: A\nWhich?\nA) c\nB) d\nANSWER: B\n"
    parsed = _parse(text, {"b.which"})
    assert [q.raw["key"] for q in parsed.questions] == ["b.which-2", "b.which-3"]


def test_a_question_may_run_over_several_lines() -> None:
    text = "According to NBC News,\nwho signed?\n\nA) Rogozin\nB) Luzin\nANSWER: A"
    [question] = _parse(text).questions
    assert question.raw["prompt"] == "According to NBC News,\nwho signed?"


def test_missing_answer_unknown_letter_and_too_few_options_are_reported_by_line() -> None:
    text = (
        "First?\n"  # 1
        "A) a\n"
        "B) b\n"
        "\n"
        "Second?\n"  # 5
        "A) a\n"
        "B) b\n"
        "ANSWER: E\n"  # 8
        "\n"
        "Third?\n"  # 10
        "A) only one\n"
        "ANSWER: A\n"
        "\n"
        "Fourth?\n"  # 14
        "A) a\n"
        "B) b\n"
        "ANSWER: A\n"
        "\n"
        "Fifth?\n"  # 19
        "A) a\n"
        "B) b\n"
    )
    parsed = _parse(text)
    assert [q.line for q in parsed.questions] == [14]
    assert [(p.line, p.message) for p in parsed.problems] == [
        (1, "no ANSWER line: end the question with one such as ANSWER: B"),
        (8, "ANSWER: E is not one of the options (A, B): give one letter"),
        (10, "a question needs at least two options, such as A) and B)"),
        (19, "no ANSWER line: end the question with one such as ANSWER: B"),
    ]


def test_options_or_answer_without_a_question() -> None:
    assert _problems("A) a\nB) b\nANSWER: A\n") == [
        (1, "an option before any question: write the question first"),
        (2, "an option before any question: write the question first"),
        (3, "an ANSWER line without a question and options before it"),
    ]
    assert _problems("ANSWER: A\n") == [
        (1, "an ANSWER line without a question and options before it")
    ]


def test_options_may_leave_out_the_space_after_the_letter() -> None:
    [question] = _parse("Which?\nA)Roscosmos\nB.NASA\nANSWER: B\n").questions
    assert (question.raw["options"], question.raw["answer"]) == (["Roscosmos", "NASA"], "NASA")


def test_a_question_may_open_with_a_letter_and_a_full_stop() -> None:
    [question] = _parse("U.S. law bars which partner?\nA) CNSA\nB) ESA\nANSWER: A\n").questions
    assert question.raw["prompt"] == "U.S. law bars which partner?"


def test_a_letter_used_twice_is_reported() -> None:
    [(line, message)] = _problems("Which?\nA) a\nA) b\nANSWER: A\n")
    assert line == 1 and "option A is given twice" in message


def test_duplicate_options_and_missing_citation_come_from_the_bank_checks() -> None:
    parsed = aiken.parse(
        "Which?\nA) NASA\nB) nasa\nANSWER: A\n", "b", set(), ImportDefaults(rule=SHIPPED)
    )
    messages = [p.message for p in parsed.problems]
    assert any(m.startswith("Pick the paragraph this fact") and "Aiken" in m for m in messages)
    assert "duplicate option 'nasa'" in messages
    assert {p.line for p in parsed.problems} == {1}


def test_an_empty_file_is_a_problem() -> None:
    assert _problems("\n\n") == [(1, "the file holds no questions")]
