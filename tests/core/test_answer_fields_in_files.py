"""Credit and feedback in a bank file as written back, and in the lines a version diff shows."""

from __future__ import annotations

import tomllib
from typing import Any

from quizapp.core.tomlbank import dump_question
from quizapp.core.versiondiff import diff

RAW: dict[str, Any] = {
    "key": "b.capital",
    "type": "choice",
    "prompt": "Capital of France?",
    "options": ["Paris", 'Lyon "la"', "Nice"],
    "answer": "Paris",
    "also_right": ["Nice"],
    "credit": {'Lyon "la"': 0.5},
    "feedback": {"Paris": "Yes.\nSince 508.", 'Lyon "la"': "A big city."},
    "explanation": "",
    "tags": ["easy"],
    "cite": [],
}


def test_a_bank_file_holds_credit_and_feedback_as_inline_tables() -> None:
    text = dump_question(RAW)
    assert 'credit = { "Lyon \\"la\\"" = 0.5 }\n' in text
    assert 'feedback = { "Paris" = "Yes.\\nSince 508.", "Lyon \\"la\\"" = "A big city." }\n' in text
    assert tomllib.loads(text)["questions"] == [RAW]


def test_a_version_diff_shows_a_change_of_credit_or_feedback() -> None:
    old = {"type": "choice", "prompt": "Capital?", "spec": {"credit": {"Lyon": 0.5}}}
    new = {
        "type": "choice",
        "prompt": "Capital?",
        "spec": {"credit": {"Lyon": 0.25}, "feedback": {"Lyon": "Big city.", "*": "x"}},
    }
    changed = [(line.change, line.text) for line in diff(old, new) if line.change != "same"]
    assert changed == [
        ("removed", "Credit: Lyon → 50%"),
        ("added", "Credit: Lyon → 25%"),
        ("added", "Feedback (Lyon): Big city."),
        ("added", "Feedback (any other answer): x"),
    ]
