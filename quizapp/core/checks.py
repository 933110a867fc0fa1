"""Checks on one raw question from a bank file: each returns (field, message) problems."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, TypeGuard

from quizapp.core import limits
from quizapp.core.articles import Citation, parse_citation
from quizapp.core.grading import CLOZE_BLANK, GRADERS, cloze_blanks

DIFFICULTIES = ("easy", "medium", "hard")
_KEY = re.compile(r"^[a-z0-9][a-z0-9.-]*$")

Found = list[tuple[str | None, str]]


def _text(raw: dict[str, Any], name: str) -> bool:
    return isinstance(raw.get(name), str) and bool(raw[name].strip())


def _texts(value: object, minimum: int) -> TypeGuard[list[str]]:
    return (
        isinstance(value, list)
        and len(value) >= minimum
        and all(isinstance(v, str) and v.strip() for v in value)
    )


def _duplicates(values: list[str]) -> list[str]:
    seen: set[str] = set()
    dupes = []
    for value in values:
        folded = value.strip().casefold()
        if folded in seen:
            dupes.append(value)
        seen.add(folded)
    return dupes


def _options(raw: dict[str, Any], minimum: int = 2) -> Found:
    options = raw.get("options")
    if not _texts(options, minimum):
        return [("options", f"options must be a list of at least {minimum} non-empty texts")]
    return [("options", f"duplicate option {d!r}") for d in _duplicates(options)]


def _check_choice(raw: dict[str, Any]) -> Found:
    found = _options(raw)
    if not found and raw.get("answer") not in raw["options"]:
        found.append(("answer", "answer must be exactly one of the options"))
    return found


def _check_truefalse(raw: dict[str, Any]) -> Found:
    return [] if isinstance(raw.get("answer"), bool) else [("answer", "answer must be true/false")]


def _check_short(raw: dict[str, Any]) -> Found:
    answers = raw.get("answers")
    if not _texts(answers, 1):
        return [("answers", "answers must be a list of at least one accepted answer")]
    return [("answers", f"duplicate answer {d!r}") for d in _duplicates(answers)]


def _check_flashcard(raw: dict[str, Any]) -> Found:
    return [] if _text(raw, "answer") else [("answer", "a flashcard needs an answer (its back)")]


def _check_multi(raw: dict[str, Any]) -> Found:
    found = _options(raw, minimum=3)
    answers = raw.get("answers")
    if found:
        return found
    if not _texts(answers, 1):
        return [("answers", "answers must list the correct options")]
    found = [
        ("answers", f"{a!r} is not one of the options") for a in answers if a not in raw["options"]
    ]
    return found + [("answers", f"duplicate answer {d!r}") for d in _duplicates(answers)]


def _is_number(value: object) -> bool:
    """A finite int or float: NaN and infinity cannot be stored, compared or typed."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_numeric(raw: dict[str, Any]) -> Found:
    found: Found = []
    if not _is_number(raw.get("answer")):
        found.append(("answer", "answer must be a finite number"))
    tolerance = raw.get("tolerance", 0)
    if not _is_number(tolerance) or tolerance < 0:
        found.append(("tolerance", "tolerance must be a finite number of at least 0"))
    if "unit" in raw and not _text(raw, "unit"):
        found.append(("unit", "unit must be a text"))
    return found


def _check_matching(raw: dict[str, Any]) -> Found:
    pairs = raw.get("pairs")
    if not isinstance(pairs, list) or len(pairs) < 2 or not all(_texts(p, 2) for p in pairs):
        return [("pairs", "pairs must be a list of at least two [left, right] texts")]
    if any(len(p) != 2 for p in pairs):
        return [("pairs", "each pair must have exactly two items")]
    found: Found = [
        ("pairs", f"duplicate left item {d!r}") for d in _duplicates([p[0] for p in pairs])
    ]
    return found + [
        ("pairs", f"duplicate right item {d!r}") for d in _duplicates([p[1] for p in pairs])
    ]


def _check_ordering(raw: dict[str, Any]) -> Found:
    items = raw.get("items")
    if not _texts(items, 3):
        return [("items", "items must list at least three texts in the correct order")]
    return [("items", f"duplicate item {d!r}") for d in _duplicates(items)]


def _check_cloze(raw: dict[str, Any]) -> Found:
    prompt = raw.get("prompt", "")
    if not CLOZE_BLANK.search(prompt):
        return [("prompt", "a cloze prompt needs at least one blank written {{answer}}")]
    if any(not all(forms) for forms in cloze_blanks(prompt)):
        return [("prompt", "a cloze blank has an empty accepted form")]
    return []


