"""Checks on one raw question from a bank file: each returns (field, message) problems."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, TypeGuard

from quizapp.core import limits, markup
from quizapp.core.answer_checks import answer_problems
from quizapp.core.grading import CLOZE_BLANK, GRADERS, cloze_blanks
from quizapp.core.mathanswer import FormulaError, parse
from quizapp.core.problems import Found as Found
from quizapp.core.problems import Problem as Problem
from quizapp.core.sources import Citation, CitationRule

DIFFICULTIES = ("easy", "medium", "hard")
_KEY = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


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
        message = f"options must be a list of at least {minimum} non-empty texts"
        return [Problem("options", message, "too-few")]
    return [
        Problem("options", f"duplicate option {d!r}", "duplicate", d) for d in _duplicates(options)
    ]


def _check_choice(raw: dict[str, Any]) -> Found:
    found = _options(raw)
    if not found and raw.get("answer") not in raw["options"]:
        found.append(
            Problem("answer", "answer must be exactly one of the options", "not-an-option")
        )
    if "also_right" in raw and not found:
        found.extend(_check_also_right(raw))
    return found


def _check_also_right(raw: dict[str, Any]) -> Found:
    """Options that count as right as well as the answer (Moodle's several = answers)."""
    also = raw["also_right"]
    message = "also_right must be a list of other options than the answer"
    if not _texts(also, 1) or any(o not in raw["options"] or o == raw["answer"] for o in also):
        return [Problem("also_right", message, "not-an-option")]
    return [
        Problem("also_right", f"duplicate right option {d!r}", "duplicate", d)
        for d in _duplicates(also)
    ]


def _check_truefalse(raw: dict[str, Any]) -> Found:
    if isinstance(raw.get("answer"), bool):
        return []
    return [Problem("answer", "answer must be true/false", "missing")]


def _check_short(raw: dict[str, Any]) -> Found:
    answers = raw.get("answers")
    if not isinstance(raw.get("formula", False), bool):
        return [Problem("formula", "formula must be true or false", "not-a-flag")]
    if not _texts(answers, 1):
        return [
            Problem("answers", "answers must be a list of at least one accepted answer", "too-few")
        ]
    found = [
        Problem("answers", f"duplicate answer {d!r}", "duplicate", d) for d in _duplicates(answers)
    ]
    return found + (_unreadable_formulas(answers) if raw.get("formula") else [])


def _unreadable_formulas(answers: list[str]) -> Found:
    """An accepted answer the grader cannot read as a formula would never be matched."""
    found: Found = []
    for answer in answers:
        try:
            parse(answer)
        except FormulaError as why:
            message = f"{answer!r} cannot be read as a formula: {why}"
            found.append(Problem("answers", message, "not-a-formula", answer))
    return found


def _check_flashcard(raw: dict[str, Any]) -> Found:
    if _text(raw, "answer"):
        return []
    return [Problem("answer", "a flashcard needs an answer (its back)", "missing")]


def _check_multi(raw: dict[str, Any]) -> Found:
    found = _options(raw, minimum=3)
    answers = raw.get("answers")
    if found:
        return found
    if not _texts(answers, 1):
        return [Problem("answers", "answers must list the correct options", "missing")]
    found = [
        Problem("answers", f"{a!r} is not one of the options", "not-an-option", a)
        for a in answers
        if a not in raw["options"]
    ]
    duplicates = _duplicates(answers)
    return found + [
        Problem("answers", f"duplicate answer {d!r}", "duplicate", d) for d in duplicates
    ]


def _is_number(value: object) -> bool:
    """A finite int or float: NaN and infinity cannot be stored, compared or typed."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _too_large(value: object) -> bool:
    """Beyond what every format and the grader's decimal comparison hold exactly as written."""
    return _is_number(value) and abs(value) > limits.LARGEST_NUMBER  # type: ignore[arg-type]


def _check_numeric(raw: dict[str, Any]) -> Found:
    found: Found = []
    if not _is_number(raw.get("answer")):
        found.append(Problem("answer", "answer must be a finite number", "not-a-number"))
    tolerance = raw.get("tolerance", 0)
    if not _is_number(tolerance) or tolerance < 0:
        message = "tolerance must be a finite number of at least 0"
        found.append(Problem("tolerance", message, "not-a-number"))
    for name in ("answer", "tolerance"):
        if _too_large(raw.get(name)):
            message = f"{name}: at most {limits.LARGEST_NUMBER:.0e} in size"
            found.append(Problem(name, message, "too-large"))
    if "unit" in raw and not _text(raw, "unit"):
        found.append(Problem("unit", "unit must be a text", "missing"))
    return found


def _check_matching(raw: dict[str, Any]) -> Found:
    pairs = raw.get("pairs")
    message = "pairs must be a list of at least two [left, right] texts"
    if not isinstance(pairs, list) or len(pairs) < 2:
        return [Problem("pairs", message, "too-few")]
    if not all(_texts(p, 2) for p in pairs):
        return [Problem("pairs", message, "incomplete")]
    if any(len(p) != 2 for p in pairs):
        return [Problem("pairs", "each pair must have exactly two items", "incomplete")]
    lefts, rights = [p[0] for p in pairs], [p[1] for p in pairs]
    found = [
        Problem("pairs", f"duplicate left item {d!r}", "duplicate-left", d)
        for d in _duplicates(lefts)
    ]
    return found + [
        Problem("pairs", f"duplicate right item {d!r}", "duplicate-right", d)
        for d in _duplicates(rights)
    ]


def _check_ordering(raw: dict[str, Any]) -> Found:
    items = raw.get("items")
    if not _texts(items, 3):
        message = "items must list at least three texts in the correct order"
        return [Problem("items", message, "too-few")]
    return [Problem("items", f"duplicate item {d!r}", "duplicate", d) for d in _duplicates(items)]


def _check_cloze(raw: dict[str, Any]) -> Found:
    prompt = raw.get("prompt", "")
    if not CLOZE_BLANK.search(prompt):
        message = "a cloze prompt needs at least one blank written {{answer}}"
        return [Problem("prompt", message, "no-blank")]
    if any(not all(forms) for forms in cloze_blanks(prompt)):
        return [Problem("prompt", "a cloze blank has an empty accepted form", "empty-blank")]
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
    "choice": frozenset({"options", "answer", "also_right", "credit", "feedback"}),
    "truefalse": frozenset({"answer", "feedback"}),
    "short": frozenset({"answers", "formula", "feedback"}),
    "flashcard": frozenset({"answer"}),
    "multi": frozenset({"options", "answers", "feedback"}),
    "numeric": frozenset({"answer", "tolerance", "unit", "feedback"}),
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
    "also_right": limits.OPTION,
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
    if isinstance(value, list) and len(value) > limits.LIST_ITEMS:
        found.append(Problem(name, f"{name}: at most {limits.LIST_ITEMS}", "too-many"))
    if any(limits.has_control_character(t) for t in texts):
        found.append(Problem(name, f"{name} contains a control character", "control"))
    if any(not alt.strip() for text in texts for alt, _ in markup.pictures(text)):
        # Students who cannot see the picture hear or read its alt text instead.
        found.append(Problem(name, f"{name}: a picture needs alt text", "no-alt"))
    longest = _LENGTHS.get(name)
    if longest is not None and any(len(t) > longest for t in texts):
        each = "each " if isinstance(value, list) else ""
        found.append(Problem(name, f"{name}: {each}at most {longest} characters", "too-long"))
    return found


def _check_fields(raw: dict[str, Any]) -> Found:
    """Unknown (misspelt) fields, control characters and over-long texts."""
    qtype = raw.get("type")
    allowed = _COMMON_FIELDS | _TYPE_FIELDS.get(
        qtype if isinstance(qtype, str) else "", frozenset()
    )
    found: Found = [
        Problem(name, f"unknown field {name!r} for a {qtype} question", "unknown-field")
        for name in raw
        if name not in allowed and qtype in _TYPE_FIELDS
    ]
    for name, value in raw.items():
        found.extend(_check_text(name, value))
    if qtype == "cloze" and isinstance(raw.get("prompt"), str):
        forms = [f for blank in cloze_blanks(raw["prompt"]) for f in blank]
        if any(len(f) > limits.TYPED_ANSWER for f in forms):
            message = f"a cloze blank: at most {limits.TYPED_ANSWER} characters"
            found.append(Problem("prompt", message, "too-long"))
    return found


def _check_common(raw: dict[str, Any]) -> Found:
    found: Found = []
    if not isinstance(raw.get("key"), str) or not _KEY.match(raw["key"]):
        found.append(
            Problem("key", "key must be lowercase letters, digits, '.' and '-'", "bad-key")
        )
    if not _text(raw, "prompt"):
        found.append(Problem("prompt", "question without prompt", "missing"))
    # An explanation is optional (formats such as Aiken and CSV have none); the shipped banks all
    # have one, which their own test asserts.
    if not isinstance(raw.get("explanation", ""), str):
        found.append(Problem("explanation", "explanation must be a text", "missing"))
    tags = raw.get("tags")
    if not _texts(tags, 1):
        found.append(Problem("tags", "tags must be a list of texts", "missing"))
    elif sum(tag in DIFFICULTIES for tag in tags) != 1:
        found.append(Problem("tags", "tags need exactly one of easy, medium, hard", "difficulty"))
    return found


def _check_cite(raw: dict[str, Any], rule: CitationRule) -> Found:
    cites = raw.get("cite", [])
    if not isinstance(cites, list):
        return [Problem("cite", "sources must be a list of citations", "not-a-list")]
    if not cites and rule.required:
        message = "Pick the paragraph this fact comes from: this bank needs a source"
        return [Problem("cite", message, "missing")]
    parsed = [(c, rule.catalogue.parse(c)) for c in cites]
    return [
        Problem("cite", found.message, found.rule, str(c), found.words)
        for c, found in parsed
        if not isinstance(found, Citation)
    ]


def question_problems(raw: object, rule: CitationRule) -> Found:
    """Every problem with one [[questions]] table."""
    if not isinstance(raw, dict):
        return [Problem(None, "each [[questions]] entry must be a table")]
    found = _check_common(raw) + _check_cite(raw, rule) + _check_fields(raw)
    qtype = raw.get("type")
    if qtype not in _TYPE_CHECKS:
        message = f"unknown type {qtype!r}; one of {', '.join(_TYPE_CHECKS)}"
        return [*found, Problem("type", message, "unknown-type")]
    return found + _TYPE_CHECKS[qtype](raw) + answer_problems(raw)


def check_question(raw: object, rule: CitationRule) -> list[tuple[str | None, str]]:
    """Every problem with one [[questions]] table, as (field name, message)."""
    return [(p.field, p.message) for p in question_problems(raw, rule)]
