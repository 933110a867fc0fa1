"""A question's history shows a change to how its answers are graded."""

from __future__ import annotations

from quizapp.core.versiondiff import diff


def test_marking_the_answers_as_formulas_shows_in_the_diff() -> None:
    old = {"type": "short", "prompt": "Half of x?", "spec": {"answers": ["x/2"]}, "tags": ["easy"]}
    new = {**old, "spec": {"answers": ["x/2"], "formula": True}}
    changed = [(line.change, line.text) for line in diff(old, new) if line.change != "same"]
    assert changed == [("added", "Answers are formulas, compared by value")]
