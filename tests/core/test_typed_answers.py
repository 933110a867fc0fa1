"""150 answers a student might type to the shipped banks' short, cloze and numeric questions, each
graded with the bank's accepted answers as they are in the bank files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from quizapp.core.bankfile import QuestionDef, load_banks
from quizapp.core.grading import Grade, Response, grade

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = ROOT / "tests" / "data" / "typed_answers.csv"
BLANK_SEPARATOR = " | "  # a cloze answer gives every blank, in order


def _rows() -> list[dict[str, str]]:
    lines = [line for line in ANSWERS.read_text().splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _questions() -> dict[str, QuestionDef]:
    banks, problems = load_banks(sorted((ROOT / "question_banks").glob("*.toml")))
    assert not problems
    return {q.key: q for bank in banks for q in bank.questions}


QUESTIONS = _questions()
ROWS = _rows()


def verdict(result: Grade) -> str:
    if not result.correct:
        return "wrong"
    return "typo" if result.typo else "right"


def test_the_set_has_150_answers_of_three_verdicts() -> None:
    assert len(ROWS) == 150
    assert {row["verdict"] for row in ROWS} == {"right", "typo", "wrong"}


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row['key']}:{row['typed']}")
def test_typed_answer_gets_its_verdict(row: dict[str, str]) -> None:
    question = QUESTIONS[row["key"]]
    typed = row["typed"]
    response: Response = typed.split(BLANK_SEPARATOR) if question.type == "cloze" else typed
    got = verdict(grade(question.type, question.spec, response))
    assert got == row["verdict"], row["reason"]
