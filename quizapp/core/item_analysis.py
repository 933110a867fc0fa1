"""Item analysis of a quiz, after Moodle's quiz statistics: per question, the facility index,
the discrimination index (the correlation of the question's score with the rest of the quiz), how
often each option was picked, the commonest wrong answers, and flags in words for the teacher."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.core.grading import Response, cloze_blanks, grade
from quizapp.core.textmatch import Match, match_answer

RELIABLE_FROM = 10  # attempts; below this the figures are a first sign and raise no flags
TOO_EASY = 0.95  # facility above this
TOO_HARD = 0.2  # facility below this
WEAK_DISCRIMINATION = 0.2  # discrimination below this
WRONG_ANSWERS_SHOWN = 5
GRADING_POLICIES = ("highest", "last", "mean")
_TYPED = frozenset({"short", "numeric", "cloze"})
_SINGLE_KEY = frozenset({"choice", "truefalse"})


@dataclass(frozen=True)
class ItemInput:
    """One question of a quiz with each counted attempt's score and response, in attempt order."""

    question_id: int
    qtype: str
    spec: Mapping[str, Any]
    scores: Sequence[float | None]  # 0..1; None: not answered, counted as 0
    responses: Sequence[Response | None]


@dataclass(frozen=True)
class OptionCount:
    option: str
    count: int  # attempts that picked it
    key: bool  # it is the right answer, or one of them


@dataclass(frozen=True)
class WrongAnswer:
    answer: str  # case-folded and stripped; for a cloze "Blank 2: xyz"
    count: int


@dataclass(frozen=True)
class ItemStats:
    question_id: int
    attempts: int
    facility: float | None  # mean score, 0..1
    discrimination: float | None  # correlation of this score with the rest of the quiz
    options: tuple[OptionCount, ...]
    wrong_answers: tuple[WrongAnswer, ...]
    flags: tuple[str, ...]


@dataclass(frozen=True)
class QuizStats:
    attempts: int
    reliable: bool
    mean_score: float  # 0..1
    items: tuple[ItemStats, ...]


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r of two paired series; None with fewer than two pairs or no spread in either."""
    n = len(xs)
    if n != len(ys):
        raise ValueError("correlation needs paired values")
    if n < 2 or min(xs) == max(xs) or min(ys) == max(ys):
        return None
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    spread = math.sqrt(math.fsum((x - mx) ** 2 for x in xs))
    spread *= math.sqrt(math.fsum((y - my) ** 2 for y in ys))
    if spread == 0:  # the differences were too small to square
        return None
    return max(-1.0, min(1.0, sxy / spread))


def _chosen(qtype: str, response: Response | None) -> set[str]:
    if isinstance(response, str):
        return {response.lower()} if qtype == "truefalse" else {response}
    if response is None or qtype != "multi":
        return set()
    return set(response)  # each option a student ticked counts once


def option_counts(
    qtype: str, spec: Mapping[str, Any], responses: Iterable[Response | None]
) -> tuple[OptionCount, ...]:
    """How many attempts picked each option of a choice, multi or truefalse question, in the
    question's order; () for other types."""
    keys: set[Any]
    if qtype == "truefalse":
        shown = {"True": "true", "False": "false"}  # as shown: as stored
        keys = {"True" if spec.get("answer") else "False"}
    elif qtype in {"choice", "multi"}:
        shown = {option: option for option in spec.get("options", [])}
        right = [spec.get("answer"), *spec.get("also_right", [])]
        keys = set(right if qtype == "choice" else spec.get("answers", []))
    else:
        return ()
    counts = Counter(option for r in responses for option in _chosen(qtype, r))
    return tuple(OptionCount(o, counts[stored], o in keys) for o, stored in shown.items())


def _wrong_blanks(spec: Mapping[str, Any], response: Response) -> list[str]:
    given = [response] if isinstance(response, str) else list(response)
    blanks = cloze_blanks(str(spec.get("prompt", "")))
    return [
        f"Blank {n}: {got.casefold().strip()}"
        for n, (got, forms) in enumerate(zip(given, blanks, strict=False), start=1)
        if got.strip() and match_answer(got, forms) is Match.NONE
    ]


def _wrong(qtype: str, spec: Mapping[str, Any], response: Response | None) -> list[str]:
    """The wrong typed answers in one response (blank ones are not answers)."""
    if response is None:
        return []
    if qtype == "cloze":
        return _wrong_blanks(spec, response)
    if not isinstance(response, str) or not response.strip():
        return []
    return [] if grade(qtype, spec, response).correct else [response.casefold().strip()]


