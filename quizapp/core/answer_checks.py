"""Checks on a question's partial credit (`credit`, choice only) and per-answer `feedback`.

`credit` maps a wrong option of a choice question to the fraction of a point choosing it earns
(Moodle's `~%50%option`); `feedback` maps what a student may answer to a text shown to them
after answering. Which keys `feedback` takes depends on the type: see FEEDBACK_KEYS.
"""

from __future__ import annotations

import math
from typing import Any

from quizapp.core import limits
from quizapp.core.problems import Found, Problem

ANY_OTHER = "*"  # short, numeric: any answer no other feedback key matches
RIGHT_NUMBER = "="  # numeric: a number within the margin
FEEDBACK_TYPES = frozenset({"choice", "multi", "truefalse", "short", "numeric"})


def feedback_keys(qtype: str, raw: dict[str, Any]) -> list[str] | None:
    """The keys a question's feedback may have, in the order the editor shows them; None when
    the fields they come from are not usable yet (their own checks say why)."""
    if qtype in {"choice", "multi"}:
        options = raw.get("options")
        return [o for o in options if isinstance(o, str)] if isinstance(options, list) else None
    if qtype == "truefalse":
        return ["true", "false"]
    if qtype == "short":
        answers = raw.get("answers")
        if not isinstance(answers, list):
            return None
        return [*(a for a in answers if isinstance(a, str)), ANY_OTHER]
    if qtype == "numeric":
        return [RIGHT_NUMBER, ANY_OTHER]
    return None


def _is_fraction(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 < value < 1
    )


def check_credit(raw: dict[str, Any]) -> Found:
    """A choice question's partial credit: wrong options only, each worth more than 0 and less
    than 1 (a fully right option is `also_right`; one worth nothing needs no entry)."""
    credit = raw["credit"]
    if not isinstance(credit, dict) or not credit:
        return [Problem("credit", "credit must be a table of option = fraction", "not-a-table")]
    options = raw.get("options")
    if not isinstance(options, list):
        return []  # the options' own check reports them
    right = [raw.get("answer"), *(raw.get("also_right") or [])]
    found: Found = []
    for option, value in credit.items():
        if option not in options:
            message = f"credit: {option!r} is not one of the options"
            found.append(Problem("credit", message, "not-an-option", option))
        elif option in right:
            message = f"credit: {option!r} is right already and scores in full"
            found.append(Problem("credit", message, "right-option", option))
        if not _is_fraction(value):
            message = f"credit for {option!r} must be a number above 0 and below 1"
            found.append(Problem("credit", message, "bad-fraction", option))
    return found


def _text_problems(key: str, text: object) -> Found:
    if not isinstance(text, str) or not text.strip():
        return [Problem("feedback", f"feedback for {key!r} must be a text", "missing", key)]
    if len(text) > limits.EXPLANATION:
        message = f"feedback for {key!r}: at most {limits.EXPLANATION} characters"
        return [Problem("feedback", message, "too-long", key)]
    if limits.has_control_character(text):
        message = f"feedback for {key!r} contains a control character"
        return [Problem("feedback", message, "control", key)]
    return []


def check_feedback(qtype: str, raw: dict[str, Any]) -> Found:
    """Per-answer feedback: a table whose keys are answers of this question, each a text."""
    feedback = raw["feedback"]
    if not isinstance(feedback, dict) or not feedback:
        return [Problem("feedback", "feedback must be a table of answer = text", "not-a-table")]
    keys = feedback_keys(qtype, raw)
    found: Found = []
    for key, text in feedback.items():
        if keys is not None and key not in keys:
            message = f"feedback for {key!r}: not an answer of this question"
            found.append(Problem("feedback", message, "unknown-key", key))
        found.extend(_text_problems(key, text))
    return found


def answer_problems(raw: dict[str, Any]) -> Found:
    """Every problem with a question's credit and feedback (the fields are optional)."""
    qtype = raw.get("type")
    found: Found = []
    if "credit" in raw and qtype == "choice":
        found.extend(check_credit(raw))
    if "feedback" in raw and isinstance(qtype, str) and qtype in FEEDBACK_TYPES:
        found.extend(check_feedback(qtype, raw))
    return found