_TYPE_CHECKS: dict[str, Callable[[dict[str, Any]], Found]] = {
    "choice": _check_choice,
    "truefalse": _check_truefalse,
    "short": _check_short,
    "flashcard": _check_flashcard,
    "multi": _check_multi,
    "numeric": _check_numeric,
    "matching": _check_matching,
    "ordering": _check_ordering,
    "cloze": _check_cloze,
}
assert set(_TYPE_CHECKS) == set(GRADERS)

_COMMON_FIELDS = frozenset({"key", "type", "prompt", "explanation", "tags", "cite"})
_TYPE_FIELDS: dict[str, frozenset[str]] = {
    "choice": frozenset({"options", "answer"}),
    "truefalse": frozenset({"answer"}),
    "short": frozenset({"answers"}),
    "flashcard": frozenset({"answer"}),
    "multi": frozenset({"options", "answers"}),
    "numeric": frozenset({"answer", "tolerance", "unit"}),
    "matching": frozenset({"pairs"}),
    "ordering": frozenset({"items"}),
    "cloze": frozenset(),
}
assert set(_TYPE_FIELDS) == set(GRADERS)

# The longest each text field may be; lists are checked item by item.
_LENGTHS: dict[str, int] = {
    "key": limits.QUESTION_KEY,
    "prompt": limits.PROMPT,
    "explanation": limits.EXPLANATION,
    "tags": limits.TAG,
    "options": limits.OPTION,
    "items": limits.OPTION,
    "pairs": limits.OPTION,
    "answer": limits.OPTION,
    "answers": limits.TYPED_ANSWER,  # a student has to be able to type an accepted answer
    "unit": limits.TAG,
}


def _strings(value: object) -> list[str]:
    """Every text inside a field's value, however deeply it is nested in lists."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _check_text(name: str, value: object) -> Found:
    texts = _strings(value)
    found: Found = []
    if any(limits.has_control_character(t) for t in texts):
        found.append((name, f"{name} contains a control character"))
    longest = _LENGTHS.get(name)
    if longest is not None and any(len(t) > longest for t in texts):
        each = "each " if isinstance(value, list) else ""
        found.append((name, f"{name}: {each}at most {longest} characters"))
    return found


def _check_fields(raw: dict[str, Any]) -> Found:
    """Unknown (misspelt) fields, control characters and over-long texts."""
    qtype = raw.get("type")
    allowed = _COMMON_FIELDS | _TYPE_FIELDS.get(
        qtype if isinstance(qtype, str) else "", frozenset()
    )
    found: Found = [
        (name, f"unknown field {name!r} for a {qtype} question")
        for name in raw
        if name not in allowed and qtype in _TYPE_FIELDS
    ]
    for name, value in raw.items():
        found.extend(_check_text(name, value))
    if qtype == "cloze" and isinstance(raw.get("prompt"), str):
        forms = [f for blank in cloze_blanks(raw["prompt"]) for f in blank]
        if any(len(f) > limits.TYPED_ANSWER for f in forms):
            found.append(("prompt", f"a cloze blank: at most {limits.TYPED_ANSWER} characters"))
    return found


def _check_common(raw: dict[str, Any]) -> Found:
    found: Found = []
    if not isinstance(raw.get("key"), str) or not _KEY.match(raw["key"]):
        found.append(("key", "key must be lowercase letters, digits, '.' and '-'"))
    if not _text(raw, "prompt"):
        found.append(("prompt", "question without prompt"))
    # An explanation is optional (formats such as Aiken and CSV have none); the shipped banks all
    # have one, which their own test asserts.
    if not isinstance(raw.get("explanation", ""), str):
        found.append(("explanation", "explanation must be a text"))
    tags = raw.get("tags")
    if not _texts(tags, 1):
        found.append(("tags", "tags must be a list of texts"))
    elif sum(tag in DIFFICULTIES for tag in tags) != 1:
        found.append(("tags", "tags need exactly one of easy, medium, hard"))
    return found


def _check_cite(raw: dict[str, Any]) -> Found:
    cites = raw.get("cite")
    if not isinstance(cites, list) or not cites:
        return [("cite", "question without citation: cite = ['article-file#paragraph']")]
    return [("cite", c) for c in map(parse_citation, cites) if not isinstance(c, Citation)]


def check_question(raw: object) -> Found:
    """Every problem with one [[questions]] table, as (field name, message)."""
    if not isinstance(raw, dict):
        return [(None, "each [[questions]] entry must be a table")]
    found = _check_common(raw) + _check_cite(raw) + _check_fields(raw)
    qtype = raw.get("type")
    if qtype not in _TYPE_CHECKS:
        return [*found, ("type", f"unknown type {qtype!r}; one of {', '.join(_TYPE_CHECKS)}")]
    return found + _TYPE_CHECKS[qtype](raw)
