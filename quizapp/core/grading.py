"""Grading: one pure grader per question type, kept apart from recording the answer."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from quizapp.core.mathanswer import same_formula
from quizapp.core.mathwrite import shown
from quizapp.core.textmatch import Match, best_match, match_answer

Response = str | list[str]
Spec = Mapping[str, Any]

CLOZE_BLANK = re.compile(r"\{\{(.+?)\}\}")
HIDDEN_BLANK = "_____"


def blanks_hidden(prompt: str) -> str:
    """A cloze prompt as a student sees it, each blank's answers hidden behind a line."""
    return CLOZE_BLANK.sub(HIDDEN_BLANK, prompt)


@dataclass(frozen=True)
class Grade:
    score: float  # 0..1, partial credit kept for the student's score
    typo: bool = False  # right only thanks to typo tolerance

    @property
    def correct(self) -> bool:
        return self.score >= 1.0


def _as_text(response: Response) -> str:
    return response if isinstance(response, str) else ""


def _as_list(response: Response, length: int) -> list[str]:
    items = [response] if isinstance(response, str) else list(response)
    return (items + [""] * length)[:length]


def _from_match(found: Match) -> Grade:
    return Grade(score=0.0 if found is Match.NONE else 1.0, typo=found is Match.TYPO)


def right_options(spec: Spec) -> list[str]:
    """The options of a choice question that count as right: its answer, then any also right."""
    return [spec["answer"], *spec.get("also_right", [])]


def grade_choice(spec: Spec, response: Response) -> Grade:
    """A right option scores 1; a wrong one its partial credit, if it has any, else 0."""
    chosen = _as_text(response)
    if chosen in right_options(spec):
        return Grade(score=1.0)
    return Grade(score=float(spec.get("credit", {}).get(chosen, 0.0)))


def grade_truefalse(spec: Spec, response: Response) -> Grade:
    expected = "true" if spec["answer"] else "false"
    return Grade(score=1.0 if _as_text(response).lower() == expected else 0.0)


def grade_short(spec: Spec, response: Response) -> Grade:
    """A typed answer; where the teacher set `formula`, compared with each accepted formula by its
    value (mathanswer.py), so that x/2 and \\frac{x}{2} are the same answer."""
    if spec.get("formula"):
        given = _as_text(response)
        right = any(same_formula(given, accepted) for accepted in spec["answers"])
        return Grade(score=1.0 if right else 0.0)
    return _from_match(match_answer(_as_text(response), list(spec["answers"])))


def _feedback_keys(qtype: str, spec: Spec, response: Response) -> list[str]:
    """Which feedback keys a response matches, in the order their feedback is shown."""
    if qtype == "multi":
        chosen = {response} if isinstance(response, str) else set(response)
        return [option for option in spec["options"] if option in chosen]
    text = _as_text(response)
    if not text.strip():  # "I don't know" answers nothing
        return []
    if qtype == "short":
        found, answer = best_match(text, list(spec["answers"]))
        return ["*"] if answer is None or found is Match.NONE else [answer]
    if qtype == "numeric":
        return ["=" if grade_numeric(spec, text).correct else "*"]
    return [text.lower() if qtype == "truefalse" else text]


def feedback_for(spec: Spec, qtype: str, response: Response) -> list[str]:
    """The teacher's feedback on this response (Markdown texts), in order; [] when none is
    written for it. A short answer gets the feedback of the accepted answer it matched, a typo
    included, and any other answer the "*" feedback; a numeric one "=" or "*"."""
    written: Mapping[str, str] = spec.get("feedback", {})
    if not written:
        return []
    return [written[key] for key in _feedback_keys(qtype, spec, response) if key in written]


def grade_multi(spec: Spec, response: Response) -> Grade:
    chosen = {response} if isinstance(response, str) else set(response)
    right = set(spec["answers"])
    hits, misses = len(chosen & right), len(chosen - right)
    return Grade(score=max(0.0, (hits - misses) / len(right)))


def decimal_of(value: int | float) -> Decimal:
    """A stored number as the decimal it was written as: 0.1 is 0.1, not the float nearest it."""
    return Decimal(repr(value))


def grade_numeric(spec: Spec, response: Response) -> Grade:
    """Right when the typed number is within the margin, both ends included; compared in decimal,
    so that an answer typed exactly at an end is never lost to float rounding."""
    try:
        given = Decimal(_as_text(response).strip().replace(",", "."))
        tolerance = decimal_of(spec.get("tolerance", 0))
        right = abs(given - decimal_of(spec["answer"])) <= tolerance  # never for NaN or infinity
    except ArithmeticError:  # not a number, NaN, or one too large to subtract
        right = False
    return Grade(score=1.0 if right else 0.0)


def grade_matching(spec: Spec, response: Response) -> Grade:
    pairs: Sequence[Sequence[str]] = spec["pairs"]
    chosen = _as_list(response, len(pairs))
    right = sum(1 for (_, target), pick in zip(pairs, chosen, strict=True) if pick == target)
    return Grade(score=right / len(pairs))


