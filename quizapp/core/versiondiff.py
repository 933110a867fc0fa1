"""A question version as readable lines, and the difference between two versions, line by line."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_FEEDBACK_KEYS = {"*": "any other answer", "=": "a right number"}
_LISTS = (("options", "Option"), ("answers", "Accepted answer"), ("items", "Item"))


def describe(content: Mapping[str, Any]) -> list[str]:
    """The lines a teacher reads: prompt, answers, explanation, tags, sources."""
    spec: Mapping[str, Any] = content.get("spec", {})
    lines = [f"Type: {content.get('type', '')}", f"Prompt: {content.get('prompt', '')}"]
    for name, label in _LISTS:
        lines += [f"{label}: {value}" for value in spec.get(name, [])]
    if "answer" in spec:
        lines.append(f"Answer: {spec['answer']}")
    if spec.get("formula"):  # it changes how answers are graded, so the history shows it
        lines.append("Answers are formulas, compared by value")
    for name in ("tolerance", "unit"):
        if name in spec:
            lines.append(f"{name.capitalize()}: {spec[name]}")
    lines += [f"Pair: {left} → {right}" for left, right in spec.get("pairs", [])]
    lines += [
        f"Credit: {option} → {value * 100:g}%" for option, value in spec.get("credit", {}).items()
    ]
    lines += [
        f"Feedback ({_FEEDBACK_KEYS.get(key, key)}): {text}"
        for key, text in spec.get("feedback", {}).items()
    ]
    lines.append(f"Explanation: {content.get('explanation', '')}")
    lines.append(f"Tags: {', '.join(content.get('tags', []))}")
    lines += [f"Source: {cite}" for cite in content.get("cite", [])]
    return lines


@dataclass(frozen=True)
class DiffLine:
    change: str  # "added", "removed" or "same"
    text: str


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[DiffLine]:
    """Every line of both versions, marked removed (only in old), added (only in new) or same."""
    marks = {"- ": "removed", "+ ": "added", "  ": "same"}
    return [
        DiffLine(marks[line[:2]], line[2:])
        for line in difflib.ndiff(describe(old), describe(new))
        if line[:2] in marks
    ]
