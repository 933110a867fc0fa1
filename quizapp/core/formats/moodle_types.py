"""Each Moodle question type but cloze (`moodle_cloze`) read as a quizapp question (see
`moodle_xml` for the whole file).

A reader returns the question's type fields, what it cannot keep without grading the question
otherwise ("lost": the question is left out, saying why), and what it leaves out of a question it
keeps ("dropped": a matching question's extra items, the feedback on a wrong typed answer), or
raises `Refused` when there is no quizapp question to make of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element

from quizapp.core.formats.gift_numbers import NumberProblem, numeric_spec
from quizapp.core.formats.moodle_text import SOURCE, WILDCARD, read_text

_TOLERANCE = Decimal("0.01")  # in percent: Moodle writes a third as 33.33333


class Refused(Exception):
    """No quizapp question can be made of this one; the message says why."""


@dataclass
class Read:
    spec: dict[str, Any]
    lost: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Answer:
    text: str
    fraction: Decimal  # in percent, as Moodle writes it
    feedback: str
    main: bool = False  # quizapp's answer among several right options (`moodle_write.MAIN`)


def _fraction(element: Element) -> Decimal:
    written = element.get("fraction", "0")
    try:
        return Decimal(written.strip())
    except InvalidOperation:
        raise Refused(f"the fraction {written!r} of an answer is not a number") from None


def _answers(question: Element, kind: Any, fmt: str) -> list[_Answer]:
    return [
        _Answer(
            read_text(answer, kind, answer.get("format") or fmt),
            _fraction(answer),
            read_text(answer.find("feedback"), "rich"),
            answer.find(f"{SOURCE}[@answer='true']") is not None,
        )
        for answer in question.findall("answer")
    ]


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def _feedback(answers: list[_Answer], key: Callable[[_Answer], str | None]) -> dict[str, Any]:
    found = {key(a): a.feedback for a in answers if a.feedback.strip() and key(a) is not None}
    return {"feedback": found} if found else {}


def _choice(question: Element, fmt: str) -> Read:
    answers = _answers(question, "option", fmt)
    right = [a.text for a in sorted(answers, key=lambda a: not a.main) if a.fraction >= 100]
    if not right:
        raise Refused("no option is fully right (100%)")
    right[1:] = [a.text for a in answers if a.fraction >= 100 and a.text != right[0]]
    credit = {a.text: float(a.fraction / 100) for a in answers if 0 < a.fraction < 100}
    lost = [
        f"the negative fraction {_percent(a.fraction)} of {a.text!r} (quizapp takes nothing "
        "off for a wrong pick in a one-answer question)"
        for a in answers
        if a.fraction < 0
    ]
    spec: dict[str, Any] = {
        "type": "choice",
        "options": [a.text for a in answers],
        "answer": right[0],
    }
    if right[1:]:
        spec["also_right"] = right[1:]
    if credit:
        spec["credit"] = credit
    return Read({**spec, **_feedback(answers, lambda a: a.text)}, lost)


def _multi(question: Element, fmt: str) -> Read:
    answers = _answers(question, "option", fmt)
    right = [a for a in answers if a.fraction > 0]
    if not right:
        raise Refused("no option has a positive fraction")
    share = Decimal(100) / len(right)
    shown = share.quantize(Decimal("0.00001"))
    lost = []
    if any(abs(a.fraction - share) > _TOLERANCE for a in right):
        weights = ", ".join(f"{a.text!r} {_percent(a.fraction)}" for a in right)
        lost.append(f"right options weighted unequally ({weights}): quizapp counts each alike")
    # A wrong pick at 0% costs nothing in Moodle (ticking every box can score in full); in
    # quizapp each wrong pick costs a right option's share, so only -share is kept as written.
    wrong = [
        f"{_percent(a.fraction)} of {a.text!r}"
        for a in answers
        if a.fraction <= 0 and abs(a.fraction + share) > _TOLERANCE
    ]
    if wrong:
        listed = ", ".join(wrong[:-1]) + " and " + wrong[-1] if wrong[1:] else wrong[0]
        lost.append(
            f"the fraction{'s' if wrong[1:] else ''} {listed} (quizapp takes off one right "
            f"option's share, -{_percent(shown)}, for each wrong pick)"
        )
    spec = {
        "type": "multi",
        "options": [a.text for a in answers],
        "answers": [a.text for a in right],
    }
    return Read({**spec, **_feedback(answers, lambda a: a.text)}, lost)


def multichoice(question: Element, fmt: str) -> Read:
    single = (question.findtext("single") or "true").strip().lower() in ("true", "1")
    return _choice(question, fmt) if single else _multi(question, fmt)


def truefalse(question: Element, fmt: str) -> Read:
    answers = _answers(question, "raw", fmt)
    right = [a.text.lower() for a in answers if a.fraction >= 100]
    if len(right) != 1 or right[0] not in ("true", "false"):
        raise Refused("neither true nor false is marked right (100%)")
    spec = {"type": "truefalse", "answer": right[0] == "true"}
    return Read({**spec, **_feedback(answers, lambda a: a.text.lower())})


def _typed_lost(question: Element, answers: list[_Answer]) -> tuple[list[str], list[str]]:
    """What would grade the answers otherwise (lost), and the feedback on a wrong answer, which
    quizapp has no place for but which changes no grade (dropped)."""
    lost = [
        f"the partial fraction {_percent(a.fraction)} of {a.text!r}"
        for a in answers
        if 0 < a.fraction < 100 or a.fraction < 0
    ]
    if (question.findtext("usecase") or "0").strip() == "1":
        lost.append("case-sensitive answers (quizapp ignores case)")
    dropped = [
        f"the feedback on the wrong answer {a.text!r}"
        for a in answers
        if a.fraction == 0 and a.text != "*" and a.feedback.strip()
    ]
    return lost, dropped


def _literals(answers: list[_Answer]) -> tuple[list[_Answer], list[str]]:
    """Answers as their texts, and the wildcards quizapp cannot keep (it compares whole texts)."""
    lost = [
        f"the wildcard * in the answer {a.text!r}"
        for a in answers
        if a.text != "*" and a.fraction > 0 and WILDCARD.search(a.text)
    ]
    read = [
        a if a.text == "*" else _Answer(a.text.replace("\\*", "*"), a.fraction, a.feedback)
        for a in answers
    ]
    return read, lost


def shortanswer(question: Element, fmt: str) -> Read:
    answers, wild = _literals(_answers(question, "raw", fmt))
    right = [a.text for a in answers if a.fraction >= 100 and a.text]
    if not right:
        raise Refused("no answer is fully right (100%)")
    feedback = _feedback(answers, lambda a: a.text if a.fraction >= 100 or a.text == "*" else None)
    lost, dropped = _typed_lost(question, answers)
    return Read({"type": "short", "answers": right, **feedback}, wild + lost, dropped)


def _units(question: Element) -> tuple[dict[str, str], list[str]]:
    units = question.findall("units/unit")
    main = [u for u in units if (u.findtext("multiplier") or "1").strip() in ("1", "1.0")]
    others = [u.findtext("unit_name") or "" for u in units if u not in main[:1]]
    unit = (main[0].findtext("unit_name") or "").strip() if main else ""
    lost = [f"the other units ({', '.join(others)})"] if others else []
    return ({"unit": unit} if unit else {}), lost


def numerical(question: Element, fmt: str) -> Read:
    answers = _answers(question, "raw", fmt)
    numbers = [(a, e) for a, e in zip(answers, question.findall("answer"), strict=True)]
    right = [(a, e) for a, e in numbers if a.fraction >= 100 and a.text != "*"]
    if len(right) != 1:
        raise Refused(f"quizapp needs exactly one right number (100%); this has {len(right)}")
    answer, element = right[0]
    tolerance = (element.findtext("tolerance") or "").strip()
    try:
        spec = numeric_spec(f"{answer.text}:{tolerance}" if tolerance else answer.text)
    except NumberProblem as problem:
        raise Refused(str(problem)) from None
    unit, other_units = _units(question)
    feedback = _feedback(answers, lambda a: "*" if a.text == "*" else "=" if a is answer else None)
    lost, dropped = _typed_lost(question, [a for a in answers if a is not answer])
    return Read({"type": "numeric", **spec, **unit, **feedback}, lost + other_units, dropped)


def matching(question: Element, fmt: str) -> Read:
    pairs, lost = [], []
    for sub in question.findall("subquestion"):
        left = read_text(sub, "option", sub.get("format") or fmt)
        right = (sub.findtext("answer/text") or "").strip()
        if left:
            pairs.append([left, right])
        elif right:
            lost.append(f"the extra right-hand item {right!r} that matches nothing")
    return Read({"type": "matching", "pairs": pairs}, dropped=lost)


def ordering(question: Element, fmt: str) -> Read:
    answers = _answers(question, "option", fmt)
    ordered = sorted(answers, key=lambda a: a.fraction)  # Moodle numbers them 1, 2, 3…
    grading = (question.findtext("gradingtype") or "").strip()
    lost = []
    if grading and grading.upper() not in ("ABSOLUTE_POSITION", "0"):
        lost.append(f"its grading {grading} (quizapp gives credit for each item in its place)")
    return Read({"type": "ordering", "items": [a.text for a in ordered]}, lost)
