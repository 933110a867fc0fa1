"""GIFT written out: `dump` (see `gift` for what it does with each type); `gift.dump` is this."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from quizapp.core.grading import CLOZE_BLANK, cloze_blanks
from quizapp.core.markup import pictures

_FORMAT = re.compile(r"^\s*\[(?:markdown|plain|html|moodle)\]", re.IGNORECASE)


_ESCAPES = str.maketrans({c: "\\" + c for c in "\\~=#{}:"} | {"\n": "\\n"})


def _esc(text: str, marker: bool = True) -> str:
    """A text written so that GIFT reads it back as it is."""
    written = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ESCAPES)
    return "[markdown]" + written if marker and _FORMAT.match(text) else written


def _answer(text: str, weight: str = "", arrow: bool = False) -> str:
    """An answer Moodle must not read as a weight (or, where it would, as a matching arrow)."""
    guard = weight if text.lstrip().startswith("%") else ""
    written = _esc(text)
    return guard + (written.replace("->", "-\\>") if arrow else written)


def _said(raw: dict[str, Any], key: str, arrow: bool = False) -> str:
    """The feedback on one answer as GIFT writes it after the answer: #text, or nothing (with
    `arrow`, "->" escaped where GIFT would take the question for a matching one)."""
    text = raw.get("feedback", {}).get(key)
    written = _esc(text) if text else ""
    return "#" + (written.replace("->", "-\\>") if arrow else written) if text else ""


def _share(fraction: float) -> str:
    """A fraction of a point as the percentage it was written as: 0.3333333 is 33.33333."""
    return format((Decimal(repr(fraction)) * 100).normalize(), "f")


def _option(raw: dict[str, Any], option: str) -> str:
    """An option of a choice question: the answer marked =, an option also right weighted 100%
    (fully right, as the answer is, in a question where a student picks one), an option with
    partial credit weighted with its share."""
    if option == raw["answer"]:
        written = "=" + _esc(option)
    elif option in raw.get("also_right", []):
        written = "~%100%" + _esc(option)
    elif option in raw.get("credit", {}):
        written = f"~%{_share(raw['credit'][option])}%" + _esc(option)
    else:
        written = "~" + _answer(option, "%0%")
    return written + _said(raw, option)


def _braced(rows: Sequence[str], explanation: str, opening: str = "{") -> str:
    if explanation:
        rows = [*rows, "####" + _esc(explanation)]
    return opening + "\n" + "".join(f"\t{row}\n" for row in rows) + "}"


def _percent(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _number_text(value: int | float) -> str:
    return str(value) if isinstance(value, int) else repr(value)


def _rows(raw: dict[str, Any]) -> tuple[list[str], str]:
    """The answer lines of a question GIFT can hold, and how its block opens."""
    qtype = raw["type"]
    if qtype == "choice":
        return [_option(raw, o) for o in raw["options"]], "{"
    if qtype == "multi":
        share = _percent(100 / len(raw["answers"]))
        return [
            f"~%{share if o in raw['answers'] else '-' + share}%{_esc(o)}{_said(raw, o)}"
            for o in raw["options"]
        ], "{"
    if qtype == "truefalse":
        return [_truefalse(raw)], "{"
    if qtype == "numeric":
        margin = f":{_number_text(raw['tolerance'])}" if "tolerance" in raw else ""
        other = _said(raw, "*")
        right = f"={_number_text(raw['answer'])}{margin}{_said(raw, '=')}"
        return [right, *(["~" + other] if other else [])], "{#"
    if qtype == "matching":
        return [
            f"={_answer(left, arrow=True)} -> {_esc(right)}" for left, right in raw["pairs"]
        ], "{"
    if qtype == "short":
        other = _said(raw, "*", arrow=True)
        return [
            *(
                "=" + _answer(a, "%100%", arrow=True) + _said(raw, a, arrow=True)
                for a in raw["answers"]
            ),
            *(["=%0%*" + other] if other else []),  # Moodle's wildcard, worth nothing
        ], "{"
    return ["=" + _answer(raw["answer"], "%100%", arrow=True)], "{"


def _truefalse(raw: dict[str, Any]) -> str:
    """TRUE or FALSE, then (as Moodle writes it) the feedback on the wrong answer, then on the
    right one."""
    right, wrong = ("true", "false") if raw["answer"] else ("false", "true")
    written = "TRUE" if raw["answer"] else "FALSE"
    if _said(raw, wrong) or _said(raw, right):
        written += _said(raw, wrong) or "#"
    return written + _said(raw, right)


def _cloze_body(raw: dict[str, Any]) -> str:
    found = CLOZE_BLANK.search(raw["prompt"])
    assert found is not None
    forms = [form.strip() for form in found.group(1).split("|")]
    rows = ["=" + _answer(form, "%100%", arrow=True) for form in forms]
    before, after = raw["prompt"][: found.start()], raw["prompt"][found.end() :]
    return _esc(before) + _braced(rows, raw.get("explanation", "")) + _esc(after, marker=False)


def _meta(raw: dict[str, Any]) -> list[str]:
    lines = []
    if raw["type"] == "flashcard":
        lines.append("// type: flashcard")
    if raw["type"] == "cloze" and not CLOZE_BLANK.split(raw["prompt"])[-1].strip():
        lines.append("// type: cloze")
    if raw.get("tags"):
        lines.append("// tags: " + ", ".join(raw["tags"]))
    if raw.get("cite"):
        lines.append("// cite: " + ", ".join(str(c) for c in raw["cite"]))
    if raw["type"] == "numeric" and "unit" in raw:
        lines.append(f"// unit: {raw['unit']}")
    return lines


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _strings(list(value.values()))
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []


def left_out(raw: dict[str, Any]) -> str | None:
    """Why a question cannot be written in GIFT, or None when it can."""
    if raw["type"] == "ordering":
        return "GIFT has no ordering questions"
    if any(pictures(text) for text in _strings(raw)):
        return "GIFT cannot carry pictures and this question shows one"
    if raw["type"] == "cloze" and len(cloze_blanks(raw["prompt"])) != 1:
        count = len(cloze_blanks(raw["prompt"]))
        return f"GIFT holds one blank a question and this one has {count}"
    return None


def _question(raw: dict[str, Any]) -> str:
    reason = left_out(raw)
    if reason:
        return f"// quizapp: {raw['key']} left out: {reason}"
    if raw["type"] == "cloze":
        body = _cloze_body(raw)
    else:
        rows, opening = _rows(raw)
        body = f"{_esc(raw['prompt'])} {_braced(rows, raw.get('explanation', ''), opening)}"
    return "\n".join([*_meta(raw), f"::{raw['key']}::{body}"])


def dump(questions: Sequence[dict[str, Any]]) -> str:
    """GIFT text for quizapp questions, in their order; the same questions give the same text."""
    return "\n\n".join(_question(raw) for raw in questions) + "\n" if questions else ""
