"""Numbers in GIFT numeric questions, read as the decimals written (see `gift`)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from quizapp.core import limits

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_LARGEST = Decimal(repr(limits.LARGEST_NUMBER))  # as the bank checks allow
_INTEGER = re.compile(r"^[+-]?\d+$")


class NumberProblem(ValueError):
    """A number quizapp cannot read or keep; the message says why, for the teacher."""


def _number(text: str) -> Decimal:
    """A number as written: in decimal, so that 3.141..3.142 has the midpoint 3.1415 exactly."""
    text = text.strip()
    if not _NUMBER.match(text):
        raise NumberProblem(
            f"{text!r} is not a number: write 3, 3:0.5 (a margin) or 2..4 (a range)"
        )
    value = Decimal(text)
    if abs(value) > _LARGEST:
        raise NumberProblem(f"{text!r} is too large a number for quizapp")
    return value


def _stored(value: Decimal, *written: str) -> int | float:
    """An int when written with whole numbers only (and whole), else the float whose shortest
    form is the decimal, which the grader reads back as that decimal (up to 15 digits)."""
    if all(_INTEGER.match(text.strip()) for text in written) and value == int(value):
        return int(value)
    return float(value)


def numeric_spec(text: str) -> dict[str, Any]:
    """Answer and tolerance of a numeric question: 3, 3:0.5 (a margin) or 2..4 (a range)."""
    if ".." in text:
        ends = text.split("..", 1)
        low, high = (_number(end) for end in ends)
        if low > high:
            raise NumberProblem(f"the range {text!r} ends below its start: write low..high")
        return {
            "answer": _stored((low + high) / 2, *ends),
            "tolerance": _stored((high - low) / 2, *ends),
        }
    if ":" in text:
        answer, margin = text.split(":", 1)
        return {
            "answer": _stored(_number(answer), answer),
            "tolerance": _stored(_number(margin), margin),
        }
    return {"answer": _stored(_number(text), text)}