def wrong_answers(
    qtype: str, spec: Mapping[str, Any], responses: Iterable[Response | None]
) -> tuple[WrongAnswer, ...]:
    """The commonest wrong typed answers to a short, numeric or cloze question (per blank for a
    cloze), most frequent first; () for other types."""
    if qtype not in _TYPED or not spec:  # no spec: the question's content is gone
        return ()
    found = Counter(text for r in responses for text in _wrong(qtype, spec, r))
    return tuple(WrongAnswer(text, count) for text, count in found.most_common(WRONG_ANSWERS_SHOWN))


def strongest_third(totals: Sequence[float]) -> list[int]:
    """The attempts (indices) with the highest totals, a third of them but at least one; an
    earlier attempt goes first on equal totals."""
    ranked = sorted(range(len(totals)), key=lambda i: (-totals[i], i))
    return ranked[: max(1, len(totals) // 3)]


def _key_warning(item: ItemInput, totals: Sequence[float]) -> str | None:
    """A warning when the strongest students preferred one wrong option to the key."""
    if item.qtype not in _SINGLE_KEY:
        return None
    top = [item.responses[i] for i in strongest_third(totals)]
    counts = option_counts(item.qtype, item.spec, top)
    key = max((c.count for c in counts if c.key), default=0)
    rival = max((c for c in counts if not c.key), key=lambda c: c.count, default=None)
    if rival is None or rival.count <= key:
        return None
    return (
        f"The strongest third of the class picked “{rival.option}” more often than the right "
        "answer — check the key."
    )


def _flags(
    facility: float, discrimination: float | None, key_warning: str | None
) -> tuple[str, ...]:
    flags = []
    if facility > TOO_EASY:
        flags.append(f"Too easy: {facility:.0%} of students got it right.")
    elif facility < TOO_HARD:
        flags.append(f"Too hard: only {facility:.0%} of students got it right.")
    if discrimination is not None and discrimination < WEAK_DISCRIMINATION:
        shown = round(discrimination, 2) + 0.0  # + 0.0 turns -0.0 into 0.0
        flags.append(f"Does not tell stronger from weaker students (discrimination {shown:.2f}).")
    if key_warning:
        flags.append(key_warning)
    return tuple(flags)


def _attempt_count(items: Sequence[ItemInput]) -> int:
    lengths = {len(item.scores) for item in items} | {len(item.responses) for item in items}
    if len(lengths) > 1:
        raise ValueError("every item needs one score and one response per attempt")
    return lengths.pop() if lengths else 0


def _item_stats(
    item: ItemInput, own: list[float], rest: list[float], totals: list[float]
) -> ItemStats:
    attempts = len(own)
    facility = math.fsum(own) / attempts if attempts else None
    discrimination = correlation(own, rest)
    flags: tuple[str, ...] = ()
    if facility is not None and attempts >= RELIABLE_FROM:
        flags = _flags(facility, discrimination, _key_warning(item, totals))
    return ItemStats(
        question_id=item.question_id,
        attempts=attempts,
        facility=facility,
        discrimination=discrimination,
        options=option_counts(item.qtype, item.spec, item.responses),
        wrong_answers=wrong_answers(item.qtype, item.spec, item.responses),
        flags=flags,
    )


def analyse(items: Sequence[ItemInput]) -> QuizStats:
    """The statistics of each question over the same counted attempts (unanswered scores 0)."""
    attempts = _attempt_count(items)
    scores = [[0.0 if s is None else float(s) for s in item.scores] for item in items]
    totals = [math.fsum(column) for column in zip(*scores, strict=True)]
    found = []
    for index, item in enumerate(items):
        others = [row for n, row in enumerate(scores) if n != index]
        # summed afresh, not total minus own: equal rests must come out exactly equal
        rest = [math.fsum(row[i] for row in others) for i in range(attempts)]
        found.append(_item_stats(item, scores[index], rest, totals))
    mean = math.fsum(totals) / (attempts * len(items)) if attempts else 0.0
    return QuizStats(attempts, attempts >= RELIABLE_FROM, mean, tuple(found))


def grade_attempt(policy: str, scores: Sequence[float]) -> float | None:
    """A student's grade from their attempts' scores in order: the highest, the last or the
    mean; None before any attempt."""
    if policy not in GRADING_POLICIES:
        raise ValueError(f"unknown grading policy {policy!r}")
    if not scores:
        return None
    if policy == "highest":
        return max(scores)
    if policy == "last":
        return scores[-1]
    return math.fsum(scores) / len(scores)