def grade_ordering(spec: Spec, response: Response) -> Grade:
    items: Sequence[str] = spec["items"]
    given = _as_list(response, len(items))
    right = sum(1 for want, got in zip(items, given, strict=True) if want == got)
    return Grade(score=right / len(items))


def cloze_blanks(prompt: str) -> list[list[str]]:
    """The accepted forms of each blank in a cloze prompt, in order."""
    return [[form.strip() for form in body.split("|")] for body in CLOZE_BLANK.findall(prompt)]


def grade_cloze(spec: Spec, response: Response) -> Grade:
    blanks = cloze_blanks(spec["prompt"])
    given = _as_list(response, len(blanks))
    found = [match_answer(g, forms) for g, forms in zip(given, blanks, strict=True)]
    right = sum(1 for f in found if f is not Match.NONE)
    return Grade(score=right / len(blanks), typo=any(f is Match.TYPO for f in found))


FLASHCARD_RATINGS = {"1": "Again", "2": "Hard", "3": "Good", "4": "Easy"}


def grade_flashcard(spec: Spec, response: Response) -> Grade:
    """Flashcards are self-graded: anything but Again counts as remembered."""
    return Grade(score=0.0 if _as_text(response) == "1" else 1.0)


GRADERS: dict[str, Callable[[Spec, Response], Grade]] = {
    "choice": grade_choice,
    "truefalse": grade_truefalse,
    "short": grade_short,
    "flashcard": grade_flashcard,
    "multi": grade_multi,
    "numeric": grade_numeric,
    "matching": grade_matching,
    "ordering": grade_ordering,
    "cloze": grade_cloze,
}

SELF_GRADED = frozenset({"flashcard"})


def grade(qtype: str, spec: Spec, response: Response) -> Grade:
    """Grade a response to a question of the given type."""
    return GRADERS[qtype](spec, response)


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _short_answer(spec: Spec) -> str:
    first = str(spec["answers"][0])
    # A formula is drawn as the student's is, between delimiters a teacher need not type.
    return (shown(first) or first) if spec.get("formula") else first


def correct_answer(qtype: str, spec: Spec) -> str:
    """The correct answer as one line of text for the feedback page."""
    if qtype == "choice":
        return " or ".join(right_options(spec))
    if qtype == "flashcard":
        return str(spec["answer"])
    if qtype == "truefalse":
        return "True" if spec["answer"] else "False"
    if qtype == "short":
        return _short_answer(spec)
    if qtype == "multi":
        return "; ".join(spec["answers"])
    if qtype == "numeric":
        text = _format_number(spec["answer"])
        if spec.get("tolerance"):
            text += f" (± {_format_number(spec['tolerance'])})"
        return f"{text} {spec.get('unit', '')}".strip()
    if qtype == "matching":
        return "; ".join(f"{left} → {right}" for left, right in spec["pairs"])
    if qtype == "ordering":
        return " → ".join(spec["items"])
    return CLOZE_BLANK.sub(lambda m: m.group(1).split("|")[0].strip(), spec["prompt"])


@dataclass(frozen=True)
class Part:
    """One pair, item, option or blank of an answer, marked on its own for the feedback page."""

    label: str
    given: str
    expected: str
    right: bool


def _multi_parts(spec: Spec, response: Response) -> list[Part]:
    chosen = {response} if isinstance(response, str) else set(response)
    right = set(spec["answers"])
    marked = []
    for option in spec["options"]:
        if option in chosen or option in right:
            given = "chosen" if option in chosen else "not chosen"
            expected = "to choose" if option in right else "to leave out"
            marked.append(Part(option, given, expected, (option in chosen) == (option in right)))
    return marked


def parts(qtype: str, spec: Spec, response: Response) -> list[Part]:
    """Each part of a matching, ordering, multi or cloze answer marked right or wrong; [] for the
    question types that have a single answer."""
    if qtype == "matching":
        pairs = spec["pairs"]
        picks = _as_list(response, len(pairs))
        return [
            Part(left, pick or "—", target, pick == target)
            for (left, target), pick in zip(pairs, picks, strict=True)
        ]
    if qtype == "ordering":
        items = spec["items"]
        given = _as_list(response, len(items))
        return [
            Part(f"{position}.", got or "—", want, got == want)
            for position, (want, got) in enumerate(zip(items, given, strict=True), start=1)
        ]
    if qtype == "cloze":
        blanks = cloze_blanks(spec["prompt"])
        given = _as_list(response, len(blanks))
        return [
            Part(f"Blank {n}", got or "—", forms[0], match_answer(got, forms) is not Match.NONE)
            for n, (got, forms) in enumerate(zip(given, blanks, strict=True), start=1)
        ]
    if qtype == "multi":
        return _multi_parts(spec, response)
    return []
