"""Moodle's own Aiken test files (tests/data/moodle/) read as Moodle's importer reads them."""

from pathlib import Path

from quizapp.core.formats import aiken
from quizapp.core.formats.common import Parsed

MOODLE = Path(__file__).resolve().parents[1] / "data" / "moodle"


def _parse(name: str) -> Parsed:
    return aiken.parse((MOODLE / name).read_text(encoding="utf-8"), "m", set())


def test_moodles_error_file_keeps_its_two_good_questions_and_reports_the_rest() -> None:
    parsed = _parse("aiken_errors.txt")
    assert [
        (q.line, q.raw["prompt"], q.raw["options"], q.raw["answer"]) for q in parsed.questions
    ] == [
        (9, "A good question", ["Correct", "Incorrect"], "Correct"),
        (
            18,
            "A second good question",
            ["Incorrect (No space)", "Correct (No space)"],
            "Correct (No space)",
        ),
    ]
    assert [(p.line, p.message) for p in parsed.problems] == [
        (1, "a question needs at least two options, such as A) and B)"),
        (5, "an option before any question: write the question first"),
        (7, "an ANSWER line without a question and options before it"),
        (14, "no ANSWER line: end the question with one such as ANSWER: B"),
    ]


def test_moodles_import_file_gives_its_two_questions() -> None:
    parsed = _parse("questions.aiken.txt")
    assert parsed.problems == ()
    first, second = (q.raw for q in parsed.questions)
    assert first["prompt"] == "The Moodle project was started by:"
    assert first["answer"] == "Martin Dougiamas"
    assert second["prompt"].endswith('<html class="cool"> & images:')
    assert second["options"] == ["True", "False"]
